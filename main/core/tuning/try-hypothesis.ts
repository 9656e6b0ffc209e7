// tuning.try: "try it" for a question's wording. [Note: try it] Only the documents with a truth
// (every current human label decision, the gold labels, or a blind validation sample: the same
// truth as evaluation.run) are scored, and of each variant only the labels whose hypothesis it
// changes ([Note: reused logits] in variants.ts); the other labels' logits are the stored current
// ones. The job writes nothing: stored predictions, the coding state and the codebook stay as they
// are until a variant is kept (keep-variant.ts). Each variant's numbers come from the code of
// evaluation.run on the same documents (those with a current prediction, as evaluation.run uses),
// the current wording's first, so the columns compare like with like.
import {
  EVALUATION_BOOTSTRAP,
  PrelabelError,
  type ParsedInput,
  type TuningResult,
  type TuningVariantResult,
} from '../../../common/contract';
import { readCodebook } from '../codebook/codebook-read';
import { emptyGoldUnitCount, goldUnitCount } from '../coding/gold';
import { requireQuestion } from '../coding/decisions';
import { visibleCount } from '../coding/queue';
import type { CoreContext } from '../core-context';
import { readTruth } from '../evaluation/evaluation-data';
import { describeSource, resolveSample } from '../evaluation/source';
import type { JobControl } from '../jobs';
import { physicalCores } from '../nli/inference/cpu-cores';
import { readScoringMode, runHash } from '../nli/scoring/scoring-mode';
import { currentThresholds } from '../thresholds/threshold-store';
import { pairsToScore, predictionOf, rescoreVariant, storedRows, type RescoreOptions } from './rescore';
import { bootstrapFor, variantNumbers } from './variant-metrics';
import { planVariant, variantName } from './variants';

type TryInput = ParsedInput<'tuning.try'>;

/** Jobs that hold the inference process or change what is current: "try it" waits for them. */
const EXCLUSIVE = new Set(['prelabel', 'precision', 'evaluate-model', 'tuning']);

