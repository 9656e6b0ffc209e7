// "Check these labels" against a cross-validated calibrated model (calibration's
// crossValidatedProbabilities): planted mislabels, where the coder chose a label the logits clearly
// speak against, are listed first; labels that agree with the logits are not; the disagreement is
// 1 - the held-out probability of the coder's label; a blind sample's documents are never judged.
import { describe, expect, it } from 'vitest';
import { crossValidatedProbabilities } from '../calibration';
import { storeRun } from '../coding/test-support/coding-fixture';
import { currentHash } from '../evaluation/test-support/evaluation-project';
import { useEvaluationProjects } from '../evaluation/test-support/use-evaluation-projects';
import { mulberry32 } from '../seeded-random';
import { strongDisagreements } from './model-disagreements';

const project = useEvaluationProjects();

describe('coded documents the cross-validated model disagrees with', () => {
  it('lists the planted mislabels, the strongest first, and nothing the logits support', async () => {
    const p = await project(150, 6);
    const labels = p.single.labels.map((l) => l.id);
    const rng = mulberry32(21);
    const truth = new Map(p.ids.map((d) => [d, Math.floor(rng() * 3)]));
    // Informative logits: the true label's entailment well above the others'.
    storeRun(p.db(), p.codebook, 0, p.ids, (d) => labels.map((_, k) => (k === truth.get(d) ? 2.5 : -1.5) + (rng() - 0.5)));
    const sample = await p.t.call('samples.create', { questionId: p.single.id, seed: 2, size: 20 });
    const held = new Set(p.db().prepare('SELECT document_id FROM sample_documents WHERE sample_id = ?').pluck().all(sample.id) as number[]);
    const coded = p.ids.filter((d) => !held.has(d));
    const mislabelled = new Set(coded.filter((_, i) => i % 25 === 3)); // 6 of the 130 coded documents
    for (const d of p.ids) {
      const k = mislabelled.has(d) ? (truth.get(d)! + 1) % 3 : truth.get(d)!;
      await p.t.call('annotate.decide', {
        questionId: p.single.id,
        documentId: d,
        coder: 'ana',
        kind: 'label',
        labelIds: [labels[k]!],
        ...(held.has(d) ? { sampleId: sample.id } : {}),
      });
    }
    const hash = currentHash(p.db(), p.single.id);
    const r = strongDisagreements(p.db(), p.single, hash, 0.9);
    expect(r.reason).toBeNull();
    expect(r.judged).toBe(coded.length);
    const listed = r.rows.map((x) => x.documentId);
    expect(new Set(listed)).toEqual(mislabelled);
    for (const d of listed) expect(held.has(d)).toBe(false);
    // The disagreement is 1 - the held-out probability of the coder's label, the strongest first.
    const cv = crossValidatedProbabilities(p.db(), p.single, hash);
    for (const x of r.rows) {
      const row = cv.rows.find((c) => c.documentId === x.documentId)!;
      expect(x.disagreement).toBe(1 - row.calibrated[labels.indexOf(row.truth[0]!)]!);
      expect(x.labels[0]).toMatchObject({ labelId: row.truth[0], coderGave: true });
      expect(x.labels[1]!.labelId).toBe(labels[truth.get(x.documentId)!]);
    }
    expect(r.rows.map((x) => x.disagreement)).toEqual([...r.rows.map((x) => x.disagreement)].sort((a, b) => b - a));
    // Through the contract, with the documents to open.
    const checked = await p.t.call('labelQuality.check', { questionId: p.single.id });
    expect(checked.disagreements.total).toBe(mislabelled.size);
    expect(checked.disagreements.items.map((i) => i.document.documentId)).toEqual(listed);
    expect(checked.disagreements.items[0]!.labels[0]!.coderGave).toBe(true);
  });

  it('multi-label: a label given against the logits, or one left out that they clearly show, is named', async () => {
    const p = await project(120, 9);
    const labels = p.multi.labels.map((l) => l.id);
    const rng = mulberry32(5);
    const truth = new Map(p.ids.map((d) => [d, labels.filter(() => rng() < 0.4)]));
    storeRun(p.db(), p.codebook, 1, p.ids, (d) => labels.map((l) => (truth.get(d)!.includes(l) ? 3 : -3) + (rng() - 0.5)));
    const added = new Set(p.ids.filter((d, i) => i % 30 === 7 && truth.get(d)!.length < labels.length)); // a label the logits speak against, given
    const dropped = new Set(p.ids.filter((_, i) => i % 30 === 19 && truth.get(p.ids[i]!)!.length > 0)); // one shown, left out
    for (const d of p.ids) {
      let given = truth.get(d)!;
      if (added.has(d)) given = [...given, labels.find((l) => !given.includes(l))!].filter(Boolean);
      if (dropped.has(d)) given = given.slice(1);
      await p.t.call('annotate.decide', { questionId: p.multi.id, documentId: d, coder: 'ana', kind: 'label', labelIds: given });
    }
    // C = 1 on standardised logits keeps held-out probabilities of clear cases near 0.05-0.1 and 0.9-0.95: a bar of 0.8.
    const r = strongDisagreements(p.db(), p.multi, currentHash(p.db(), p.multi.id), 0.8);
    expect(r.reason).toBeNull();
    expect(new Set(r.rows.map((x) => x.documentId))).toEqual(new Set([...added, ...dropped]));
    for (const x of r.rows) {
      expect(x.labels).toHaveLength(1);
      expect(x.labels[0]!.coderGave).toBe(added.has(x.documentId));
      expect(x.disagreement).toBe(x.labels[0]!.coderGave ? 1 - x.labels[0]!.probability : x.labels[0]!.probability);
    }
  });

  it('says why there is no list without pre-labels or with too few coded documents', async () => {
    const p = await project(10, 2);
    expect(strongDisagreements(p.db(), p.single, '', 0.9).reason).toMatch(/no current pre-labels/);
    storeRun(p.db(), p.codebook, 0, p.ids, () => [0, 0, 0]);
    await p.t.call('annotate.decide', {
      questionId: p.single.id,
      documentId: p.ids[0]!,
      coder: 'ana',
      kind: 'label',
      labelIds: [p.single.labels[0]!.id],
    });
    const r = strongDisagreements(p.db(), p.single, currentHash(p.db(), p.single.id), 0.9);
    expect(r.rows).toEqual([]);
    expect(r.reason).toMatch(/./);
  });
});
