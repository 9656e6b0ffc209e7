// A run's padded batches for a DeBERTa-v3 tokenizer carry token_type_ids equal to the tokenizer's
// pair encoding (encodePair, windows) padded by padBatch; XLM-R's carry none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PairPlanner, type Hypothesis } from './pair-batch';
import { NliTokenizer, padBatch } from './tokenizer';
import { loadDebertaFixtures, makeDebertaTinyModel, type DebertaModel } from '../test-support/deberta-model';
import { loadFixtures, makeTinyModel } from '../test-support/tiny-model';

let model: DebertaModel;
let tok: NliTokenizer;
beforeAll(() => {
  model = makeDebertaTinyModel(loadDebertaFixtures());
  tok = NliTokenizer.fromModelDir(model.dir);
});
afterAll(() => model?.cleanup());

const texts = [
  'Short.',
  'Die Bundesregierung hat am Mittwoch ein neues Gesetz zur Migration beschlossen, das im Herbst in Kraft treten soll.',
  'The parliament debated the budget for many hours and the opposition asked the minister to explain the cuts. '.repeat(4),
];
const hypothesisTexts = ['This example is sport.', 'This example is about the economy and public finances.', 'Politik.'];
const hyps = (): Hypothesis[] => hypothesisTexts.map((h, i) => ({ labelId: `l${i}`, label: h, ids: tok.tokenize(h) }));

describe('PairPlanner with a DeBERTa-v3 tokenizer', () => {
  it.each([32, 40, 512])('truncate mode at max length %i: ids and type ids equal encodePair + padBatch', (maxLength) => {
    const planner = new PairPlanner(tok, hyps(), maxLength, 'truncate', 0);
    const docs = texts.map((t, i) => planner.plan(i + 1, `d${i}`, t, Buffer.byteLength(t)));
    const rows = planner.rowsOf(docs);
    const expected = texts.flatMap((t) => hypothesisTexts.map((h) => tok.encodePair(t, h, maxLength)));
    const reference = padBatch(
      expected.map((e) => e.inputIds),
      tok.padId,
      expected.map((e) => e.tokenTypeIds!),
    );
    for (const [from, to] of [
      [0, rows.doc.length],
      [2, 5],
    ] as const) {
      const part = padBatch(
        expected.slice(from, to).map((e) => e.inputIds),
        tok.padId,
        expected.slice(from, to).map((e) => e.tokenTypeIds!),
      );
      const filled = planner.fill(docs, rows, from, to);
      expect(Array.from(filled.inputIds)).toEqual(Array.from(part.inputIds));
      expect(Array.from(filled.tokenTypeIds!)).toEqual(Array.from(part.tokenTypeIds!));
    }
    expect(reference.tokenTypeIds!.some((t) => t === 1n)).toBe(true);
  });

  it('windows mode: every window row has the type ids of tokenizer.windows', () => {
    const maxLength = 36;
    const overlap = 4;
    const planner = new PairPlanner(tok, hyps(), maxLength, 'windows', overlap);
    const docs = texts.map((t, i) => planner.plan(i + 1, `d${i}`, t, Buffer.byteLength(t)));
    const rows = planner.rowsOf(docs);
    const filled = planner.fill(docs, rows, 0, rows.doc.length);
    // Window mode uses the longest hypothesis's budget for all labels ([Note: windows share one budget]).
    const longest = Math.max(...hyps().map((h) => h.ids.length));
    for (let r = 0; r < rows.doc.length; r++) {
      const doc = docs[rows.doc[r]!]!;
      const ids = planner.rowIds(doc, rows.window[r]!, rows.label[r]!);
      const h = hyps()[rows.label[r]!]!.ids.length;
      const premise = ids.length - h - 3;
      expect(premise).toBeLessThanOrEqual(maxLength - longest - 3);
      const types = Array.from(filled.tokenTypeIds!.subarray(r * filled.sequence, (r + 1) * filled.sequence), Number);
      expect(types).toEqual([
        ...new Array(premise + 2).fill(0),
        ...new Array(h + 1).fill(1),
        ...new Array(filled.sequence - ids.length).fill(0),
      ]);
    }
    expect(docs[2]!.starts.length).toBeGreaterThan(1);
  });

  it("carries no type ids for XLM-R's template", () => {
    const xlmr = makeTinyModel(loadFixtures());
    const x = NliTokenizer.fromModelDir(xlmr.dir);
    xlmr.cleanup();
    const planner = new PairPlanner(x, [{ labelId: 'a', label: 'a', ids: x.tokenize('a') }], 64, 'truncate', 0);
    const docs = [planner.plan(1, 'd', 'Some text.', 10)];
    expect(planner.fill(docs, planner.rowsOf(docs), 0, 1).tokenTypeIds).toBeUndefined();
  });
});
