import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ExportFilter, ExportFormat, ExportResult } from '../../../common/contract';
import { hypothesisFor } from '../codebook/hypotheses';
import { openSource } from '../imports/open-source';
import { readZipDirectory, readZipEntry } from '../imports/zip-reader';
import { useTempDir } from '../test-support/temp-dir';
import { runExport, type RunExportArgs } from './export-job';
import { splitMethod } from './training-export';
import { addRun, decide, makeExportProject, undo, type ExportProject } from './test-support/export-project';

const tmp = useTempDir();
const LONG_ID = '1234567890123456789';

/** Six documents: a 19-digit id, formula-like texts, metadata, and decisions of every kind. */
function project(): ExportProject {
  const p = makeExportProject(tmp(), [
    { id: LONG_ID, text: 'We support the new law, "fully".', metadata: { source: 'news', date: '2026-01-02' } },
    { id: '0042', text: '=HYPERLINK("http://x","click")', metadata: { source: '+49 30 1234' } },
    { id: 'c', text: 'Line one\r\nline two, with a comma', metadata: { source: '@mention' } },
    { id: 'd', text: '-5 reasons to oppose it', metadata: {} },
    { id: 'e', text: 'Skipped text' },
    { id: 'f', text: 'Never coded' },
  ]);
  const run = addRun(p);
  const { label } = p;
  decide(p, {
    documentId: p.docs[0]!,
    labels: [label['in favour of']!],
    suggestion: [label['in favour of']!],
    score: 0.91,
    runId: run,
    seconds: 3.5,
    note: 'clear',
  });
  decide(p, {
    documentId: p.docs[1]!,
    labels: [label['against']!],
    suggestion: [label['neutral towards']!],
    score: 0.55,
    runId: run,
    flagged: true,
  });
  const wrong = decide(p, { documentId: p.docs[2]!, labels: [label['in favour of']!] });
  undo(p, wrong);
  decide(p, { documentId: p.docs[2]!, labels: [label['neutral towards']!], coder: 'ben' });
  decide(p, { documentId: p.docs[3]!, labels: [label['against']!], suggestion: [label['against']!], score: 0.7, runId: run });
  decide(p, { documentId: p.docs[4]!, kind: 'skip' });
  return p;
}

async function exportTo(
  p: ExportProject,
  format: ExportFormat,
  filter: ExportFilter = 'coded',
  extra: Partial<RunExportArgs> = {},
): Promise<ExportResult> {
  const out = join(tmp(), 'out');
  mkdirSync(out, { recursive: true });
  const name =
    format === 'hf' ? 'dataset' : `stance-${format}${format === 'xlsx' ? '.xlsx' : format.startsWith('csv') ? '.csv' : '.jsonl'}`;
  return runExport({
    projectPath: p.path,
    exportId: '00000000-0000-4000-8000-000000000001',
    questionId: p.question.id,
    format,
    filter,
    seed: 7,
    testFraction: 0.25,
    target: { kind: 'file', path: join(out, name) },
    appVersion: 'test',
    signal: new AbortController().signal,
    onProgress: () => {},
    ...extra,
  });
}

const text = (path: string) => readFileSync(path, 'utf8');
const dataFile = (r: ExportResult) => r.files[0]!.path!;
const manifestOf = (r: ExportResult) => JSON.parse(text(r.files[r.files.length - 1]!.path!));

