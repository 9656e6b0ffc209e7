// The splitter: paragraphs, sentences per language (Intl.Segmenter), windows, and exact offsets,
// on written examples and on real corpus texts (PRELABEL_DATA_DIR).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { segmentSpec, type SegmentSpan } from '../../../common/contract';
import { corpusFile } from '../test-support/corpora';
import { documentLanguage, paragraphs, resolveLanguage, sentences, splitText, windows } from './split';

const texts = (units: SegmentSpan[]) => units.map((u) => u.text);

/** Every unit is exactly the parent's text between its offsets, trimmed, non-empty, in order. */
function expectExact(text: string, units: SegmentSpan[]): void {
  let last = 0;
  units.forEach((u, i) => {
    expect(u.index).toBe(i);
    expect(text.slice(u.start, u.end)).toBe(u.text);
    expect(u.text.trim()).toBe(u.text);
    expect(u.text.length).toBeGreaterThan(0);
    expect(u.start).toBeGreaterThanOrEqual(last);
    last = u.end;
  });
}

describe('paragraphs', () => {
  it('splits at blank lines only; a single line break stays inside a paragraph', () => {
    const text = '  First line\nstill first.\n\nSecond.\r\n \r\nThird\u2029Fourth\n\n\n\n';
    const units = paragraphs(text);
    expect(texts(units)).toEqual(['First line\nstill first.', 'Second.', 'Third', 'Fourth']);
    expectExact(text, units);
  });

  it('drops empty paragraphs and gives nothing for white space alone', () => {
    expect(paragraphs(' \n\n \t\n\n')).toEqual([]);
    expect(texts(paragraphs('\n\nOnly one\n\n'))).toEqual(['Only one']);
  });

  it('keeps offsets exact in UTF-16 around astral characters (emoji, CJK extension B)', () => {
    const text = '😀 one 𠀀\n\n𠀋 two 😀';
    const units = paragraphs(text);
    expect(texts(units)).toEqual(['😀 one 𠀀', '𠀋 two 😀']);
    expectExact(text, units);
  });
});

