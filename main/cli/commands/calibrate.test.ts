// `prelabel calibrate` (in process) on a project with planted logits: --cv --json is the evaluation
// the library computes on the same data, --on switches suggestions (status active, N decisions),
// --off goes back, the text shows the same numbers, bad flags fail in one line.
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CalibrationEvaluation, CalibrationStatus, EvaluationResult } from '../../../common/contract';
import { calibrationBenefit, repeatedCalibrationBenefit } from '../../core/calibration/benefit';
import { crossValidate, rawScores, readCalibrationData } from '../../core/calibration/index';
import { plantedRows } from '../../core/calibration/test-support/planted';
import { decidePlanted, storePlantedRun } from '../../core/calibration/test-support/planted-project';
import { evaluationProject } from '../../core/evaluation/test-support/evaluation-project';
import { useTempDir } from '../../core/test-support/temp-dir';
import { main } from '../cli-main';

const tmp = useTempDir();

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('prelabel calibrate', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('cross-validates, switches on and off, and refuses bad flags in one line', async () => {
    const p = await evaluationProject(tmp(), 100, 4);
    const rows = plantedRows({ n: 100, kinds: ['swapped', 'swapped', 'biased'], seed: 5, bias: 2 });
    const hash = storePlantedRun(p.db(), p.codebook, 0, p.ids, rows.features);
    await decidePlanted(p.t, p.codebook, 0, p.ids.slice(0, 80), rows.truth.slice(0, 80));
    const data = readCalibrationData(p.db(), p.single, hash);
    // Five repetitions of 4 folds, fold seeds 9..13 ([Note: repeated cross-validated benefit]).
    const reps = [0, 1, 2, 3, 4].map((r) => {
      const cv = crossValidate(data, { folds: 4, seed: 9 + r });
      return { probabilities: cv.probabilities, fold: cv.fold, folds: cv.folds };
    });
    const expected = repeatedCalibrationBenefit(data.truth, rawScores(data.features, false), reps, 3, false, {
      replicates: 2000,
      seed: 9,
    });
    // evaluate while on scores the training decisions with the first repetition's held-out predictions.
    const first = calibrationBenefit(data.truth, rawScores(data.features, false), reps[0]!.probabilities, 3, false, {
      replicates: 10,
      seed: 9,
    });
    await p.t.core.shutdown();

    const evaluated = await run('calibrate', p.path, '--question', 'Stance', '--cv', '--folds', '4', '--seed', '9', '--json');
    expect(evaluated.code, evaluated.err).toBe(0);
    const r = JSON.parse(evaluated.out) as { evaluation: CalibrationEvaluation; status: CalibrationStatus };
    expect(r.evaluation.decisions).toBe(80);
    expect(r.evaluation.calibrated).toEqual(expected.calibrated);
    expect(r.evaluation.difference).toEqual(expected.difference);
    expect(r.status).toMatchObject({ active: false, on: false });

    const on = await run('calibrate', p.path, '--question', 'Stance', '--on');
    expect(on.code, on.err).toBe(0);
    expect(on.out).toMatch(/^Suggestions: calibrated on 80 decisions \(fitted .*; 80 now\)\.$/);
    const text = await run('calibrate', p.path, '--question', 'Stance');
    expect(text.out).toContain(`calibrated    ${(100 * expected.calibrated.macroF1.estimate!).toFixed(1)}%`);
    expect(text.out).toContain('Suggestions: calibrated on 80 decisions');
    // prelabel evaluate while on: the 80 training decisions get their held-out fold predictions (the
    // folds and seed of --cv: its first repetition), so its accuracy is that repetition's, and it says so.
    const evaluated2 = await run('evaluate', p.path, '--question', 'Stance', '--json');
    expect(evaluated2.code, evaluated2.err).toBe(0);
    const e2 = JSON.parse(evaluated2.out) as EvaluationResult;
    expect(e2.scoring).toMatchObject({ kind: 'calibrated', heldOut: 80, fitted: 0, folds: 4, seed: 9 });
    expect(e2.metrics?.kind === 'single' && e2.metrics.accuracy).toBeCloseTo(first.calibrated.accuracy.estimate!, 12);
    const evaluatedText = await run('evaluate', p.path, '--question', 'Stance');
    expect(evaluatedText.out).toContain('held-out fold predictions for 80 training documents (4-fold cross-validation, seed 9');
    const off = await run('calibrate', p.path, '--question', 'Stance', '--off', '--json');
    expect((JSON.parse(off.out) as { status: CalibrationStatus }).status).toMatchObject({ active: false, on: false, decisions: 80 });

    const bad = await run('calibrate', p.path, '--question', 'Stance', '--on', '--off');
    expect(bad.code).not.toBe(0);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/Give --on or --off, not both/);
    const badFolds = await run('calibrate', p.path, '--question', 'Stance', '--cv', '--folds', '1.5');
    expect(badFolds.err).toMatch(/--folds must be a whole number above 0/);
  });
});
