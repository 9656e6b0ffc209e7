// Issue 12, encodings: a Russian CSV saved in Windows-1251 imported "successfully" as Latin-1
// garbage with no problem reported. Now detection reads it right, a wrong reading (chosen, or made
// upstream) is a problem class with examples whose summary names the encodings that read it
// better, the preview says the text looks wrong and suggests those encodings, and the whole-file
// check names the legacy encoding of bytes that appear only after a long ASCII head.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importMapping } from '../../../common/contract';
import { corpusFile } from '../test-support/corpora';
import { encodeIn, fittingTexts, writeLegacyCsv } from '../test-support/legacy-corpora';
import { useTempDir } from '../test-support/temp-dir';
import { analyzeImport, previewImport } from './import-job';
import { findMisdecoding } from './text-plausibility';

const tmp = useTempDir();
const never = new AbortController().signal;
const textColumn = importMapping.parse({ textColumns: ['text'], idColumn: 'id' });

describe('bug: a Windows-1251 Russian CSV imported as Latin-1 garbage with no problem reported', () => {
  it('is detected as Windows-1251 and reads right', async () => {
    const texts = fittingTexts('ru', 'windows-1251', 40);
    const { path } = writeLegacyCsv(tmp(), 'ru.csv', texts, 'windows-1251');
    const analysis = await analyzeImport({ path, name: 'ru.csv' }, {}, textColumn, never, () => {});
    expect(analysis.detection.encoding).toBe('windows-1251');
    expect(analysis.problems).toEqual([]);
    const preview = await previewImport({ path, name: 'ru.csv' }, {});
    expect(preview.rows.map((r) => r[1])).toEqual(texts.slice(0, preview.rows.length));
  });

  it('read as Windows-1252 all the same, every row is a mis-decoded row, with examples, and the summary names Windows-1251', async () => {
    const texts = fittingTexts('ru', 'windows-1251', 40);
    const { path } = writeLegacyCsv(tmp(), 'ru.csv', texts, 'windows-1251');
    const analysis = await analyzeImport({ path, name: 'ru.csv' }, { encoding: 'windows-1252' }, textColumn, never, () => {});
    const problem = analysis.problems.find((p) => p.code === 'mojibake')!;
    expect(problem.count).toBe(40);
    expect(problem.examples[0]!.message).toMatch(/^Row 1: ".+" in "text" looks like text read in the wrong encoding/);
    // About 30 characters either side of the mark.
    const quoted = /"(.+?)" in "text"/.exec(problem.examples[5]!.message)![1]!;
    expect(quoted.length).toBeGreaterThan(20);
    expect(quoted.length).toBeLessThanOrEqual(63);
    expect(problem.summary).toContain('the file reads better as Windows-1251');
  });

  it('the preview says the Windows-1252 reading looks wrong and suggests Windows-1251 first, with a line that reads right', async () => {
    const texts = fittingTexts('ru', 'windows-1251', 5);
    const { path } = writeLegacyCsv(tmp(), 'ru.csv', texts, 'windows-1251');
    const preview = await previewImport({ path, name: 'ru.csv' }, { encoding: 'windows-1252' });
    expect(preview.detection.encodingLooksWrong).toBe(true);
    expect(preview.detection.encodingSample![0]).toContain('Ìàìà');
    const first = preview.detection.suggestedEncodings![0]!;
    expect(first.encoding).toBe('windows-1251');
    expect(first.sample).toContain(texts[0]);
    expect(preview.detection.suggestedEncodings!.map((s) => s.encoding)).not.toContain('windows-1252');
  });
});

