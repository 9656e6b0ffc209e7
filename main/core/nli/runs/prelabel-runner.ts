// One pre-label run in progress: documents in batches through the inference process, logits stored
// as batches finish (several in one transaction: run-writer.ts), progress with pairs/s and ETA, pause and cancel
// between batches, and a retry of the batch when the inference process dies (see [Note: inference
// crashes] in inference/inference-worker.ts). Which documents go together: batch-source.ts; how a
// group is scored: group-scorer.ts.
//
// [Note: tokenising in the core] Documents are tokenised here, in the core, not in the inference
// process: the child then only turns tensors into logits, which keeps a crash retry exact (the same
// tensors go again) and lets the core tokenise and pad batch N+1 while the child computes batch N.
// Tokenising one document takes well under a millisecond next to the tens of milliseconds its
// pairs take in the model, so the API thread stays responsive.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { CodebookQuestion, JobProgressFields, RunInfo } from '../../../../common/contract';
import type { LoadedModel } from '../../models/model-loader';
import { pendingDocuments, setRunStatus, visibleDocumentCount, type RunRecord } from '../../store/prediction-store';
import { refreshStatistics, type Db } from '../../store/project-db';
import type { InferenceClient } from '../inference/inference-client';
import type { DocumentPlan, PairPlanner } from '../scoring/pair-batch';
import type { RunHierarchy } from '../scoring/question-plan';
import { BatchSource } from './batch-source';
import type { ModelTurns } from './model-turns';
import { InputReuse } from './input-reuse';
import { GroupScorer, RunFailure, type ScoredParts, type SplitResult } from './group-scorer';
import type { RunnerTuning, SessionStats } from './run-tuning';
import { RunWriter } from './run-writer';
import { logSafe } from '../../../../common/log-safe';

export interface RunnerOptions {
  db: Db;
  client: InferenceClient;
  model: LoadedModel;
  planner: PairPlanner;
  run: RunRecord;
  question: CodebookQuestion;
  priority: readonly number[];
  threads: number;
  tuning: RunnerTuning;
  /** The run's progress, sent as its job's `job:progress` (kind 'prelabel'; the job's id is the run's). */
  onProgress: (progress: JobProgressFields<'prelabel'>) => void;
  /** Aborted when the project closes: the run pauses after the current batch. */
  signal: AbortSignal;
  /** Hierarchical scoring (indices into the planner's hypotheses); absent: every label is asked. */
  hierarchy?: RunHierarchy;
  /** Waited for before each group while a try-it job holds the model ([Note: try it and a run share the model]). */
  turns?: Pick<ModelTurns, 'wait'>;
}

export class PrelabelRunner {
  private stopRequest: 'pause' | 'cancel' | null = null;
  /** Aborted by a stop request: wakes a run that waits for its turn. */
  private readonly stopped = new AbortController();
  private readonly stopSignal: AbortSignal;
  /** Milliseconds spent waiting for a turn since the last answer (left out of pairs/s and the ETA). */
  private waitedMs = 0;
  private readonly source: BatchSource;
  private readonly scorer: GroupScorer;
  private readonly writer: RunWriter;
  private readonly reuse: InputReuse | undefined;
  private readonly startedAt = performance.now();
  private readonly startedCpu = process.cpuUsage();
  private total = 0;
  private done = 0;
  private remainingBytes = 0;
  private pairsPerSecond = 0;
  private bytesPerSecond = 0;
  private lastEmit = -Infinity;
  readonly stats: SessionStats = {
    documents: 0,
    pairs: 0,
    seconds: 0,
    pairsPerSecond: 0,
    crashes: 0,
    tokens: 0,
    paddedTokens: 0,
    batches: 0,
    runMs: 0,
    reusedDocuments: 0,
    reusedPairs: 0,
    coreCpuMs: 0,
    coreMsPerPair: 0,
  };
  run: RunRecord;

  constructor(private readonly o: RunnerOptions) {
    this.run = o.run;
    this.stopSignal = AbortSignal.any([o.signal, this.stopped.signal]);
    const pending = pendingDocuments(o.db, o.question.id, o.run.modelInputHash);
    this.reuse = o.tuning.reuse
      ? new InputReuse({
          db: o.db,
          planner: o.planner,
          runId: o.run.id,
          questionId: o.question.id,
          modelInputHash: o.run.modelInputHash,
          provider: o.client.provider,
        })
      : undefined;
    this.source = new BatchSource({ ...o, ...(this.reuse ? { reuse: this.reuse } : {}) }, pending.ids);
    this.source.addPriority(o.priority);
    this.scorer = new GroupScorer(o);
    this.total = visibleDocumentCount(o.db);
    this.done = this.total - pending.ids.length;
    this.remainingBytes = pending.bytes.reduce((a, b) => a + b, 0);
    this.writer = new RunWriter({ ...o, runId: o.run.id, ...(this.reuse ? { reuse: this.reuse } : {}) });
  }

