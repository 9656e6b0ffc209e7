// Thresholds and the uncertain band on a real project file: planted logits where the F1-optimal
// threshold is known, tuned from the human decisions (a blind validation sample's documents left
// out), used by suggestions, evaluation.run and stale under another model input; the band's counts
// and accuracies against the model computed from the raw logits with plain SQL.
import { afterEach, describe, expect, it } from 'vitest';
import { pageSuggestions } from '../coding/page-suggestions';
import { finalLabel, ModelReader } from '../export/model-labels';
import { methodsText } from '../report/methods-text';
import { storeRun } from '../coding/test-support/coding-fixture';
import { currentHash, evaluationProject, independentModel, type EvaluationProject } from '../evaluation/test-support/evaluation-project';
import { mulberry32 } from '../seeded-random';
import { useTempDir } from '../test-support/temp-dir';
import { atThreshold, precisionRecallCurve } from './pr-curve';
import { currentThresholds, writeUncertainBand } from './threshold-store';
import { thresholdsReport, tuneThresholds } from './tune';

const tempRoot = useTempDir();
let open: EvaluationProject[] = [];
afterEach(async () => {
  for (const p of open) await p.t.core.shutdown();
  open = [];
});

const logit = (s: number) => Math.log(s / (1 - s));

/** economy: every positive scored in [0.2, 0.45), every negative below 0.15 (biased low: 0.5 misses
 * them all); health: informative, overlapping; climate: never given by the coder. */
async function planted() {
  const p = await evaluationProject(tempRoot(), 150, 3);
  open.push(p);
  const [economy, health, climate] = p.multi.labels.map((l) => l.id) as [string, string, string];
  const rng = mulberry32(99);
  const truth = new Map<number, string[]>();
  const entail = new Map<number, number[]>();
  for (const d of p.ids) {
    const eco = rng() < 0.3;
    const hea = rng() < 0.4;
    truth.set(d, [...(eco ? [economy] : []), ...(hea ? [health] : [])]);
    entail.set(d, [
      logit(eco ? 0.2 + 0.25 * rng() : 0.01 + 0.14 * rng()),
      logit(hea ? 0.55 + 0.4 * rng() : 0.05 + 0.55 * rng()),
      logit(0.05 + 0.9 * rng()),
    ]);
  }
  storeRun(p.db(), p.codebook, 1, p.ids, (d) => entail.get(d)!);
  const sample = await p.t.call('samples.create', { questionId: p.multi.id, seed: 5, size: 30 });
  const held = new Set(p.db().prepare('SELECT document_id FROM sample_documents WHERE sample_id = ?').pluck().all(sample.id) as number[]);
  for (const d of p.ids)
    await p.t.call('annotate.decide', {
      questionId: p.multi.id,
      documentId: d,
      coder: 'ana',
      kind: 'label',
      labelIds: truth.get(d)!,
      ...(held.has(d) ? { sampleId: sample.id } : {}),
    });
  return { p, truth, held, economy, health, climate, hash: currentHash(p.db(), p.multi.id) };
}

