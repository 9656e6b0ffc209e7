// evaluation.run's truth and its checks (review of issue 13): whose decisions are the truth (coders
// with counts, a warning when several coders decided a document, one coder's decisions on request),
// one-line errors for an unknown breakdown column and for gold that does not exist, a many-valued
// breakdown capped at its 20 largest values plus one "other values" row, and anchoring's blind row as
// the model's current accuracy on the blind sample (the table's own number and interval against
// that sample; it survives a re-run under a new model input, which leaves the shown decisions stale).
import { describe, expect, it } from 'vitest';
import { MANIFEST_BOOTSTRAP, manifestValidation } from '../export/manifest-validation';
import { mulberry32 } from '../seeded-random';
import { wilsonInterval } from '../stats';
import { useEvaluationProjects } from './test-support/use-evaluation-projects';
import { currentHash, independentModel, shownSuggestion, storeSeededRun, type EvaluationProject } from './test-support/evaluation-project';

const project = useEvaluationProjects();

const labelIds = (p: EvaluationProject) => p.single.labels.map((l) => l.id);

async function decide(p: EvaluationProject, coder: string, docs: number[], seed: number, sampleId?: string) {
  const rng = mulberry32(seed);
  for (const d of docs)
    await p.t.call('annotate.decide', {
      questionId: p.single.id,
      documentId: d,
      coder,
      kind: 'label',
      labelIds: [labelIds(p)[Math.floor(rng() * 3)]!],
      ...(sampleId ? { sampleId } : {}),
    });
}

/** A coder's latest label per document, read with plain SQL from the log (no undo in these tests). */
function coderLabels(p: EvaluationProject, coder: string): Map<number, string> {
  const rows = p
    .db()
    .prepare(
      `SELECT a.document_id AS d, a.label_ids AS l FROM annotations a JOIN coders c ON c.id = a.coder_id
       WHERE c.name = ? AND a.kind = 'label' ORDER BY a.created_at, a.rowid`,
    )
    .all(coder) as Array<{ d: number; l: string }>;
  return new Map(rows.map((r) => [r.d, (JSON.parse(r.l) as string[])[0]!]));
}

describe('whose decisions are the truth', () => {
  it('names the coders with counts, warns about documents two coders decided, and takes one coder on request', async () => {
    const p = await project(60, 3);
    storeSeededRun(p, 0, 4);
    await decide(p, 'alice', p.ids.slice(0, 40), 1);
    await decide(p, 'carol', p.ids.slice(30, 50), 2);
    const r = await p.t.call('evaluation.run', { questionId: p.single.id });
    // carol decided 30..49 last: she gives 20 truths, alice the other 30; 10 documents have both.
    expect(r.truthCoders).toEqual({
      coder: null,
      coders: [
        { name: 'alice', documents: 30 },
        { name: 'carol', documents: 20 },
      ],
      multiCoder: 10,
    });
    expect(r.warnings.join('\n')).toMatch(
      /10 of these documents were decided by more than one coder \(alice, carol\); the project's current label counts/,
    );

    const alice = await p.t.call('evaluation.run', { questionId: p.single.id, coder: 'alice' });
    expect(alice.truthCoders).toEqual({ coder: 'alice', coders: [{ name: 'alice', documents: 40 }], multiCoder: 0 });
    expect(alice.warnings.join('\n')).not.toMatch(/more than one coder/);
    // Her accuracy from her own labels and the model's, computed here.
    const truth = coderLabels(p, 'alice');
    const model = independentModel(p.db(), p.single.id, currentHash(p.db(), p.single.id), labelIds(p), false);
    const right = [...truth].filter(([d, l]) => model.get(d)!.labels[0] === l).length;
    const m = alice.metrics!;
    if (m.kind !== 'single') throw new Error('single-label expected');
    expect([m.n, m.accuracy]).toEqual([40, right / 40]);

    await expect(p.t.call('evaluation.run', { questionId: p.single.id, coder: 'dave' })).rejects.toThrow(
      /No coder named "dave" has decisions in "Stance"\. Its coders: "alice", "carol"\./,
    );
    await expect(p.t.call('evaluation.run', { questionId: p.single.id, against: 'gold', coder: 'alice' })).rejects.toThrow(
      /gold labels have no coder/,
    );
  });

  it('in a blind sample: the coders, the documents two of them coded, and one coder alone', async () => {
    const p = await project(80, 5);
    storeSeededRun(p, 0, 6);
    const sample = await p.t.call('samples.create', { questionId: p.single.id, seed: 2, size: 20 });
    const docs = p
      .db()
      .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position')
      .pluck()
      .all(sample.id) as number[];
    await decide(p, 'alice', docs, 7, sample.id);
    await decide(p, 'carol', docs.slice(0, 6), 8, sample.id);
    const r = await p.t.call('evaluation.run', { questionId: p.single.id, against: 'sample' });
    expect(r.truthCoders).toEqual({
      coder: null,
      coders: [
        { name: 'alice', documents: 14 },
        { name: 'carol', documents: 6 },
      ],
      multiCoder: 6,
    });
    const alice = await p.t.call('evaluation.run', { questionId: p.single.id, against: 'sample', coder: 'alice' });
    expect(alice.documents.used).toBe(20);
    expect(alice.truthCoders!.coders).toEqual([{ name: 'alice', documents: 20 }]);
  });
});