describe('CSV export', () => {
  it('parses back (RFC 4180) to the exported rows: ids as written, quotes, commas and line breaks intact, labels and provenance per row', async () => {
    const p = project();
    const r = await exportTo(p, 'csv');
    const raw = text(dataFile(r));
    expect(raw.charCodeAt(0)).not.toBe(0xfeff);
    expect(raw.endsWith('\r\n')).toBe(true);
    const rows = parse(raw, { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => x.id)).toEqual([LONG_ID, '0042', 'c', 'd']);
    expect(rows[0]).toMatchObject({
      text: 'We support the new law, "fully".',
      meta_source: 'news',
      meta_date: '2026-01-02',
      labels: 'in favour of',
      decision: 'label',
      coder: 'ana',
      suggestion: 'in favour of',
      suggestion_score: '0.91',
      suggestion_outcome: 'accepted',
      model_id: 'MoritzLaurer/multilingual-MiniLMv2-L6-mnli-xnli',
      model_sha256: 'a'.repeat(64),
      codebook_revision: p.revisionId,
      seconds: '3.5',
      note: 'clear',
      flagged: 'false',
    });
    expect(rows[1]).toMatchObject({
      text: '=HYPERLINK("http://x","click")',
      meta_source: '+49 30 1234',
      suggestion_outcome: 'changed',
      flagged: 'true',
    });
    expect(rows[2]).toMatchObject({
      text: 'Line one\r\nline two, with a comma',
      labels: 'neutral towards',
      coder: 'ben',
      suggestion_outcome: '',
    });
    expect(Object.keys(rows[0]!).slice(0, 4)).toEqual(['id', 'text', 'meta_source', 'meta_date']);
    expect(r.rows).toBe(4);
    expect(r.perLabel).toEqual([
      { label: 'in favour of', count: 1 },
      { label: 'against', count: 2 },
      { label: 'neutral towards', count: 1 },
    ]);
  });

  it('CSV for Excel starts with a BOM, ends lines with CRLF and neutralises cells starting with = + - @ by an apostrophe', async () => {
    const r = await exportTo(project(), 'csv-excel');
    const raw = text(dataFile(r));
    expect(raw.charCodeAt(0)).toBe(0xfeff);
    expect(raw.split('\r\n').length).toBe(1 + 4 + 1 + 1); // header, 4 rows, the line break inside a quoted text, the end
    const rows = parse(raw.slice(1), { columns: true }) as Record<string, string>[];
    // [Note: long ids in Excel] 16 or more digits, or a leading zero: a formula whose value is the text.
    expect(rows[0]!.id).toBe(`="${LONG_ID}"`);
    expect(rows[1]!.id).toBe('="0042"');
    expect(rows[2]!.id).toBe('c');
    expect(rows[1]!.text).toBe(`'=HYPERLINK("http://x","click")`);
    expect(rows[1]!.meta_source).toBe(`'+49 30 1234`);
    expect(rows[2]!.meta_source).toBe(`'@mention`);
    expect(rows[3]!.text).toBe(`'-5 reasons to oppose it`);
    expect(rows[0]!.suggestion_score).toBe('0.91');
    // No cell starts a formula except the digit-only ones above.
    for (const line of raw.split('\r\n').slice(1)) expect(line.replace(/^"=""\d+"""/, '')).not.toMatch(/^[=+\-@]/);
  });
});

describe('metadata columns', () => {
  it("are the union of all documents' keys, also when later documents have keys the first lacks", async () => {
    const p = makeExportProject(tmp(), [
      { id: '1', text: 'a', metadata: { source: 'x' } },
      { id: '2', text: 'b', metadata: { source: 'y', lang: 'de', labels: 'their own' } },
    ]);
    for (const id of p.docs) decide(p, { documentId: id, labels: [p.label['against']!] });
    for (const format of ['csv', 'xlsx'] as const) {
      const r = await exportTo(p, format);
      const { columns, rows } =
        format === 'csv'
          ? (() => {
              const all = parse(text(dataFile(r))) as string[][];
              return { columns: all[0]!, rows: all.slice(1) };
            })()
          : await readXlsx(dataFile(r));
      // [Note: column names] every metadata column prefixed: the corpus's own `labels` never meets Prelabel's.
      expect(columns.slice(0, 5)).toEqual(['id', 'text', 'meta_source', 'meta_lang', 'meta_labels']);
      expect(rows.map((x) => x.slice(0, 5))).toEqual([
        ['1', 'a', 'x', '', ''],
        ['2', 'b', 'y', 'de', 'their own'],
      ]);
      expect(rows[1]![columns.indexOf('labels')]).toBe('against');
    }
  });

  it('repeated metadata texts (parsed once) give every row its own values, and a new key in a later chunk still widens the columns', async () => {
    const p = makeExportProject(tmp(), [
      ...Array.from({ length: 6 }, (_, i) => ({ id: `r${i}`, text: `t${i}`, metadata: { source: i % 2 ? 'odd' : 'even' } })),
      { id: 'late', text: 'late', metadata: { source: 'odd', lang: 'de' } },
    ]);
    for (const id of p.docs) decide(p, { documentId: id, labels: [p.label['against']!] });
    for (const format of ['csv', 'jsonl'] as const) {
      const r = await exportTo(p, format, 'coded', { chunkSize: 2 });
      const rows =
        format === 'csv'
          ? (parse(text(dataFile(r)), { columns: true }) as Record<string, string>[]).map((x) => [x.id, x.meta_source, x.meta_lang])
          : text(dataFile(r))
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l) as { id: string; metadata: Record<string, string> })
              .map((x) => [x.id, x.metadata.source, x.metadata.lang ?? '']);
      expect(rows).toEqual([
        ['r0', 'even', ''],
        ['r1', 'odd', ''],
        ['r2', 'even', ''],
        ['r3', 'odd', ''],
        ['r4', 'even', ''],
        ['r5', 'odd', ''],
        ['late', 'odd', 'de'],
      ]);
    }
  });
});

