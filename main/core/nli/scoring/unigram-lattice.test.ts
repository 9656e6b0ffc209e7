// The fast Unigram segmentation (unigram-lattice.ts, [Note: fast Unigram segmentation]) gives
// exactly the library's tokens and ids: on lines of every file of the shared corpora (every
// language they hold, bench:nli's nine among them), on crafted edge cases, on random sequences of the vocabulary's
// own pieces, and on vocabularies made so that segmentations tie. Each case compares two library
// tokenizers built from the same tokenizer.json, one of them switched to the fast search.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { debertaTokenizerJson } from '../../../../scripts/model/gen/deberta-tokenizer';
import { TINY_SPM_MODEL } from '../../../../scripts/model/gen/make-model';
import { MODEL_SIZES } from '../../../../scripts/model/gen/model-sizes';
import { parseSpmModel } from '../../../../scripts/model/gen/spm-model';
import { tokenizerConfigJson, tokenizerJson, xlmrVocab } from '../../../../scripts/model/gen/tokenizer-files';
import { mulberry32 } from '../../seeded-random';
import { DATA_DIR } from '../../test-support/corpora';
import { NliTokenizer } from './tokenizer';
import { useFastUnigram } from './unigram-lattice';

type Json = Record<string, unknown>;
const spm = parseSpmModel(readFileSync(TINY_SPM_MODEL));
const modelOf = (t: Tokenizer) => (t as unknown as { model: unknown }).model;

/** The library's tokenizer and one switched to the fast search, from the same file content. */
function both(json: object, config: object = {}): { lib: Tokenizer; fast: Tokenizer } {
  const copy = () => JSON.parse(JSON.stringify(json)) as Json;
  const lib = new Tokenizer(copy(), JSON.parse(JSON.stringify(config)) as Json);
  const fast = new Tokenizer(copy(), JSON.parse(JSON.stringify(config)) as Json);
  expect(useFastUnigram(modelOf(fast))).toBe(true);
  return { lib, fast };
}

/** The texts whose tokens or ids differ (at most `limit`). */
function differences(t: { lib: Tokenizer; fast: Tokenizer }, texts: Iterable<string>, limit = 5): string[] {
  const out: string[] = [];
  for (const text of texts) {
    const a = t.lib.encode(text, { add_special_tokens: false });
    const b = t.fast.encode(text, { add_special_tokens: false });
    const same = a.ids.length === b.ids.length && a.ids.every((id, i) => id === b.ids[i] && a.tokens[i] === b.tokens[i]);
    if (!same) out.push(text);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * Lines of every text file of the shared corpora (CSV, TSV, JSONL, TXT): `perFile` of them, evenly
 * spread over each file. Lines over 20,000 characters are left out: the library itself fails on
 * them (its Unigram encode spreads a whole text's pieces into one call's arguments).
 * scripts/bench/bench-core-time.ts --check-tokenizer compares every line.
 */
function corpusLines(perFile: number): { files: number; lines: string[] } {
  const lines: string[] = [];
  let files = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(csv|tsv|jsonl|txt)$/i.test(e.name)) {
        files++;
        const all = readFileSync(path, 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '' && l.length <= 20_000);
        const step = Math.max(1, all.length / perFile);
        for (let i = 0; i < all.length; i += step) lines.push(all[Math.floor(i)]!);
      }
    }
  };
  walk(DATA_DIR);
  return { files, lines };
}

const EDGE_CASES = [
  '',
  ' ',
  '   ',
  '\t\n',
  'a',
  '  a  b  ',
  'Hello, world! How are you doing?',
  'e\u0301te\u0301 na\u0308ive cafe\u0301',
  'Ünïcödé ÀÉÎÕÜ ß ẞ ﬁ ﬂ ㌀ ½ ①',
  '\uD800 lone high, lone low \uDC00, reversed \uDC00\uD800, pair \uD83D\uDE00',
  '👍🏽 👨‍👩‍👧‍👦 🇩🇪 🏳️‍🌈 ❤️',
  '𠀀𠀁𠀂 𪚥 𩸽 (CJK extension B, outside the tiny vocabulary)',
  '这是一个测试。日本語のテキストです。한국어 텍스트입니다.',
  'مرحبا بالعالم. هذا اختبار',
  'Привет, мир! Ελληνικά κείμενα. עברית. हिन्दी पाठ। ไทย',
  '<s>inside</s> a text <mask> and <pad> and <unk>',
  '～tilde～ ~ascii~',
  '\u2581already\u2581metaspace \u2581\u2581',
  'control\u0001\u0002\u007f\u008f chars \u00a0nbsp \u3000ideographic \ufeffbom \ufffd',
  '\uE000unused1 \uE000unused12345 private use',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  'x'.repeat(5000),
  '的'.repeat(3000),
  'https://example.org/path?query=1&b=2 #hashtag @user 12,345.67 3.14159',
  'ÅÅÅÅ ÆØÅ æøå ŁŻŹĆ',
];

