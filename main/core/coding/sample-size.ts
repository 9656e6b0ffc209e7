// The size of a validation sample for a wanted precision over the project's coding units: the
// statistics module's Cochran formula with the finite population correction (validationSampleSize
// in stats/intervals.ts, the formula with its numbers as text), for the screen and the sample record.
import { PrelabelError, type SampleSizePlan } from '../../../common/contract';
import { validationSampleSize } from '../stats';

export interface SampleSizeWish {
  expected: number;
  margin: number;
  confidence: number;
}

export function sampleSizePlan(wish: SampleSizeWish, population: number): SampleSizePlan {
  if (population < 1) throw new PrelabelError('INVALID_INPUT', 'The project has no documents to draw a sample from; import some first.');
  const s = validationSampleSize({ ...wish, population });
  return {
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
