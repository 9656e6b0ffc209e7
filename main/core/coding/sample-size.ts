// The size of a sample over the project's coding units. A validation sample: the statistics module's
// Cochran formula with the finite population correction for a wanted precision (validationSampleSize
// in stats/intervals.ts). A reliability sample (issue 14): Krippendorff's minimum number of units for
// the smallest alpha accepted (reliabilitySampleSize in stats/reliability-sample-size.ts: Krippendorff
// 2004, ch. 11, from Bloch & Kraemer 1989, eq. 3.7), capped at the population. Each with the formula
// and its numbers as text, for the screen and the sample record.
import { PrelabelError, type ReliabilitySizePlan, type SampleSizePlan } from '../../../common/contract';
import { reliabilitySampleSize, validationSampleSize } from '../stats';

export interface ValidationSizeWish {
  kind?: 'validation';
  expected: number;
  margin: number;
  confidence: number;
}

export interface ReliabilitySizeWish {
  kind: 'reliability';
  smallestShare?: number;
  categories?: number;
  alphaMin: number;
  significance: number;
}

export type SampleSizeWish = ValidationSizeWish | ReliabilitySizeWish;

export function sampleSizePlan(wish: SampleSizeWish, population: number): SampleSizePlan {
  if (population < 1) throw new PrelabelError('INVALID_INPUT', 'The project has no documents to draw a sample from; import some first.');
  if (wish.kind === 'reliability') return reliabilityPlan(wish, population);
  const s = validationSampleSize({ expected: wish.expected, margin: wish.margin, confidence: wish.confidence, population });
  return {
    kind: 'validation',
    z: s.z,
    expected: s.expected,
    margin: s.margin,
    confidence: s.confidence,
    population,
    n0: s.n0,
    nCorrected: s.nCorrected,
    n: s.n,
    text: s.text,
  };
}

function reliabilityPlan(wish: ReliabilitySizeWish, population: number): ReliabilitySizePlan {
  const s = reliabilitySampleSize({
    alphaMin: wish.alphaMin,
    significance: wish.significance,
    ...(wish.smallestShare !== undefined ? { smallestShare: wish.smallestShare } : {}),
    ...(wish.categories !== undefined ? { categories: wish.categories } : {}),
  });
  const n = Math.min(s.n, population);
  const capped =
    n < s.n
      ? ` The project has only ${population} documents: all of them form the sample, fewer than the ${s.n} the formula asks for.`
      : '';
  return {
    kind: 'reliability',
    alphaMin: s.alphaMin,
    significance: s.significance,
    smallestShare: s.smallestShare,
    z: s.z,
    exact: s.exact,
    population,
    n,
    text: s.text + capped,
  };
}