describe('fast Unigram segmentation equals the library', () => {
  const tiny = both(tokenizerJson(spm), tokenizerConfigJson(xlmrVocab(spm).length - 1));

  it('on lines of every file of the shared corpora (every language they hold)', () => {
    const { files, lines } = corpusLines(60);
    expect(files).toBeGreaterThan(40);
    expect(lines.length).toBeGreaterThan(3_000);
    expect(differences(tiny, lines)).toEqual([]);
  }, 180_000);

  it('on edge cases: surrogates, emoji, unknown characters, special tokens in the text, long runs', () => {
    expect(differences(tiny, EDGE_CASES)).toEqual([]);
  });

  it('on random sequences of the vocabulary pieces and characters (seeded)', () => {
    const random = mulberry32(42);
    const pieces = spm.pieces.slice(3).map((p) => p.piece.replace(/\u2581/g, ' '));
    const chars = [...new Set(pieces.join(''))];
    const texts: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const n = 1 + Math.floor(random() * 12);
      let s = '';
      for (let j = 0; j < n; j++) {
        const r = random();
        s += r < 0.7 ? pieces[Math.floor(random() * pieces.length)]! : r < 0.9 ? chars[Math.floor(random() * chars.length)]! : ' ';
      }
      texts.push(s);
    }
    expect(differences(tiny, texts)).toEqual([]);
  });

  it('with the full model vocabulary (250,002 pieces, private-use padding pieces included)', () => {
    const full = both(tokenizerJson(spm, MODEL_SIZES.full.vocabSize), tokenizerConfigJson(MODEL_SIZES.full.vocabSize! - 1));
    expect(differences(full, [...EDGE_CASES, ...corpusLines(10).lines])).toEqual([]);
  }, 180_000);

  it("with DeBERTa-v3's layout of the same pieces", () => {
    const deberta = both(debertaTokenizerJson(spm));
    expect(differences(deberta, [...EDGE_CASES, ...corpusLines(10).lines])).toEqual([]);
  }, 180_000);

  it('where segmentations tie', () => {
    // Equal scores everywhere: "abc" can be a|b|c, ab|c, a|bc or abc; the library keeps the first
    // predecessor with the strictly best sum, so longer pieces ending earlier win ties.
    const vocab: Array<[string, number]> = [
      ['<unk>', 0],
      ['a', -1],
      ['b', -1],
      ['c', -1],
      ['ab', -2],
      ['bc', -2],
      ['abc', -3],
      ['ca', -2],
      ['\u2581', -1],
      ['\u2581a', -2],
      ['bca', -3],
    ];
    const json = {
      version: '1.0',
      added_tokens: [],
      normalizer: null,
      pre_tokenizer: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true },
      post_processor: null,
      decoder: null,
      model: { type: 'Unigram', unk_id: 0, vocab, byte_fallback: false },
    };
    const tie = both(json);
    const random = mulberry32(7);
    // Every segmentation of "\u2581abc" sums to -4; the library's order of comparison picks "\u2581" + "abc".
    expect(tie.lib.encode('abc', { add_special_tokens: false }).tokens).toEqual(['\u2581', 'abc']);
    const texts = ['abc', 'abcabc', 'bcabca', 'cab', 'a b c', 'abcd', 'dd', 'xyz abc'];
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let n = 1 + Math.floor(random() * 10); n > 0; n--) s += 'abcd '[Math.floor(random() * 5)];
      texts.push(s);
    }
    expect(differences(tie, texts)).toEqual([]);
  });

  it('with pieces that hold a lone surrogate (the trie is then built another way)', () => {
    const vocab: Array<[string, number]> = [
      ['<unk>', 0],
      ['a', -1],
      ['\uD800', -2],
      ['a\uDC00', -1.5],
      ['\uD83D\uDE00', -1],
      ['\uE000', -1],
      ['\uE000a', -1],
      ['\u2581', -1],
    ];
    const json = {
      version: '1.0',
      added_tokens: [],
      normalizer: null,
      pre_tokenizer: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true },
      post_processor: null,
      decoder: null,
      model: { type: 'Unigram', unk_id: 0, vocab, byte_fallback: false },
    };
    const odd = both(json);
    const units = ['a', '\uD800', '\uDC00', '\uD83D', '\uDE00', '\uE000', ' ', 'b'];
    const random = mulberry32(3);
    const texts = ['\uD800a\uDC00', 'a\uDC00\uD83D\uDE00', '\uD800\uDC00', '\uE000a\uD83D'];
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let n = 1 + Math.floor(random() * 10); n > 0; n--) s += units[Math.floor(random() * units.length)];
      texts.push(s);
    }
    expect(differences(odd, texts)).toEqual([]);
  });

  it('NliTokenizer uses it for Unigram models, and its ids equal the library tokenizer it wraps', () => {
    const json = tokenizerJson(spm);
    const config = tokenizerConfigJson(xlmrVocab(spm).length - 1);
    const nli = NliTokenizer.fromJson(JSON.parse(JSON.stringify(json)), config);
    const inner = (nli as unknown as { tok: Tokenizer }).tok;
    expect(Object.prototype.hasOwnProperty.call(modelOf(inner), 'encode')).toBe(true);
    const lib = new Tokenizer(JSON.parse(JSON.stringify(json)) as Json, config as Json);
    for (const text of EDGE_CASES) expect(nli.tokenize(text)).toEqual(lib.encode(text, { add_special_tokens: false }).ids);
  });

  it('leaves other models to the library', () => {
    expect(useFastUnigram({ config: { type: 'BPE', vocab: {} } })).toBe(false);
    expect(useFastUnigram(null)).toBe(false);
  });
});
