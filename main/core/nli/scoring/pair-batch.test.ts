// The run's pair assembly equals the tokenizer's reference encoding (encodePair, windows) and the
// padded tensors equal padBatch's, written without a per-pair array.
import { beforeAll, describe, expect, it } from 'vitest';
import { PairPlanner, type Hypothesis } from './pair-batch';
import { loadFixtures, makeTinyModel } from '../test-support/tiny-model';
import { NliTokenizer, padBatch } from './tokenizer';

let tok: NliTokenizer;
beforeAll(() => {
  const model = makeTinyModel(loadFixtures());
  tok = NliTokenizer.fromModelDir(model.dir);
  model.cleanup();
});

const texts = [
  'Short.',
  'Die Bundesregierung hat am Mittwoch ein neues Gesetz zur Migration beschlossen, das im Herbst in Kraft treten soll.',
  'Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία. '.repeat(6),
  '政府は新しい移民法を発表した。'.repeat(8),
];
const hypothesisTexts = ['This example is sport.', 'This example is about the economy and public finances.', 'Politik.'];

function hyps(): Hypothesis[] {
  return hypothesisTexts.map((h, i) => ({ labelId: `l${i}`, label: h, ids: tok.tokenize(h) }));
}

describe('PairPlanner', () => {
  it.each([48, 80, 512])('truncate mode at max length %i: rows and padded tensors equal encodePair + padBatch', (maxLength) => {
    const planner = new PairPlanner(tok, hyps(), maxLength, 'truncate', 0);
    const docs = texts.map((t, i) => planner.plan(i + 1, `d${i}`, t, Buffer.byteLength(t)));
    const rows = planner.rowsOf(docs);
    const expected = texts.flatMap((t) => hypothesisTexts.map((h) => tok.encodePair(t, h, maxLength)));
    expect(rows.doc.length).toBe(expected.length);
    docs.forEach((d, i) => expect(d.truncated).toBe(expected.slice(i * 3, i * 3 + 3).some((e) => e.truncated)));
    const filled = planner.fill(docs, rows, 0, rows.doc.length);
    const reference = padBatch(
      expected.map((e) => e.inputIds),
      tok.padId,
    );
    expect(filled.sequence).toBe(reference.sequence);
    expect(Array.from(filled.inputIds)).toEqual(Array.from(reference.inputIds));
    expect(Array.from(filled.attentionMask)).toEqual(Array.from(reference.attentionMask));
    // A sub-range pads to its own longest row.
    const part = planner.fill(docs, rows, 3, 6);
    expect(Array.from(part.inputIds)).toEqual(
      Array.from(
        padBatch(
          expected.slice(3, 6).map((e) => e.inputIds),
          tok.padId,
        ).inputIds,
      ),
    );
  });

  it('window mode with one hypothesis: the windows of tokenizer.windows', () => {
    const h: Hypothesis = { labelId: 'l', label: 'x', ids: tok.tokenize(hypothesisTexts[1]!) };
    const planner = new PairPlanner(tok, [h], 40, 'windows', 5);
    for (const text of texts) {
      const doc = planner.plan(1, 'd', text, 0);
      const reference = tok.windows(text, hypothesisTexts[1]!, 40, 5);
      expect(doc.starts).toEqual(reference.map((w) => w.start));
      expect(doc.starts.map((_s, w) => planner.rowIds(doc, w, 0))).toEqual(reference.map((w) => w.inputIds));
      expect(doc.truncated).toBe(false);
    }
  });

  it('model-input key: equal exactly when every pair has the same ids (truncation and windows included)', () => {
    const hs = hyps();
    const head = 'Die Bundesregierung hat am Mittwoch ein neues Gesetz zur Migration beschlossen, das im Herbst in Kraft treten soll.';
    const a = `${head} Der Bundestag stimmt im Juni ab.`;
    const b = `${head} Die Opposition lehnt es ab.`;
    const key = (planner: PairPlanner, text: string) => planner.inputKey(planner.plan(1, 'd', text, 0)).toString('hex');
    const ids = (planner: PairPlanner, text: string) => {
      const doc = planner.plan(1, 'd', text, 0);
      return doc.starts.flatMap((_s, w) => hs.map((_h, k) => planner.rowIds(doc, w, k)));
    };
    for (const [maxLength, mode] of [
      [32, 'truncate'],
      [512, 'truncate'],
      [32, 'windows'],
    ] as const) {
      const planner = new PairPlanner(tok, hs, maxLength, mode, mode === 'windows' ? 4 : 0);
      expect(key(planner, a)).toHaveLength(32);
      expect(key(planner, a)).toBe(key(planner, a));
      // Two texts that differ only after the cut have the same pairs, and then the same key.
      const samePairs = JSON.stringify(ids(planner, a)) === JSON.stringify(ids(planner, b));
      expect(samePairs).toBe(maxLength === 32 && mode === 'truncate');
      expect(key(planner, a) === key(planner, b)).toBe(samePairs);
    }
    // The same text under another length or mode is another input.
    const keys = new Set(
      [
        new PairPlanner(tok, hs, 32, 'truncate', 0),
        new PairPlanner(tok, hs, 40, 'truncate', 0),
        new PairPlanner(tok, hs, 32, 'windows', 4),
      ].map((p) => key(p, a)),
    );
    expect(keys.size).toBe(3);
  });

  it('refuses a hypothesis that leaves no room for the text, naming the label', () => {
    expect(() => new PairPlanner(tok, hyps(), 12, 'truncate', 0)).toThrow(
      /^The hypothesis of label "This example is sport\." is \d+ tokens long and leaves no room for the text within the model's 12 tokens/,
    );
  });
});
