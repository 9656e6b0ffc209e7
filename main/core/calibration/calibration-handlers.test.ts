// The calibration methods through the contract on a real project with planted logits: the
// cross-validated benefit as a job, the switch (suggestions, the least-confident queue and the
// provenance follow the calibrated probabilities; off gives the raw ones back), and staleness after
// a hypothesis change.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CalibrationEvaluation } from '../../../common/contract';
import { evaluationProject, type EvaluationProject } from '../evaluation/test-support/evaluation-project';
import { useTempDir } from '../test-support/temp-dir';
import { crossValidate, fitCalibration, predictCalibration, rawScores, readCalibrationData } from './index';
import { repeatedCalibrationBenefit } from './benefit';
import { plantedRows } from './test-support/planted';
import { decidePlanted, storePlantedRun } from './test-support/planted-project';

const tempRoot = useTempDir();
let open: EvaluationProject[] = [];
afterEach(async () => {
  for (const p of open) await p.t.core.shutdown();
  open = [];
});

async function planted() {
  const p = await evaluationProject(tempRoot(), 160, 3);
  open.push(p);
  const rows = plantedRows({ n: 160, kinds: ['swapped', 'swapped', 'biased'], seed: 9, bias: 2 });
  const hash = storePlantedRun(p.db(), p.codebook, 0, p.ids, rows.features);
  // 120 coded; 40 left for the queue.
  await decidePlanted(p.t, p.codebook, 0, p.ids.slice(0, 120), rows.truth.slice(0, 120));
  return { p, rows, hash };
}

const suggestions = (p: EvaluationProject) =>
  new Map(
    (
      p
        .db()
        .prepare('SELECT document_id AS d, suggestion_label_id AS l, suggestion_score AS s FROM coding_state WHERE question_id = ?')
        .all(p.single.id) as Array<{
        d: number;
        l: string;
        s: number;
      }>
    ).map((r) => [r.d, r]),
  );

