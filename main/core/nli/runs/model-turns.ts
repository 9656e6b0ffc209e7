// Who uses the inference process next when a "try it" job (tuning/try-hypothesis.ts) and a
// pre-label run want it at the same time.
//
// [Note: try it and a run share the model] There is one inference process and two cores. A "try it"
// job has a person waiting for its numbers (seconds for a few hundred documents); a run scores the
// whole corpus for minutes or hours. So the engine gives the model to the try-it job while it
// scores: it takes the turn (take) for its whole scoring, and a run waits for it before each group
// it sends (wait), after the group it has in flight is answered and stored. The run does not pause
// (it stays 'running', keeps its lease and resumes at once when the turn is given back), so its
// end moves later by just the time the variants took: interleaving the two groups by groups would
// give the run the same end (the same pairs go through the same process either way) and keep the
// person waiting twice as long. The two never load different model files or thread counts in turn:
// both use the project's model (its int8 file when in force), the try-it job keeps whatever thread
// count is loaded, and a run started meanwhile does not measure threads. Pausing or cancelling the
// run while it waits ends it at once; cancelling the try-it job gives the turn back at once. Checks
// of int8, XNLI evaluations and model changes are refused while variants are tried (nli-engine.ts).
import { PrelabelError } from '../../../../common/contract';

export class ModelTurns {
  private taken = false;
  private readonly waiters = new Set<() => void>();

  /** Whether a try-it job holds the inference process now. */
  get held(): boolean {
    return this.taken;
  }

  /** Takes the inference process for a try-it job; the returned function gives it back (once). */
  take(): () => void {
    if (this.taken) throw new PrelabelError('BUSY', 'Variants are being tried already. Wait for them or cancel.');
    this.taken = true;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.taken = false;
      for (const wake of [...this.waiters]) wake();
    };
  }

  /** Resolves true once no try-it job holds the process, false as soon as `signal` aborts first. */
  wait(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (!this.taken) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (open: boolean) => {
        this.waiters.delete(wake);
        signal.removeEventListener('abort', abort);
        resolve(open);
      };
      const wake = () => done(true);
      const abort = () => done(false);
      this.waiters.add(wake);
      signal.addEventListener('abort', abort, { once: true });
    });
  }
}
