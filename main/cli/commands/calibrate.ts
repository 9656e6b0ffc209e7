// `prelabel calibrate <project> --question NAME [--cv] [--on | --off] [--folds K] [--seed S] [--c C]`:
// the calibrated classifier of a question ([Note: calibrated classifier] in main/core/calibration).
// --cv measures its benefit by cross-validation against raw zero-shot (calibration.evaluate, a job);
// --on fits it on every training decision and makes suggestions from it (calibration.set); --off
// goes back to raw scores. Without flags: the status. With --json the contract's objects.
import { PrelabelError, type CalibrationEvaluation, type CalibrationInterval, type CalibrationStatus } from '../../../common/contract';
import { stringFlag, type Command } from '../command';
import { questionFlag } from './thresholds';

const pct = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
const pp = (x: number | null): string => (x === null ? '–' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`);
const interval = (i: CalibrationInterval, f: (x: number | null) => string): string => `${f(i.estimate)} [${f(i.lower)}, ${f(i.upper)}]`;

export function evaluationText(e: CalibrationEvaluation): string[] {
  const left = [
    e.left.blind ? `${e.left.blind} in a blind sample left out` : '',
    e.left.unscored ? `${e.left.unscored} without a current pre-label` : '',
    e.left.archived ? `${e.left.archived} naming an archived label` : '',
  ].filter(Boolean);
  return [
    `Cross-validated on ${e.decisions} decisions, ${e.folds} folds by document${(e.repetitions ?? 1) > 1 ? `, repeated ${e.repetitions} times (fold seeds ${e.seed} to ${e.seed + e.repetitions! - 1}` : ` (seed ${e.seed}`}, C = ${e.c})${left.length ? `; ${left.join(', ')}` : ''}`,
    `              macro-F1                  accuracy`,
    `raw           ${interval(e.raw.macroF1, pct).padEnd(26)}${interval(e.raw.accuracy, pct)}`,
    `calibrated    ${interval(e.calibrated.macroF1, pct).padEnd(26)}${interval(e.calibrated.accuracy, pct)}`,
    `difference    ${interval(e.difference.macroF1, pp).padEnd(26)}${interval(e.difference.accuracy, pp)}  (points)`,
    ((e.repetitions ?? 1) > 1
      ? `${Math.round(e.confidence * 100)}% intervals: raw a percentile bootstrap over documents (${e.replicates} replicates); calibrated and difference the corrected repeated cross-validation t interval (refitting counted)`
      : `${Math.round(e.confidence * 100)}% percentile bootstrap intervals over documents, ${e.replicates} replicates`) +
      (e.converged ? '' : '; some fits did not reach the solver tolerance'),
  ];
}

export function statusText(s: CalibrationStatus): string {
  if (s.active)
    return `Suggestions: calibrated on ${s.decisions} decisions (fitted ${s.fittedAt?.slice(0, 16).replace('T', ' ')}; ${s.decisionsNow} now).`;
  if (s.stale)
    return 'Suggestions: raw zero-shot scores: the calibrated classifier is stale (the hypotheses or the model changed); --on fits it again.';
  return `Suggestions: raw zero-shot scores (${s.decisionsNow} decisions to calibrate on).`;
}

function positiveNumber(value: string | undefined, flag: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !(n > 0) || (integer && !Number.isInteger(n)))
    throw new PrelabelError('INVALID_INPUT', `--${flag} must be a ${integer ? 'whole ' : ''}number above 0 (got "${value}").`);
  return n;
}

export const calibrateCommand: Command = {
  usage: 'calibrate <project> --question NAME [--cv] [--on | --off] [--folds K] [--seed S] [--c C]',
  summary:
    'a classifier learned from the coded documents over the stored NLI outputs: its cross-validated benefit, and switching suggestions to it',
  options: {
    question: { type: 'string' },
    cv: { type: 'boolean' },
    on: { type: 'boolean' },
    off: { type: 'boolean' },
    folds: { type: 'string' },
    seed: { type: 'string' },
    c: { type: 'string' },
  },
  async run(args) {
    const on = args.values.on === true;
    const off = args.values.off === true;
    if (on && off) throw new PrelabelError('INVALID_INPUT', 'Give --on or --off, not both.');
    const folds = positiveNumber(stringFlag(args, 'folds'), 'folds', true);
    const seedFlag = stringFlag(args, 'seed');
    const seed = seedFlag === undefined ? undefined : Number(seedFlag);
    if (seed !== undefined && (!Number.isInteger(seed) || seed < 0))
      throw new PrelabelError('INVALID_INPUT', `--seed must be a whole number of at least 0 (got "${seedFlag}").`);
    const c = positiveNumber(stringFlag(args, 'c'), 'c', false);
    const question = await questionFlag(args, 'calibrate');
    let evaluation: CalibrationEvaluation | null = null;
    if (args.values.cv === true) {
      const { jobId } = await args.call('calibration.evaluate', {
        questionId: question.id,
        folds: folds ?? 5,
        seed: seed ?? 1,
        c: c ?? 1,
      });
      const done = await args.jobDone(jobId, 'calibration');
      if (done.status !== 'done' || !done.result)
        throw new PrelabelError(done.error?.code ?? 'INTERNAL', done.error?.message ?? `the cross-validation ${done.status}.`);
      evaluation = done.result;
    }
    const status =
      on || off
        ? await args.call('calibration.set', { questionId: question.id, on, c: c ?? 1 })
        : await args.call('calibration.status', { questionId: question.id });
    if (args.json) {
      args.io.out(JSON.stringify({ ok: true, question: { id: question.id, name: question.name }, evaluation, status }));
      return 0;
    }
    if (evaluation) for (const line of evaluationText(evaluation)) args.io.out(line);
    else if (status.evaluation && !on && !off) for (const line of evaluationText(status.evaluation)) args.io.out(line);
    args.io.out(statusText(status));
    return 0;
  },
};
