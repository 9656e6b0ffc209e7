// Bug 3 of issue 10: a few invalid bytes in an otherwise valid UTF-8 file are a problem class for
// those rows, never a reason to read the whole file as Windows-1252; a file that really is
// Windows-1252 is still read as such; the stored detection names the decoding that was used.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDecisions, importMapping, type ImportDecisions, type ImportMapping } from '../../../common/contract';
import { ProjectStore } from '../store/project-store';
import { corpusFile } from '../test-support/corpora';
import { MARC_DE, writeDamagedReviews } from '../test-support/damaged-reviews';
import { useTempDir } from '../test-support/temp-dir';
import { analyzeImport, runImport } from './import-job';
import { decodeBytes } from './decoders';
import { detectEncoding } from './detect-encoding';
import { judgeUtf8, Utf8Counter, utf8Evidence } from './text-encoding';

const tmp = useTempDir();
const mapping = importMapping.parse({ textColumns: [2], idColumn: 1, goldColumn: 3 });
const never = new AbortController().signal;

const damagedReviews = (row: number) => writeDamagedReviews(tmp(), row);

/** A new project and a function that imports `path` into it with the detected options. */
function importInto(name: string, path: string, decisions: Partial<ImportDecisions> = {}, columns: ImportMapping = mapping) {
  const store = ProjectStore.create(join(tmp(), `${name}.prelabel`), name);
  const run = () =>
    runImport({
      db: store.db,
      file: { path, name: path.split('/').pop()! },
      options: {},
      mapping: columns,
      decisions: importDecisions.parse(decisions),
      signal: never,
      onProgress: () => {},
    });
  return { store, run };
}

function storedTexts(store: ProjectStore): Map<number, string> {
  const rows = store.db.prepare('SELECT row_number AS row, text FROM documents ORDER BY row_number').all() as {
    row: number;
    text: string;
  }[];
  return new Map(rows.map((r) => [r.row, r.text]));
}

function storedDetection(store: ProjectStore): { encoding: string } {
  const options = store.db.prepare("SELECT options FROM imports WHERE status = 'committed'").pluck().get() as string;
  return (JSON.parse(options) as { detection: { encoding: string } }).detection;
}

describe('bug 3: one bad byte in a UTF-8 file', () => {
  // Row 4,001 is far beyond the sampled head; row 40 is inside it.
  it.each([4001, 40])('German reviews with 0xFF in row %i: only that row is a problem, every other text is exact', async (row) => {
    const { path, expected, damagedAt } = damagedReviews(row);
    expect(expected.filter((t) => /[äöüß]/.test(t)).length, 'texts with umlauts to garble').toBeGreaterThan(3000);

    const analysis = await analyzeImport({ path, name: 'reviews.csv' }, {}, mapping, never, () => {});
    expect(analysis.detection.encoding).toBe('utf-8');
    expect(analysis.rows).toBe(5000);
    const problem = analysis.problems.find((p) => p.code === 'invalid_utf8');
    expect(problem).toMatchObject({ count: 1, rows: [row], choices: ['keep', 'skip', 'cancel'], defaultChoice: 'keep' });
    expect(problem!.examples[0]!.message).toContain('\uFFFD');
    expect(problem!.examples[0]!.message).toContain(`Row ${row}: `);
    expect(analysis.problems.find((p) => p.code === 'mojibake')).toBeUndefined();

    const { store, run } = importInto('keep', path);
    try {
      const result = await run();
      expect(result).toMatchObject({ imported: 5000, skipped: 0, flagged: 1 });
      const texts = storedTexts(store);
      for (let i = 1; i <= 5000; i++) {
        const want = expected[i - 1]!;
        if (i === row) expect(texts.get(i)).toBe(want.slice(0, damagedAt) + '\uFFFD' + want.slice(damagedAt));
        else if (texts.get(i) !== want) expect.fail(`row ${i} differs from its UTF-8 decoding: ${texts.get(i)}`);
      }
      expect(storedDetection(store).encoding).toBe('utf-8');
      const summary = store.imports()[0]!.problems.find((p) => p.code === 'invalid_utf8');
      expect(summary).toMatchObject({ count: 1, rows: [row] });
    } finally {
      store.close();
    }
  });

  it('skips the damaged row on request, and cancels with a message that names it', async () => {
    const { path } = damagedReviews(4001);
    const skipping = importInto('skip', path, { invalid_utf8: 'skip' });
    try {
      expect(await skipping.run()).toMatchObject({ imported: 4999, skipped: 1 });
      const texts = storedTexts(skipping.store);
      expect(texts.has(4001)).toBe(false);
      expect(texts.has(4000) && texts.has(4002)).toBe(true);
      expect(storedDetection(skipping.store).encoding).toBe('utf-8');
    } finally {
      skipping.store.close();
    }
    const cancelling = importInto('cancel', path, { invalid_utf8: 'cancel' });
    try {
      await expect(cancelling.run()).rejects.toThrow(/Row 4001: .*\uFFFD.*The import stopped here and nothing was imported\./s);
      expect(cancelling.store.documentCount()).toBe(0);
    } finally {
      cancelling.store.close();
    }
  });
});