describe('filters', () => {
  it('all, coded, accepted as suggested, changed', async () => {
    const p = project();
    const ids = async (filter: ExportFilter) =>
      (parse(text(dataFile(await exportTo(p, 'csv', filter))), { columns: true }) as { id: string; decision: string }[]).map((x) => x.id);
    expect(await ids('all')).toEqual([LONG_ID, '0042', 'c', 'd', 'e', 'f']);
    expect(await ids('coded')).toEqual([LONG_ID, '0042', 'c', 'd']);
    expect(await ids('accepted')).toEqual([LONG_ID, 'd']);
    expect(await ids('changed')).toEqual(['0042']);
    const all = parse(text(dataFile(await exportTo(p, 'csv', 'all'))), { columns: true }) as Record<string, string>[];
    expect(all.map((x) => x.decision)).toEqual(['label', 'label', 'label', 'label', 'skip', '']);
  });
});

describe('JSON Lines export', () => {
  it('one object a line, ids as strings, labels and suggestions as lists, metadata as an object', async () => {
    const r = await exportTo(project(), 'jsonl');
    const lines = text(dataFile(r)).split('\n');
    expect(lines.pop()).toBe('');
    const objs = lines.map((l) => JSON.parse(l));
    expect(objs.map((o) => o.id)).toEqual([LONG_ID, '0042', 'c', 'd']);
    expect(objs[0]).toMatchObject({
      labels: ['in favour of'],
      suggestion: ['in favour of'],
      suggestion_score: 0.91,
      metadata: { source: 'news', date: '2026-01-02' },
      flagged: false,
    });
    expect(objs[2].text).toBe('Line one\r\nline two, with a comma');
  });
});

/** Every row of every sheet, as the project's own XLSX importer reads them. */
async function readXlsx(path: string, sheet?: string): Promise<{ columns: string[]; rows: string[][] }> {
  const source = await openSource({ path, name: 'export.xlsx' }, sheet ? { sheet } : {});
  const rows: string[][] = [];
  for await (const r of source.rows()) rows.push(r.values);
  return { columns: source.columns, rows };
}

