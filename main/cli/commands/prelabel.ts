// `prelabel prelabel`: scores a project's documents with a local NLI model, question by question,
// through the same engine the app uses. --model is used for this command only: the app's saved
// model stays as it is.
import { resolve } from 'node:path';
import {
  PrelabelError,
  executionProviders,
  type Codebook,
  type CodebookQuestion,
  type ExecutionProvider,
  type PrecisionResult,
} from '../../../common/contract';
import { openProject, positional, progressLine, stringFlag, type Command, type CommandArgs } from '../command';

export function threadsFlag(args: CommandArgs): number | undefined {
  const raw = stringFlag(args, 'threads');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 64)
    throw new PrelabelError('INVALID_INPUT', `--threads must be a whole number from 1 to 64 (got "${raw}").`);
  return n;
}

/** --provider cpu|cuda; undefined when not given (the CPU). */
export function providerFlag(args: CommandArgs): ExecutionProvider | undefined {
  const raw = stringFlag(args, 'provider');
  if (raw === undefined) return undefined;
  const p = raw.toLowerCase();
  const provider = executionProviders.find((e) => e === p);
  if (!provider) throw new PrelabelError('INVALID_INPUT', `--provider must be one of ${executionProviders.join(', ')} (got "${raw}").`);
  return provider;
}

export function modelFlag(args: CommandArgs): string {
  const dir = stringFlag(args, 'model');
  if (!dir)
    throw new PrelabelError('INVALID_INPUT', '--model DIR is required: the model folder (config.json, tokenizer.json, onnx/model.onnx).');
  return resolve(dir);
}

/** --precision fp32|int8; undefined keeps the project's. */
export function precisionFlag(args: CommandArgs): 'fp32' | 'int8' | undefined {
  const raw = stringFlag(args, 'precision');
  if (raw === undefined) return undefined;
  const p = raw.toLowerCase();
  if (p !== 'fp32' && p !== 'int8') throw new PrelabelError('INVALID_INPUT', `--precision must be fp32 or int8 (got "${raw}").`);
  return p;
}

/** --min-agreement as a share (0.95) or a percentage (95 or 95%); default 0.95. */
export function minAgreementFlag(args: CommandArgs): number {
  const raw = stringFlag(args, 'min-agreement');
  if (raw === undefined) return 0.95;
  const pct = raw.endsWith('%');
  const n = Number(pct ? raw.slice(0, -1) : raw);
  const share = pct || n > 1 ? n / 100 : n;
  if (!/^\d+(\.\d+)?%?$/.test(raw) || !(share >= 0 && share <= 1)) {
    throw new PrelabelError(
      'INVALID_INPUT',
      `--min-agreement must be a share from 0 to 1 or a percentage (e.g. 0.95 or 95%), not "${raw}".`,
    );
  }
  return share;
}

/** --top-parents N (with --hierarchical). */
export function topParentsFlag(args: CommandArgs): number | undefined {
  const raw = stringFlag(args, 'top-parents');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 100)
    throw new PrelabelError('INVALID_INPUT', `--top-parents must be a whole number from 1 to 100 (got "${raw}").`);
  if (args.values.hierarchical !== true) throw new PrelabelError('INVALID_INPUT', '--top-parents goes with --hierarchical.');
  return n;
}

const pct = (share: number) => `${(100 * share).toFixed(1)}%`;

function eta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  const s = Math.round(seconds);
  return s >= 60 ? `, about ${Math.floor(s / 60)} min ${s % 60} s left` : `, about ${s} s left`;
}

function questionsToScore(codebook: Codebook, name: string | undefined): CodebookQuestion[] {
  const usable = codebook.questions.filter((q) => !q.archived && q.labels.some((l) => !l.archived));
  if (name !== undefined) {
    const q = codebook.questions.find((x) => x.id === name) ?? codebook.questions.find((x) => x.name === name);
    if (!q) {
      const names = codebook.questions.map((x) => `"${x.name}"`).join(', ');
      throw new PrelabelError('NOT_FOUND', `The codebook has no question "${name}"${names ? ` (it has ${names})` : ''}.`);
    }
    return [q];
  }
  if (usable.length === 0) {
    throw new PrelabelError(
      'INVALID_INPUT',
      'The project has no question with labels to score. Set a codebook first (prelabel codebook <project> --set FILE).',
    );
  }
  return usable;
}

