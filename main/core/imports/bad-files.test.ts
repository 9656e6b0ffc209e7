// Bad files end with a clear message naming the problem, and the project stays as it was.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDecisions, importMapping } from '../../../common/contract';
import { ProjectStore } from '../store/project-store';
import { useTempDir } from '../test-support/temp-dir';
import { xlsxEntries, zipBuffer } from '../test-support/zip-writer';
import { runImport } from './import-job';

const tmp = useTempDir();

async function importInto(store: ProjectStore, path: string, name: string, text: (string | number)[] = [1]) {
  return runImport({
    db: store.db,
    file: { path, name },
    options: {},
    mapping: importMapping.parse({ textColumns: text }),
    decisions: importDecisions.parse({}),
    signal: new AbortController().signal,
    onProgress: () => {},
  });
}

function snapshot(store: ProjectStore) {
  return {
    docs: store.db.prepare('SELECT id, external_id, text FROM documents ORDER BY id').all(),
    imports: store.db.prepare("SELECT count(*) FROM imports WHERE status = 'committed'").pluck().get(),
  };
}

function bigJson(badLine: number): string {
  const lines = ['['];
  for (let i = 1; i < badLine - 1; i++) lines.push(`  {"id": ${i}, "text": "document ${i}"},`);
  lines.push('  {"id": 99999, "text": "broken" "here"},');
  lines.push('  {"id": 100000, "text": "after"}', ']');
  return lines.join('\n');
}

const sheet = xlsxEntries([{ name: 'S', rows: [['text'], ...Array.from({ length: 2000 }, (_, i) => [`row ${i} with some words`])] }]);

const CASES: [string, string, string | Buffer, RegExp][] = [
  ['an empty file', 'empty.csv', '', /empty\.csv is empty\./],
  [
    'binary data named .csv',
    'photo.csv',
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 2, 3, 0, 0]),
    /photo\.csv does not look like a text file \(it contains binary data\)/,
  ],
  [
    'a truncated XLSX',
    'cut.xlsx',
    zipBuffer(sheet).subarray(0, 3000),
    /cut\.xlsx is damaged or incomplete \(the end of the file is missing/,
  ],
  ['a text file named .xlsx', 'fake.xlsx', 'text\nhello\n', /fake\.xlsx is not an Excel workbook/],
  [
    'a zip that is not a workbook',
    'other.xlsx',
    zipBuffer([{ name: 'readme.txt', data: 'hi' }]),
    /is a ZIP file but not an Excel workbook/,
  ],
  [
    'a zip bomb posing as XLSX',
    'bomb.xlsx',
    zipBuffer(
      sheet.map((e) =>
        e.name === 'xl/worksheets/sheet1.xml'
          ? {
              name: e.name,
              data: `<?xml version="1.0"?><worksheet><sheetData>${'<row><c t="inlineStr"><is><t>x</t></is></c></row>'.repeat(400_000)}</sheetData></worksheet>`,
              declaredSize: 1000,
            }
          : e,
      ),
    ),
    /bomb\.xlsx: the part xl\/worksheets\/sheet1\.xml unpacks to far more than its stated size of 1,000 bytes \(a damaged file or a "zip bomb"\)/,
  ],
  ['invalid JSON at line 40,000', 'broken.json', bigJson(40_000), /broken\.json is not valid JSON: line 40000, column \d+: /],
  ['a JSON file that is cut off', 'cut.json', '[{"text": "a"}, {"text": "b"', /the file ends before the records array is closed/],
  [
    'invalid JSON Lines',
    'bad.jsonl',
    '{"text": "a"}\n{"text": b}\n',
    /bad\.jsonl is not valid JSON: line 2, column 10: unexpected character "b"/,
  ],
];

describe('bad files', () => {
  it.each(CASES)('%s: a clear message, and the project is unchanged', async (_name, fileName, content, message) => {
    const dir = tmp();
    const store = ProjectStore.create(join(dir, 'p.prelabel'), 'p');
    try {
      const good = join(dir, 'good.csv');
      writeFileSync(good, 'text\nalready here\nand here\n');
      await importInto(store, good, 'good.csv');
      const before = snapshot(store);
      const path = join(dir, fileName);
      writeFileSync(path, content);
      await expect(importInto(store, path, fileName, fileName.endsWith('.csv') ? [1] : ['text'])).rejects.toThrow(message);
      expect(snapshot(store)).toEqual(before);
      expect(store.db.prepare("SELECT count(*) FROM imports WHERE status = 'pending'").pluck().get()).toBe(0);
    } finally {
      store.close();
    }
  });
});