describe('per-label thresholds on a project', () => {
  it('reach the planted optimum, from the coded documents outside the validation sample, and change suggestions and evaluation', async () => {
    const { p, truth, held, economy, health, climate, hash } = await planted();
    const db = p.db();
    const labelIds = p.multi.labels.map((l) => l.id);
    const model = independentModel(db, p.multi.id, hash, labelIds, true);
    const tuned = [...truth.keys()].filter((d) => !held.has(d));

    const before = thresholdsReport(db, p.multi, hash);
    expect(before.documents).toBe(120);
    expect(before.excludedValidation).toBe(30);
    // Every curve is the one of the scores computed here from the raw logits.
    labelIds.forEach((id, k) => {
      const curve = precisionRecallCurve(
        tuned.map((d) => model.get(d)!.scores[k]!),
        tuned.map((d) => truth.get(d)!.includes(id)),
      );
      const l = before.labels[k]!;
      expect(l.curve).toEqual(curve.points.map((q) => ({ threshold: q.threshold, precision: q.precision, recall: q.recall })));
      expect(l.averagePrecision).toBe(curve.averagePrecision);
      expect(l.inUse).toBeNull();
    });
    const eco = before.labels.find((l) => l.labelId === economy)!;
    expect(eco.atDefault.f1).toBe(0);
    const lowestPositive = Math.min(...tuned.filter((d) => truth.get(d)!.includes(economy)).map((d) => model.get(d)!.scores[0]!));
    expect(eco.chosen).toMatchObject({ threshold: lowestPositive, precision: 1, recall: 1, f1: 1 });
    expect(before.labels.find((l) => l.labelId === climate)!.reason).toMatch(/No coded document has this label/);
    const hea = before.labels.find((l) => l.labelId === health)!;
    const best = Math.max(
      ...tuned.map(
        (d) =>
          atThreshold(
            tuned.map((x) => model.get(x)!.scores[1]!),
            tuned.map((x) => truth.get(x)!.includes(health)),
            model.get(d)!.scores[1]!,
          ).f1,
      ),
    );
    expect(hea.chosen!.f1).toBe(best);

    const after = tuneThresholds(db, p.multi, hash, { kind: 'maxF1' });
    expect(after.stored).toMatchObject({ documents: 120, current: true, rule: { kind: 'maxF1' } });
    expect(after.labels.find((l) => l.labelId === economy)!.inUse).toBe(lowestPositive);
    expect(after.labels.find((l) => l.labelId === climate)!.inUse).toBeNull();

    // Suggestions cut each label at its threshold (0.5 for climate) and say which thresholds.
    const page = pageSuggestions(db, p.multi, hash, p.ids);
    for (const d of p.ids) {
      const s = model.get(d)!.scores;
      const expected = labelIds.filter((id, k) => s[k]! >= (id === climate ? 0.5 : after.labels[k]!.chosen!.threshold));
      expect(page.get(d)!.labelIds).toEqual(expected);
      expect(page.get(d)!.thresholds).toEqual(Object.fromEntries(currentThresholds(db, p.multi.id, hash)!));
    }
    const evaluated = await p.t.call('evaluation.run', { questionId: p.multi.id, against: 'human' });
    const metrics = evaluated.metrics!;
    expect(metrics.kind).toBe('multi');
    if (metrics.kind === 'multi') {
      expect(metrics.thresholds.find((t) => t.label === 'economy')!.threshold).toBe(lowestPositive);
      expect(metrics.thresholds.find((t) => t.label === 'climate')!.threshold).toBe(0.5);
    }
    // Against the decisions they were tuned on the numbers are optimistic, and the result says so;
    // the methods paragraph names the thresholds.
    expect(evaluated.warnings.join(' ')).toMatch(/Per-label thresholds were tuned .* optimistic/);
    expect(methodsText(evaluated, 'test').join(' ')).toContain(
      `its own threshold, tuned on the coded documents outside the validation samples (economy ${lowestPositive.toFixed(3)}`,
    );
    const onSample = await p.t.call('evaluation.run', { questionId: p.multi.id, against: 'sample' });
    expect(onSample.warnings.join(' ')).not.toMatch(/Per-label thresholds were tuned/);

    // Under another model input the thresholds are stale: 0.5 again, the stored record marked.
    expect(currentThresholds(db, p.multi.id, 'another-hash')).toBeNull();
    const stale = thresholdsReport(db, p.multi, 'another-hash');
    expect(stale.stored!.current).toBe(false);
    expect(stale.labels.every((l) => l.inUse === null)).toBe(true);
  });

  it('a target precision keeps the precision and takes the most recall; single-label questions are refused', async () => {
    const { p, health, hash } = await planted();
    const r = thresholdsReport(p.db(), p.multi, hash, { kind: 'targetPrecision', value: 0.9 });
    // With the calibrated classifier on, the curves stay those of the raw zero-shot scores (the
    // thresholds apply to raw scores only).
    await p.t.call('calibration.set', { questionId: p.multi.id, on: true });
    expect(pageSuggestions(p.db(), p.multi, hash, [p.ids[0]!]).get(p.ids[0]!)!.calibrated).toBeDefined();
    // The curves stay the same; the result says which scores they apply to, and no threshold is in use.
    const on = thresholdsReport(p.db(), p.multi, hash, { kind: 'targetPrecision', value: 0.9 });
    expect(r.appliesTo).toEqual({ calibrated: false, text: 'Thresholds are of the raw zero-shot scores and apply to them.' });
    expect(on.appliesTo!.calibrated).toBe(true);
    expect(on.appliesTo!.text).toMatch(/apply to raw scores only; while it is on, its probabilities are cut at 0.5/);
    expect({ ...on, appliesTo: r.appliesTo, labels: on.labels.map((l) => ({ ...l, inUse: null })) }).toEqual({
      ...r,
      labels: r.labels.map((l) => ({ ...l, inUse: null })),
    });
    expect(on.labels.every((l) => l.inUse === null)).toBe(true);
    const h = r.labels.find((l) => l.labelId === health)!;
    expect(h.chosen!.precision).toBeGreaterThanOrEqual(0.9);
    expect(Math.max(...h.curve.filter((q) => q.precision >= 0.9).map((q) => q.recall))).toBe(h.chosen!.recall);
    expect(() => tuneThresholds(p.db(), p.single, hash, { kind: 'maxF1' })).toThrow(/single-label question/);
  });
});