export const prelabelCommand: Command = {
  usage:
    'prelabel <project> --model DIR [--question NAME] [--threads N] [--provider cpu|cuda] [--precision fp32|int8 [--min-agreement 0.95]] [--hierarchical [--top-parents N]]',
  summary:
    "pre-label the documents with a local NLI model folder (every question unless --question; the app's saved model is not changed); --provider cuda runs it on an NVIDIA GPU (Linux x64, with onnxruntime-node's CUDA provider installed); --precision int8 switches the project to the model's int8 variant after checking top-label agreement with fp32 on 200 of its documents (refused below --min-agreement, default 95%); --hierarchical scores the top-level labels first and then only the children of the top N parents (default 2)",
  options: {
    model: { type: 'string' },
    question: { type: 'string' },
    threads: { type: 'string' },
    provider: { type: 'string' },
    precision: { type: 'string' },
    'min-agreement': { type: 'string' },
    hierarchical: { type: 'boolean' },
    'top-parents': { type: 'string' },
  },
  async run(args) {
    const project = positional(args, 0, 'the project file (prelabel prelabel <project> --model DIR)');
    const modelDir = modelFlag(args);
    const threads = threadsFlag(args);
    const provider = providerFlag(args);
    const precision = precisionFlag(args);
    const minAgreement = minAgreementFlag(args);
    const topParents = topParentsFlag(args);
    const hierarchical = args.values.hierarchical === true ? { hierarchical: true, ...(topParents ? { topParents } : {}) } : {};
    // Checked before anything loads: a missing CUDA provider says how to get it.
    if (provider) await args.call('model.setProvider', { provider });
    await openProject(args, project);
    let current: string | null = null;
    let interrupted = false;
    const onInterrupt = () => {
      interrupted = true;
      if (current) void args.call('prelabel.pause', { runId: current }).catch(() => {});
    };
    // SIGTERM (a scheduler stopping the job) pauses the run as Ctrl+C does; a second one kills.
    process.once('SIGINT', onInterrupt);
    process.once('SIGTERM', onInterrupt);
    let label = '';
    let told: string | null = null;
    let starting: string | null = null;
    const off = args.on('job:progress', (p) => {
      if (p.kind !== 'prelabel' || p.status !== 'running') return;
      // Before the run exists (its start is measuring the threads): "Measuring threads (1 of 2)".
      if (p.measuring && p.questionId === starting)
        return progressLine(args, `${label}: measuring threads (${p.measuring.step} of ${p.measuring.steps})`);
      if (p.jobId !== current) return;
      if (p.threadSource === 'calibrated' && told !== p.jobId && !args.json) {
        told = p.jobId;
        args.io.err(
          p.threadsBusy
            ? `${label}: chose ${p.threads} threads after measuring this machine while other processes used it (used now, measured again when it is quiet; --threads N overrides)`
            : `${label}: chose ${p.threads} threads after measuring this machine (kept for later runs; --threads N overrides)`,
        );
      }
      progressLine(args, `${label}: ${p.done}/${p.total} documents, ${Math.round(p.pairsPerSecond)} pairs/s${eta(p.etaSeconds)}`);
    });
    try {
      // For this command only: the app's saved model stays as it is.
      const model = await args.call('model.select', { path: modelDir, persist: false });
      const codebook = await args.call('codebook.get', {});
      const questions = questionsToScore(codebook, stringFlag(args, 'question'));
      if (!args.json) args.io.err(`Model: ${model.id} (${model.path})${!provider || provider === 'cpu' ? '' : `, provider ${provider}`}`);
      let precisionCheck: PrecisionResult['check'] = null;
      if (precision) {
        // The same check as the app's: the first question's hypotheses on a sample of the documents.
        const r = await args.call('prelabel.setPrecision', { precision, questionId: questions[0]!.id, minAgreement });
        precisionCheck = r.check;
        const c = r.check;
        if (c && !c.accepted) {
          throw new PrelabelError(
            'INVALID_INPUT',
            `int8 refused: the top label agreed with fp32 on ${pct(c.agreement)} of ${c.documents} sampled documents ("${questions[0]!.name}"), below the minimum of ${pct(c.minAgreement)}. The project stays ${r.state.precision}; lower --min-agreement to accept int8 anyway.`,
          );
        }
        if (c && !args.json)
          args.io.err(
            `int8: top label agrees with fp32 on ${pct(c.agreement)} of ${c.documents} sampled documents (minimum ${pct(c.minAgreement)}); ${c.int8Path}`,
          );
      }
      const runs = [];
      for (const question of questions) {
        label = question.name;
        starting = question.id;
        const started = await args.call('prelabel.start', {
          questionId: question.id,
          priorityDocumentIds: [],
          ...(threads ? { threads } : {}),
          ...hierarchical,
        });
        current = started.id;
        // Every start ends in one job:done of the run's id, also when nothing was left to score.
        const done = await args.jobDone(started.id, 'prelabel');
        const final = done.result?.run ?? started;
        current = null;
        progressLine(args, `${label}: ${final.status}`, true);
        if (final.status === 'failed') throw new PrelabelError('INTERNAL', `${question.name}: ${final.error ?? 'the run failed.'}`);
        const stats = done.result?.session ?? { documents: 0, pairs: 0, seconds: 0, pairsPerSecond: 0 };
        const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;
        runs.push({
          question: question.name,
          runId: started.id,
          modelSha256: started.modelSha256,
          status: final.status,
          documents: stats.documents,
          pairs: stats.pairs,
          seconds: round(stats.seconds, 3),
          pairsPerSecond: round(stats.pairsPerSecond, 1),
          reusedDocuments: stats.reusedDocuments ?? 0,
          reusedPairs: stats.reusedPairs ?? 0,
          coreMsPerPair: round(stats.coreMsPerPair ?? 0, 4),
        });
        if (!args.json) {
          args.io.out(
            `${question.name}: ${stats.documents} documents, ${stats.pairs} pairs in ${stats.seconds.toFixed(1)} s (${Math.round(stats.pairsPerSecond)} pairs/s)` +
              (stats.reusedPairs ? `, ${stats.reusedPairs} pairs reused from identical texts` : ''),
          );
        }
        if (interrupted || final.status !== 'done') {
          args.io.err('Interrupted: the run is paused. Run the same command again to continue where it stopped.');
          if (args.json)
            args.io.out(JSON.stringify({ ok: false, runs, error: { code: 'CANCELLED', message: 'Interrupted; the run is paused.' } }));
          return 130;
        }
      }
      if (args.json) args.io.out(JSON.stringify({ ok: true, runs, ...(precisionCheck ? { precision: precisionCheck } : {}) }));
      return 0;
    } finally {
      off();
      process.removeListener('SIGINT', onInterrupt);
      process.removeListener('SIGTERM', onInterrupt);
    }
  },
};
