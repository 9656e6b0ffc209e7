// The shape of __fixtures__/sklearn-fixtures.json (written by scripts/stats/make_fixtures.py) and its loader.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Num = number | null;
export type Prf = { precision: number[]; recall: number[]; f1: number[]; support: number[] };
export type Avg = { precision: number; recall: number; f1: number };
export interface Fixtures {
  versions: Record<string, string>;
  normalQuantile: { p: number; q: number }[];
  wilson: { x: number; n: number; confidence: number; interval: [number, number] }[];
  wald: { x: number; n: number; confidence: number; interval: [number, number] }[];
  sampleSize: {
    expected: number;
    margin: number;
    confidence: number;
    population: number | null;
    z: number;
    n0: number;
    nCorrected: number;
    n: number;
  }[];
  singleLabel: {
    name: string;
    labels: string[];
    truth: (string | null)[];
    prediction: (string | null)[];
    ordered: boolean;
    expected: {
      n: number;
      dropped: { noTruth: number; noPrediction: number };
      confusion: number[][];
      rowShares: number[][];
      accuracy: number;
      perLabel: Prf;
      macro: Avg;
      weighted: Avg;
      micro: Avg;
      kappa: Num;
      kappaLinear: Num;
      kappaQuadratic: Num;
    };
  }[];
  multiLabel: {
    name: string;
    labels: string[];
    truth: (string[] | null)[];
    prediction: (string[] | null)[];
    expected: {
      n: number;
      perLabel: Prf;
      micro: Avg;
      macro: Avg;
      weighted: Avg;
      subsetAccuracy: number;
      hammingLoss: number;
      f1Micro: number;
      f1Macro: number;
    };
  }[];
  calibration: {
    name: string;
    bins: number;
    histogramBins: number;
    sklearn: boolean;
    confidence: number[];
    correct: boolean[];
    expected: {
      count: number[];
      meanConfidence: Num[];
      accuracy: Num[];
      ece: number;
      histogram: number[];
      sklearnProbTrue?: number[];
      sklearnProbPred?: number[];
    };
  }[];
  bootstrap: {
    name: string;
    labels: string[];
    truth: string[];
    prediction: string[];
    seed: number;
    replicates: number;
    confidence: number;
    expected: Record<string, { estimate: Num; lower: Num; upper: Num; replicates: number }>;
  }[];
  multiLabelBootstrap: {
    name: string;
    labels: string[];
    truth: (string[] | null)[];
    prediction: (string[] | null)[];
    seed: number;
    replicates: number;
    confidence: number;
    expected: Record<string, { estimate: Num; lower: Num; upper: Num; replicates: number }>;
  }[];
  ppi: {
    name: string;
    labels: string[];
    corpusN: number;
    confidence: number;
    corpusCounts: Record<string, number>;
    sampleModel: string[];
    sampleHuman: string[];
    expected: {
      label: string;
      ppi: { estimate: number; se: number; lower: number; upper: number };
      ppiFinite: { estimate: number; se: number; lower: number; upper: number };
      ppiTuned: { estimate: number; se: number; lower: number; upper: number; lambda: number };
      naive: { estimate: number; lower: number; upper: number };
      human: { estimate: number; lower: number; upper: number };
    }[];
  }[];
}

export const fixtures = JSON.parse(
  readFileSync(fileURLToPath(new URL('../__fixtures__/sklearn-fixtures.json', import.meta.url)), 'utf8'),
) as Fixtures;
