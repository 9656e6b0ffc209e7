// agreement.run on a real project file: three coders' decisions recorded through the contract as the
// app records them (a re-decision, an undo by one coder, skips, a skip after a label), the per-coder
// table checked against the table written out by hand, and alpha, percent agreement and a pairwise
// kappa checked against the stats module on that hand-made table and against a plain recomputation
// here (pairs within documents, not the coincidence matrix); the model as a coder (stale never); a
// reliability sample; a multi-label question.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { krippendorffAlpha, multiLabelAgreement } from '../stats';
import { storeRun } from '../coding/test-support/coding-fixture';
import { useEvaluationProjects } from '../evaluation/test-support/use-evaluation-projects';
import { currentHash, independentModel, storeSeededRun, type EvaluationProject } from '../evaluation/test-support/evaluation-project';

const evaluationProjects = useEvaluationProjects();
const project = (count: number) => evaluationProjects(count, 5);

const labelId = (p: EvaluationProject, q: 'single' | 'multi', name: string) => p[q].labels.find((l) => l.name === name)!.id;

async function decide(p: EvaluationProject, coder: string, doc: number, label: string | null, q: 'single' | 'multi' = 'single') {
  const labels = label === null ? [] : label.split('|').map((n) => labelId(p, q, n));
  await p.t.call('annotate.decide', {
    questionId: p[q].id,
    documentId: p.ids[doc - 1]!,
    coder,
    kind: label === null ? 'skip' : 'label',
    labelIds: labels,
  });
}

/** Plain nominal alpha: every ordered pair of values within a document, weighted 1/(m-1). */
function plainAlpha(table: (string | null)[][]): number {
  let disagree = 0;
  let pairs = 0;
  const all: string[] = [];
  for (const row of table) {
    const v = row.filter((x): x is string => x !== null);
    if (v.length < 2) continue;
    all.push(...v);
    for (let i = 0; i < v.length; i++)
      for (let j = 0; j < v.length; j++) {
        if (i === j) continue;
        pairs += 1 / (v.length - 1);
        if (v[i] !== v[j]) disagree += 1 / (v.length - 1);
      }
  }
  const n = all.length;
  let expectedPairs = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && all[i] !== all[j]) expectedPairs++;
  return 1 - disagree / pairs / (expectedPairs / (n * (n - 1)));
}

