// Browse's gold filters agree with the evaluation on an empty gold cell ([Note: empty gold]): for a
// multi-label question with the project's switch on, a unit of an import with a gold column whose cell
// is empty has gold, the empty label set, which agrees with a decision "none of these labels" and
// differs from any other; switched off, or for a single-label question, or in an import without a
// gold column, it has none. A value that names no label (UNKNOWN) still differs from every decision.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MethodInput } from '../../../common/contract';
import { makeTestCore, type TestCore } from '../test-support/test-core';
import { useTempDir } from '../test-support/temp-dir';
import { storeRun } from './test-support/coding-fixture';

const tmp = useTempDir();

// d1..d8 with a gold column (d3, d4, d7 empty; d5 names no label), n1..n2 without one.
const GOLD = ['a', 'a;b', '', '', 'UNKNOWN', 'b', '', 'a'];

async function project(t: TestCore, dir: string) {
  await t.call('project.create', { name: 'p', path: join(dir, 'p.prelabel') });
  const withGold = join(dir, 'gold.csv');
  writeFileSync(withGold, ['id,text,gold', ...GOLD.map((g, i) => `d${i + 1},text ${i + 1},${g}`)].join('\n') + '\n');
  const without = join(dir, 'plain.csv');
  writeFileSync(without, 'id,text\nn1,plain one\nn2,plain two\n');
  for (const [path, goldColumn] of [
    [withGold, 'gold'],
    [without, null],
  ] as const) {
    const started = await t.call('import.start', {
      source: { kind: 'path', path },
      mapping: { textColumns: ['text'], idColumn: 'id', ...(goldColumn ? { goldColumn } : {}) },
    });
    expect((await t.waitForJob(started.jobId)).status).toBe('done');
  }
  const codebook = await t.call('codebook.set', {
    questions: [
      { name: 'Topics', multiLabel: true, labels: [{ name: 'a' }, { name: 'b' }] },
      { name: 'Main', labels: [{ name: 'a' }, { name: 'b' }] },
    ],
  });
  const db = t.core.context.project!.db;
  const idOf = new Map(
    (db.prepare('SELECT id, external_id FROM documents').all() as Array<{ id: number; external_id: string }>).map((r) => [
      r.external_id,
      r.id,
    ]),
  );
  return { codebook, db, idOf };
}

describe("Browse's gold filters and an empty gold cell", () => {
  it('count an empty cell as "none of these labels" exactly where the evaluation does', async () => {
    const dir = tmp();
    const t = makeTestCore(dir);
    const { codebook, db, idOf } = await project(t, dir);
    const [topics, main] = codebook.questions;
    const [a, b] = topics!.labels;
    // The model suggests "a" everywhere (its top label).
    storeRun(db, codebook, 0, [...idOf.values()], () => [3, -3]);
    const decide = (ext: string, labelIds: string[]) =>
      t.call('annotate.decide', { questionId: topics!.id, documentId: idOf.get(ext)!, coder: 'Ana', kind: 'label', labelIds });
    await decide('d1', [a!.id]); // gold a: agrees
    await decide('d2', [a!.id]); // gold a;b: differs
    await decide('d3', []); // empty gold, none of these labels: agrees
    await decide('d4', [b!.id]); // empty gold: differs
    await decide('d5', []); // UNKNOWN: differs from every decision
    await decide('n1', []); // no gold column: no gold

    const ext = new Map([...idOf].map(([e, id]) => [id, e]));
    const rows = async (input: Partial<MethodInput<'browse.page'>>, questionId = topics!.id) => {
      const page = await t.call('browse.page', { questionId, limit: 100, ...input });
      expect(page.total).toBe(page.rows.length);
      return page.rows.map((r) => ext.get(r.id)!).sort();
    };
    const all = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'];
    expect(await rows({ gold: 'has' })).toEqual(all);
    expect(await rows({ goldLabelId: a!.id })).toEqual(['d1', 'd2', 'd8']);
    expect(await rows({ gold: 'differs_decision' })).toEqual(['d2', 'd4', 'd5']);
    expect(await rows({ gold: 'differs_suggestion' })).toEqual(['d3', 'd4', 'd5', 'd6', 'd7']);
    // The evaluation counts the same units as gold: the eight minus UNKNOWN, which names no label.
    expect(
      await t.call('evaluation.run', { questionId: topics!.id, against: 'gold', bootstrap: { replicates: 100, seed: 1 } }),
    ).toMatchObject({ documents: { withTruth: 7 } });
    // The rows say so too: d3, d4 and d7 show "none of these labels", the others their value or nothing.
    const shown = await t.call('browse.page', { questionId: topics!.id, limit: 100 });
    const noLabel = shown.rows.filter((r) => r.goldNoLabel).map((r) => ext.get(r.id)!);
    expect(noLabel.sort()).toEqual(['d3', 'd4', 'd7']);
    expect(shown.rows.filter((r) => r.goldNoLabel).every((r) => r.gold === null)).toBe(true);
    // A single-label question keeps an empty cell as no gold.
    expect(await rows({ gold: 'has' }, main!.id)).toEqual(['d1', 'd2', 'd5', 'd6', 'd8']);

    const single = await t.call('browse.page', { questionId: main!.id, limit: 100 });
    expect(single.rows.some((r) => r.goldNoLabel)).toBe(false);

    await t.call('annotate.setSettings', { emptyGoldNoLabel: false });
    const off = await t.call('browse.page', { questionId: topics!.id, limit: 100 });
    expect(off.rows.some((r) => r.goldNoLabel)).toBe(false);
    expect(await rows({ gold: 'has' })).toEqual(['d1', 'd2', 'd5', 'd6', 'd8']);
    expect(await rows({ gold: 'differs_decision' })).toEqual(['d2', 'd5']);
    expect(await rows({ gold: 'differs_suggestion' })).toEqual(['d5', 'd6']);
    await t.core.shutdown();
  });
});