describe('issue 12: the mis-decoding problem class', () => {
  it('names UTF-8 read as Windows-1252 upstream in a corpus file that is itself UTF-8 (â€™ in political_social_media)', async () => {
    const path = corpusFile('political_social_media_bias', 'political_social_media.csv');
    const analysis = await analyzeImport(
      { path, name: 'political_social_media.csv' },
      {},
      importMapping.parse({ textColumns: ['text'] }),
      never,
      () => {},
    );
    expect(analysis.detection.encoding).toBe('utf-8');
    const problem = analysis.problems.find((p) => p.code === 'mojibake')!;
    expect(problem.count).toBeGreaterThan(800);
    expect(problem.examples[0]!.message).toContain('â€');
    expect(problem.summary).toContain('read right as UTF-8 that was read as Windows-1252 before this file was saved');
  });

  it('finds UTF-8 read as a Latin code page, a Cyrillic or Greek code page read as Latin, symbols and scripts mixed inside words', () => {
    expect(findMisdecoding('Ã©tÃ© Ð¿Ñ€Ð¸Ð²ÐµÑ‚')).toMatchObject({ kind: 'utf8-as-legacy', mark: 'Ã©' });
    expect(findMisdecoding('Ïðèâåò, êàê äåëà?')).toMatchObject({ kind: 'accent-run', mark: 'Ïðèâåò' });
    expect(findMisdecoding('Ôçí ÔåôÜñôç')).toMatchObject({ kind: 'accent-run' });
    expect(findMisdecoding('ƒeƒLƒXƒg')).toMatchObject({ kind: 'symbol-in-word' });
    expect(findMisdecoding('GrьЯe aus Kцln')).toMatchObject({ kind: 'mixed-script', mark: 'rьЯe' });
  });

  it('finds nothing in the real text of the corpora read right (German „Gruß“, Turkish Üçüncü, Greek tweets typed with Latin capitals, Catalan l·l, don´t)', () => {
    for (const ok of [
      '„Gruß“ aus Köln',
      'Üçüncü SS’e',
      'Oμιλία στην YΦEΣH',
      'col·lecció',
      'don´t',
      'Bran\u00adden\u00adburg',
      '«Ελευθερία»είναι',
      'وlimpia',
      'iPhoneで購入',
      'süüüß',
    ])
      expect(findMisdecoding(ok), ok).toBeNull();
  });

  it('reports no mis-decoded rows in corpora that are read right', { timeout: 60_000 }, async () => {
    for (const [parts, mapping] of [
      [['xnli_dev', 'dev-ru.tsv'], [1]],
      [['xnli_dev', 'dev-de.tsv'], [1]],
      [['xnli_dev', 'dev-ar.tsv'], [1]],
      [['xnli_dev', 'dev-zh.tsv'], [1]],
      [['xnli_dev', 'dev-tr.tsv'], [1]],
      [['politicians_tweets_sentiment_en_es_el', 'gr_combined.csv'], ['full_text']],
      [['marc_amazon_reviews', 'test-ja.csv'], [2]],
    ] as const) {
      const analysis = await analyzeImport(
        { path: corpusFile(...parts), name: parts[1] },
        {},
        importMapping.parse({ textColumns: [...mapping] }),
        never,
        () => {},
      );
      expect(
        analysis.problems.find((p) => p.code === 'mojibake'),
        parts[1],
      ).toBeUndefined();
    }
  });
});

describe('issue 12: [Note: damaged UTF-8 or a legacy encoding] with any legacy encoding', () => {
  it('Windows-1251 text after a long ASCII head is read again as Windows-1251, named by the detector from the bytes past the head', async () => {
    const ascii = Array.from({ length: 60_000 }, (_, i) => `${i},plain ascii text number ${i}`).join('\n');
    const russian = fittingTexts('ru', 'windows-1251', 50);
    const legacy = russian.map((t, i) => `${60_000 + i},"${t}"`).join('\n');
    const path = join(tmp(), 'late.csv');
    writeFileSync(path, Buffer.concat([Buffer.from(`id,text\n${ascii}\n`), encodeIn(`${legacy}\n`, 'windows-1251')!]));
    const analysis = await analyzeImport({ path, name: 'late.csv' }, {}, textColumn, never, () => {});
    expect(analysis.rows).toBe(60_050);
    expect(analysis.detection.encoding).toBe('windows-1251');
    expect(analysis.problems).toEqual([]);
  });
});
