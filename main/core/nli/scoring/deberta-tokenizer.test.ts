// DeBERTa-v3 pairs: [CLS] premise [SEP] hypothesis [SEP] with token type ids from the post-processor,
// checked against SentencePiece's own ids (scripts/reference/deberta_reference.py) and against
// @huggingface/tokenizers' encode of the pair; only the premise is cut.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NliTokenizer, padBatch, pairTemplateOf, pairTypeIds } from './tokenizer';
import { loadDebertaFixtures, makeDebertaTinyModel, type DebertaModel } from '../test-support/deberta-model';
import { loadFixtures, makeTinyModel, type TinyModel } from '../test-support/tiny-model';

const fixtures = loadDebertaFixtures();
let model: DebertaModel;
let xlmr: TinyModel;
let tok: NliTokenizer;
let hf: Tokenizer;

beforeAll(() => {
  model = makeDebertaTinyModel(fixtures);
  xlmr = makeTinyModel(loadFixtures());
  tok = NliTokenizer.fromModelDir(model.dir);
  const json = (f: string) => JSON.parse(readFileSync(join(model.dir, f), 'utf8'));
  hf = new Tokenizer(json('tokenizer.json'), json('tokenizer_config.json'));
});
afterAll(() => {
  model?.cleanup();
  xlmr?.cleanup();
});

describe('the pair template of a DeBERTa-v3 tokenizer.json', () => {
  it('is [CLS] A [SEP] B [SEP] with type ids 0 through the first [SEP] and 1 after, and pads with [PAD] = 0', () => {
    expect(tok.template).toEqual({
      prefix: [1],
      middle: [2],
      suffix: [2],
      typeIds: { prefix: [0], premise: 0, middle: [0], hypothesis: 1, suffix: [1] },
    });
    expect(tok.padId).toBe(0);
    expect(pairTypeIds(tok.template, 2, 3)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it("XLM-R's template has no type ids (every one 0), and BertProcessing's B side is type 1", () => {
    const x = NliTokenizer.fromModelDir(xlmr.dir);
    expect(x.template.typeIds).toBeUndefined();
    expect(x.encodePair('a b', 'c', 512).tokenTypeIds).toBeUndefined();
    expect(pairTypeIds(x.template, 2, 1)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const bert = pairTemplateOf({ post_processor: { type: 'BertProcessing', cls: ['[CLS]', 101], sep: ['[SEP]', 102] } });
    expect(pairTypeIds(bert, 1, 1)).toEqual([0, 0, 0, 1, 1]);
  });

  it('refuses a template whose type id is not a number, in one line naming the file', () => {
    const raw = JSON.parse(readFileSync(join(model.dir, 'tokenizer.json'), 'utf8'));
    raw.post_processor.pair[3].Sequence.type_id = 'one';
    expect(() => NliTokenizer.fromJson(raw, {}, '/m/tokenizer.json')).toThrow(/^\/m\/tokenizer.json: post_processor \$B has type_id "one"/);
  });
});

describe('encodePair', () => {
  it.each(fixtures.pairs.map((p) => [`${p.name} / ${p.label} / max ${p.maxLength}`, p] as const))(
    'gives the reference ids and type ids for %s',
    (_n, p) => {
      const e = tok.encodePair(p.premise, p.hypothesis, p.maxLength);
      expect(e.inputIds).toEqual(p.inputIds);
      expect(e.tokenTypeIds).toEqual(p.tokenTypeIds);
      expect({ premiseTokens: e.premiseTokens, truncated: e.truncated }).toEqual({
        premiseTokens: p.premiseTokens,
        truncated: p.truncated,
      });
    },
  );

  it.each(fixtures.pairs.filter((p) => !p.truncated).map((p) => [`${p.name} / ${p.label}`, p] as const))(
    "equals @huggingface/tokenizers' own encode of the pair for %s (ids and type ids)",
    (_n, p) => {
      const own = hf.encode(p.premise, { text_pair: p.hypothesis, add_special_tokens: true, return_token_type_ids: true });
      const e = tok.encodePair(p.premise, p.hypothesis, 512);
      expect(e.inputIds).toEqual(own.ids);
      expect(e.tokenTypeIds).toEqual(own.token_type_ids);
    },
  );

  it('cuts only the premise: a truncated pair keeps the whole hypothesis with type 1 and the length limit', () => {
    const p = fixtures.pairs.find((x) => x.truncated)!;
    const e = tok.encodePair(p.premise, p.hypothesis, p.maxLength);
    const h = tok.tokenize(p.hypothesis);
    expect(e.inputIds).toHaveLength(p.maxLength);
    expect(e.inputIds.slice(-(h.length + 1))).toEqual([...h, 2]);
    expect(e.tokenTypeIds!.slice(-(h.length + 1))).toEqual(new Array(h.length + 1).fill(1));
    expect(e.tokenTypeIds!.slice(0, p.maxLength - h.length - 1)).toEqual(new Array(p.maxLength - h.length - 1).fill(0));
  });

  it("gives each window of a long premise its own type ids (0 through the window's [SEP], 1 after)", () => {
    const p = fixtures.pairs.find((x) => x.truncated)!;
    const windows = tok.windows(p.premise, p.hypothesis, p.maxLength, 5);
    expect(windows.length).toBeGreaterThan(1);
    const h = tok.tokenize(p.hypothesis).length;
    for (const w of windows) {
      const premise = w.inputIds.length - h - 3;
      expect(w.tokenTypeIds).toEqual([...new Array(premise + 2).fill(0), ...new Array(h + 1).fill(1)]);
      expect(w.inputIds[premise + 1]).toBe(2);
    }
  });
});

describe('padBatch with type ids', () => {
  it('pads ids with the pad id, mask and type ids with 0', () => {
    const b = padBatch(
      [
        [1, 5, 2, 6, 2],
        [1, 2, 7, 2],
      ],
      0,
      [
        [0, 0, 0, 1, 1],
        [0, 0, 1, 1],
      ],
    );
    expect(Array.from(b.inputIds, Number)).toEqual([1, 5, 2, 6, 2, 1, 2, 7, 2, 0]);
    expect(Array.from(b.attentionMask, Number)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(Array.from(b.tokenTypeIds!, Number)).toEqual([0, 0, 0, 1, 1, 0, 0, 1, 1, 0]);
    expect(padBatch([[1, 2]], 0).tokenTypeIds).toBeUndefined();
    expect(() => padBatch([[1, 2]], 0, [[0]])).toThrow(/row 0 has 2 ids but 1 type ids/);
  });
});
