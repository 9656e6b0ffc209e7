// What an export writes beside its data and what it says about each row's place: the manifest named
// after the whole file name (review finding 5), the training formats' refusal of "all" (finding 15),
// and validation-sample membership for every sampled unit, coded or not (finding 16).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ExportFilter, ExportFormat, ExportResult } from '../../../common/contract';
import { useTempDir } from '../test-support/temp-dir';
import { countExport } from './export-count';
import { runExport } from './export-job';
import { addSample, decide, makeExportProject, type ExportProject } from './test-support/export-project';

const tmp = useTempDir();

function project(): ExportProject {
  return makeExportProject(
    tmp(),
    ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, text: `Text ${id}` })),
  );
}

function exportTo(p: ExportProject, format: ExportFormat, path: string, filter: ExportFilter = 'all'): Promise<ExportResult> {
  return runExport({
    projectPath: p.path,
    exportId: '00000000-0000-4000-8000-000000000001',
    questionId: p.question.id,
    format,
    filter,
    seed: 1,
    testFraction: 0,
    target: { kind: 'file', path },
    appVersion: 'test',
    signal: new AbortController().signal,
    onProgress: () => {},
  });
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { format: string; files: Array<{ name: string; sha256: string }> };

describe('the manifest beside a file', () => {
  it('is named after the whole file name: four formats of one base name keep four manifests, and the same file again replaces its own', async () => {
    const p = project();
    decide(p, { documentId: p.docs[0]!, labels: [p.label['against']!] });
    const out = join(tmp(), 'out');
    mkdirSync(out);
    const formats: Array<[ExportFormat, string]> = [
      ['csv', 'all.csv'],
      ['jsonl', 'all.jsonl'],
      ['xlsx', 'all.xlsx'],
      ['parquet', 'all.parquet'],
    ];
    for (const [format, name] of formats) {
      const r = await exportTo(p, format, join(out, name));
      expect(r.files.map((f) => f.name)).toEqual([name, `${name}.manifest.json`]);
    }
    expect(readdirSync(out).sort()).toEqual(formats.flatMap(([, n]) => [n, `${n}.manifest.json`]).sort());
    // Each manifest names its own format and file, with that file's SHA-256 as it lies on disk.
    for (const [format, name] of formats) {
      const m = json(join(out, `${name}.manifest.json`));
      expect(m.format).toBe(format);
      expect(m.files).toEqual([expect.objectContaining({ name, sha256: sha256(join(out, name)) })]);
    }

    // all.csv exported again after one more decision: it and its manifest are replaced together.
    const before = readFileSync(join(out, 'all.jsonl.manifest.json'), 'utf8');
    decide(p, { documentId: p.docs[1]!, labels: [p.label['in favour of']!] });
    await exportTo(p, 'csv', join(out, 'all.csv'));
    expect(readdirSync(out)).toHaveLength(8);
    const rows = parse(readFileSync(join(out, 'all.csv')), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.labels)).toEqual(['against', 'in favour of', '', '', '']);
    expect(json(join(out, 'all.csv.manifest.json')).files[0]!.sha256).toBe(sha256(join(out, 'all.csv')));
    expect(readFileSync(join(out, 'all.jsonl.manifest.json'), 'utf8')).toBe(before);
  });

  it('NLI pairs: the manifest is named after the training file, beside its test file', async () => {
    const p = project();
    p.docs.forEach((id) => decide(p, { documentId: id, labels: [p.label['against']!] }));
    const out = join(tmp(), 'nli');
    mkdirSync(out);
    const r = await runExport({
      ...{ projectPath: p.path, exportId: '00000000-0000-4000-8000-000000000002', questionId: p.question.id },
      ...{ format: 'nli', filter: 'coded', seed: 1, testFraction: 0.5, appVersion: 'test', onProgress: () => {} },
      target: { kind: 'file', path: join(out, 'pairs.jsonl') },
      signal: new AbortController().signal,
    });
    expect(r.files.map((f) => f.name)).toEqual(['pairs.jsonl', 'pairs.test.jsonl', 'pairs.jsonl.manifest.json']);
  });
});

