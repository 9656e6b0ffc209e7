// Issue 12, encodings: real corpus rows of every script the corpora hold, written at test time as a
// CSV in that script's legacy code pages, import with the default detection through the real
// import job into a real project file and come back in a CSV export as they were (as strings, and
// as the same bytes once written in the code page again); a short file of 3 or 5 rows, where
// detection is hardest, gets the right encoding first or second among the preview's suggestions.
// Scripts without a case here: Vietnamese (no Vietnamese text in the corpora; Windows-1258 is
// read all the same), Devanagari (no legacy code page: ISCII is in neither the WHATWG Encoding
// Standard nor iconv-lite, and Hindi files are UTF-8; see the last test), traditional Chinese
// (none in the corpora: Big5 is tried on the XNLI Chinese sentences whose characters Big5 also
// has), Hebrew in ISO-8859-8 (the one Hebrew tweet holds "…", which ISO-8859-8 lacks).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { codebookInput, importDecisions, importMapping } from '../../../common/contract';
import type { TextEncoding } from '../../../common/encodings';
import { setCodebook } from '../codebook/codebook-write';
import { runExport } from '../export/export-job';
import { STANCE } from '../export/test-support/export-project';
import { ProjectStore } from '../store/project-store';
import { encodeIn, fittingTexts, scriptTexts, writeLegacyCsv, type Script } from '../test-support/legacy-corpora';
import { useTempDir } from '../test-support/temp-dir';
import { decodeBytes } from './decoders';
import { previewImport, runImport } from './import-job';

const tmp = useTempDir();
const never = new AbortController().signal;

/** Script, code page, rows for the import and export (fewer where the corpora have fewer). */
const CASES: [Script, TextEncoding, number][] = [
  ['pl', 'windows-1250', 30],
  ['pl', 'iso-8859-2', 30],
  ['de', 'windows-1252', 30],
  ['de', 'iso-8859-15', 30],
  ['de', 'macintosh', 30],
  ['fr', 'windows-1252', 30],
  ['es', 'windows-1252', 30],
  ['el', 'windows-1253', 30],
  ['el', 'iso-8859-7', 30],
  ['ru', 'windows-1251', 30],
  ['ru', 'koi8-r', 30],
  ['ru', 'iso-8859-5', 30],
  ['ru', 'ibm866', 30],
  ['ru', 'x-mac-cyrillic', 30],
  ['ar', 'windows-1256', 30],
  ['ar', 'iso-8859-6', 30],
  ['he', 'windows-1255', 1],
  ['zh', 'gb18030', 30],
  ['zh', 'gbk', 30],
  ['zh', 'big5', 28],
  ['ja', 'shift_jis', 30],
  ['ja', 'euc-jp', 30],
  ['ja', 'iso-2022-jp', 30],
  ['ko', 'euc-kr', 11],
  ['th', 'windows-874', 6],
  ['tr', 'windows-1254', 30],
];

/** Another encoding reads the same bytes to the same text (GBK files read as GB18030). */
const readsSame = (bytes: Buffer, a: TextEncoding, b: TextEncoding) => a === b || decodeBytes(bytes, a) === decodeBytes(bytes, b);

async function importAndExport(path: string, name: string) {
  const store = ProjectStore.create(join(tmp(), `${name}.prelabel`), name);
  try {
    const result = await runImport({
      db: store.db,
      file: { path, name: `${name}.csv` },
      options: {},
      mapping: importMapping.parse({ textColumns: ['text'], idColumn: 'id' }),
      decisions: importDecisions.parse({}),
      signal: never,
      onProgress: () => {},
    });
    const stored = JSON.parse(store.db.prepare("SELECT options FROM imports WHERE status = 'committed'").pluck().get() as string) as {
      detection: { encoding: TextEncoding };
    };
    const codebook = setCodebook(store.db, codebookInput.parse({ questions: [STANCE] }));
    const out = join(tmp(), `${name}-export.csv`);
    const exported = await runExport({
      projectPath: store.path,
      exportId: '00000000-0000-4000-8000-000000000012',
      questionId: codebook.questions[0]!.id,
      format: 'csv',
      filter: 'all',
      seed: 1,
      testFraction: 0,
      target: { kind: 'file', path: out },
      appVersion: 'test',
      signal: never,
      onProgress: () => {},
    });
    const rows = parse(readFileSync(exported.files[0]!.path!, 'utf8'), { columns: true }) as Record<string, string>[];
    const manifest = JSON.parse(readFileSync(exported.files[exported.files.length - 1]!.path!, 'utf8')) as {
      imports: { encoding: string }[];
    };
    return {
      result,
      encoding: stored.detection.encoding,
      manifestEncoding: manifest.imports[0]!.encoding,
      rows,
      problems: store.imports()[0]!.problems,
    };
  } finally {
    store.close();
  }
}

