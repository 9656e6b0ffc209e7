// Validation samples (issue 13, item 2): the size from the precision wanted, a seeded draw that is
// the same every time (simple and stratified), stored in the project file, coded in its own blind
// queue whose decisions record that they were blind, with the suggestion of that moment hidden.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../test-support/corpora';
import { makeTestCore } from '../test-support/test-core';
import { useTempDir } from '../test-support/temp-dir';
import { split, speechProject } from '../segments/test-support/segment-project';
import { allocate } from './samples';
import { codingProject, storeRun } from './test-support/coding-fixture';

const tmp = useTempDir();
const STANCE = { name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }] };

describe('validation sample size', () => {
  it("is Cochran's n0 = z^2 p (1 - p) / e^2 with the finite population correction, the formula shown with its numbers", async () => {
    const p = await codingProject(tmp(), 1000, [STANCE]);
    const plan = await p.t.call('samples.size', { expected: 0.8, margin: 0.05, confidence: 0.95 });
    if (plan.kind === 'reliability') throw new Error('a validation sample was asked for');
    // By hand: z = 1.959964; n0 = 1.959964^2 * 0.8 * 0.2 / 0.05^2 = 245.85; n = 245.85 / (1 + 244.85 / 1000) = 197.50 -> 198.
    expect(plan.z).toBeCloseTo(1.959964, 6);
    expect(plan.n0).toBeCloseTo(245.8531, 3);
    expect(plan.nCorrected).toBeCloseTo(197.4958, 3);
    expect(plan).toMatchObject({ n: 198, population: 1000 });
    expect(plan.text).toContain('1.960^2 * 0.80 * 0.20 / 0.050^2 = 245.9');
    expect(plan.text).toContain('245.9 / (1 + 244.9 / 1000) = 197.5');
    expect(plan.text).toContain('sample size 198 documents');
    // The most cautious p = 0.5 and 99%: z = 2.575829, n0 = 663.49, n = 663.49 / (1 + 662.49 / 1000) = 399.1 -> 400.
    expect(await p.t.call('samples.size', { expected: 0.5, margin: 0.05, confidence: 0.99 })).toMatchObject({ n: 400 });
    await p.t.core.shutdown();
  });

  it('allocates proportionally with largest remainders, summing to n', () => {
    expect(
      allocate(
        [
          { value: 'a', population: 707 },
          { value: 'b', population: 295 },
          { value: 'c', population: 285 },
        ],
        100,
      ),
    ).toEqual([55, 23, 22]);
    expect(
      allocate(
        [
          { value: 'a', population: 1 },
          { value: 'b', population: 1 },
          { value: 'c', population: 1 },
        ],
        2,
      ),
    ).toEqual([1, 1, 0]);
    // Every stratum at least 1 where n allows it, taken from the stratum most over its exact share:
    // exact 99, 0.7, 0.3 -> proportional 99, 1, 0 -> 98, 1, 1.
    expect(
      allocate(
        [
          { value: 'a', population: 990 },
          { value: 'b', population: 7 },
          { value: 'c', population: 3 },
        ],
        100,
      ),
    ).toEqual([98, 1, 1]);
  });
});

