// Zero-shot scoring checked number by number against sums written out here: the class indices read
// from label2id (three-class and two-class {entailment, not_entailment} models), the multi-label
// sigmoid, the single-label softmax, their order, the window choice, and the one-line errors.
import { describe, expect, it } from 'vitest';
import { PrelabelError } from '../../../../common/contract';
import { aggregateWindows, hypothesisFor, labelIndices, multiLabelScores, singleLabelScores, zeroShotScores } from './zero-shot';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The PrelabelError code `fn` throws, or 'no error'. */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof PrelabelError ? e.code : 'not a PrelabelError';
  }
  return 'no error';
}

describe('labelIndices', () => {
  it('reads a two-class model: not_entailment is the contradiction, whatever the key order', () => {
    expect(labelIndices({ entailment: 0, not_entailment: 1 })).toStrictEqual({ entailment: 0, contradiction: 1 });
    expect(labelIndices({ not_entailment: 0, entailment: 1 })).toStrictEqual({ entailment: 1, contradiction: 0 });
    expect(labelIndices({ ENTAILMENT: 1, Not_Entailment: 0 })).toStrictEqual({ entailment: 1, contradiction: 0 });
  });

  it('prefers contradiction to not_entailment and records neutral only when there is one', () => {
    expect(labelIndices({ entailment: 0, neutral: 1, contradiction: 2 })).toStrictEqual({ entailment: 0, contradiction: 2, neutral: 1 });
    expect(labelIndices({ CONTRADICTION: 0, Neutral: 1, Entailment: 2 })).toStrictEqual({ entailment: 2, contradiction: 0, neutral: 1 });
    expect(labelIndices({ not_entailment: 3, entailment: 0, contradiction: 1 })).toStrictEqual({ entailment: 0, contradiction: 1 });
    // entailment found by its prefix
    expect(labelIndices({ entails: 4, contradiction: 2 })).toStrictEqual({ entailment: 4, contradiction: 2 });
    // neutral by its exact name only
    expect(labelIndices({ entailment: 0, contradiction: 1, neutrality: 2 })).toStrictEqual({ entailment: 0, contradiction: 1 });
  });

  it('refuses a model without an entailment class, or without a contradiction class, in one line naming the file', () => {
    const noEntail = () => labelIndices({ LABEL_0: 0, LABEL_1: 1 }, 'model/config.json');
    expect(noEntail).toThrow(
      'model/config.json: label2id has no entailment class (labels: LABEL_0, LABEL_1). A zero-shot model must be an NLI model with an "entailment" label.',
    );
    expect(() => labelIndices({})).toThrow('config.json: label2id has no entailment class (labels: none).');
    expect(() => labelIndices({ entailment: 0, neutral: 1 })).toThrow(
      'config.json: label2id has no "contradiction" or "not_entailment" class (labels: entailment, neutral).',
    );
    expect(codeOf(() => labelIndices({ entailment: 0 }))).toBe('BAD_FILE');
    expect(codeOf(() => labelIndices({ contradiction: 0 }))).toBe('BAD_FILE');
    // not_entailment does not count as an entailment class.
    expect(() => labelIndices({ not_entailment: 0, contradiction: 1 })).toThrow('has no entailment class');
  });
});

