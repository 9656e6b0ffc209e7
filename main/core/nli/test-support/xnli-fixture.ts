// Test support: the committed reference for `model.evaluate` / `prelabel evaluate-model`
// (__fixtures__/xnli-reference.json, made by scripts/reference/make_xnli_fixture.py from the tiny
// model without Prelabel's code): per XNLI run and language, every pair's token ids and predicted
// class, the accuracy with its Wilson interval (statsmodels) and the confusion matrix (scikit-learn).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ModelEvaluation } from '../../../../common/contract';

export interface XnliReferenceLanguage {
  language: string;
  file: string;
  pairs: number;
  correct: number;
  accuracy: number;
  interval: [number, number];
  truncated: number;
  confusion: number[][];
  dataSha256: string;
  predictions: string[];
  inputIds: number[][];
}

export interface XnliReferenceRun {
  name: 'xnli-dev' | 'xnli-de-test' | 'xnli-dev-max64';
  folder: string;
  limit: number;
  maxLength: number;
  languages: XnliReferenceLanguage[];
  average: number;
}

export interface XnliReference {
  meta: { modelSha256: string; label2id: Record<string, number>; classOf: Record<string, string>; smallestMargin: number };
  runs: XnliReferenceRun[];
}

export const XNLI_FIXTURE_PATH = fileURLToPath(new URL('../__fixtures__/xnli-reference.json', import.meta.url));

export function loadXnliReference(): XnliReference {
  return JSON.parse(readFileSync(XNLI_FIXTURE_PATH, 'utf8')) as XnliReference;
}

export function referenceRun(ref: XnliReference, name: XnliReferenceRun['name']): XnliReferenceRun {
  const run = ref.runs.find((r) => r.name === name);
  if (!run) throw new Error(`The XNLI reference has no run ${name}: regenerate it (scripts/reference/make_xnli_fixture.py).`);
  return run;
}

/** The evaluation equals the reference: the same prediction for every pair, the same counts,
 * accuracies, intervals (to float rounding of another formula), confusion matrices and average. */
export function expectMatchesReference(e: ModelEvaluation, run: XnliReferenceRun): void {
  expect(e.languages.map((l) => l.language)).toEqual(run.languages.map((l) => l.language));
  e.languages.forEach((got, i) => {
    const want = run.languages[i]!;
    expect(got.predictions, `${want.language}: predictions`).toEqual(want.predictions);
    expect({ file: got.file, pairs: got.pairs, correct: got.correct, truncated: got.truncated, confusion: got.confusion }).toEqual({
      file: want.file,
      pairs: want.pairs,
      correct: want.correct,
      truncated: want.truncated,
      confusion: want.confusion,
    });
    expect(got.accuracy).toBe(want.accuracy);
    expect(got.interval[0]).toBeCloseTo(want.interval[0], 12);
    expect(got.interval[1]).toBeCloseTo(want.interval[1], 12);
  });
  expect(e.average.accuracy).toBeCloseTo(run.average, 14);
  expect(e.average.pairs).toBe(run.languages.reduce((a, l) => a + l.pairs, 0));
  expect(e.model.maxLength).toBe(run.maxLength);
}