describe('one-line errors', () => {
  it('an unknown breakdown column names the columns that exist', async () => {
    const p = await project(20, 1);
    storeSeededRun(p, 0, 1);
    await expect(p.t.call('evaluation.run', { questionId: p.single.id, groupBy: 'meta_labels' })).rejects.toThrow(
      /There is no metadata column "meta_labels" to break the numbers down by\. The columns: "lang", "stance"\./,
    );
  });

  it('a breakdown column whose name holds a double quote is refused in one line (was INTERNAL: bad JSON path)', async () => {
    const p = await project(20, 1);
    storeSeededRun(p, 0, 1);
    await expect(p.t.call('evaluation.run', { questionId: p.single.id, groupBy: 'T0{rm79"' })).rejects.toThrow(
      /^The numbers cannot be broken down by a column whose name holds a double quote or a backslash \(T0\{rm79"\): rename the column when importing\.$/,
    );
  });

  it('against gold in a project without gold says the question has no gold labels', async () => {
    const p = await project(20, 1, 1000);
    storeSeededRun(p, 0, 1);
    await expect(p.t.call('evaluation.run', { questionId: p.single.id, against: 'gold' })).rejects.toThrow(/"Stance" has no gold labels/);
  });
});

describe('a breakdown by a many-valued column', () => {
  it('keeps the 20 values with the most units and folds the rest into "(other values)", with a note', async () => {
    // 130 documents, 30 batches: b1..b10 have 5 units, b0 and b11..b29 have 4.
    const p = await project(130, 9, 1, 30);
    storeSeededRun(p, 0, 2);
    const r = await p.t.call('evaluation.run', { questionId: p.single.id, against: 'gold', groupBy: 'batch' });
    const units = new Map<string, number>();
    for (let i = 1; i <= 130; i++) units.set(`b${i % 30}`, (units.get(`b${i % 30}`) ?? 0) + 1);
    const kept = [...units].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 20);
    const keptNames = new Set(kept.map(([v]) => v));
    const otherUnits = 130 - kept.reduce((a, [, n]) => a + n, 0);
    expect(r.groups!.rows.map((g) => g.group).sort()).toEqual([...keptNames, '(other values)'].sort());
    expect(r.groups!.rows.find((g) => g.group === '(other values)')!.n).toBe(otherUnits);
    expect(r.groups!.rows.reduce((a, g) => a + g.n, 0)).toBe(130);
    expect(r.prevalence!.groups!.map((g) => [g.group, g.corpusN]).sort()).toEqual([...kept, ['(other values)', otherUnits]].sort());
    expect(r.groups!.note).toBe(
      `"batch" has 30 values: the breakdown shows the 20 with the most units and one row "(other values)" for the other 10 (${otherUnits} units).`,
    );
    expect(r.warnings).toContain(r.groups!.note);
    const few = await p.t.call('evaluation.run', { questionId: p.single.id, against: 'gold', groupBy: 'lang' });
    expect([few.groups!.rows.length, few.groups!.note]).toEqual([3, null]);
  });
});

describe('anchoring', () => {
  it("the blind row is the model's current accuracy on the blind sample, the table's number against it; the hidden row leaves blind decisions out; a re-run keeps it and counts the stale shown decisions", async () => {
    const p = await project(120, 21);
    storeSeededRun(p, 0, 6);
    const sample = await p.t.call('samples.create', { questionId: p.single.id, seed: 4, size: 30 });
    const docs = p
      .db()
      .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position')
      .pluck()
      .all(sample.id) as number[];
    await decide(p, 'ben', docs, 12, sample.id);
    const hash = currentHash(p.db(), p.single.id);
    const others = p.ids.filter((d) => !docs.includes(d)).slice(0, 25);
    for (const d of others) {
      const s = shownSuggestion(p.db(), p.single.id, hash, labelIds(p), false, d)!;
      await p.t.call('annotate.decide', {
        questionId: p.single.id,
        documentId: d,
        coder: 'ana',
        kind: 'label',
        labelIds: s.labelIds,
        suggestion: s,
      });
    }
    const onSample = await p.t.call('evaluation.run', { questionId: p.single.id, against: 'sample' });
    const m = onSample.metrics!;
    if (m.kind !== 'single') throw new Error('single-label expected');
    const a = onSample.anchoring!;
    expect(a.blind).toMatchObject({
      decisions: 30,
      share: m.accuracy,
      lower: m.intervals.accuracy.lower,
      upper: m.intervals.accuracy.upper,
    });
    expect(a.blind).toMatchObject({ sameAsTable: true, interval: 'bootstrap', sampleId: sample.id });
    expect(a.hidden.decisions).toBe(0);
    expect(a.shown).toMatchObject({ decisions: 25, agreed: 25 });

    const onHuman = await p.t.call('evaluation.run', { questionId: p.single.id, against: 'human' });
    const ben = coderLabels(p, 'ben');
    const model = independentModel(p.db(), p.single.id, hash, labelIds(p), false);
    const right = docs.filter((d) => model.get(d)!.labels[0] === ben.get(d)).length;
    const w = wilsonInterval(right, 30);
    expect(onHuman.anchoring!.blind).toMatchObject({
      decisions: 30,
      agreed: right,
      share: w.estimate,
      lower: w.lower,
      sameAsTable: false,
      interval: 'wilson',
    });

    // A new template and a re-run of every document: the shown decisions are stale, the blind row stays.
    const changed = await p.t.call('codebook.set', {
      questions: p.codebook.questions.map((q, i) => ({ ...q, template: i === 0 ? 'The stance is {}.' : q.template })),
    });
    storeSeededRun(p, 0, 77, p.ids, changed);
    const after = await p.t.call('evaluation.run', { questionId: p.single.id, against: 'human' });
    const newModel = independentModel(p.db(), p.single.id, after.model.modelInputHash, labelIds(p), false);
    expect(after.anchoring!.shown.decisions).toBe(0);
    expect(after.anchoring!.staleLeftOut).toBe(25);
    expect(after.anchoring!.blind.agreed).toBe(docs.filter((d) => newModel.get(d)!.labels[0] === ben.get(d)).length);
    expect(after.anchoring!.blind.decisions).toBe(30);
    expect(after.anchoring!.notes.join(' ')).toMatch(/25 decisions were made with a suggestion of an older model input/);
  });
});

describe('one interval per number', () => {
  it("an export's manifest draws the same bootstrap as the screen's evaluation, so its intervals are the screen's", async () => {
    const p = await project(40, 2);
    storeSeededRun(p, 0, 3);
    const screen = await p.t.call('evaluation.run', { questionId: p.single.id, against: 'gold' });
    expect({ replicates: screen.bootstrap.replicates, seed: screen.bootstrap.seed }).toEqual(MANIFEST_BOOTSTRAP);
    const entry = manifestValidation(p.db(), p.codebook.questions[0]!, currentHash(p.db(), p.single.id)).entries.find(
      (e) => e.against === 'gold',
    )!;
    const m = screen.metrics!;
    if (m.kind !== 'single') throw new Error('single-label expected');
    expect(JSON.stringify(entry)).toContain(JSON.stringify(m.intervals.accuracy.lower));
  });
});