describe('a stratified sample', () => {
  async function metaProject(rows: number, valueOf: (i: number) => string) {
    const t = makeTestCore(tmp());
    await t.call('project.create', { name: 'm', path: join(tmp(), 'm.prelabel') });
    const csv = join(tmp(), 'meta.csv');
    writeFileSync(csv, ['id,text,bigmeta', ...Array.from({ length: rows }, (_, i) => `d${i},"Text ${i}",${valueOf(i)}`)].join('\n') + '\n');
    const started = await t.call('import.start', {
      source: { kind: 'path', path: csv },
      mapping: { textColumns: ['text'], idColumn: 'id' },
    });
    expect((await t.waitForJob(started.jobId)).status).toBe('done');
    const codebook = await t.call('codebook.set', { questions: [STANCE] });
    return { t, q: codebook.questions[0]! };
  }

  it('is refused by a column with more values than the sample can give 2 documents each, in one line, and nothing is stored', async () => {
    const { t, q } = await metaProject(1200, (i) => `v${i % 1000}`);
    await expect(t.call('samples.create', { questionId: q.id, seed: 1, size: 205, stratifyBy: 'bigmeta' })).rejects.toThrow(
      'Cannot stratify by "bigmeta": it has 1000 values, and a sample of 205 gives each at least 2 documents only with at most 102 values; draw at least 2000 documents, choose another column, or draw without strata.',
    );
    expect(await t.call('samples.list', { questionId: q.id })).toEqual([]);
    await t.core.shutdown();
  });

  it('gives every stratum at least one draw, and states the inclusion probabilities it has', async () => {
    // 1,000 documents: 'rare' has 3, 'few' 7, the rest 990; n = 100: proportional 99, 1, 0 -> 98, 1, 1.
    const { t, q } = await metaProject(1000, (i) => (i < 3 ? 'rare' : i < 10 ? 'few' : 'most'));
    const s = await t.call('samples.create', { questionId: q.id, seed: 3, size: 100, stratifyBy: 'bigmeta' });
    expect(s.strata).toEqual([
      { value: 'few', population: 7, size: 1 },
      { value: 'most', population: 990, size: 98 },
      { value: 'rare', population: 3, size: 1 },
    ]);
    // Inclusion probabilities by stratum: 98/990 (most), 1/7 (few), 1/3 (rare); n/N = 100/1000.
    expect(s.inclusion).toEqual({ min: 98 / 990, max: 1 / 3, overall: 0.1 });
    await t.core.shutdown();
  });
});