/** Checks everything the job needs, then starts it; the call answers with its job id. */
export async function startTry(ctx: CoreContext, input: TryInput): Promise<{ jobId: string }> {
  const busy = ctx.jobs.list().find((j) => EXCLUSIVE.has(j.kind));
  // [Note: try it yields the model] The engine does not know this job; a run, an int8 check or an
  // XNLI evaluation started meanwhile stops it before its next group, so the two never share the
  // inference process for long and the run is never slowed by variants nobody waits for.
  const interrupted = () =>
    ctx.jobs.list().some((j) => EXCLUSIVE.has(j.kind) && j.kind !== 'tuning')
      ? 'Another job (a pre-label run, a precision check or a model evaluation) started using the model, so trying the variants stopped. Try them again when it has finished.'
      : null;
  if (busy)
    throw new PrelabelError(
      'BUSY',
      busy.kind === 'tuning'
        ? 'Variants are being tried already. Wait for them or cancel.'
        : `A ${busy.kind === 'prelabel' ? 'pre-label run' : busy.kind === 'precision' ? 'precision check' : 'model evaluation'} is using the model. Try the variants when it has finished.`,
    );
  const db = ctx.requireProject().db;
  const question = requireQuestion(readCodebook(db), input.questionId);
  const mode = readScoringMode(db, question.id);
  if (mode.hierarchical)
    throw new PrelabelError(
      'INVALID_INPUT',
      `"${question.name}" is scored hierarchically (parents first): "try it" compares full scorings only. Pre-label it with every label first.`,
    );
  const hash = await ctx.engine.currentHash(db, question);
  if (!hash)
    throw new PrelabelError(
      'INVALID_INPUT',
      `"${question.name}" has no pre-labels yet: run pre-labelling first (the current wording is the baseline).`,
    );
  const model = await ctx.engine.activeModel();
  if (runHash(question, model.info.sha256, mode) !== hash)
    throw new PrelabelError(
      'INVALID_INPUT',
      `The current pre-labels of "${question.name}" were not made by the active model in full precision (int8 in force, or another model): "try it" scores with ${model.info.id} in fp32. Switch the precision to fp32 and pre-label again, or select the model that made them.`,
    );
  const sample = input.against === 'sample' ? resolveSample(db, question, input.sampleId) : null;
  const truth = readTruth(db, question, input.against, sample?.id ?? null);
  if (truth.rows.length === 0)
    throw new PrelabelError(
      'INVALID_INPUT',
      input.against === 'gold'
        ? `No document has a gold label of "${question.name}".`
        : `No document has a label decision in "${question.name}"${sample ? ' in this sample' : ''} yet: code some documents first.`,
    );
  const plans = input.variants.map((v) => planVariant(question, v, model.tokenizer));
  const stored = storedRows(
    db,
    question,
    hash,
    truth.rows.map((r) => r.documentId),
  );
  const scoring = { db, model, tuning: ctx.engine.tuning };
  const ids = [...stored.keys()];
  const totals = plans.map((p) => pairsToScore(scoring, p, ids));
  const total = totals.reduce((a, b) => a + b, 0);
  const loaded = ctx.engine.client.loadedModel;
  const threads = loaded && loaded.onnxPath === model.onnxPath ? loaded.threads : physicalCores();

  const started = ctx.jobs.start(
    'tuning',
    async (job: JobControl<'tuning'>): Promise<TuningResult> => {
      const t0 = performance.now();
      let done = 0;
      let last = -Infinity;
      const progress = (variant: number, phase: 'scoring' | 'metrics', force = false) => {
        const now = performance.now();
        if (!force && now - last < ctx.engine.tuning.progressIntervalMs) return;
        last = now;
        const rate = done / Math.max(1e-3, (now - t0) / 1000);
        job.progress({
          phase,
          variant,
          variants: plans.length,
          done,
          total,
          pairsPerSecond: rate,
          etaSeconds: rate > 0 ? (total - done) / rate : null,
        });
      };
      progress(0, 'scoring', true);
      const boot = bootstrapFor(
        truth.rows.filter((r) => stored.has(r.documentId)).length,
        EVALUATION_BOOTSTRAP.replicates,
        EVALUATION_BOOTSTRAP.seed,
      );
      const cuts = question.multiLabel ? currentThresholds(db, question.id, hash) : null;
      const current = new Map(
        [...stored].flatMap(([id, rows]) => {
          const p = predictionOf(rows, question, cuts);
          return p ? [[id, p] as const] : [];
        }),
      );
      const results: TuningVariantResult[] = [
        {
          name: 'Current wording',
          current: true,
          template: question.template,
          hypotheses: planVariant(question, {}, model.tokenizer).hypotheses,
          pairsScored: 0,
          pairsReused: [...stored.values()].reduce((a, r) => a + r.length, 0),
          ...variantNumbers(question, truth.rows, current, boot, cuts),
        },
      ];
      for (const [v, plan] of plans.entries()) {
        progress(v, 'scoring', true);
        const options: RescoreOptions = {
          ...scoring,
          client: ctx.engine.client,
          threads,
          signal: job.signal,
          interrupted,
          onPairs(pairs) {
            done += pairs;
            progress(v, 'scoring');
          },
        };
        const scored = await rescoreVariant(options, plan, stored);
        progress(v, 'metrics', true);
        results.push({
          name: variantName(input.variants[v]!, v),
          current: false,
          template: plan.question.template,
          hypotheses: plan.hypotheses,
          pairsScored: scored.pairsScored,
          pairsReused: scored.pairsReused,
          ...variantNumbers(question, truth.rows, scored.predictions, boot),
        });
      }
      const { source, warnings } = describeSource({
        against: input.against,
        sample,
        units: visibleCount(db),
        withTruth: truth.rows.length,
        used: stored.size,
        goldUnits: input.against === 'gold' ? goldUnitCount(db, question) : 0,
        emptyGold: input.against === 'gold' ? emptyGoldUnitCount(db, question) : 0,
        notLabels: truth.notLabels,
        goldShown: truth.rows.filter((r) => r.goldShown).length,
        unmatchedGold: truth.unmatchedGold,
      });
      const missing = truth.rows.length - truth.rows.filter((r) => stored.has(r.documentId)).length;
      if (missing)
        warnings.push(
          `${missing} of ${truth.rows.length} documents with a truth have no current prediction and are left out of every column. Run pre-labelling to score them.`,
        );
      if (stored.size > 0 && stored.size < 30)
        warnings.push(`Only ${stored.size} documents: the intervals are wide, and a difference between variants may be chance.`);
      if (cuts)
        warnings.push(
          'The current wording is cut at its tuned per-label thresholds; a variant at 0.5, as its pre-labels would be until thresholds are tuned for it.',
        );
      if (!source.random)
        warnings.unshift(
          'The coded documents are not a random sample: a wording chosen on them may do worse on the rest of the corpus. Confirm the kept wording on a blind validation sample.',
        );
      return {
        questionId: question.id,
        question: question.name,
        multiLabel: question.multiLabel,
        against: input.against,
        source,
        documents: { withTruth: truth.rows.length, used: stored.size, noCurrentPrediction: missing },
        labels: results[0]!.perLabel.map((l) => l.label),
        variants: results,
        bootstrap: boot,
        warnings,
        modelSha256: model.info.sha256,
        seconds: (performance.now() - t0) / 1000,
      };
    },
    input.jobId ? { jobId: input.jobId } : {},
  );
  started.value.catch(() => undefined);
  return { jobId: started.jobId };
}
