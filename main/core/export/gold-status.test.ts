// [Note: gold status] by hand: an export tells "no gold" from "gold: none of these labels" (an empty
// gold cell of a multi-label question while the project's switch is on, [Note: empty gold]) and from
// a gold value that names no label, in CSV (gold_status; gold_label empty) and JSON Lines (gold_label
// [] only for no_label). Switched off, or for a single-label question, an empty cell is no gold; a
// unit of an import without a gold column never has gold.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { CodebookQuestion, ExportFormat } from '../../../common/contract';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore } from '../test-support/test-core';
import { runExport } from './export-job';

const tmp = useTempDir();

// d1..d5 with a gold column (d2 empty; d3 names no label; d4 names one label and one unknown value).
const GOLD = ['a', '', 'UNKNOWN', 'a;x', 'a|b'];

async function project(dir: string, emptyGoldNoLabel: boolean) {
  const t = makeTestCore(dir);
  const path = join(dir, 'p.prelabel');
  await t.call('project.create', { name: 'p', path });
  const withGold = join(dir, 'gold.csv');
  writeFileSync(withGold, ['id,text,gold', ...GOLD.map((g, i) => `d${i + 1},text ${i + 1},${g}`)].join('\n') + '\n');
  const without = join(dir, 'plain.csv');
  writeFileSync(without, 'id,text\nn1,plain one\n');
  for (const [source, goldColumn] of [
    [withGold, 'gold'],
    [without, null],
  ] as const) {
    const started = await t.call('import.start', {
      source: { kind: 'path', path: source },
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
  await t.call('annotate.setSettings', { emptyGoldNoLabel });
  await t.core.shutdown();
  return { path, questions: codebook.questions };
}

async function exported(projectPath: string, question: CodebookQuestion, format: ExportFormat): Promise<string> {
  const out = join(tmp(), 'out');
  mkdirSync(out, { recursive: true });
  const path = join(out, `gold.${format}`);
  await runExport({
    projectPath,
    exportId: 'gold',
    questionId: question.id,
    format,
    filter: 'all',
    seed: 1,
    testFraction: 0.2,
    hash: '',
    target: { kind: 'file', path },
    appVersion: 'test',
    signal: new AbortController().signal,
    onProgress: () => {},
  });
  return readFileSync(path, 'utf8');
}

const csvGold = async (p: string, q: CodebookQuestion) =>
  (parse(await exported(p, q, 'csv'), { columns: true }) as Record<string, string>[]).map((r) => [r.id, r.gold_label, r.gold_status]);
const jsonlGold = async (p: string, q: CodebookQuestion) =>
  (await exported(p, q, 'jsonl'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; gold_label: string[] | null; gold_status: string })
    .map((o) => [o.id, o.gold_label, o.gold_status]);

describe('gold_status in exports', () => {
  it('tells no gold, gold "none of these labels", gold labels and a value naming no label apart', async () => {
    const { path, questions } = await project(tmp(), true);
    const [topics, main] = questions;
    expect(await csvGold(path, topics!)).toEqual([
      ['d1', 'a', 'labels'],
      ['d2', '', 'no_label'],
      ['d3', '', 'unmatched'],
      ['d4', '', 'unmatched'],
      ['d5', 'a|b', 'labels'],
      ['n1', '', 'none'],
    ]);
    expect(await jsonlGold(path, topics!)).toEqual([
      ['d1', ['a'], 'labels'],
      ['d2', [], 'no_label'],
      ['d3', null, 'unmatched'],
      ['d4', null, 'unmatched'],
      ['d5', ['a', 'b'], 'labels'],
      ['n1', null, 'none'],
    ]);
    // The manifest counts the units with gold as the evaluation does (labels or no_label) and names the column.
    const manifest = JSON.parse(readFileSync(join(tmp(), 'out', 'gold.jsonl.manifest.json'), 'utf8')) as {
      counts: { model: { gold: number } };
      columnNaming: string;
    };
    expect(manifest.counts.model.gold).toBe(3);
    expect(manifest.columnNaming).toContain('gold_status: labels (gold_label names them), no_label');
    // A single-label question keeps an empty cell as no gold; "a|b" is one value that names no label.
    expect(await jsonlGold(path, main!)).toEqual([
      ['d1', ['a'], 'labels'],
      ['d2', null, 'none'],
      ['d3', null, 'unmatched'],
      ['d4', null, 'unmatched'],
      ['d5', null, 'unmatched'],
      ['n1', null, 'none'],
    ]);
  });

  it('with the switch off an empty cell is no gold', async () => {
    const { path, questions } = await project(tmp(), false);
    expect((await jsonlGold(path, questions[0]!)).map((r) => r[2])).toEqual(['labels', 'none', 'unmatched', 'unmatched', 'labels', 'none']);
  });
});
