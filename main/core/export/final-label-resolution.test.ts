// [Note: final label resolution] and [Note: current decision] with several coders: decisions made
// through the contract, then a CSV and a JSON Lines export read back. One document per case: one
// coder (single), two who agree (agreed), a disagreement the project's rule settles (majority: not
// the latest decision), a disagreement an adjudicator settled (adjudicated, and it stays so when a
// coder decides again afterwards), an adjudication undone (the rule again), only a skip.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { evaluationProject, type EvaluationProject } from '../evaluation/test-support/evaluation-project';
import { runExport } from './export-job';

const tmp = useTempDir();
let open: EvaluationProject[] = [];
afterEach(async () => {
  for (const p of open) await p.t.core.shutdown();
  open = [];
});

async function exportRows(p: EvaluationProject, format: 'csv' | 'jsonl'): Promise<Record<string, unknown>[]> {
  const out = join(tmp(), `out-${format}`);
  mkdirSync(out, { recursive: true });
  const path = join(out, `final.${format}`);
  await runExport({
    projectPath: p.path,
    exportId: `final-${format}`,
    questionId: p.single.id,
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
  const text = readFileSync(path, 'utf8');
  return format === 'csv'
    ? (parse(text, { columns: true }) as Record<string, string>[])
    : text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('the export with several coders', () => {
  it('writes the resolved decision as final_label, with how it was chosen and how many coders decided', async () => {
    const p = await evaluationProject(tmp(), 8, 5);
    open.push(p);
    const id = (name: string) => p.single.labels.find((l) => l.name === name)!.id;
    // Each decision in a later millisecond than the one before: "latest" is then the order here (two
    // decisions of one millisecond resolve by their ids, which are random).
    const decide = async (coder: string, doc: number, label: string | null, extra = {}) => {
      await new Promise((r) => setTimeout(r, 3));
      return p.t.call('annotate.decide', {
        questionId: p.single.id,
        documentId: p.ids[doc - 1]!,
        coder,
        kind: label === null ? 'skip' : 'label',
        labelIds: label === null ? [] : [id(label)],
        ...extra,
      });
    };
    await p.t.call('annotate.setSettings', { resolution: { rule: 'majority' } });
    await decide('ana', 1, 'favor'); // single
    await decide('ana', 2, 'against');
    await decide('ben', 2, 'against'); // agreed
    await decide('ana', 3, 'none');
    await decide('ben', 3, 'none');
    await decide('cem', 3, 'favor'); // the rule: the majority's "none", though cem decided last
    await decide('ana', 4, 'favor');
    await decide('ben', 4, 'against');
    await decide('ben', 4, 'favor'); // ben changes his mind before the adjudication: both say favor...
    await decide('ana', 4, 'against'); // ...until ana changes hers
    await decide('adjudicator', 4, 'none', { role: 'adjudication' }); // settles the decisions as they stand
    await decide('ana', 5, 'favor');
    await decide('ben', 5, 'against');
    await decide('adjudicator', 5, 'none', { role: 'adjudication' });
    await p.t.call('annotate.undo', { questionId: p.single.id, coder: 'adjudicator', role: 'adjudication' }); // 5 open again
    await decide('ana', 6, null); // only a skip

    const want = [
      ['d1', 'favor', 'human', 'single', '1', 'ana'],
      ['d2', 'against', 'human', 'agreed', '2', 'ben'],
      ['d3', 'none', 'human', 'rule', '3', 'ben'],
      ['d4', 'none', 'human', 'adjudicated', '2', 'adjudicator'],
      // Majority of a 1:1 tie: the latest among the tied, ben's "against".
      ['d5', 'against', 'human', 'rule', '2', 'ben'],
      ['d6', '', '', '', '1', 'ana'],
      ['d7', '', '', '', '0', ''],
      ['d8', '', '', '', '0', ''],
    ];
    const csv = await exportRows(p, 'csv');
    expect(csv.map((r) => [r.id, r.final_label, r.final_label_source, r.final_label_resolution, r.coders, r.coder])).toEqual(want);
    // The manifest names the rule and counts the units by how their label was chosen.
    const manifest = JSON.parse(readFileSync(join(tmp(), 'out-csv', 'final.csv.manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.severalCoders).toEqual({
      mode: 'shared',
      resolutionRule: { rule: 'majority' },
      units: { single: 2, agreed: 1, adjudicated: 1, rule: 2 },
    });
    expect(csv[3]!.labels).toBe('none');
    const jsonl = await exportRows(p, 'jsonl');
    expect(jsonl.map((r) => [r.id, r.final_label, r.final_label_resolution, r.coders])).toEqual([
      ['d1', ['favor'], 'single', 1],
      ['d2', ['against'], 'agreed', 2],
      ['d3', ['none'], 'rule', 3],
      ['d4', ['none'], 'adjudicated', 2],
      ['d5', ['against'], 'rule', 2],
      ['d6', null, null, 1],
      ['d7', null, null, 0],
      ['d8', null, null, 0],
    ]);
  });
});