describe('XLSX export', () => {
  it('is a workbook the XLSX importer reads back, with ids and texts as text, never numbers', async () => {
    const r = await exportTo(project(), 'xlsx');
    const entries = await readZipDirectory(dataFile(r), 'x.xlsx');
    expect([...entries.keys()].sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const { columns, rows } = await readXlsx(dataFile(r));
    expect(columns.slice(0, 4)).toEqual(['id', 'text', 'meta_source', 'meta_date']);
    expect(columns[columns.length - 1]).toBe('cut_columns');
    expect(rows.map((x) => x[0])).toEqual([LONG_ID, '0042', 'c', 'd']);
    expect(rows[1]![1]).toBe('=HYPERLINK("http://x","click")');
    expect(rows[2]![1]).toBe('Line one\r\nline two, with a comma');
    const col = (name: string) => columns.indexOf(name);
    expect(rows[0]![col('labels')]).toBe('in favour of');
    expect(rows[0]![col('suggestion_score')]).toBe('0.91');
    const parts: Buffer[] = [];
    for await (const chunk of readZipEntry(dataFile(r), 'x.xlsx', entries.get('xl/worksheets/sheet1.xml')!)) parts.push(chunk);
    const sheetXml = Buffer.concat(parts).toString('utf8');
    expect(sheetXml).toContain(`<c r="A2" t="inlineStr"><is><t xml:space="preserve">${LONG_ID}</t></is></c>`);
    expect(sheetXml).toContain('<c r="A3" t="inlineStr"><is><t xml:space="preserve">0042</t></is></c>');
  });

  it('continues on further sheets past the row limit, each with the header (small limit injected)', async () => {
    const r = await exportTo(project(), 'xlsx', 'all', { xlsxLimits: { maxRowsPerSheet: 3, maxCellChars: 32_767 } });
    const first = await readXlsx(dataFile(r), 'Export');
    const second = await readXlsx(dataFile(r), 'Export 2');
    const third = await readXlsx(dataFile(r), 'Export 3');
    expect(first.rows.map((x) => x[0])).toEqual([LONG_ID, '0042']);
    expect(second.rows.map((x) => x[0])).toEqual(['c', 'd']);
    expect(third.rows.map((x) => x[0])).toEqual(['e', 'f']);
    expect(second.columns).toEqual(first.columns);
    expect(manifestOf(r).notes.join(' ')).toMatch(/continue on 3 sheets/);
  });

  it('cuts cells past the character limit and names the cut columns in cut_columns (small limit injected)', async () => {
    const r = await exportTo(project(), 'xlsx', 'coded', { xlsxLimits: { maxRowsPerSheet: 1_048_576, maxCellChars: 12 } });
    const { columns, rows } = await readXlsx(dataFile(r));
    expect(rows[0]![1]).toBe('We support t');
    expect(rows[0]![columns.indexOf('cut_columns')]).toBe('id,text,decided_at,model_id,model_sha256,codebook_revision');
    expect(rows[0]![0]).toBe(LONG_ID.slice(0, 12));
    expect(r.warnings[0]).toMatch(/cells were longer than Excel's limit of 12 characters and cut/);
  });
});

describe('Hugging Face datasets folder', () => {
  function bigProject(): ExportProject {
    const docs = Array.from({ length: 300 }, (_, i) => ({ id: String(i + 1), text: `text ${i + 1}` }));
    const p = makeExportProject(tmp(), docs);
    const names = ['in favour of', 'against', 'neutral towards'];
    // 150 / 100 / 50 documents per label.
    p.docs.forEach((id, i) => decide(p, { documentId: id, labels: [p.label[names[i < 150 ? 0 : i < 250 ? 1 : 2]!]!] }));
    return p;
  }
  const readSplit = (dir: string, part: string) =>
    text(join(dir, `${part}.jsonl`))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; text: string; label: number; label_text: string });

  it('writes train/test with int labels, a stratified split reproducible by seed, labels.json and a dataset card', async () => {
    const p = bigProject();
    const r = await exportTo(p, 'hf');
    const dir = join(tmp(), 'out', 'dataset');
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'labels.json', 'manifest.json', 'test.jsonl', 'train.jsonl']);
    const train = readSplit(dir, 'train');
    const test = readSplit(dir, 'test');
    expect(train.length + test.length).toBe(300);
    const perLabel = (rows: typeof test) => [0, 1, 2].map((l) => rows.filter((x) => x.label === l).length);
    expect(perLabel(test)).toEqual([38, 25, 13]); // round(n x 0.25) of 150, 100, 50
    expect(perLabel(train)).toEqual([112, 75, 37]);
    expect(test[0]).toMatchObject({ label_text: ['in favour of', 'against', 'neutral towards'][test[0]!.label] });
    expect(JSON.parse(text(join(dir, 'labels.json')))).toMatchObject({
      names: ['in favour of', 'against', 'neutral towards'],
      label2id: { against: 1 },
    });
    expect(text(join(dir, 'README.md'))).toMatch(/class_label:\n\s+names:\n\s+'0': "in favour of"/);
    expect(manifestOf(r).split).toEqual({ seed: 7, testFraction: 0.25, train: 224, test: 76, method: splitMethod(false) });

    const again = await runAgain(p, 7);
    expect(again).toEqual(test.map((x) => x.id));
    expect(await runAgain(p, 8)).not.toEqual(again);
  });

  async function runAgain(p: ExportProject, seed: number): Promise<string[]> {
    const out = join(tmp(), `again-${seed}-${Math.random()}`);
    await exportTo(p, 'hf', 'coded', { seed, target: { kind: 'file', path: out } });
    return readSplit(out, 'test').map((x) => x.id);
  }
});

