// evaluation.run while the calibrated classifier is on ([Note: evaluating the calibrated
// classifier]): the training decisions are scored with their held-out fold predictions, so the
// evaluation against them equals calibration.evaluate's first repetition on the same documents
// (in-sample, the fitted model would score higher); a blind sample's documents, never trained on,
// get the fitted model's predictions; the result, its warnings and the methods text say which.
import { afterEach, describe, expect, it } from 'vitest';
import type { CalibrationEvaluation, EvaluationResult } from '../../../common/contract';
import { pageSuggestions } from '../coding/page-suggestions';
import { corpusCounts } from '../evaluation/corpus-counts';
import { evaluationProject, type EvaluationProject } from '../evaluation/test-support/evaluation-project';
import { methodsText } from '../report/methods-text';
import { useTempDir } from '../test-support/temp-dir';
import { macroF1AndAccuracy, predictedLabels, truthLabels } from './benefit';
import { crossValidate, predictCalibration, readCalibrationData } from './index';
import { readCalibration } from './model-store';
import { plantedRows } from './test-support/planted';
import { decidePlanted, storePlantedRun } from './test-support/planted-project';

const tempRoot = useTempDir();
let open: EvaluationProject[] = [];
afterEach(async () => {
  for (const p of open) await p.t.core.shutdown();
  open = [];
});

const N = 120;

async function planted() {
  const p = await evaluationProject(tempRoot(), N, 3);
  open.push(p);
  // A weak, partly swapped signal and a noise label: room for a fit to overfit its training rows.
  const rows = plantedRows({ n: N, kinds: ['swapped', 'swapped', 'noise'], seed: 21, signal: 1.2 });
  const hash = storePlantedRun(p.db(), p.codebook, 0, p.ids, rows.features);
  const index = new Map(p.ids.map((id, i) => [id, i]));
  const sample = await p.t.call('samples.create', { questionId: p.single.id, seed: 4, size: 20 });
  const blind = p.db().prepare('SELECT document_id FROM sample_documents WHERE sample_id = ?').pluck().all(sample.id) as number[];
  const coded = p.ids.filter((d) => !blind.includes(d)).slice(0, 60);
  await decidePlanted(
    p.t,
    p.codebook,
    0,
    coded,
    coded.map((d) => rows.truth[index.get(d)!]!),
  );
  return { p, rows, hash, index, sample, blind, coded };
}

/** Macro-F1 and accuracy of probabilities (n x 3) against label indices, as calibration.evaluate computes them. */
function score(probabilities: Float64Array, truth: number[][]) {
  const labels = [...new Set(truth.flat())].sort((a, b) => a - b);
  const all = Array.from({ length: truth.length }, (_, i) => i);
  return macroF1AndAccuracy(truthLabels(truth, 3), predictedLabels(probabilities, 3, false), 3, labels, all);
}

