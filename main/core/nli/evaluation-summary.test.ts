// The numbers of an XNLI evaluation by hand-made cases: the task a model's label2id gives (3-way,
// 2-way, refused), 2-way scoring, the card recognised by the pinned SHA-256 or by name and its
// numbers over the languages present, and the Wilson interval against statsmodels.
import { describe, expect, it } from 'vitest';
import type { LoadedModel } from '../models/model-loader';
import { parseModelConfig } from '../models/model-config';
import { DEFAULT_MODEL_MANIFEST } from '../models/model-manifest';
import { nliTask } from './evaluate-model';
import { cardOf, summariseEvaluation, wilsonInterval } from './evaluation-summary';
import type { XnliClass, XnliSet } from './xnli-files';

const PINNED = DEFAULT_MODEL_MANIFEST.files.find((f) => f.path === 'onnx/model.onnx')!.sha256!;

function fakeModel(id: string, sha256: string, label2id: Record<string, number>): LoadedModel {
  const config = parseModelConfig({ label2id }, '/models/m/config.json');
  return { info: { id, sha256, maxLength: 512 }, dir: '/models/m', config } as unknown as LoadedModel;
}

function set(language: string, gold: XnliClass[]): XnliSet {
  return { language, file: `dev-${language}.tsv`, split: 'dev', pairs: gold.map((g) => ({ premise: 'p', hypothesis: 'h', gold: g })) };
}

const summary = (model: LoadedModel, scored: Array<{ set: XnliSet; predicted: string[] }>) =>
  summariseEvaluation({
    model,
    fp32: model,
    precision: 'fp32',
    maxLength: 512,
    task: nliTask(model.config),
    xnliDir: '/data/xnli_dev',
    skipped: [],
    scored: scored.map((s) => ({ ...s, truncated: 0 })),
    seconds: 2,
    threads: 1,
    provider: 'cpu',
    withPredictions: false,
  });

describe('nliTask', () => {
  it('3-way by label2id names in any order; 2-way for entailment/not_entailment; other classes refused', () => {
    const three = nliTask(parseModelConfig({ label2id: { CONTRADICTION: 0, NEUTRAL: 1, ENTAILMENT: 2 } }));
    expect(three.classOfLogit).toEqual(['contradiction', 'neutral', 'entailment']);
    const two = nliTask(parseModelConfig({ label2id: { entailment: 0, not_entailment: 1 } }));
    expect(two).toMatchObject({ task: '2-way', classes: ['entailment', 'not_entailment'], classOfLogit: ['entailment', 'not_entailment'] });
    expect((['entailment', 'neutral', 'contradiction'] as const).map(two.goldClass)).toEqual([
      'entailment',
      'not_entailment',
      'not_entailment',
    ]);
    expect(() => nliTask(parseModelConfig({ label2id: { entailment: 0, contradiction: 1, irony: 2 } }, 'm/config.json'))).toThrow(
      'm/config.json: label2id has the class "irony", which is neither entailment, neutral nor contradiction',
    );
  });
});

describe('summariseEvaluation', () => {
  it('2-way: neutral and contradiction count as not_entailment; no card numbers beside a 2-way accuracy', () => {
    const model = fakeModel('MoritzLaurer/multilingual-MiniLMv2-L6-mnli-xnli', 'abc', { entailment: 0, not_entailment: 1 });
    const e = summary(model, [
      {
        set: set('de', ['entailment', 'neutral', 'contradiction', 'entailment']),
        predicted: ['entailment', 'not_entailment', 'entailment', 'not_entailment'],
      },
    ]);
    expect(e.task).toBe('2-way');
    expect(e.languages[0]).toMatchObject({
      correct: 2,
      accuracy: 0.5,
      confusion: [
        [1, 1],
        [1, 1],
      ],
      card: null,
    });
    expect(e.card).toBeNull();
    expect(e.average.card).toBeNull();
  });

  it("beside the card's model: the card's number per language, its mean over the languages present, and how it was recognised", () => {
    const byName = fakeModel('MoritzLaurer/multilingual-MiniLMv2-L6-mnli-xnli', 'abc', { entailment: 0, neutral: 1, contradiction: 2 });
    const e = summary(byName, [
      { set: set('ar', ['entailment', 'neutral']), predicted: ['entailment', 'entailment'] },
      { set: set('sw', ['contradiction', 'neutral']), predicted: ['contradiction', 'neutral'] },
    ]);
    expect(e.languages.map((l) => [l.language, l.accuracy, l.card])).toEqual([
      ['ar', 0.5, 0.687],
      ['sw', 1, 0.642],
    ]);
    expect(e.average).toMatchObject({ accuracy: 0.75, pooled: 0.75, pairs: 4, correct: 3 });
    expect(e.average.card).toBeCloseTo((0.687 + 0.642) / 2, 15);
    expect(e.card).toEqual({
      name: 'MoritzLaurer/multilingual-MiniLMv2-L6-mnli-xnli',
      source: 'https://huggingface.co/MoritzLaurer/multilingual-MiniLMv2-L6-mnli-xnli',
      split: 'test',
      average: 0.713,
      matchedBy: 'name',
    });
    expect(e.pairsPerSecond).toBe(2);
    // A folder of any name holding the pinned release is recognised by its file's SHA-256.
    expect(cardOf(fakeModel('my-copy', PINNED, { entailment: 0, neutral: 1, contradiction: 2 }))?.info.matchedBy).toBe('sha256');
    expect(cardOf(fakeModel('my-copy', 'abc', { entailment: 0, neutral: 1, contradiction: 2 }))).toBeNull();
    // A language the card does not report has no card number, and then no card mean either.
    const ja = summary(byName, [{ set: set('ja', ['neutral']), predicted: ['neutral'] }]);
    expect([ja.languages[0]!.card, ja.average.card]).toEqual([null, null]);
  });
});

describe('wilsonInterval', () => {
  it('equals statsmodels proportion_confint(method="wilson") at 95%', () => {
    // /usr/bin/python3: statsmodels 0.13.5, proportion_confint(c, n, alpha=0.05, method='wilson').
    const cases: Array<[number, number, [number, number]]> = [
      [0, 10, [0.0, 0.27753279986288926]],
      [10, 10, [0.7224672001371106, 1.0]],
      [1790, 2490, [0.7008914220859799, 0.7361852798610022]],
      [3602, 5010, [0.7063509519005536, 0.7312376751072199]],
    ];
    for (const [c, n, [lo, hi]] of cases) {
      const [a, b] = wilsonInterval(c, n);
      expect(a).toBeCloseTo(lo, 12);
      expect(b).toBeCloseTo(hi, 12);
    }
  });
});