describe('agreement.run', () => {
  it("reads each coder's current decision from the log and reports the stats of that table", async () => {
    const p = await project(12);
    await decide(p, 'ana', 1, 'favor');
    await decide(p, 'ben', 1, 'favor');
    await decide(p, 'cem', 1, 'favor');
    await decide(p, 'ana', 2, 'against');
    await decide(p, 'ben', 2, 'against');
    await decide(p, 'cem', 2, 'none');
    await decide(p, 'ana', 3, 'none');
    await decide(p, 'ben', 3, 'favor');
    await decide(p, 'cem', 3, null); // a skip: no value
    await decide(p, 'ana', 4, 'favor');
    await decide(p, 'ben', 4, 'against');
    await p.t.call('annotate.undo', { questionId: p.single.id, coder: 'ben' }); // ben's "against" on 4 is undone
    await decide(p, 'ben', 4, 'favor');
    await decide(p, 'ana', 5, 'favor');
    await decide(p, 'cem', 5, 'against');
    await decide(p, 'ana', 5, 'against'); // a re-decision replaces ana's "favor"
    await decide(p, 'ana', 6, 'none'); // coded once
    await decide(p, 'cem', 7, null); // a skip only: no row
    await decide(p, 'ben', 8, 'none');
    await decide(p, 'ana', 8, 'against');
    await p.t.call('annotate.undo', { questionId: p.single.id, coder: 'ana' }); // ana's only decision on 8 is undone
    await decide(p, 'cem', 9, 'favor');
    await decide(p, 'ana', 9, 'favor');
    await decide(p, 'cem', 9, null); // a skip after a label: cem has no value on 9

    const r = await p.t.call('agreement.run', { questionId: p.single.id, seed: 3, replicates: 500 });
    const expected: (string | null)[][] = [
      ['favor', 'favor', 'favor'],
      ['against', 'against', 'none'],
      ['none', 'favor', null],
      ['favor', 'favor', null],
      ['against', null, 'against'],
      ['none', null, null],
      [null, 'none', null],
      ['favor', null, null],
    ];
    expect(r.table.coders).toEqual(['ana', 'ben', 'cem']);
    expect(r.table.documents.map((d) => d.externalId)).toEqual(['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd8', 'd9']);
    expect(r.table.values).toEqual(expected);
    expect(r.units).toBe(8);
    expect(r.codedByTwoOrMore).toBe(5);
    expect(r.coders).toEqual([
      { name: 'ana', model: false, coded: 7, labels: 7, notCodable: 0, skips: 0 },
      { name: 'ben', model: false, coded: 5, labels: 5, notCodable: 0, skips: 0 },
      { name: 'cem', model: false, coded: 3, labels: 3, notCodable: 0, skips: 3 },
    ]);
    // coding_state still keeps one decision per document (the latest of any coder): untouched.
    const state = p
      .db()
      .prepare('SELECT count(*) FROM coding_state WHERE question_id = ? AND annotation_id IS NOT NULL')
      .pluck()
      .get(p.single.id);
    expect(state).toBe(9);

    if (r.report.kind !== 'single') throw new Error('single-label report expected');
    const stats = krippendorffAlpha(expected, { level: 'nominal', categories: ['favor', 'against', 'none'] });
    expect(r.report.alpha.alpha).toBeCloseTo(stats.alpha!, 12);
    expect(r.report.alpha.alpha).toBeCloseTo(plainAlpha(expected), 12);
    expect(r.report.alpha.pairableValues).toBe(12);
    expect(r.report.alpha.unitsCodedOnce).toBe(3);
    expect(r.report.alpha.interval.replicates).toBeGreaterThan(400);
    expect(r.report.alphaOrdinal).toBeUndefined();
    expect(r.notes.join(' ')).toContain('not marked as ordered');
    // Percent agreement: the mean share of agreeing pairs over documents coded twice or more.
    const shares = [1, 1 / 3, 0, 1, 1];
    expect(r.report.percent.value).toBeCloseTo(shares.reduce((a, b) => a + b) / 5, 12);
    // Cohen's kappa of ana and ben on the 4 documents both coded: p_o = 3/4, p_e = (2*3 + 1*1)/16.
    const pair = r.report.matrix.pairs.find((x) => x.a === 'ana' && x.b === 'ben')!;
    expect(pair.n).toBe(4);
    expect(pair.kappa).toBeCloseTo((0.75 - 7 / 16) / (1 - 7 / 16), 12);

    // Marked as ordered in the codebook: ordinal alpha on the codebook order (favor < against < none).
    await p.t.call('codebook.set', {
      questions: p.codebook.questions.map((q) => ({
        id: q.id,
        name: q.name,
        multiLabel: q.multiLabel,
        ordered: q.id === p.single.id,
        labels: q.labels.map((l) => ({ id: l.id, name: l.name })),
      })),
    });
    const ordered = await p.t.call('agreement.run', { questionId: p.single.id, seed: 3, replicates: 500 });
    if (ordered.report.kind !== 'single') throw new Error('single-label report expected');
    const ordinal = krippendorffAlpha(expected, { level: 'ordinal', categories: ['favor', 'against', 'none'] });
    expect(ordered.report.alphaOrdinal!.alpha).toBeCloseTo(ordinal.alpha!, 12);
    expect(ordered.report.alpha.alpha).toBeCloseTo(stats.alpha!, 12);
    expect(ordered.report.matrix.pairs[0]!.weightedKappa).toBeDefined();
    expect(ordered.notes.join(' ')).toContain('ordinal alpha and weighted kappa use the codebook order');
  });

  it('adds the model as a coder from current predictions only, and restricts to a reliability sample', async () => {
    const p = await project(20);
    // An older model input on every document, then the current one on the first 12 only.
    storeRun(p.db(), p.codebook, 0, p.ids, () => [1, 0, 0], 7, 'b'.repeat(64));
    storeSeededRun(p, 0, 11, p.ids.slice(0, 12));
    const hash = currentHash(p.db(), p.single.id);
    const model = independentModel(
      p.db(),
      p.single.id,
      hash,
      p.single.labels.map((l) => l.id),
      false,
    );
    const sample = await p.t.call('samples.create', { questionId: p.single.id, seed: 4, size: 10 });
    const sampleIds = p
      .db()
      .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position')
      .pluck()
      .all(sample.id) as number[];
    const outside = p.ids.find((id) => !sampleIds.includes(id))!;
    const names = ['favor', 'against', 'none'];
    for (const [k, id] of [...sampleIds, outside].entries()) {
      const doc = p.ids.indexOf(id) + 1;
      await decide(p, 'ana', doc, names[k % 3]!);
      await decide(p, 'ben', doc, names[(k * 7) % 3]!);
    }
    const r = await p.t.call('agreement.run', { questionId: p.single.id, sampleId: sample.id, includeModel: true, replicates: 200 });
    expect(r.sample?.id).toBe(sample.id);
    expect(r.table.documents.map((d) => d.id)).toEqual(sampleIds);
    expect(r.table.coders).toEqual(['ana', 'ben', 'model']);
    const label = new Map(p.single.labels.map((l) => [l.id, l.name]));
    expect(r.table.values.map((row) => row[2])).toEqual(
      sampleIds.map((id) => (model.has(id) ? label.get(model.get(id)!.labels[0]!)! : null)),
    );
    const current = sampleIds.filter((id) => p.ids.indexOf(id) < 12).length;
    expect(r.model).toEqual({ coder: 'model', modelInputHash: hash, predicted: current, staleOnly: sampleIds.length - current });
    expect(r.coders.map((c) => [c.name, c.coded])).toEqual([
      ['ana', 10],
      ['ben', 10],
      ['model', current],
    ]);
    const plain = plainAlpha(r.table.values as (string | null)[][]);
    if (r.report.kind !== 'single') throw new Error('single-label report expected');
    expect(r.report.alpha.alpha).toBeCloseTo(plain, 12);
    // Without the sample: the eleven documents both coded, no model column.
    const all = await p.t.call('agreement.run', { questionId: p.single.id, replicates: 200 });
    expect(all.units).toBe(11);
    expect(all.model).toBeNull();
    expect(all.notes.join(' ')).toContain('not a reliability sample');
  });

  it('compares label sets with MASI for a multi-label question', async () => {
    const p = await project(6);
    const sets = [
      ['economy', 'economy'],
      ['economy|health', 'health'],
      ['climate', 'health|climate'],
      ['health', 'economy'],
      ['economy|climate', 'economy|climate'],
    ];
    for (const [k, [a, b]] of sets.entries()) {
      await decide(p, 'ana', k + 1, a!, 'multi');
      await decide(p, 'ben', k + 1, b!, 'multi');
    }
    const r = await p.t.call('agreement.run', { questionId: p.multi.id, replicates: 200 });
    const table = sets.map(([a, b]) => [a!.split('|'), b!.split('|')]);
    expect(r.table.values).toEqual(table);
    const direct = multiLabelAgreement(table, ['ana', 'ben'], ['economy', 'health', 'climate'], {
      bootstrap: { replicates: 200, seed: 1 },
    });
    if (r.report.kind !== 'multi') throw new Error('multi-label report expected');
    expect(r.report.alphaMasi.alpha).toBeCloseTo(direct.alphaMasi.alpha!, 12);
    expect(r.report.alphaMasi.interval).toEqual(direct.alphaMasi.interval);
    expect(r.report.perLabel.map((l) => l.alpha.alpha)).toEqual(direct.perLabel.map((l) => l.alpha.alpha));
  });

  it('counts a "not codable" decision in the log (from an older or merged copy) as no value', async () => {
    const p = await project(4);
    await decide(p, 'ana', 1, 'favor');
    await decide(p, 'ben', 1, 'favor');
    await decide(p, 'ana', 2, 'none');
    await decide(p, 'ben', 2, 'against');
    const ben = p.db().prepare("SELECT id FROM coders WHERE name = 'ben'").pluck().get() as string;
    p.db()
      .prepare(
        `INSERT INTO annotations (id, document_id, question_id, coder_id, kind, label_ids, created_at)
         VALUES (?, ?, ?, ?, 'not_codable', '[]', ?)`,
      )
      .run(randomUUID(), p.ids[1], p.single.id, ben, new Date(Date.now() + 60_000).toISOString());
    const r = await p.t.call('agreement.run', { questionId: p.single.id, replicates: 200 });
    expect(r.table.values).toEqual([
      ['favor', 'favor'],
      ['none', null],
    ]);
    expect(r.coders.find((c) => c.name === 'ben')).toMatchObject({ coded: 1, labels: 1, notCodable: 1, skips: 0 });
    expect(r.codedByTwoOrMore).toBe(1);
  });

  it('draws fewer bootstrap replicates where the documents would take long, and says so', async () => {
    const p = await project(700);
    const names = ['favor', 'against', 'none'];
    for (let d = 1; d <= 700; d++) {
      await decide(p, 'ana', d, names[d % 3]!);
      await decide(p, 'ben', d, names[(d * d) % 3]!);
    }
    const r = await p.t.call('agreement.run', { questionId: p.single.id, replicates: 20_000 });
    // 50,000,000 / (700 documents x 4 alphas: nominal and one per label).
    expect(r.bootstrap.replicates).toBe(17_857);
    if (r.report.kind !== 'single') throw new Error('single-label report expected');
    expect(r.report.alpha.interval.replicates).toBe(17_857);
    expect(r.notes).toContain('17857 bootstrap replicates instead of 20000: the budget for 700 documents and 4 alphas.');
  });

  it('names the problem when nobody has coded the question', async () => {
    const p = await project(3);
    const r = await p.t.raw('agreement.run', { questionId: p.single.id });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(JSON.stringify(r)).toContain('No coder has decided a document of \\"Stance\\" yet');
  });
});