describe('the uncertain band of a single-label question', () => {
  it('counts the coded and scored documents inside it and the accuracy inside and outside, as computed from the raw logits', async () => {
    const p = await evaluationProject(tempRoot(), 90, 8);
    open.push(p);
    const rng = mulberry32(4);
    storeRun(p.db(), p.codebook, 0, p.ids, () => p.single.labels.map(() => Math.round((rng() * 4 - 2) * 1000) / 1000));
    const hash = currentHash(p.db(), p.single.id);
    const labelIds = p.single.labels.map((l) => l.id);
    const coded = p.ids.slice(0, 60);
    for (const d of coded)
      await p.t.call('annotate.decide', {
        questionId: p.single.id,
        documentId: d,
        coder: 'ana',
        kind: 'label',
        labelIds: [labelIds[Math.floor(rng() * 3)]!],
      });
    writeUncertainBand(p.db(), p.single.id, 0.2);
    const r = thresholdsReport(p.db(), p.single, hash);
    expect(r.labels).toEqual([]);
    const model = independentModel(p.db(), p.single.id, hash, labelIds, false);
    const margin = (d: number) => {
      const s = [...model.get(d)!.scores].sort((a, b) => b - a);
      return s[0]! - s[1]!;
    };
    const truth = new Map(
      (
        p
          .db()
          .prepare('SELECT document_id AS d, label_ids AS l FROM coding_state WHERE question_id = ? AND annotation_id IS NOT NULL')
          .all(p.single.id) as Array<{ d: number; l: string }>
      ).map((x) => [x.d, (JSON.parse(x.l) as string[])[0]!]),
    );
    const inside = coded.filter((d) => margin(d) < 0.2);
    const outside = coded.filter((d) => margin(d) >= 0.2);
    const acc = (ds: number[]) => ds.filter((d) => model.get(d)!.labels[0] === truth.get(d)).length / ds.length;
    expect(inside.length).toBeGreaterThan(0);
    expect(r.band!.margin).toBe(0.2);
    expect(r.band!.current).toEqual({
      margin: 0.2,
      coded: inside.length,
      accuracyInside: acc(inside),
      accuracyOutside: acc(outside),
      corpus: p.ids.filter((d) => margin(d) < 0.2).length,
    });
    expect(r.band!.scored).toBe(90);
    expect(r.band!.coded).toBe(60);
    // An export takes no model final label inside the band: the open documents there are left to a coder.
    const units = new ModelReader(p.db(), p.single, hash).chunk(0, 1e9);
    for (const d of p.ids) {
      const unit = units.get(d)!;
      expect(unit.current!.uncertain ?? false).toBe(margin(d) < 0.2);
      expect(finalLabel(null, [], unit).source).toBe(margin(d) < 0.2 ? null : 'model');
    }
  });
});