describe('calibration methods', () => {
  it('evaluate: a job whose result is the cross-validated benefit, equal to the library’s', async () => {
    const { p, hash } = await planted();
    const started = await p.t.call('calibration.evaluate', { questionId: p.single.id, folds: 5, seed: 3 });
    const done = await p.t.waitForJob(started.jobId);
    expect(done.status).toBe('done');
    const phases = p.t.events
      .filter((e) => e.event === 'job:progress' && (e.payload as { jobId: string }).jobId === started.jobId)
      .map((e) => (e.payload as { phase: string; done: number }).phase + (e.payload as { done: number }).done);
    // Five repetitions of 5 folds ([Note: repeated cross-validated benefit]).
    expect(phases).toEqual(['reading0', ...Array.from({ length: 25 }, (_, i) => `folds${i + 1}`), 'bootstrap0']);
    const e = (done as { result: CalibrationEvaluation }).result;
    expect(e.decisions).toBe(120);
    expect(e.folds).toBe(5);
    expect(e.left).toEqual({ blind: 0, unscored: 0, archived: 0 });
    expect(e.repetitions).toBe(5);
    // The same numbers from the library on the same data, folds and fold seeds 3..7.
    const data = readCalibrationData(p.db(), p.single, hash);
    const reps = [0, 1, 2, 3, 4].map((r) => {
      const cv = crossValidate(data, { folds: 5, seed: 3 + r });
      return { probabilities: cv.probabilities, fold: cv.fold, folds: cv.folds };
    });
    const b = repeatedCalibrationBenefit(data.truth, rawScores(data.features, false), reps, 3, false, { replicates: 2000, seed: 3 });
    expect(e.calibrated).toEqual(b.calibrated);
    expect(e.raw).toEqual(b.raw);
    expect(e.difference).toEqual(b.difference);
    expect(e.difference.accuracy.lower!).toBeGreaterThan(0);
    const status = await p.t.call('calibration.status', { questionId: p.single.id });
    expect(status).toMatchObject({ active: false, on: false, stale: false, decisions: null, decisionsNow: 120 });
    expect(status.evaluation).toEqual(e);
  });

  it('set on: suggestions, the least-confident queue and provenance come from the calibrated probabilities; off: raw again', async () => {
    const { p, rows, hash } = await planted();
    const raw = suggestions(p);
    const on = await p.t.call('calibration.set', { questionId: p.single.id, on: true });
    expect(on).toMatchObject({ active: true, on: true, stale: false, decisions: 120 });
    // The model the switch stored equals a fit of the library on the same decisions.
    const data = readCalibrationData(p.db(), p.single, hash);
    const model = fitCalibration(
      data,
      data.documents.map((_, i) => i),
    );
    const probs = predictCalibration(model, { x: Float64Array.from(rows.features.flat()), n: 160, d: 6 });
    const labelIds = p.single.labels.map((l) => l.id);
    const calibrated = suggestions(p);
    p.ids.forEach((id, i) => {
      const row = Array.from(probs.subarray(i * 3, i * 3 + 3));
      const best = row.indexOf(Math.max(...row));
      expect(calibrated.get(id)!.l).toBe(labelIds[best]);
      expect(calibrated.get(id)!.s).toBeCloseTo(row[best]!, 12);
    });
    expect([...calibrated.values()].some((s) => s.l !== raw.get(s.d)!.l)).toBe(true);
    // Least confident first: the open documents by ascending calibrated top probability.
    const page = await p.t.call('annotate.queue', { questionId: p.single.id, order: 'least_confident', limit: 10 });
    const open40 = p.ids.slice(120).sort((a, b) => calibrated.get(a)!.s - calibrated.get(b)!.s || a - b);
    expect(page.items.map((i) => i.document.id)).toEqual(open40.slice(0, 10));
    expect(page.items[0]!.suggestion!.calibrated).toEqual({ decisions: 120, fittedAt: on.fittedAt });
    expect(page.items[0]!.suggestion!.score).toBeCloseTo(calibrated.get(page.items[0]!.document.id)!.s, 12);
    // An export while on: its model labels and scores are the calibrated ones, and the manifest says so.
    const path = join(tempRoot(), 'on.jsonl');
    const exp = await p.t.call('export.start', { questionId: p.single.id, format: 'jsonl', filter: 'all', path });
    expect((await p.t.waitForJob(exp.jobId)).status).toBe('done');
    const manifest = JSON.parse(readFileSync(`${path}.manifest.json`, 'utf8')) as { calibration: Record<string, unknown> };
    expect(manifest.calibration).toMatchObject({ scores: 'calibrated', decisions: 120, modelInputHash: hash });
    const exported = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(exported).toHaveLength(160);
    const names = new Map(p.single.labels.map((l) => [l.id, l.name]));
    for (const row of exported.slice(120)) {
      const id = p.ids[Number(String(row.id).slice(1)) - 1]!;
      expect(row.model_label).toEqual([names.get(calibrated.get(id)!.l)]);
    }
    // Off: the raw suggestions exactly as before.
    const off = await p.t.call('calibration.set', { questionId: p.single.id, on: false });
    expect(off).toMatchObject({ active: false, on: false, decisions: 120 });
    expect(suggestions(p)).toEqual(raw);
    const rawPage = await p.t.call('annotate.queue', { questionId: p.single.id, order: 'least_confident', limit: 1 });
    expect(rawPage.items[0]!.suggestion!.calibrated).toBeUndefined();
  });

  it('a switch whose rebuild fails changes nothing: the calibration stays off and the suggestions raw (one transaction)', async () => {
    const { p } = await planted();
    const raw = suggestions(p);
    const before = await p.t.call('calibration.status', { questionId: p.single.id });
    // The rebuild fails at its last document, as a full disk or a kill midway would stop it.
    p.db().exec(
      `CREATE TEMP TRIGGER fail_rebuild BEFORE UPDATE ON coding_state WHEN NEW.document_id = ${p.ids.at(-1)!} BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    await expect(p.t.call('calibration.set', { questionId: p.single.id, on: true })).rejects.toThrow();
    p.db().exec('DROP TRIGGER fail_rebuild');
    expect(await p.t.call('calibration.status', { questionId: p.single.id })).toEqual(before);
    expect(suggestions(p)).toEqual(raw);
    // And the switch works once the cause is gone.
    expect(await p.t.call('calibration.set', { questionId: p.single.id, on: true })).toMatchObject({ active: true, on: true });
    expect([...suggestions(p).values()].some((s) => s.l !== raw.get(s.d)!.l)).toBe(true);
  });

  it('goes stale when the hypotheses change, and refuses too few decisions in one line', async () => {
    const { p } = await planted();
    await p.t.call('calibration.set', { questionId: p.single.id, on: true });
    const q = p.codebook.questions;
    await p.t.call('codebook.set', {
      questions: q.map((x, i) => ({
        id: x.id,
        name: x.name,
        multiLabel: x.multiLabel,
        template: i === 0 ? 'The stance is {}.' : x.template,
        labels: x.labels.map((l) => ({ id: l.id, name: l.name })),
      })),
    });
    const status = await p.t.call('calibration.status', { questionId: p.single.id });
    expect(status).toMatchObject({ on: true, active: false, stale: true });
    const few = await evaluationProject(tempRoot() + '/few', 20, 1);
    open.push(few);
    const r = plantedRows({ n: 20, kinds: ['informative', 'informative', 'informative'], seed: 2 });
    storePlantedRun(few.db(), few.codebook, 0, few.ids, r.features);
    await decidePlanted(few.t, few.codebook, 0, few.ids.slice(0, 6), r.truth.slice(0, 6));
    await expect(few.t.call('calibration.set', { questionId: few.single.id, on: true })).rejects.toThrow(
      'Calibrating "Stance" needs at least 10 coded documents with current pre-labels and two different labels among them; there are 6.',
    );
  });
});
