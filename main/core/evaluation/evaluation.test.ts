// evaluation.run on real project files: every number against main/core/stats called here on arrays
// read with plain SQL (the model's labels computed from the raw logits by the test), a hand-computed
// case, stale predictions left out, the warning for documents that were not drawn at random.
import { describe, expect, it } from 'vitest';
import type { EvaluationResult } from '../../../common/contract';
import {
  bootstrapClassification,
  bootstrapMultiLabel,
  classificationByGroup,
  classificationReport,
  labelPrevalence,
  multiLabelReport,
  reliabilityDiagram,
  scoreHistogram,
} from '../stats';
import { mulberry32 } from '../seeded-random';
import { useEvaluationProjects } from './test-support/use-evaluation-projects';
import {
  currentHash,
  independentModel,
  shownSuggestion,
  storeSeededRun,
  STANCE,
  TOPICS,
  type EvaluationProject,
} from './test-support/evaluation-project';

const project = useEvaluationProjects();

const name = (p: EvaluationProject, q: 0 | 1) => new Map(p.codebook.questions[q]!.labels.map((l) => [l.id, l.name]));
const ids = (p: EvaluationProject, q: 0 | 1) => p.codebook.questions[q]!.labels.map((l) => l.id);

/** Human labels: the model's label 70% of the time (seeded), else another. */
async function code(p: EvaluationProject, docs: number[], seed: number, shown: boolean, q: 0 | 1 = 0) {
  const rng = mulberry32(seed);
  const question = p.codebook.questions[q]!;
  const hash = currentHash(p.db(), question.id);
  const model = independentModel(p.db(), question.id, hash, ids(p, q), q === 1);
  for (const d of docs) {
    const m = model.get(d)!;
    let labelIds: string[];
    if (q === 0) labelIds = rng() < 0.7 ? m.labels : [ids(p, 0)[Math.floor(rng() * 3)]!];
    else {
      labelIds = ids(p, 1).filter((id) => (m.labels.includes(id) ? rng() < 0.8 : rng() < 0.2));
      if (labelIds.length === 0) labelIds = [ids(p, 1)[Math.floor(rng() * 3)]!];
    }
    await p.t.call('annotate.decide', {
      questionId: question.id,
      documentId: d,
      coder: 'ana',
      kind: 'label',
      labelIds,
      suggestion: shown ? shownSuggestion(p.db(), question.id, hash, ids(p, q), q === 1, d) : null,
    });
  }
}

/** Truth of every current label decision, read with plain SQL. */
function sqlTruth(p: EvaluationProject, questionId: string): Map<number, string[]> {
  const rows = p
    .db()
    .prepare("SELECT document_id AS d, label_ids AS l FROM coding_state WHERE question_id = ? AND kind = 'label'")
    .all(questionId) as Array<{ d: number; l: string }>;
  return new Map(rows.map((r) => [r.d, JSON.parse(r.l) as string[]]));
}

const close = (a: number | null | undefined, b: number | null | undefined) => {
  if (a === null || a === undefined || b === null || b === undefined) expect(a ?? null).toBe(b ?? null);
  else expect(a).toBeCloseTo(b, 12);
};