describe('NLI training pairs', () => {
  it('one pair per coded document and label, hypotheses as the engine makes them, entailment exactly for the chosen labels', async () => {
    const p = project();
    // Every label (nliNegatives 'all') and no test split: every pair in the one file.
    const r = await exportTo(p, 'nli', 'coded', { testFraction: 0, nliNegatives: 'all' });
    const pairs = text(dataFile(r))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; premise: string; hypothesis: string; label: string; label_name: string });
    expect(pairs.length).toBe(4 * 3);
    expect(r.rows).toBe(12);
    const hyp = Object.fromEntries(p.question.labels.map((l) => [l.name, hypothesisFor(p.question, l)]));
    expect(hyp['against']).toBe('The author rejects the policy.');
    expect(pairs.slice(0, 3)).toEqual([
      {
        id: LONG_ID,
        premise: 'We support the new law, "fully".',
        hypothesis: 'The author is in favour of the policy.',
        label: 'entailment',
        label_name: 'in favour of',
      },
      {
        id: LONG_ID,
        premise: 'We support the new law, "fully".',
        hypothesis: 'The author rejects the policy.',
        label: 'not_entailment',
        label_name: 'against',
      },
      {
        id: LONG_ID,
        premise: 'We support the new law, "fully".',
        hypothesis: 'The author is neutral towards the policy.',
        label: 'not_entailment',
        label_name: 'neutral towards',
      },
    ]);
    expect(pairs.filter((x) => x.label === 'entailment').map((x) => `${x.id}:${x.label_name}`)).toEqual([
      `${LONG_ID}:in favour of`,
      '0042:against',
      'c:neutral towards',
      'd:against',
    ]);
  });

  it('a multi-label decision entails each of its labels', async () => {
    const p = makeExportProject(tmp(), [{ id: '1', text: 'Health and tax.' }], {
      name: 'Topics',
      multiLabel: true,
      template: 'This text is about {}.',
      labels: [{ name: 'health' }, { name: 'tax' }, { name: 'defence' }],
    });
    decide(p, { documentId: p.docs[0]!, labels: [p.label['tax']!, p.label['health']!] });
    const r = await exportTo(p, 'nli');
    const labels = text(dataFile(r))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).label);
    expect(labels).toEqual(['entailment', 'entailment', 'not_entailment']);
    const csv = parse(text(dataFile(await exportTo(p, 'csv'))), { columns: true }) as Record<string, string>[];
    expect(csv[0]!.labels).toBe('health|tax');
  });
});

describe('manifest and safety', () => {
  it('the manifest names the app, the question with its hypotheses, the runs, the counts, and the SHA-256 of every file', async () => {
    const p = project();
    const r = await exportTo(p, 'csv');
    expect(r.files.map((f) => f.name)).toEqual(['stance-csv.csv', 'stance-csv.csv.manifest.json']);
    const m = manifestOf(r);
    expect(m).toMatchObject({
      app: { name: 'Prelabel', version: 'test', onnxruntime: expect.stringMatching(/^\d+\.\d+\.\d+/) },
      format: 'csv',
      filter: 'coded',
      question: { name: 'Stance', template: 'The author is {} the policy.' },
      codebookRevision: { current: p.revisionId, onDecisions: [{ id: p.revisionId, decisions: 4 }] },
      models: [{ modelId: 'MoritzLaurer/multilingual-MiniLMv2-L6-mnli-xnli', modelSha256: 'a'.repeat(64), decisions: 3 }],
      counts: { rows: 4, documents: 4, decisions: { label: 4, skip: 0, not_codable: 0, open: 0 } },
    });
    expect(m.question.labels.map((l: { hypothesis: string }) => l.hypothesis)).toEqual([
      'The author is in favour of the policy.',
      'The author rejects the policy.',
      'The author is neutral towards the policy.',
    ]);
    for (const f of m.files) {
      const bytes = readFileSync(join(tmp(), 'out', f.name));
      expect(f.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(f.bytes).toBe(bytes.length);
    }
    expect(r.files[0]!.sha256).toBe(m.files[0].sha256);
  });

  it('a cancelled export leaves no file behind, not even a temporary one, and does not touch the project', async () => {
    const p = makeExportProject(
      tmp(),
      Array.from({ length: 50 }, (_, i) => ({ id: String(i), text: `t${i}` })),
    );
    for (const id of p.docs) decide(p, { documentId: id, labels: [p.label['against']!] });
    const changes = p.db.prepare('SELECT total_changes()').pluck();
    const before = changes.get();
    for (const format of ['csv', 'xlsx', 'hf', 'nli'] as const) {
      const abort = new AbortController();
      const out = join(tmp(), `cancel-${format}`);
      mkdirSync(out);
      let chunks = 0;
      await expect(
        exportTo(p, format, 'coded', {
          chunkSize: 10,
          signal: abort.signal,
          target: { kind: 'file', path: join(out, format === 'hf' ? 'ds' : 'x.out') },
          onProgress: () => {
            if (++chunks === 2) abort.abort();
          },
        }),
      ).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(readdirSync(out)).toEqual([]);
    }
    expect(changes.get()).toBe(before);
    expect(p.db.prepare('SELECT count(*) FROM annotations').pluck().get()).toBe(50);
  });

  it('a failure while writing leaves no file behind and replaces nothing', async () => {
    const p = project();
    const out = join(tmp(), 'fail');
    mkdirSync(out);
    const target = join(out, 'x.xlsx');
    await expect(
      exportTo(p, 'xlsx', 'coded', { target: { kind: 'file', path: target }, xlsxLimits: { maxRowsPerSheet: 1, maxCellChars: 10 } }),
    ).rejects.toThrow();
    expect(readdirSync(out)).toEqual([]);
    expect(existsSync(target)).toBe(false);
  });
});