describe('bug 3: the same in JSON Lines and plain text', () => {
  it.each(['jsonl', 'txt'])('%s: the damaged line is a problem with U+FFFD, the others are exact', async (ext) => {
    const { expected } = damagedReviews(1);
    const texts = expected.map((t) => t.replace(/\s+/g, ' '));
    const lines = texts.map((t) => Buffer.from(ext === 'jsonl' ? JSON.stringify({ text: t }) : t, 'utf8'));
    const at = lines[4000]!.indexOf(' ');
    lines[4000] = Buffer.concat([lines[4000]!.subarray(0, at), Buffer.from([0xff]), lines[4000]!.subarray(at)]);
    const path = join(tmp(), `reviews.${ext}`);
    writeFileSync(path, Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
    const { store, run } = importInto(ext, path, {}, importMapping.parse({ textColumns: ['text'] }));
    try {
      expect(await run()).toMatchObject({ imported: 5000, flagged: 1 });
      expect(storedDetection(store).encoding).toBe('utf-8');
      const stored = storedTexts(store);
      const cut = texts[4000]!.indexOf(' ');
      expect(stored.get(4001)).toBe(texts[4000]!.slice(0, cut) + '\uFFFD' + texts[4000]!.slice(cut));
      for (let i = 1; i <= 5000; i++) if (i !== 4001 && stored.get(i) !== texts[i - 1]) expect.fail(`row ${i} differs`);
      expect(store.imports()[0]!.problems.find((p) => p.code === 'invalid_utf8')).toMatchObject({ count: 1, rows: [4001] });
    } finally {
      store.close();
    }
  });

  it('an encoding the user chose is kept: Windows-1252 bytes read as UTF-8 are problem rows, not an error', async () => {
    const path = corpusFile('sms_spam_nonutf8', 'spam.csv');
    const analysis = await analyzeImport(
      { path, name: 'spam.csv' },
      { encoding: 'utf-8' },
      importMapping.parse({ textColumns: ['Message'] }),
      never,
      () => {},
    );
    expect(analysis.detection.encoding).toBe('utf-8');
    expect(analysis.problems.find((p) => p.code === 'invalid_utf8')?.count).toBeGreaterThan(100);
  });
});

describe('bug 3: a file that really is Windows-1252 is still read as Windows-1252', () => {
  it('the SMS spam file (853 invalid sequences, 9 valid ones) is read and stored as windows-1252', async () => {
    const path = corpusFile('sms_spam_nonutf8', 'spam.csv');
    const { store, run } = importInto('spam', path, {}, importMapping.parse({ textColumns: ['Message'], goldColumn: 'Response' }));
    try {
      const result = await run();
      expect(result.imported + result.skipped).toBe(5572);
      expect(storedDetection(store).encoding).toBe('windows-1252');
      const texts = [...storedTexts(store).values()];
      expect(texts.some((t) => t.includes('£'))).toBe(true);
      expect(texts.some((t) => t.includes('\uFFFD'))).toBe(false);
      expect(store.imports()[0]!.problems.find((p) => p.code === 'invalid_utf8')).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it(
    'Windows-1252 text after a long ASCII head: read again as windows-1252, and the stored detection says so',
    { timeout: 60_000 },
    async () => {
      const ascii = Array.from({ length: 60_000 }, (_, i) => `${i},plain ascii text number ${i}`).join('\n');
      const legacy = Array.from(
        { length: 200 },
        (_, i) => `${60_000 + i},Gr\xfc\xdfe aus K\xf6ln: caf\xe9 \x96 \x93quoted\x94 \x80${i}`,
      ).join('\n');
      const path = join(tmp(), 'late-legacy.csv');
      writeFileSync(path, Buffer.concat([Buffer.from(`id,text\n${ascii}\n`), Buffer.from(legacy + '\n', 'latin1')]));
      const { store, run } = importInto('late', path, {}, importMapping.parse({ textColumns: ['text'], idColumn: 'id' }));
      try {
        const result = await run();
        expect(result.imported).toBe(60_200);
        expect(storedDetection(store).encoding).toBe('windows-1252');
        expect(storedTexts(store).get(60_001)).toBe('Grüße aus Köln: café – “quoted” €0');
        expect(store.documentCount()).toBe(60_200);
      } finally {
        store.close();
      }
    },
  );
});

describe('bug 3: the rule that decides between damaged UTF-8 and a legacy encoding', () => {
  it('counts valid multi-byte and invalid sequences, and judges by them', () => {
    const utf8 = Buffer.from('Grüße – “quoted” 🤬', 'utf8');
    expect(utf8Evidence(utf8, true)).toEqual({ multiByte: 6, invalid: 0 });
    const cp1252 = Buffer.from('Gr\xfc\xdfe \x96 caf\xe9', 'latin1');
    expect(utf8Evidence(cp1252, true)).toEqual({ multiByte: 0, invalid: 4 });
    expect(judgeUtf8({ multiByte: 14_179, invalid: 1 })).toBe('utf-8');
    expect(judgeUtf8({ multiByte: 9, invalid: 853 })).toBe('legacy');
    expect(judgeUtf8({ multiByte: 0, invalid: 1 })).toBe('legacy');
    expect(judgeUtf8({ multiByte: 0, invalid: 0 })).toBe('utf-8');
    // A sequence cut at the end of a sample is not counted as invalid unless the sample is the whole file.
    expect(utf8Evidence(utf8.subarray(0, utf8.length - 2), false)).toEqual({ multiByte: 5, invalid: 0 });
    expect(utf8Evidence(utf8.subarray(0, utf8.length - 2), true)).toEqual({ multiByte: 5, invalid: 1 });
    // The head of a file with one bad byte among many umlauts is UTF-8.
    const head = Buffer.concat([Buffer.from('Grüße '.repeat(50), 'utf8'), Buffer.from([0xff])]);
    expect(detectEncoding(head, true).encoding).toBe('utf-8');
    expect(decodeBytes(Buffer.from([0x80]), 'windows-1252')).toBe('€');
  });

  it('counts exactly the U+FFFD that TextDecoder writes, on random bytes read in random chunks', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      // Mostly valid UTF-8 with random bytes put in, so every kind of broken sequence occurs.
      const parts: Buffer[] = [];
      for (let i = 0; i < 40; i++)
        parts.push(
          random() < 0.5
            ? Buffer.from(['ü', '€', '🤬', 'a', 'ß'][Math.floor(random() * 5)]!, 'utf8')
            : Buffer.from([Math.floor(random() * 256)]),
        );
      const bytes = Buffer.concat(parts);
      const replaced = [...new TextDecoder('utf-8').decode(bytes)].filter((c) => c === '\uFFFD').length;
      const counter = new Utf8Counter();
      for (let at = 0; at < bytes.length;) {
        const step = 1 + Math.floor(random() * 7);
        counter.push(bytes.subarray(at, at + step));
        at += step;
      }
      counter.end();
      expect(counter.invalid, bytes.toString('hex')).toBe(replaced);
    }
    expect(utf8Evidence(readFileSync(corpusFile('sms_spam_nonutf8', 'spam.csv')), true)).toEqual({ multiByte: 9, invalid: 853 });
    expect(utf8Evidence(readFileSync(corpusFile(...MARC_DE)), true)).toEqual({ multiByte: 14_179, invalid: 0 });
  });
});