  get runId(): string {
    return this.run.id;
  }

  /** Stop after the batch in flight. */
  requestStop(kind: 'pause' | 'cancel'): void {
    if (this.stopRequest !== 'cancel') this.stopRequest = kind;
    this.stopped.abort();
  }

  /** Documents the coder is about to see go next. */
  addPriority(ids: readonly number[]): void {
    this.source.addPriority(ids);
  }

  private stopping(): boolean {
    return this.stopRequest !== null || this.o.signal.aborted;
  }

  /** Waits while a try-it job holds the model ([Note: try it and a run share the model]); false
   * when the run is stopped first (the group is then not sent; its documents stay pending). */
  private async myTurn(): Promise<boolean> {
    if (this.o.turns) {
      const t0 = performance.now();
      const open = await this.o.turns.wait(this.stopSignal);
      this.waitedMs += performance.now() - t0;
      if (!open) return false;
    }
    return !this.stopping();
  }

  /** A group through the model once it is the run's turn (nothing when the run stopped meanwhile). */
  private async scoreInTurn(docs: DocumentPlan[]): Promise<SplitResult> {
    if (!(await this.myTurn())) return { groups: [] };
    await this.o.client.ensureLoaded(this.o.model.onnxPath, this.o.threads);
    return this.scorer.inferSplitting(docs);
  }

  private progress(status: RunInfo['status'], force: boolean, error?: string): void {
    const now = performance.now();
    if (!force && now - this.lastEmit < this.o.tuning.progressIntervalMs) return;
    this.lastEmit = now;
    const payload: JobProgressFields<'prelabel'> = {
      questionId: this.run.questionId,
      status,
      done: this.done,
      total: this.total,
      pairsPerSecond: this.pairsPerSecond,
      // Bytes, not pairs, drive the ETA: documents go shortest first, so pairs/s falls as the run goes.
      etaSeconds: this.bytesPerSecond > 0 ? this.remainingBytes / this.bytesPerSecond : null,
    };
    if (error) payload.error = error;
    if (this.stats.reusedPairs > 0) payload.reusedPairs = this.stats.reusedPairs;
    this.o.onProgress(payload);
  }

  /** Moving averages with a time constant of 5 s, whatever the batch size. */
  private measure(pairs: number, bytes: number, seconds: number): void {
    if (seconds <= 0) return;
    const alpha = this.pairsPerSecond === 0 ? 1 : 1 - Math.exp(-seconds / 5);
    this.pairsPerSecond += alpha * (pairs / seconds - this.pairsPerSecond);
    this.bytesPerSecond += alpha * (bytes / seconds - this.bytesPerSecond);
  }

  private finish(status: RunInfo['status'], error: string | null = null): RunRecord {
    this.stats.seconds = (performance.now() - this.startedAt) / 1000;
    const cpu = process.cpuUsage(this.startedCpu);
    this.stats.coreCpuMs = (cpu.user + cpu.system) / 1000;
    const stored = this.stats.pairs + this.stats.reusedPairs;
    this.stats.coreMsPerPair = stored > 0 ? this.stats.coreCpuMs / stored : 0;
    this.stats.pairsPerSecond = this.stats.seconds > 0 ? this.stats.pairs / this.stats.seconds : 0;
    this.run = setRunStatus(this.o.db, this.run.id, status, error);
    refreshStatistics(this.o.db);
    this.progress(status, true, error ?? undefined);
    return this.run;
  }

  /** Writes what is held ([Note: writes in large transactions] in run-writer.ts) and counts it. */
  private flush(): void {
    const written = this.writer.flush();
    if (!written) return;
    for (const { docs, parts, seconds } of written.groups) this.account(docs, parts, seconds);
    if (written.copies.length === 0) return;
    const copies = written.copies;
    this.done += copies.length;
    this.remainingBytes = Math.max(0, this.remainingBytes - copies.reduce((a, c) => a + c.bytes, 0));
    this.stats.documents += copies.length;
    this.stats.reusedDocuments += copies.length;
    this.stats.reusedPairs += written.copiedRows;
  }

  private flushQuietly(): void {
    try {
      this.flush();
    } catch (err) {
      console.error(`[nli] the scored batches could not be written: ${logSafe(err)}`);
    }
  }