describe('sentences: Intl.Segmenter per language', () => {
  it('en: at . ! ? and at every line break; no abbreviation list ("Mr." ends a sentence)', () => {
    const text = 'Mr. Smith went home. He slept!  Then?\nA new line starts one. 3.5 million stay whole.';
    const units = sentences(text, 'en');
    expect(texts(units)).toEqual(['Mr.', 'Smith went home.', 'He slept!', 'Then?', 'A new line starts one.', '3.5 million stay whole.']);
    expectExact(text, units);
  });

  it('de: "z. B." and ordinal dates are split too (what ICU does without suppressions)', () => {
    const text = 'Das ist z. B. ein Test. Am 3. Oktober war es kalt. Gut.';
    expect(texts(sentences(text, 'de'))).toEqual(['Das ist z.', 'B. ein Test.', 'Am 3.', 'Oktober war es kalt.', 'Gut.']);
  });

  it('zh and ja: at 。！？ without spaces; the last sentence needs no full stop', () => {
    expect(texts(sentences('今天天气很好。我们去公园吧！你觉得呢？好的', 'zh'))).toEqual([
      '今天天气很好。',
      '我们去公园吧！',
      '你觉得呢？',
      '好的',
    ]);
    expect(texts(sentences('今日は晴れです。公園に行きましょう！どう思いますか？', 'ja'))).toEqual([
      '今日は晴れです。',
      '公園に行きましょう！',
      'どう思いますか？',
    ]);
  });

  it('ar: at the Arabic question mark ؟ and at . !', () => {
    expect(texts(sentences('هذا نص عربي. هل تفهمه؟ نعم، أفهمه!', 'ar'))).toEqual(['هذا نص عربي.', 'هل تفهمه؟', 'نعم، أفهمه!']);
  });

  it('th: Thai has no sentence punctuation, so a Thai paragraph is one sentence (line breaks still end one)', () => {
    const text = 'วันนี้อากาศดีมาก เราไปสวนสาธารณะกันเถอะ คุณคิดอย่างไร\nพรุ่งนี้ฝนตก';
    expect(texts(sentences(text, 'th'))).toEqual(['วันนี้อากาศดีมาก เราไปสวนสาธารณะกันเถอะ คุณคิดอย่างไร', 'พรุ่งนี้ฝนตก']);
  });

  it('resolves language tags: supported ones as given, unknown or malformed ones to auto', () => {
    expect(resolveLanguage('de')).toBe('de');
    expect(resolveLanguage('pt_BR')).toBe('pt-BR');
    expect(resolveLanguage('auto')).toBe('auto');
    expect(resolveLanguage('')).toBe('auto');
    expect(resolveLanguage('not a tag')).toBe('auto');
    const spec = segmentSpec.parse({ unit: 'sentence', language: 'en', languageColumn: 'lang' });
    expect(documentLanguage(spec, { lang: 'ja' })).toBe('ja');
    expect(documentLanguage(spec, { lang: '??' })).toBe('en');
    expect(documentLanguage(spec, {})).toBe('en');
  });

  // Real texts of the shared corpora: offsets exact for every unit, and the languages that write
  // sentence punctuation do get several sentences per multi-sentence text.
  const corpora: Array<{ lang: string; file: string[]; read: (rows: string[][]) => string[] }> = [
    {
      lang: 'en',
      file: ['polsci_text_coding_licht', 'barbera_automated_2021', 'barbera_automated_2021-econ_news_sentiment.tsv'],
      read: (rows) => rows.slice(1).map((r) => r[1]!),
    },
    { lang: 'de', file: ['marc_amazon_reviews', 'test-de.csv'], read: (rows) => rows.map((r) => r[1]!) },
    { lang: 'zh', file: ['marc_amazon_reviews', 'test-zh.csv'], read: (rows) => rows.map((r) => r[1]!) },
    { lang: 'ja', file: ['marc_amazon_reviews', 'test-ja.csv'], read: (rows) => rows.map((r) => r[1]!) },
    // XNLI premises are single sentences mostly: three consecutive ones make a text.
    {
      lang: 'ar',
      file: ['xnli_dev', 'dev-ar.tsv'],
      read: (rows) =>
        rows.map((_, i) =>
          rows
            .slice(i, i + 3)
            .map((r) => r[0]!)
            .join(' '),
        ),
    },
  ];
  for (const c of corpora) {
    it(`${c.lang}: ${c.file.join('/')} splits with exact offsets`, () => {
      const raw = readFileSync(corpusFile(...c.file), 'utf8');
      const tsv = c.file[c.file.length - 1]!.endsWith('.tsv');
      const rows = parse(raw, { delimiter: tsv ? '\t' : ',', quote: tsv ? false : '"', relax_column_count: true }) as string[][];
      const docs = c.read(rows.slice(0, 400));
      let multi = 0;
      for (const text of docs) {
        const units = sentences(text, c.lang);
        expectExact(text, units);
        if (units.length > 1) multi++;
      }
      expect(multi).toBeGreaterThan(docs.length / 10);
    });
  }
});

it('en, lower-cased text (bbc_news): a full stop followed by a lower-case word ends no sentence (UAX #29, rule SB8)', () => {
  const rows = parse(readFileSync(corpusFile('bbc_news', 'BBC News Train.csv'), 'utf8'), { from_line: 2 }) as string[][];
  const text = rows[0]![0]!;
  expect(text).toContain('first witness.  cynthia cooper');
  const units = sentences(text, 'en');
  expectExact(text, units);
  expect(units.some((u) => u.text.includes('first witness.  cynthia cooper'))).toBe(true);
  // The rule, on a written example: no break before a lower-case word.
  expect(sentences('one thing. another thing.', 'en')).toHaveLength(1);
});

describe('windows of sentences', () => {
  const text = 'One. Two. Three. Four. Five.';

  it('stride N without overlap; the last window holds the rest', () => {
    const units = windows(text, 'en', 2, 0);
    expect(texts(units)).toEqual(['One. Two.', 'Three. Four.', 'Five.']);
    expectExact(text, units);
  });

  it('with overlap, consecutive windows share sentences and none lies inside the one before', () => {
    expect(texts(windows(text, 'en', 3, 1))).toEqual(['One. Two. Three.', 'Three. Four. Five.']);
    expect(texts(windows(text, 'en', 2, 1))).toEqual(['One. Two.', 'Two. Three.', 'Three. Four.', 'Four. Five.']);
  });

  it('refuses an overlap as large as the window', () => {
    expect(() => windows(text, 'en', 2, 2)).toThrow(/overlap must be smaller than the window size/);
  });

  it('splitText follows the spec', () => {
    const spec = segmentSpec.parse({ unit: 'window', windowSize: 4 });
    expect(texts(splitText(text, spec))).toEqual(['One. Two. Three. Four.', 'Five.']);
  });
});