describe('issue 12: legacy code pages of every script import with the default detection and export as they were', () => {
  it.each(CASES)('%s in %s', { timeout: 60_000 }, async (script, encoding, n) => {
    const texts = fittingTexts(script, encoding, n);
    expect(texts.length, `real ${script} texts that ${encoding} can hold`).toBe(n);
    const { path } = writeLegacyCsv(tmp(), `${script}-${encoding}.csv`, texts, encoding);
    const bytes = readFileSync(path);

    const { result, encoding: used, manifestEncoding, rows, problems } = await importAndExport(path, `${script}-${encoding}`);
    expect(result.imported).toBe(n);
    // The stored detection and the export's manifest name the encoding the file was read in.
    expect(manifestEncoding).toBe(used);
    expect(readsSame(bytes, used, encoding), `stored encoding ${used} reads the file as ${encoding} does`).toBe(true);
    expect(problems.filter((p) => p.code === 'mojibake' || p.code === 'invalid_utf8' || p.code === 'control_chars')).toEqual([]);
    expect(rows.map((r) => r.id)).toEqual(texts.map((_, i) => String(i + 1)));
    rows.forEach((row, i) => {
      expect(row.text).toBe(texts[i]);
      // Written in the code page again, the exported text is the very bytes of the file.
      expect(encodeIn(row.text!, encoding)?.equals(encodeIn(texts[i]!, encoding)!)).toBe(true);
    });
  });
});

describe('issue 12: in a short file the preview suggests the right encoding first or second', () => {
  const SHORT = CASES.filter(([script]) => script !== 'he').flatMap(([script, encoding]) => [
    [script, encoding, 3] as const,
    [script, encoding, 5] as const,
  ]);
  it.each(SHORT)('%s in %s, %i rows', async (script, encoding, n) => {
    const texts = fittingTexts(script, encoding, n);
    const { path, content } = writeLegacyCsv(tmp(), `short-${script}-${encoding}-${n}.csv`, texts, encoding);
    const bytes = readFileSync(path);
    const preview = await previewImport({ path, name: 'short.csv' }, {});
    const suggested = (preview.detection.suggestedEncodings ?? []).map((s) => s.encoding);
    const rank = suggested.findIndex((s) => readsSame(bytes, s, encoding));
    expect(rank, `${encoding} among ${suggested.join(', ')}`).toBeGreaterThanOrEqual(0);
    expect(rank).toBeLessThan(2);
    expect(decodeBytes(bytes, suggested[rank]!)).toBe(content);
    expect(preview.detection.encodingConfidence).toBeGreaterThan(0);
  });

  it('the one Hebrew tweet in the corpora, in Windows-1255', async () => {
    const texts = fittingTexts('he', 'windows-1255', 1);
    const { path } = writeLegacyCsv(tmp(), 'he.csv', texts, 'windows-1255');
    const preview = await previewImport({ path, name: 'he.csv' }, {});
    expect(preview.detection.suggestedEncodings!.slice(0, 2).map((s) => s.encoding)).toContain('windows-1255');
  });
});

describe('issue 12: Devanagari has no legacy code page', () => {
  it('Hindi is read from UTF-8 exactly, without the charset detector', async () => {
    const texts = scriptTexts('hi').slice(0, 5);
    const { path } = writeLegacyCsv(tmp(), 'hi.csv', texts, 'utf-8');
    const preview = await previewImport({ path, name: 'hi.csv' }, {});
    expect(preview.detection).toMatchObject({ encoding: 'utf-8', encodingConfidence: 1, encodingLooksWrong: false });
    expect(preview.rows.map((r) => r[1])).toEqual(texts);
  });
});