  /** Adds a stored group to the run's counts and progress measures. */
  private account(group: DocumentPlan[], parts: ScoredParts, seconds: number): void {
    const bytes = group.reduce((a, d) => a + d.bytes, 0);
    let pairs = 0;
    for (const { result } of parts) {
      pairs += result.rows.doc.length;
      this.stats.tokens += result.work.tokens;
      this.stats.paddedTokens += result.work.paddedTokens;
      this.stats.batches += result.work.batches;
      this.stats.runMs += result.work.runMs;
    }
    this.done += group.length;
    this.remainingBytes = Math.max(0, this.remainingBytes - bytes);
    this.stats.documents += group.length;
    this.stats.pairs += pairs;
    this.measure(pairs, bytes, seconds);
  }

  /**
   * Runs until every document is scored, a stop is asked for, or the run fails.
   *
   * [Note: batches in flight] One group is sent per inference process (see [Note: processes and
   * threads]) before the oldest one's answer is awaited, so every process computes while the core
   * stores answers and tokenises the next group. Groups are stored in the order they were sent; a
   * stop lets the groups in flight finish and stores them; a crash fails the groups of the process
   * that died, and each is retried. (With one process, sending a second group ahead was measured
   * too: the process waited about 1% of a run between batches either way, so one process keeps one
   * group in flight; docs/BENCHMARKS.md.)
   */
  async execute(): Promise<RunRecord> {
    const { o } = this;
    if (this.run.status !== 'running') this.run = setRunStatus(o.db, this.run.id, 'running');
    this.progress('running', true);
    const crashesBefore = o.client.crashes;
    const inflight: Array<{ result: Promise<SplitResult> }> = [];
    let prepared: DocumentPlan[] | null = null;
    const prepare = () => {
      if (!prepared && !this.stopping()) prepared = this.source.nextGroup();
    };
    const launch = (): boolean => {
      if (this.stopping()) return false; // a group tokenised before the stop stays unsent
      prepare();
      if (!prepared) return false;
      const docs = prepared;
      prepared = null;
      const result = this.scoreInTurn(docs);
      // Awaited in turn; a later group's failure must not count as unhandled meanwhile.
      result.catch(() => undefined);
      inflight.push({ result });
      return true;
    };
    try {
      // Loaded in the run's turn: a try-it job scoring now keeps the model as it is loaded.
      if (await this.myTurn()) await o.client.ensureLoaded(o.model.onnxPath, o.threads);
      const depth = o.client.processes;
      let last = performance.now();
      this.waitedMs = 0;
      launch();
      while (inflight.length > 0) {
        // Let the requests leave, keep every process busy, and tokenise the group after.
        await yieldToLoop();
        while (inflight.length < depth && launch());
        prepare();
        const { groups, failure } = await inflight.shift()!.result;
        const now = performance.now();
        const busyMs = Math.max(0, now - last - this.waitedMs);
        for (const { docs, parts } of groups) this.writer.hold({ docs, parts, seconds: busyMs / 1000 / groups.length });
        last = now;
        this.waitedMs = 0;
        // The coder's documents are written at once, with what is held before them.
        const urgent = groups.some((g) => g.docs.some((d) => d.priority));
        if (failure || urgent || this.stopping() || this.writer.due(now)) this.flush();
        if (failure) throw failure;
        if (this.stopping()) continue; // the groups in flight finish and are stored
        this.progress('running', false);
        if (inflight.length === 0 && !launch()) {
          // Documents of an import that finished during the run are scored too (asked only when
          // nothing is in flight and all is written, so no document is counted as pending twice).
          this.flush();
          const fresh = pendingDocuments(o.db, o.question.id, this.run.modelInputHash);
          this.source.append(fresh.ids);
          this.total = visibleDocumentCount(o.db);
          this.remainingBytes = fresh.bytes.reduce((a, b) => a + b, 0);
          launch();
        }
      }
      this.flush();
    } catch (err) {
      this.scorer.halted = true;
      // Whatever was scored before the failure is kept.
      if (o.db.open) this.flushQuietly();
      this.stats.crashes = o.client.crashes - crashesBefore;
      const message = err instanceof RunFailure ? err.message : `The run stopped: ${(err as Error).message}`;
      if (!(err instanceof RunFailure)) console.error(`[nli] pre-label run failed: ${logSafe(err)}`);
      return o.db.open ? this.finish('failed', message) : this.run;
    }
    this.scorer.halted = true;
    this.stats.crashes = o.client.crashes - crashesBefore;
    if (this.stopRequest === 'cancel') return this.finish('cancelled');
    if (this.stopping()) return this.finish('paused');
    return this.finish('done');
  }
}