describe('evaluation while the calibrated classifier is on', () => {
  it('scores training decisions held-out (equal to calibration.evaluate), the blind sample with the fitted model', async () => {
    const { p, hash, index, rows, sample, blind, coded } = await planted();
    const job = await p.t.call('calibration.evaluate', { questionId: p.single.id, folds: 5, seed: 3 });
    const e = ((await p.t.waitForJob(job.jobId)) as { result: CalibrationEvaluation }).result;
    expect(e.decisions).toBe(coded.length);
    const before = (await p.t.call('evaluation.run', { questionId: p.single.id, against: 'human' })) as EvaluationResult;
    expect(before.scoring).toMatchObject({ kind: 'raw', heldOut: 0 });
    await p.t.call('calibration.set', { questionId: p.single.id, on: true });

    const r = (await p.t.call('evaluation.run', { questionId: p.single.id, against: 'human' })) as EvaluationResult;
    expect(r.scoring).toMatchObject({ kind: 'calibrated', decisions: coded.length, heldOut: coded.length, fitted: 0, folds: 5, seed: 3 });
    expect(r.warnings[0]).toContain(`held-out fold predictions for ${coded.length} training documents`);
    expect(r.metrics?.kind).toBe('single');
    if (r.metrics?.kind !== 'single') return;
    expect(r.metrics.n).toBe(coded.length);
    // The held-out figure is that of calibration.evaluate's first repetition (its folds and seed) on
    // the same documents; the evaluation's own estimate is the mean over its five repetitions.
    const data = readCalibrationData(p.db(), p.single, hash);
    const first = score(crossValidate(data, { folds: 5, seed: 3 }).probabilities, data.truth);
    expect(r.metrics.accuracy).toBeCloseTo(first.accuracy, 12);
    expect(r.metrics.macro.f1).toBeCloseTo(first.macroF1, 12);
    expect(e.repetitions).toBe(5);
    // In-sample (the fitted model on its own training rows) would have looked better.
    const model = readCalibration(p.db(), p.single.id).model!;
    const inSample = score(predictCalibration(model, data.features), data.truth);
    expect(inSample.accuracy).toBeGreaterThan(r.metrics.accuracy + 0.05);
    expect(inSample.macroF1).toBeGreaterThan(r.metrics.macro.f1!);
    // The methods paragraph names the held-out predictions.
    expect(methodsText(r, 'test').join(' ')).toContain(
      `the ${coded.length} training documents among those evaluated got held-out predictions`,
    );

    // The blind sample (coded now) was never trained on: the fitted model's predictions, as the suggestions.
    await decidePlanted(
      p.t,
      p.codebook,
      0,
      blind,
      blind.map((d) => rows.truth[index.get(d)!]!),
      sample.id,
    );
    const s = (await p.t.call('evaluation.run', { questionId: p.single.id, against: 'sample', sampleId: sample.id })) as EvaluationResult;
    expect(s.scoring).toMatchObject({ kind: 'calibrated', heldOut: 0, fitted: blind.length });
    const blindTruth = blind.map((d) => rows.truth[index.get(d)!]!);
    const blindFeatures = { x: Float64Array.from(blind.flatMap((d) => rows.features[index.get(d)!]!)), n: blind.length, d: 6 };
    const fitted = score(predictCalibration(model, blindFeatures), blindTruth);
    if (s.metrics?.kind !== 'single') throw new Error('single-label metrics expected');
    expect(s.metrics.accuracy).toBeCloseTo(fitted.accuracy, 12);
    // Against every human decision now: the training ones held-out, the sample's with the fitted model.
    const all = (await p.t.call('evaluation.run', { questionId: p.single.id, against: 'human' })) as EvaluationResult;
    expect(all.scoring).toMatchObject({ heldOut: coded.length, fitted: blind.length });
    expect(all.scoring?.text).toContain(`the fitted model for ${blind.length} documents it was never trained on`);

    await p.t.call('calibration.set', { questionId: p.single.id, on: false });
    const off = (await p.t.call('evaluation.run', { questionId: p.single.id, against: 'human' })) as EvaluationResult;
    expect(off.scoring).toMatchObject({ kind: 'raw' });
    expect(off.metrics?.n).toBe(coded.length + blind.length);
    expect(off.warnings.join(' ')).not.toContain('held-out');
  });
});

describe('multi-label, calibrated: corpus counts agree with the suggestions', () => {
  it('cuts calibrated probabilities at 0.5 in suggestions, corpus counts and evaluation, never at tuned thresholds', async () => {
    const p = await evaluationProject(tempRoot(), 100, 5);
    open.push(p);
    const rows = plantedRows({ n: 100, kinds: ['informative', 'biased', 'swapped'], seed: 12, multiLabel: true, rate: 0.4 });
    const hash = storePlantedRun(p.db(), p.codebook, 1, p.ids, rows.features);
    await decidePlanted(p.t, p.codebook, 1, p.ids.slice(0, 70), rows.truth.slice(0, 70));
    await p.t.call('thresholds.tune', { questionId: p.multi.id, rule: { kind: 'maxF1' } });
    await p.t.call('calibration.set', { questionId: p.multi.id, on: true });
    // The model's count of each label over the corpus, from the suggestions Annotate shows.
    const shown = pageSuggestions(p.db(), p.multi, hash, p.ids);
    const expected = new Map<string, number>();
    for (const s of shown.values()) {
      expect(s.calibrated).toBeDefined();
      for (const id of s.labelIds) expected.set(id, (expected.get(id) ?? 0) + 1);
    }
    const counts = corpusCounts(p.db(), p.multi, hash);
    expect(counts.n).toBe(100);
    expect(new Map([...counts.counts].sort())).toEqual(new Map([...expected].sort()));
    const r = (await p.t.call('evaluation.run', { questionId: p.multi.id, against: 'human' })) as EvaluationResult;
    expect(r.scoring).toMatchObject({ kind: 'calibrated', heldOut: 70 });
    if (r.metrics?.kind !== 'multi') throw new Error('multi-label metrics expected');
    expect(r.metrics.thresholds.every((t) => t.threshold === 0.5)).toBe(true);
    expect(r.warnings.join(' ')).not.toMatch(/Per-label thresholds were tuned/);
  });
});