describe('a validation sample', () => {
  it('is drawn by seed: the same seed draws the same documents in the same order, stored in the project file', async () => {
    const p = await codingProject(tmp(), 500, [STANCE]);
    const q = p.codebook.questions[0]!;
    const a = await p.t.call('samples.create', { questionId: q.id, seed: 42, size: 60, sizing: { expected: 0.9, margin: 0.1 } });
    const b = await p.t.call('samples.create', { questionId: q.id, seed: 42, size: 60 });
    const c = await p.t.call('samples.create', { questionId: q.id, seed: 43, size: 60 });
    expect(a).toMatchObject({ size: 60, seed: 42, population: 500, purpose: 'validation', coded: 0, stratifyBy: null });
    expect(a.sizing?.n).toBe(33);
    const docs = (id: string) =>
      p.db().prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position').pluck().all(id) as number[];
    expect(docs(a.id)).toEqual(docs(b.id));
    expect(new Set(docs(a.id)).size).toBe(60);
    expect(docs(c.id)).not.toEqual(docs(a.id));
    // Not the first 60 documents, and spread over the whole range.
    expect(Math.max(...docs(a.id))).toBeGreaterThan(400);
    expect(Math.min(...docs(a.id))).toBeLessThan(100);
    // A fresh core on the same file lists it with the same documents.
    await p.t.core.shutdown();
    const t = makeTestCore(tmp());
    await t.call('project.open', { path: p.path });
    expect((await t.call('samples.list', { questionId: q.id })).map((s) => s.id).sort()).toEqual([a.id, b.id, c.id].sort());
    await t.core.shutdown();
    const raw = new Database(p.path, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM sample_documents WHERE sample_id = ?').pluck().get(a.id)).toBe(60);
    raw.close();
  });

  it('stratified by a metadata column: each value gets its proportional share, reproducibly (SemEval stance tweets by target)', async () => {
    const t = makeTestCore(tmp());
    await t.call('project.create', { name: 's', path: join(tmp(), 's.prelabel') });
    const started = await t.call('import.start', {
      source: { kind: 'path', path: corpusFile('semeval2016_stance', 'test.csv') },
      mapping: { textColumns: ['Tweet'], goldColumn: 'Stance' },
    });
    expect((await t.waitForJob(started.jobId)).status).toBe('done');
    const codebook = await t.call('codebook.set', { questions: [STANCE] });
    const q = codebook.questions[0]!;
    const columns = await t.call('samples.columns', {});
    expect(columns.find((c) => c.name === 'Target')).toEqual({ name: 'Target', values: 6 });
    const s = await t.call('samples.create', { questionId: q.id, seed: 7, size: 200, stratifyBy: 'Target' });
    // Populations counted with Python's csv module; shares 200 * N_h / 1956 by largest remainders.
    expect(s.strata).toEqual([
      { value: 'Atheism', population: 220, size: 23 },
      { value: 'Climate Change is a Real Concern', population: 169, size: 17 },
      { value: 'Donald Trump', population: 707, size: 72 },
      { value: 'Feminist Movement', population: 285, size: 29 },
      { value: 'Hillary Clinton', population: 295, size: 30 },
      { value: 'Legalization of Abortion', population: 280, size: 29 },
    ]);
    const db = t.core.context.project!.db;
    const byTarget = db
      .prepare(
        `SELECT json_extract(d.metadata, '$.Target') AS target, count(*) AS n FROM sample_documents sd JOIN documents d ON d.id = sd.document_id
         WHERE sd.sample_id = ? GROUP BY target ORDER BY target`,
      )
      .all(s.id) as { target: string; n: number }[];
    expect(byTarget.map((r) => r.n)).toEqual(s.strata.map((x) => x.size));
    // Every unit's inclusion probability is its stratum's size / population: from 17/169 to 23/220, n/N = 200/1956.
    expect(s.inclusion).toEqual({ min: 17 / 169, max: 23 / 220, overall: 200 / 1956 });
    const again = await t.call('samples.create', { questionId: q.id, seed: 7, size: 200, stratifyBy: 'Target' });
    const order = (id: string) =>
      db.prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position').pluck().all(id);
    expect(order(again.id)).toEqual(order(s.id));
    // The queue's order mixes the strata: the first 20 are not all of one target.
    const first = db
      .prepare(
        `SELECT count(DISTINCT json_extract(d.metadata, '$.Target')) FROM sample_documents sd JOIN documents d ON d.id = sd.document_id
         WHERE sd.sample_id = ? AND sd.position < 20`,
      )
      .pluck()
      .get(s.id) as number;
    expect(first).toBeGreaterThan(2);
    await expect(t.call('samples.create', { questionId: q.id, seed: 1, size: 5000 })).rejects.toThrow(
      'A sample of 5000 documents cannot be drawn from 1956: choose at most 1956.',
    );
    await expect(t.call('samples.create', { questionId: q.id, seed: 1, size: 5, stratifyBy: 'nope' })).rejects.toThrow(
      'No document has a value in the column "nope"',
    );
    await t.core.shutdown();
  });

  it('is its own blind queue: no suggestion, no gold; its decisions record blind, the sample and the hidden suggestion, and its documents stay out of the ordinary queue', async () => {
    const p = await codingProject(tmp(), 40, [STANCE]);
    const q = p.codebook.questions[0]!;
    const [favour, against] = q.labels;
    const runId = storeRun(p.db(), p.codebook, 0, p.documentIds, (d) => (d % 2 === 0 ? [3, 0] : [0, 3]));
    const sample = await p.t.call('samples.create', { questionId: q.id, seed: 3, size: 8 });
    const sampleDocs = p
      .db()
      .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position')
      .pluck()
      .all(sample.id) as number[];

    const page = await p.t.call('annotate.queue', { questionId: q.id, source: 'sample', sampleId: sample.id, coder: 'Ana', limit: 5 });
    expect(page.items.map((i) => i.document.id)).toEqual(sampleDocs.slice(0, 5));
    expect(page.remaining).toBe(3);
    expect(page.sample).toMatchObject({ id: sample.id, coded: 0 });
    for (const item of page.items) expect(item).toMatchObject({ suggestion: null, sampleId: sample.id, document: { gold: null } });

    // The ordinary queue leaves the sample's documents out, and counts only the others as remaining.
    const ordinary = await p.t.call('annotate.queue', { questionId: q.id, limit: 50 });
    expect(ordinary.items.map((i) => i.document.id)).toEqual(p.documentIds.filter((d) => !sampleDocs.includes(d)));
    expect(ordinary.remaining).toBe(0);

    const doc = sampleDocs[0]!;
    const decision = await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: doc,
      coder: 'Ana',
      kind: 'label',
      labelIds: [against!.id],
      sampleId: sample.id,
    });
    // The suggestion of that moment is recorded, hidden: favour for an even id, against for an odd one.
    expect(decision).toMatchObject({
      blind: true,
      sampleId: sample.id,
      suggestionShown: false,
      goldShown: false,
      accepted: false,
      suggestionLabelIds: [doc % 2 === 0 ? favour!.id : against!.id],
      runId,
    });
    const row = p.db().prepare('SELECT sample_id, blind, suggestion_shown, gold_shown FROM annotations WHERE id = ?').get(decision.id);
    expect(row).toEqual({ sample_id: sample.id, blind: 1, suggestion_shown: 0, gold_shown: 0 });
    // Neither accepted nor changed: the coder did not see the suggestion.
    expect(await p.t.call('annotate.progress', { questionId: q.id })).toMatchObject({ decided: 1, accepted: 0, changed: 0 });
    const next = await p.t.call('annotate.queue', { questionId: q.id, source: 'sample', sampleId: sample.id, coder: 'Ana', limit: 20 });
    expect(next.items.map((i) => i.document.id)).toEqual(sampleDocs.slice(1));
    expect(next.sample).toMatchObject({ coded: 1 });
    // Another coder codes the whole sample too.
    const ben = await p.t.call('annotate.queue', { questionId: q.id, source: 'sample', sampleId: sample.id, coder: 'Ben', limit: 20 });
    expect(ben.items.map((i) => i.document.id)).toEqual(sampleDocs);

    // What the core refuses: a shown suggestion in a blind decision, a document of no sample.
    await expect(
      p.t.call('annotate.decide', {
        questionId: q.id,
        documentId: sampleDocs[1]!,
        coder: 'Ana',
        kind: 'label',
        labelIds: [favour!.id],
        sampleId: sample.id,
        suggestion: { labelIds: [favour!.id], score: 0.9, runId },
      }),
    ).rejects.toThrow('A decision in a validation sample is blind');
    const outside = p.documentIds.find((d) => !sampleDocs.includes(d))!;
    await expect(
      p.t.call('annotate.decide', {
        questionId: q.id,
        documentId: outside,
        coder: 'Ana',
        kind: 'label',
        labelIds: [favour!.id],
        sampleId: sample.id,
      }),
    ).rejects.toThrow(`Document ${outside} is not in this validation sample`);
    await expect(p.t.call('annotate.queue', { questionId: q.id, source: 'sample' })).rejects.toThrow('A sample queue needs the sample');
    await p.t.core.shutdown();
  });

  it('bug (issue 13): removing a split whose units were drawn into a sample failed with an internal FOREIGN KEY error; it is refused with a sentence', async () => {
    const p = await speechProject(tmp());
    const q = p.codebook.questions[0]!;
    await split(p.t, { unit: 'sentence' });
    const sample = await p.t.call('samples.create', { questionId: q.id, seed: 2, size: 4 });
    expect(sample.population).toBe(10);
    await expect(p.t.call('segments.remove', {})).rejects.toThrow(/^4 units are in a validation sample, so the split was not removed/);
    expect((await p.t.call('project.stats', {})).units.unit).toBe('sentence');
    await p.t.core.shutdown();
  });
});
