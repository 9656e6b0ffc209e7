// `prelabel evaluate-model`: the model's accuracy on XNLI files (premise/hypothesis pairs as 3-way
// NLI) per language, in the model card's layout with the card's numbers beside the measured ones, so
// a user who has the real model can check it against its card. --model is used for this command
// only: the app's saved model stays as it is.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import { progressLine, stringFlag, type Command, type CommandArgs } from '../command';
import { evaluationLines } from './evaluate-model-table';
import { modelFlag, precisionFlag, providerFlag, threadsFlag } from './prelabel';

function languagesFlag(args: CommandArgs): string[] | undefined {
  const raw = stringFlag(args, 'languages');
  if (raw === undefined) return undefined;
  const list = raw
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
  const bad = list.filter((l) => !/^[a-z]{2,3}$/.test(l));
  if (list.length === 0 || bad.length)
    throw new PrelabelError('INVALID_INPUT', `--languages takes language codes separated by commas, e.g. ar,de,en (got "${raw}").`);
  return list;
}

function limitFlag(args: CommandArgs): number | undefined {
  const raw = stringFlag(args, 'limit');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 10_000_000)
    throw new PrelabelError('INVALID_INPUT', `--limit must be a whole number of pairs per language, at least 1 (got "${raw}").`);
  return n;
}

export const evaluateModelCommand: Command = {
  usage:
    'evaluate-model --model DIR --xnli DIR [--languages ar,bg,...] [--limit N] [--precision fp32|int8] [--provider cpu|cuda] [--threads N] [--predictions]',
  summary:
    "accuracy of an NLI model on XNLI files (dev-<lang>.tsv, or one test.tsv with --languages naming its language) per language, in the model card's layout with the card's numbers beside it; --limit scores the first N pairs of each file; --predictions adds every pair's predicted class to --json",
  options: {
    model: { type: 'string' },
    xnli: { type: 'string' },
    languages: { type: 'string' },
    limit: { type: 'string' },
    precision: { type: 'string' },
    provider: { type: 'string' },
    threads: { type: 'string' },
    predictions: { type: 'boolean' },
  },
  async run(args) {
    const modelDir = modelFlag(args);
    const xnli = stringFlag(args, 'xnli');
    if (!xnli) throw new PrelabelError('INVALID_INPUT', '--xnli DIR is required: the folder of XNLI files (e.g. dev-de.tsv).');
    const languages = languagesFlag(args);
    const limit = limitFlag(args);
    const precision = precisionFlag(args) ?? 'fp32';
    const provider = providerFlag(args);
    const threads = threadsFlag(args);
    if (args.values.predictions === true && !args.json) throw new PrelabelError('INVALID_INPUT', '--predictions goes with --json.');
    // Checked before anything loads: a missing CUDA provider says how to get it.
    if (provider) await args.call('model.setProvider', { provider });
    // The output names the model (evaluate-model-table.ts); the call only loads it.
    await args.call('model.select', { path: modelDir, persist: false });
    const jobId = randomUUID();
    let interrupted = false;
    const onInterrupt = () => {
      interrupted = true;
      void args.call('job.cancel', { jobId }).catch(() => {});
    };
    process.once('SIGINT', onInterrupt);
    const off = args.on('job:progress', (p) => {
      if (p.kind !== 'evaluate-model' || p.jobId !== jobId) return;
      if (p.phase === 'quantising') return progressLine(args, 'Quantising the model to int8…');
      const eta = p.etaSeconds === null ? '' : `, about ${Math.round(p.etaSeconds)} s left`;
      progressLine(args, `${p.language}: ${p.done}/${p.total} pairs, ${Math.round(p.pairsPerSecond)} pairs/s${eta}`);
    });
    try {
      const e = await args.call('model.evaluate', {
        xnliDir: resolve(xnli),
        ...(languages ? { languages } : {}),
        ...(limit ? { limit } : {}),
        precision,
        ...(threads ? { threads } : {}),
        predictions: args.values.predictions === true,
        jobId,
      });
      progressLine(args, '', true);
      if (args.json) args.io.out(JSON.stringify({ ok: true, ...e }));
      else for (const line of evaluationLines(e)) args.io.out(line);
      return 0;
    } catch (err) {
      if (interrupted && err instanceof PrelabelError && err.code === 'CANCELLED') {
        args.io.err('Interrupted: the evaluation was stopped.');
        if (args.json) args.io.out(JSON.stringify({ ok: false, error: { code: err.code, message: err.message } }));
        return 130;
      }
      throw err;
    } finally {
      off();
      process.removeListener('SIGINT', onInterrupt);
    }
  },
};