describe('scores', () => {
  const three = { entailment: 0, neutral: 1, contradiction: 2 };
  const logits = [
    [2.0, 0.3, -1.0],
    [-0.5, 0.1, 1.5],
    [0.7, 0.0, 0.2],
  ];

  it('multi-label: sigmoid(entailment - contradiction) per label, highest first', () => {
    const scores = multiLabelScores(logits, ['a', 'b', 'c'], three);
    expect(scores.map((s) => [s.label, s.index])).toEqual([
      ['a', 0],
      ['c', 2],
      ['b', 1],
    ]);
    expect(scores[0]!.score).toBeCloseTo(sigmoid(3.0), 12);
    expect(scores[1]!.score).toBeCloseTo(sigmoid(0.5), 12);
    expect(scores[2]!.score).toBeCloseTo(sigmoid(-2.0), 12);
  });

  it('multi-label with a two-class model: the not_entailment logit, never 0.5 for every label', () => {
    const idx = labelIndices({ entailment: 0, not_entailment: 1 });
    const scores = zeroShotScores(
      [
        [1.5, -0.5],
        [-1.0, 1.0],
      ],
      ['x', 'y'],
      idx,
      true,
    );
    expect(scores.map((s) => s.label)).toEqual(['x', 'y']);
    expect(scores[0]!.score).toBeCloseTo(sigmoid(2), 12);
    expect(scores[1]!.score).toBeCloseTo(sigmoid(-2), 12);
  });

  it('single-label: softmax of the entailment logits across labels, summing to 1', () => {
    const scores = singleLabelScores(logits, ['a', 'b', 'c'], three);
    const z = Math.exp(2.0) + Math.exp(-0.5) + Math.exp(0.7);
    expect(scores.map((s) => s.label)).toEqual(['a', 'c', 'b']);
    expect(scores.map((s) => s.score)).toEqual([
      expect.closeTo(Math.exp(2.0) / z, 12),
      expect.closeTo(Math.exp(0.7) / z, 12),
      expect.closeTo(Math.exp(-0.5) / z, 12),
    ]);
    // Stable for large logits (shifted by the maximum before exp).
    const big = singleLabelScores([[1000], [999]], ['p', 'q'], { entailment: 0, contradiction: 0 });
    expect(big[0]!.score).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(big[1]!.score).toBeCloseTo(1 / (1 + Math.exp(1)), 12);
    // Logits far apart: shifted by the minimum, exp(1000) would overflow to Infinity and give NaN.
    expect(singleLabelScores([[1000], [0]], ['p', 'q'], { entailment: 0, contradiction: 0 }).map((s) => s.score)).toEqual([1, 0]);
  });

  it('keeps the caller order for equal scores', () => {
    expect(singleLabelScores([[1], [1], [1]], ['u', 'v', 'w'], { entailment: 0, contradiction: 0 }).map((s) => [s.label, s.score])).toEqual(
      [
        ['u', expect.closeTo(1 / 3, 12)],
        ['v', expect.closeTo(1 / 3, 12)],
        ['w', expect.closeTo(1 / 3, 12)],
      ],
    );
  });

  it('chooses the form: single-label softmax, multi-label sigmoid, and the sigmoid for one label', () => {
    expect(zeroShotScores(logits, ['a', 'b', 'c'], three, false)).toEqual(singleLabelScores(logits, ['a', 'b', 'c'], three));
    expect(zeroShotScores(logits, ['a', 'b', 'c'], three, true)).toEqual(multiLabelScores(logits, ['a', 'b', 'c'], three));
    const one = zeroShotScores([[2.0, 0.3, -1.0]], ['only'], three, false);
    expect(one).toEqual([{ label: 'only', score: expect.closeTo(sigmoid(3), 12), index: 0 }]);
    expect(() => zeroShotScores(logits, ['a', 'b'], three, false)).toThrow('zeroShotScores: 3 logit rows for 2 labels');
  });
});

describe('windows and hypotheses', () => {
  it('takes the window with the largest entailment logit, with its own contradiction logit, the earliest on ties', () => {
    const idx = { entailment: 2, contradiction: 0 };
    expect(
      aggregateWindows(
        [
          [0.1, 0, 1.0],
          [0.9, 0, 3.0],
          [0.2, 0, 3.0],
          [0.3, 0, 2.9],
        ],
        idx,
      ),
    ).toEqual({ logits: [0.9, 0, 3.0], window: 1 });
    expect(aggregateWindows([new Float32Array([5, 0, -1])], idx)).toEqual({ logits: [5, 0, -1], window: 0 });
    expect(
      aggregateWindows(
        [
          [0, 0, -2],
          [0, 0, -1],
        ],
        idx,
      ).window,
    ).toBe(1);
    expect(() => aggregateWindows([], idx)).toThrow('aggregateWindows: no windows');
  });

  it('fills the template, or uses a non-blank own hypothesis, and refuses a template without {}', () => {
    expect(hypothesisFor('sport', 'This text is about {}.')).toBe('This text is about sport.');
    expect(hypothesisFor('sport', 'This text is about {}.', 'It reports a match.')).toBe('It reports a match.');
    expect(hypothesisFor('sport', 'About {}.', '   ')).toBe('About sport.');
    expect(hypothesisFor('sport', 'About {}.', '')).toBe('About sport.');
    expect(() => hypothesisFor('sport', 'About it.')).toThrow('The hypothesis template "About it." has no {} where the label goes.');
    expect(codeOf(() => hypothesisFor('sport', 'no slot'))).toBe('INVALID_INPUT');
  });
});