describe('evaluation.run against every coded document (single-label)', () => {
  it('names every number the stats module gives on the raw arrays', async () => {
    const p = await project(90, 11);
    storeSeededRun(p, 0, 5);
    await code(p, p.ids.slice(0, 60), 3, true);
    const r = await p.t.call('evaluation.run', {
      questionId: p.single.id,
      against: 'human',
      groupBy: 'lang',
      bootstrap: { replicates: 500, seed: 9 },
    });

    const hash = currentHash(p.db(), p.single.id);
    const model = independentModel(p.db(), p.single.id, hash, ids(p, 0), false);
    const truth = sqlTruth(p, p.single.id);
    const names = name(p, 0);
    const docs = [...truth.keys()].sort((a, b) => a - b);
    const t = docs.map((d) => names.get(truth.get(d)![0]!)!);
    const m = docs.map((d) => names.get(model.get(d)!.labels[0]!)!);
    const report = classificationReport(t, m, STANCE);
    const boot = bootstrapClassification(t, m, STANCE, { replicates: 500, seed: 9 });
    expect(r.documents).toMatchObject({ withTruth: 60, used: 60, dropped: { noCurrentPrediction: 0, staleOnly: 0 } });
    const x = r.metrics!;
    if (x.kind !== 'single') throw new Error('single-label expected');
    expect(x.n).toBe(60);
    close(x.accuracy, report.accuracy);
    close(x.macro.f1, report.macro.f1);
    close(x.weighted.f1, report.weighted.f1);
    close(x.kappa, report.kappa);
    expect(x.confusion.counts).toEqual(report.confusion.counts);
    expect(x.confusion.rowShares).toEqual(report.confusion.rowShares);
    x.perLabel.forEach((l, i) => {
      const e = report.perLabel[i]!;
      expect([l.label, l.support, l.predicted]).toEqual([e.label, e.support, e.predicted]);
      close(l.precision, e.precision);
      close(l.recall, e.recall);
      close(l.f1, e.f1);
      expect(l.intervals.f1).toMatchObject({ lower: boot.perLabel[i]!.f1.lower, upper: boot.perLabel[i]!.f1.upper });
    });
    for (const k of ['accuracy', 'macroF1', 'weightedF1', 'kappa'] as const)
      expect(x.intervals[k]).toEqual({ ...boot[k], confidence: 0.95 });

    const rel = reliabilityDiagram(
      docs.map((d) => model.get(d)!.top),
      docs.map((d, i) => t[i] === names.get(model.get(d)!.labels[0]!)),
    );
    close(r.calibration!.ece, rel.ece);
    expect(r.calibration!.bins.map((b) => b.count)).toEqual(rel.bins.map((b) => b.count));
    const right = docs.filter((_, i) => t[i] === m[i]).map((d) => model.get(d)!.top);
    expect(r.scores.used!.right).toEqual(scoreHistogram(right, { bins: 20 }));
    expect(r.scores.corpus.map((b) => b.count)).toEqual(
      scoreHistogram(
        [...model.values()].map((v) => v.top),
        { bins: 20 },
      ).map((b) => b.count),
    );

    const lang = new Map(
      (p.db().prepare("SELECT id, json_extract(metadata, '$.lang') AS l FROM documents").all() as Array<{ id: number; l: string }>).map(
        (x) => [x.id, x.l],
      ),
    );
    const groups = classificationByGroup(
      t,
      m,
      docs.map((d) => lang.get(d)!),
      STANCE,
    );
    expect(r.groups!.rows.map((g) => [g.group, g.n])).toEqual(groups.map((g) => [g.group, g.n]));
    r.groups!.rows.forEach((g, i) => close(g.accuracy!.estimate, groups[i]!.report!.accuracy));

    const counts: Record<string, number> = {};
    for (const v of model.values()) counts[names.get(v.labels[0]!)!] = (counts[names.get(v.labels[0]!)!] ?? 0) + 1;
    const prev = labelPrevalence({
      labels: STANCE,
      corpusN: 90,
      corpusCounts: counts,
      sample: docs.map((_, i) => ({ model: m[i]!, human: t[i]! })),
    });
    r.prevalence!.labels.forEach((l, i) => {
      expect(l.naive).toEqual(prev[i]!.naive);
      expect(l.human).toEqual(prev[i]!.human);
      expect(l.ppi).toEqual(prev[i]!.ppi);
    });
    // Ordinary coding is no random sample: said, for the numbers and for prevalence.
    expect(r.source.random).toBe(false);
    expect(r.warnings.join(' ')).toMatch(/not drawn at random/);
    expect(r.warnings.join(' ')).toMatch(/Prevalence: .* not valid/);
    // Anchoring: every decision was made with the suggestion shown.
    expect(r.anchoring!.shown.decisions).toBe(60);
    expect(r.anchoring!.shown.agreed).toBe(docs.filter((_, i) => t[i] === m[i]).length);
  });

  it('a hand-computed case: 2 of 3 right, kappa 0.4', async () => {
    const p = await project(3, 1);
    // Logits: documents 1 and 2 favor, document 3 against.
    const { storeRun } = await import('../coding/test-support/coding-fixture');
    storeRun(p.db(), p.codebook, 0, p.ids, (d) => (d === p.ids[2] ? [0, 2, 0] : [2, 0, 0]));
    const [favor, against] = ids(p, 0);
    for (const [d, l] of [
      [p.ids[0]!, favor!],
      [p.ids[1]!, against!],
      [p.ids[2]!, against!],
    ] as const)
      await p.t.call('annotate.decide', { questionId: p.single.id, documentId: d, coder: 'ana', kind: 'label', labelIds: [l] });
    const r = await p.t.call('evaluation.run', { questionId: p.single.id });
    const x = r.metrics as Extract<EvaluationResult['metrics'], { kind: 'single' }>;
    expect(x.accuracy).toBeCloseTo(2 / 3, 15);
    // Truth favor, against, against; model favor, favor, against: p_o = 2/3, p_e = (1*2 + 2*1)/9 = 4/9, kappa = (2/3 - 4/9)/(5/9) = 0.4.
    expect(x.kappa).toBeCloseTo(0.4, 15);
    expect(x.confusion.counts).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [0, 0, 0],
    ]);
    // favor: precision 1/2, recall 1; against: precision 1, recall 1/2; none: undefined.
    expect(x.perLabel.map((l) => [l.precision, l.recall])).toEqual([
      [0.5, 1],
      [1, 0.5],
      [0, 0],
    ]);
    expect(x.perLabel[2]!.undefined).toEqual(['precision', 'recall', 'f1']);
  });
});