describe('the training formats and the filter "all"', () => {
  it('are refused with one line by the export and by its count; "coded" writes what the manifest says', async () => {
    const p = project();
    decide(p, { documentId: p.docs[0]!, labels: [p.label['against']!] });
    decide(p, { documentId: p.docs[1]!, kind: 'skip' });
    const base = { level: 'unit' as const, seed: 1, testFraction: 0, nliNegatives: 'balanced' as const };
    for (const format of ['hf', 'nli'] as const) {
      const message = new RegExp(
        `^${format === 'hf' ? 'A Hugging Face dataset holds' : 'NLI pairs hold'} coded documents only .*"coded", "accepted" or "changed"; "all" would add documents nobody labelled\\.$`,
      );
      expect(() => countExport(p.db, p.question, { ...base, format, filter: 'all' })).toThrow(message);
      await expect(exportTo(p, format, join(tmp(), `${format}-all${format === 'nli' ? '.jsonl' : ''}`))).rejects.toThrow(message);
    }
    expect(readdirSync(tmp()).filter((n) => n.includes('-all'))).toEqual([]);
    const r = await exportTo(p, 'hf', join(tmp(), 'hf-coded'), 'coded');
    expect(r.rows).toBe(1);
    const manifest = JSON.parse(readFileSync(join(tmp(), 'hf-coded', 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ filter: 'coded', counts: { rows: 1, documents: 1 } });
    expect(countExport(p.db, p.question, { ...base, format: 'hf', filter: 'coded' })).toMatchObject({ rows: 1 });
  });

  it('a multi-label "none of these labels" decision is a training row with no label, counted and split as one', async () => {
    const p = makeExportProject(
      tmp(),
      Array.from({ length: 8 }, (_, i) => ({ id: `t${i}`, text: `Text ${i}` })),
      { name: 'Topics', multiLabel: true, labels: [{ name: 'health' }, { name: 'tax' }] },
    );
    // Four with labels, four "none": the test share 0.5 takes half of each.
    p.docs.forEach((id, i) => decide(p, { documentId: id, labels: i < 4 ? [p.label[i % 2 ? 'tax' : 'health']!] : [] }));
    const out = join(tmp(), 'topics');
    const r = await runExport({
      ...{ projectPath: p.path, exportId: '00000000-0000-4000-8000-000000000003', questionId: p.question.id },
      ...{ format: 'hf', filter: 'coded', seed: 3, testFraction: 0.5, appVersion: 'test', onProgress: () => {} },
      target: { kind: 'file', path: out },
      signal: new AbortController().signal,
    });
    expect(r.rows).toBe(8);
    const lines = (part: string) =>
      readFileSync(join(out, `${part}.jsonl`), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string; label: number[]; label_text: string[] });
    const all = [...lines('train'), ...lines('test')];
    expect(
      all
        .filter((x) => x.label.length === 0)
        .map((x) => x.id)
        .sort(),
    ).toEqual(['t4', 't5', 't6', 't7']);
    expect(lines('test').filter((x) => x.label.length === 0)).toHaveLength(2);
    expect(lines('test')).toHaveLength(4);
    expect(
      countExport(p.db, p.question, { format: 'hf', filter: 'coded', level: 'unit', seed: 3, testFraction: 0.5, nliNegatives: 'balanced' }),
    ).toEqual({ rows: 8, documents: 8, split: { train: 4, test: 4 } });

    // NLI pairs on the same split: a "none" document of the test split gets a not_entailment pair per
    // label; of the train split, balanced, none at all (nothing to balance), as the manifest notes.
    const pairsPath = join(tmp(), 'topics.jsonl');
    const nli = await runExport({
      ...{ projectPath: p.path, exportId: '00000000-0000-4000-8000-000000000004', questionId: p.question.id },
      ...{ format: 'nli', filter: 'coded', seed: 3, testFraction: 0.5, appVersion: 'test', onProgress: () => {} },
      target: { kind: 'file', path: pairsPath },
      signal: new AbortController().signal,
    });
    const pairs = (path: string) =>
      readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string; label: string });
    const noneTest = lines('test')
      .filter((x) => x.label.length === 0)
      .map((x) => x.id);
    const testPairs = pairs(join(tmp(), 'topics.test.jsonl'));
    for (const id of noneTest)
      expect(testPairs.filter((x) => x.id === id).map((x) => x.label)).toEqual(['not_entailment', 'not_entailment']);
    const noneTrain = lines('train')
      .filter((x) => x.label.length === 0)
      .map((x) => x.id);
    expect(pairs(pairsPath).filter((x) => noneTrain.includes(x.id))).toEqual([]);
    const manifest = JSON.parse(readFileSync(nli.files.at(-1)!.path!, 'utf8')) as { notes: string[] };
    expect(manifest.notes).toContain(
      '2 training documents were coded "none of these labels": with balanced pairs such a document has no entailment pair to balance, so it gives no pair; with not_entailment pairs for every label not chosen (negatives "all") it gives one per label.',
    );
  });
});

describe('validation_sample', () => {
  it('names the samples of every sampled unit, coded or not; decided_in_sample the sample of the decision that stands', async () => {
    const p = project();
    const [a, b, c, d] = p.docs;
    const first = addSample(p, [a!, b!, c!]);
    const second = addSample(p, [c!]);
    // A blind decision in the first sample; b never coded; c coded blind by ana, then by carol in the
    // open queue (her decision stands); d coded outside any sample.
    decide(p, { documentId: a!, labels: [p.label['against']!], sampleId: first, suggestionShown: false });
    decide(p, { documentId: c!, labels: [p.label['against']!], sampleId: first, suggestionShown: false });
    decide(p, { documentId: c!, labels: [p.label['in favour of']!], coder: 'carol' });
    decide(p, { documentId: d!, labels: [p.label['against']!] });

    const csv = parse(readFileSync((await exportTo(p, 'csv', join(tmp(), 'all.csv'))).files[0]!.path!), { columns: true }) as Record<
      string,
      string
    >[];
    expect(csv.map((r) => [r.id, r.validation_sample, r.decided_in_sample])).toEqual([
      ['a', first, first],
      ['b', first, ''],
      ['c', `${first}|${second}`, ''],
      ['d', '', ''],
      ['e', '', ''],
    ]);
    const jsonl = readFileSync((await exportTo(p, 'jsonl', join(tmp(), 'all.jsonl'))).files[0]!.path!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; validation_sample: string[] | null; decided_in_sample: string | null });
    expect(jsonl.map((r) => [r.id, r.validation_sample, r.decided_in_sample])).toEqual([
      ['a', [first], first],
      ['b', [first], null],
      ['c', [first, second], null],
      ['d', null, null],
      ['e', null, null],
    ]);
    // The membership rebuilt from the export equals the sample as stored.
    const stored = p.db.prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position').pluck().all(first);
    const byId = new Map(p.docs.map((id, i) => [['a', 'b', 'c', 'd', 'e'][i]!, id]));
    expect(csv.filter((r) => r.validation_sample!.split('|').includes(first)).map((r) => byId.get(r.id!))).toEqual(stored);
  });
});
