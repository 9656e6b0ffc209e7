// labelQuality.check and the thresholds methods through the contract on a real project file:
// planted near-duplicates coded differently are listed with both documents, and the thresholds
// methods refuse what does not fit the question in one line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore, type TestCore } from '../test-support/test-core';

const tempRoot = useTempDir();
let cores: TestCore[] = [];
afterEach(async () => {
  for (const t of cores) await t.core.shutdown();
  cores = [];
});

const BASE = 'The council voted on a new budget for schools, roads and health care after a long debate in parliament';

describe('labelQuality.check', () => {
  it('lists near-identical texts coded differently, the exact ones first, with both documents to open', async () => {
    const dir = tempRoot();
    const t = makeTestCore(dir);
    cores.push(t);
    await t.call('project.create', { name: 'quality', path: join(dir, 'q.prelabel') });
    const texts = [
      BASE,
      BASE.toUpperCase() + '!!',
      BASE.replace('schools', 'hospitals'),
      'A completely different text about football results and the weather on Sunday afternoon',
      BASE,
    ];
    writeFileSync(join(dir, 'docs.csv'), 'id,text\n' + texts.map((x, i) => `d${i + 1},"${x}"`).join('\n') + '\n');
    const started = await t.call('import.start', {
      source: { kind: 'path', path: join(dir, 'docs.csv') },
      mapping: { textColumns: ['text'], idColumn: 'id' },
    });
    expect((await t.waitForJob(started.jobId)).status).toBe('done');
    const cb = await t.call('codebook.set', { questions: [{ name: 'Topic', labels: [{ name: 'economy' }, { name: 'health' }] }] });
    const q = cb.questions[0]!;
    const [economy, health] = q.labels.map((l) => l.id) as [string, string];
    const ids = t.core.context.project!.db.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[];
    const labels = [economy, health, health, economy, economy];
    for (let i = 0; i < ids.length; i++)
      await t.call('annotate.decide', { questionId: q.id, documentId: ids[i]!, coder: 'ana', kind: 'label', labelIds: [labels[i]!] });
    // 17 word 3-shingles; one word changed in the middle changes 3 of them: Jaccard 14 / 20.
    expect((await t.call('labelQuality.check', { questionId: q.id })).duplicates.total).toBe(2);
    const r = await t.call('labelQuality.check', { questionId: q.id, minSimilarity: 0.65 });
    expect(r.coded).toBe(5);
    expect(r.duplicates.pairs[2]!.similarity).toBe(14 / 20);
    const pairs = r.duplicates.pairs.map((p) => [p.a.externalId, p.b.externalId, p.exact]);
    // d1-d2 and d2-d5 exact; d1-d3 and d3-d5 near (one word); d1-d5 coded alike, d4 unrelated.
    expect(pairs).toEqual([
      ['d1', 'd2', true],
      ['d2', 'd5', true],
      ['d1', 'd3', false],
      ['d3', 'd5', false],
    ]);
    expect(r.duplicates.total).toBe(4);
    expect(r.duplicates.pairs[0]!.a).toMatchObject({ documentId: ids[0], labels: ['economy'], coder: 'ana' });
    expect(r.duplicates.pairs[0]!.b).toMatchObject({ documentId: ids[1], labels: ['health'] });
    const limited = await t.call('labelQuality.check', { questionId: q.id, minSimilarity: 0.65, limit: 1 });
    expect(limited.duplicates.total).toBe(4);
    expect(limited.duplicates.pairs).toHaveLength(1);

    // A single-label question has no per-label thresholds, and a band needs a single-label question.
    await expect(t.call('thresholds.tune', { questionId: q.id })).rejects.toThrow(/single-label question/);
    const band = await t.call('thresholds.setBand', { questionId: q.id, margin: 0.1 });
    expect(band.band!.margin).toBe(0.1);
    expect((await t.call('thresholds.setBand', { questionId: q.id, margin: null })).band!.margin).toBeNull();
    await expect(t.call('thresholds.setBand', { questionId: q.id, margin: 1.5 })).rejects.toThrow();
  });
});