describe('stale predictions', () => {
  it('are never mixed in: a template change leaves only the new run, the rest dropped and counted', async () => {
    const p = await project(30, 2);
    storeSeededRun(p, 0, 1);
    await code(p, p.ids.slice(0, 20), 4, false);
    const before = await p.t.call('evaluation.run', { questionId: p.single.id });
    expect(before.documents.used).toBe(20);
    // A new template: every prediction so far is stale; a new run scores 12 documents (8 of them coded).
    const changed = await p.t.call('codebook.set', {
      questions: p.codebook.questions.map((q, i) => ({ ...q, template: i === 0 ? 'The stance is {}.' : q.template })),
    });
    storeSeededRun(p, 0, 77, [...p.ids.slice(12, 24)], changed);
    const r = await p.t.call('evaluation.run', { questionId: p.single.id });
    expect(r.model.modelInputHash).not.toBe(before.model.modelInputHash);
    expect(r.documents).toMatchObject({ withTruth: 20, used: 8, dropped: { noCurrentPrediction: 12, staleOnly: 12 } });
    expect(r.corpus).toMatchObject({ units: 30, withCurrentPrediction: 12, withoutCurrentPrediction: 18, staleOnly: 18 });
    expect(r.warnings.join(' ')).toMatch(/12 of 20 documents .* no current prediction .*12 have only stale/);
    const model = independentModel(p.db(), p.single.id, r.model.modelInputHash, ids(p, 0), false);
    expect([...model.keys()].sort((a, b) => a - b)).toEqual(p.ids.slice(12, 24));
    expect(r.metrics!.n).toBe(8);
  });
});

describe('evaluation.run against gold and against a blind sample', () => {
  it('gold: every unit with a gold value, random only when every unit has one', async () => {
    const p = await project(40, 8, 2);
    storeSeededRun(p, 0, 3);
    const r = await p.t.call('evaluation.run', { questionId: p.single.id, against: 'gold' });
    expect(r.documents.withTruth).toBe(20);
    expect(r.source.random).toBe(false);
    expect(r.warnings.join(' ')).toMatch(/Gold labels cover 20 of 40 units/);
    const gold = p.db().prepare('SELECT id, gold_label AS g FROM documents WHERE gold_label IS NOT NULL ORDER BY id').all() as Array<{
      id: number;
      g: string;
    }>;
    const model = independentModel(p.db(), p.single.id, r.model.modelInputHash, ids(p, 0), false);
    const names = name(p, 0);
    const report = classificationReport(
      gold.map((g) => g.g),
      gold.map((g) => names.get(model.get(g.id)!.labels[0]!)!),
      STANCE,
    );
    close(r.metrics!.kind === 'single' ? r.metrics!.accuracy : null, report.accuracy);
  });

  it('sample: a blind random sample is random, its PPI matches the stats module; anchoring compares shown and blind', async () => {
    const p = await project(120, 21);
    storeSeededRun(p, 0, 6);
    const sample = await p.t.call('samples.create', { questionId: p.single.id, seed: 4, size: 30 });
    const docs = p
      .db()
      .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position')
      .pluck()
      .all(sample.id) as number[];
    const rng = mulberry32(12);
    for (const d of docs)
      await p.t.call('annotate.decide', {
        questionId: p.single.id,
        documentId: d,
        coder: 'ben',
        kind: 'label',
        labelIds: [ids(p, 0)[Math.floor(rng() * 3)]!],
        sampleId: sample.id,
      });
    const others = p.ids.filter((d) => !docs.includes(d)).slice(0, 25);
    await code(p, others, 5, true);
    const r = await p.t.call('evaluation.run', { questionId: p.single.id, against: 'sample' });
    expect(r.source).toMatchObject({ against: 'sample', random: true, sample: { id: sample.id, size: 30, seed: 4 } });
    expect(r.documents.used).toBe(30);
    expect(r.warnings.join(' ')).not.toMatch(/not drawn at random/);
    const names = name(p, 0);
    const model = independentModel(p.db(), p.single.id, r.model.modelInputHash, ids(p, 0), false);
    const truth = new Map(
      (
        p
          .db()
          .prepare("SELECT document_id AS d, label_ids AS l FROM annotations WHERE sample_id = ? AND kind = 'label'")
          .all(sample.id) as Array<{ d: number; l: string }>
      ).map((x) => [x.d, names.get((JSON.parse(x.l) as string[])[0]!)!]),
    );
    const sorted = [...truth.keys()].sort((a, b) => a - b);
    const counts: Record<string, number> = {};
    for (const v of model.values()) counts[names.get(v.labels[0]!)!] = (counts[names.get(v.labels[0]!)!] ?? 0) + 1;
    const input = {
      labels: STANCE,
      corpusN: 120,
      corpusCounts: counts,
      sample: sorted.map((d) => ({ model: names.get(model.get(d)!.labels[0]!)!, human: truth.get(d)! })),
    };
    const plain = labelPrevalence(input);
    const tuned = labelPrevalence(input, { powerTuning: true });
    r.prevalence!.labels.forEach((l, i) => {
      expect(l.ppi).toEqual(plain[i]!.ppi);
      expect(l.ppiPlusPlus).toEqual(tuned[i]!.ppi);
      expect(l.naive.estimate).toBe(counts[l.label]! / 120);
    });
    // Anchoring: 25 shown decisions, 30 blind ones (the suggestion recorded hidden at decision time).
    expect(r.anchoring!.shown.decisions).toBe(25);
    expect(r.anchoring!.blind.decisions).toBe(30);
    const blindRight = sorted.filter((d) => names.get(model.get(d)!.labels[0]!) === truth.get(d)).length;
    expect(r.anchoring!.blind.agreed).toBe(blindRight);
  });
});

