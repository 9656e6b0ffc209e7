// The shape of __fixtures__/agreement-fixtures.json (written by scripts/stats/make_agreement_fixtures.py) and its loader.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Num = number | null;
export interface PairExpected {
  a: number;
  b: number;
  n: number;
  agreement: Num;
  kappa: Num;
  kappaStatsmodels: Num;
  kappa_linear?: Num;
  kappa_quadratic?: Num;
}
export interface SingleCase {
  name: string;
  labels: string[];
  ordered: boolean;
  units: (string | null)[][];
  expected: {
    alphaNominalNltk: number;
    alphaNominalPlain: Num;
    pairableValues: number;
    alphaOrdinalPlain: Num;
    alphaIntervalNltk: number;
    alphaIntervalPlain: Num;
    fleissPlain: Num;
    fleissStatsmodels: Num;
    ac1Plain: Num;
    percentPlain: Num;
    pairs: PairExpected[];
    perLabel: { label: string; alphaNltk: number; alphaPlain: Num; fleissPlain: Num; ac1Plain: Num; percentPlain: Num }[];
  };
}
export interface MultiCase {
  name: string;
  labels: string[];
  units: (string[] | null)[][];
  expected: {
    alphaMasiNltk: number;
    alphaMasiPlain: Num;
    alphaJaccardNltk: number;
    pairableValues: number;
    exactSetPercent: Num;
    perLabel: { label: string; alphaNltk: number; fleissPlain: Num; ac1Plain: Num; percentPlain: Num }[];
  };
}
export interface BootstrapCase {
  name: string;
  labels: string[];
  level: 'nominal' | 'masi';
  units: (string | string[] | null)[][];
  replicates: number;
  seed: number;
  expected: { estimate: number; lower: number; upper: number; used: number; below0667: number; below08: number };
}
export interface AgreementFixtures {
  versions: Record<string, string>;
  published: {
    krippendorff2011: {
      units: (number | null)[][];
      expected: {
        nominalNltk: number;
        nominalPlain: number;
        ordinalPlain: number;
        intervalNltk: number;
        intervalPlain: number;
        ratioPlain: number;
      };
    };
    fleiss1971: { units: number[][]; expected: { fleissStatsmodels: number; alphaNltk: number } };
  };
  single: SingleCase[];
  multi: MultiCase[];
  bootstrap: BootstrapCase[];
  sampleSize: { alphaMin: number; significance: number; smallestShare: number; z: number; exact: number; n: number }[];
}

export const agreementFixtures = JSON.parse(
  readFileSync(fileURLToPath(new URL('../__fixtures__/agreement-fixtures.json', import.meta.url)), 'utf8'),
) as AgreementFixtures;
