// The reliability sample (issue 14, item 2): sized in advance by Krippendorff's minimum N (the
// published table's values), capped at the project's documents, drawn seeded and marked; agreement
// with no sample named is computed on the question's latest reliability sample and says so.
import { afterEach, describe, expect, it } from 'vitest';
import { reliabilitySampleSize } from '../stats';
import { codingProject, type CodingProject } from '../coding/test-support/coding-fixture';
import { useTempDir } from '../test-support/temp-dir';

const tmp = useTempDir();
let open: CodingProject[] = [];
afterEach(async () => {
  for (const p of open) await p.t.core.shutdown();
  open = [];
});

const STANCE = { name: 'Stance', labels: [{ name: 'favor' }, { name: 'against' }, { name: 'none' }, { name: 'unclear' }] };

async function project(count: number) {
  const p = await codingProject(tmp(), count, [STANCE]);
  open.push(p);
  return { p, q: p.codebook.questions[0]! };
}

describe('the size of a reliability sample', () => {
  it("is Krippendorff's minimum N: 139 documents for alpha 0.8, p = 0.05, rarest label 1/4 (81 for 0.667), with the formula", async () => {
    const { p } = await project(1000);
    const plan = await p.t.call('samples.size', { kind: 'reliability', smallestShare: 0.25 });
    expect(plan).toMatchObject({ kind: 'reliability', n: 139, population: 1000, alphaMin: 0.8, significance: 0.05, smallestShare: 0.25 });
    expect(plan.text).toContain('N = 2 z^2 ((1 + a)(3 - a) / (4 (1 - a) Pc (1 - Pc)) - a)');
    expect(plan.text).toContain('139 documents coded by every coder (Krippendorff 2004, Bloch & Kraemer 1989)');
    // The stats module's value, and the table's neighbour; the number of labels as equal shares.
    expect(plan).toMatchObject({ exact: reliabilitySampleSize({ smallestShare: 0.25 }).exact });
    expect(await p.t.call('samples.size', { kind: 'reliability', smallestShare: 0.25, alphaMin: 0.667 })).toMatchObject({ n: 81 });
    expect(await p.t.call('samples.size', { kind: 'reliability', categories: 4 })).toMatchObject({ n: 139, smallestShare: 0.25 });
    // The old input (no kind) is still the validation sample's Cochran size.
    expect(await p.t.call('samples.size', { expected: 0.8, margin: 0.05, confidence: 0.95 })).toMatchObject({ kind: 'validation', n: 198 });
    await expect(p.t.call('samples.size', { kind: 'reliability' })).rejects.toThrow(
      'The sample size needs the expected share of the rarest label, or the number of labels (at least 2).',
    );
  });

  it('is at most the project: every document, and the text says fewer than the formula asks for', async () => {
    const { p } = await project(100);
    const plan = await p.t.call('samples.size', { kind: 'reliability', smallestShare: 0.25 });
    expect(plan.n).toBe(100);
    expect(plan.text).toContain(
      'The project has only 100 documents: all of them form the sample, fewer than the 139 the formula asks for.',
    );
  });
});

describe('a reliability sample', () => {
  it('is drawn seeded with its size plan kept; agreement without a sample named uses the latest one and says so', async () => {
    const { p, q } = await project(300);
    const sizing = { kind: 'reliability' as const, smallestShare: 0.25, alphaMin: 0.667, significance: 0.05 };
    await expect(p.t.call('samples.create', { questionId: q.id, seed: 5, size: 81, sizing })).rejects.toThrow(
      "A size for a reliability sample was given for a sample of another kind: draw it with the kind 'reliability'.",
    );
    const s = await p.t.call('samples.create', { questionId: q.id, seed: 5, size: 81, sizing, kind: 'reliability' });
    expect(s).toMatchObject({ kind: 'reliability', size: 81, sizing: { kind: 'reliability', n: 81 } });
    const again = await p.t.call('samples.create', { questionId: q.id, seed: 5, size: 81, kind: 'reliability' });
    const docs = (id: string) =>
      p.db().prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position').pluck().all(id) as number[];
    expect(docs(again.id)).toEqual(docs(s.id));
    // Two coders on the first 100 documents; agreement on the sample's (the latest reliability sample).
    const label = (i: number) => q.labels[i % 4]!.id;
    for (let i = 0; i < 100; i++) {
      await p.t.call('annotate.decide', {
        questionId: q.id,
        documentId: p.documentIds[i]!,
        coder: 'Ana',
        kind: 'label',
        labelIds: [label(i)],
      });
      await p.t.call('annotate.decide', {
        questionId: q.id,
        documentId: p.documentIds[i]!,
        coder: 'Ben',
        kind: 'label',
        labelIds: [label(i % 7 === 0 ? i + 1 : i)],
      });
    }
    const onSample = await p.t.call('agreement.run', { questionId: q.id, replicates: 200 });
    expect(onSample.sample).toMatchObject({ id: again.id, kind: 'reliability', chosen: 'latest reliability', size: 81 });
    expect(onSample.units).toBe(81);
    expect(onSample.notes[0]).toContain("No sample was named: the table is the question's latest reliability sample (81 documents, seed 5");
    const inSample = docs(again.id).filter((d) => p.documentIds.indexOf(d) < 100).length;
    expect(onSample.codedByTwoOrMore).toBe(inSample);
    // Every decided document when asked; a named sample says it was named.
    const all = await p.t.call('agreement.run', { questionId: q.id, replicates: 200, allDocuments: true });
    expect(all.sample).toBeNull();
    expect(all.units).toBe(100);
    expect((await p.t.call('agreement.run', { questionId: q.id, replicates: 200, sampleId: s.id })).sample).toMatchObject({
      chosen: 'named',
    });
  });
});