describe('multi-label', () => {
  it('per-label binary metrics, micro/macro F1, subset accuracy, Hamming loss and thresholds as the stats module', async () => {
    const p = await project(50, 13);
    storeSeededRun(p, 1, 8);
    await code(p, p.ids.slice(0, 40), 2, true, 1);
    const r = await p.t.call('evaluation.run', { questionId: p.multi.id, bootstrap: { replicates: 300, seed: 2 } });
    const hash = currentHash(p.db(), p.multi.id);
    const model = independentModel(p.db(), p.multi.id, hash, ids(p, 1), true);
    const truth = sqlTruth(p, p.multi.id);
    const names = name(p, 1);
    const docs = [...truth.keys()].sort((a, b) => a - b);
    const t = docs.map((d) => truth.get(d)!.map((id) => names.get(id)!));
    const m = docs.map((d) => model.get(d)!.labels.map((id) => names.get(id)!));
    const report = multiLabelReport(t, m, TOPICS);
    const boot = bootstrapMultiLabel(t, m, TOPICS, { replicates: 300, seed: 2 });
    const x = r.metrics!;
    if (x.kind !== 'multi') throw new Error('multi-label expected');
    close(x.micro.f1, report.micro.f1);
    close(x.macro.f1, report.macro.f1);
    close(x.subsetAccuracy, report.subsetAccuracy);
    close(x.hammingLoss, report.hammingLoss);
    expect(x.thresholds).toEqual(TOPICS.map((label) => ({ label, threshold: 0.5 })));
    expect(x.intervals.microF1).toEqual({ ...boot.microF1, confidence: 0.95 });
    x.perLabel.forEach((l, i) =>
      expect([l.precision, l.recall, l.support]).toEqual([
        report.perLabel[i]!.precision,
        report.perLabel[i]!.recall,
        report.perLabel[i]!.support,
      ]),
    );
    // Calibration over every (document, label) decision: confidence max(s, 1 - s).
    const conf: number[] = [];
    const right: boolean[] = [];
    docs.forEach((d, i) =>
      TOPICS.forEach((label, k) => {
        const s = model.get(d)!.scores[k]!;
        conf.push(Math.max(s, 1 - s));
        right.push(s >= 0.5 === t[i]!.includes(label));
      }),
    );
    close(r.calibration!.ece, reliabilityDiagram(conf, right).ece);
    // The corpus counts of each label, over all 50 documents.
    r.prevalence!.labels.forEach((l, k) =>
      expect(l.naive.estimate).toBe([...model.values()].filter((v) => v.scores[k]! >= 0.5).length / 50),
    );
  });
});
