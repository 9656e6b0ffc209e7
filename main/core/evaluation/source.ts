// Which documents an evaluation compares and how they were drawn, in words a methods section can
// use, and whether they are a random sample: only then do the intervals (and PPI's prevalence) hold
// for the corpus. [Note: queue order not recorded] Decisions do not record the queue order they were
// made in (in order, seeded random, least confident first, by suggested label), and a coder may skip
// or open documents by id; so "every coded document" is never taken for a random sample. The blind
// validation sample is one by construction (coding/samples.ts, [Note: drawing a sample]), and its
// queue serves the draw's order, so its coded part is a random sample as long as none is skipped.
import { PrelabelError, type CodebookQuestion, type EvaluationAgainst, type EvaluationSource } from '../../../common/contract';
import { listSamples, requireSample } from '../coding/samples';
import type { Db } from '../store/project-db';

/** The sample an evaluation against 'sample' uses: the one named, else the question's newest that is
 * no training round (a training round's decisions train a coder; they are no truth). */
export function resolveSample(db: Db, question: CodebookQuestion, sampleId: string | undefined) {
  if (sampleId !== undefined) {
    const named = requireSample(db, sampleId, question.id);
    if (named.kind === 'training')
      throw new PrelabelError(
        'INVALID_INPUT',
        'This sample is a training round: its decisions train a coder and are no truth to evaluate the model against.',
      );
    return named;
  }
  const newest = listSamples(db, question.id).find((s) => s.kind !== 'training');
  if (!newest)
    throw new PrelabelError(
      'NOT_FOUND',
      `"${question.name}" has no validation sample yet. Draw one in Annotate (Validation sample), code it, then evaluate against it.`,
    );
  return newest;
}

export interface SourceFacts {
  against: EvaluationAgainst;
  sample: ReturnType<typeof resolveSample> | null;
  /** Units of the corpus, and those with a gold value (gold). */
  units: number;
  withTruth: number;
  used: number;
  goldUnits: number;
  /** Of the gold units: those whose empty gold cell counts as "none of these labels" ([Note: empty gold]). */
  emptyGold?: number;
  notLabels: number;
  goldShown: number;
  unmatchedGold: number;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function describeSource(f: SourceFacts): { source: EvaluationSource; warnings: string[] } {
  const warnings: string[] = [];
  let description: string;
  let random = false;
  if (f.against === 'sample') {
    const s = f.sample!;
    random = true;
    // The inclusion probabilities as they are (each stratum's size / population), not as hoped.
    const inc = s.inclusion;
    const strat = s.stratifyBy
      ? `, stratified by "${s.stratifyBy}" with proportional allocation, every stratum at least 1 (inclusion probabilities ${
          inc && inc.min.toFixed(4) !== inc.max.toFixed(4)
            ? `from ${pct(inc.min)} to ${pct(inc.max)} by stratum`
            : `all ${pct(inc?.overall ?? 0)}`
        }; n/N = ${pct(inc?.overall ?? s.size / Math.max(1, s.population))})`
      : '';
    description = `A blind validation sample: ${s.size} of ${s.population} coding units drawn at random without replacement (seed ${s.seed}${strat}) on ${s.createdAt.slice(0, 10)}, coded without the suggestion or the gold label on screen; ${f.withTruth} of them have a label decision.`;
    if (f.withTruth < s.size)
      warnings.push(
        `${s.size - f.withTruth} of the ${s.size} sampled documents have no label decision yet${f.notLabels ? ` (${f.notLabels} skipped)` : ''}. The coded part is still a random sample if documents were coded in the sample's order and none was skipped for being hard; skipped documents make the numbers optimistic.`,
      );
    if (s.stratifyBy)
      warnings.push(
        `The sample is stratified by "${s.stratifyBy}"; its intervals treat it as a simple random sample, which with proportional allocation is slightly conservative.`,
      );
    if (s.stratifyBy && s.inclusion && s.inclusion.max > 1.5 * s.inclusion.min)
      warnings.push(
        `Small strata of "${s.stratifyBy}" got at least one document each, so units were drawn at different rates (${pct(s.inclusion.min)} to ${pct(s.inclusion.max)}); the unweighted numbers lean towards the small strata.`,
      );
  } else if (f.against === 'gold') {
    random = f.goldUnits === f.units;
    description =
      f.goldUnits === f.units
        ? `Gold labels of every coding unit (${f.units}), imported with the documents.`
        : `Gold labels imported with the documents: ${f.goldUnits} of ${f.units} coding units (${pct(f.goldUnits / Math.max(1, f.units))}) have one.`;
    if (f.unmatchedGold)
      description += ` ${f.withTruth} of them name the question's labels; ${f.unmatchedGold} name none and are left out.`;
    if (f.emptyGold)
      description += ` ${f.emptyGold} of them have an empty gold cell, counted as "none of these labels" (a switch in the Codebook's gold section).`;
    if (!random)
      warnings.push(
        `Gold labels cover ${f.goldUnits} of ${f.units} units. Prelabel cannot know how those were chosen: the numbers hold for the corpus only if they are a random subset.`,
      );
    if (f.unmatchedGold)
      warnings.push(`${f.unmatchedGold} gold values name none of the question's labels (by name or code) and are left out.`);
  } else {
    description = `Every document with a current human label decision in this question (${f.withTruth}), in whatever order they were coded.`;
    warnings.push(
      'These documents were not drawn at random: the queue order (least confident first, uncertain first, by suggested label, in order) and skips choose which documents get coded, and the order is not recorded with each decision. The numbers may be biased (least-confident-first and uncertain-first coding make the model look worse than it is, by-label coding better). Code a blind validation sample for numbers that hold for the corpus.',
    );
  }
  if (f.goldShown)
    warnings.push(
      `${f.goldShown} of these decisions were made with the gold label on screen ("Show gold labels while coding"), so they are not independent of the gold.`,
    );
  const s = f.sample;
  return {
    source: {
      against: f.against,
      description,
      random,
      sample: s
        ? {
            id: s.id,
            seed: s.seed,
            size: s.size,
            createdAt: s.createdAt,
            population: s.population,
            stratifyBy: s.stratifyBy,
            coded: s.coded,
            sizingText: s.sizing?.text ?? null,
          }
        : null,
    },
    warnings,
  };
}
