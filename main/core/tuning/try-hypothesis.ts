// tuning.try: "try it" for a question's wording. [Note: try it] Only the documents with a truth
// (every current human label decision, the gold labels, or a blind validation sample: the same
// truth as evaluation.run) are scored, and of each variant only the labels whose hypothesis it
// changes ([Note: reused logits] in variants.ts); the other labels' logits are the stored current
// ones. The job writes nothing: stored predictions, the coding state and the codebook stay as they
// are until a variant is kept (keep-variant.ts). Each variant's numbers come from the code of
// evaluation.run on the same documents (those with a current prediction, as evaluation.run uses),
// the current wording's first, so the columns compare like with like. The variants are scored with
// the project's model (its int8 file when int8 is in force, the file that made the stored logits)
// and, for a question scored hierarchically, in the run's two calls ([Note: hierarchical try] in
// rescore.ts). A pre-label run going meanwhile waits for the job between its groups ([Note: try it
// and a run share the model] in nli/runs/model-turns.ts).
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
import { hierarchyFor } from '../nli/scoring/question-plan';
import { readScoringMode, runHash } from '../nli/scoring/scoring-mode';
import { currentThresholds } from '../thresholds/threshold-store';
import { pairsToScore, predictionOf, rescoreVariant, storedRows, type RescoreOptions } from './rescore';
import { bootstrapFor, variantNumbers } from './variant-metrics';
import { planVariant, variantName } from './variants';

type TryInput = ParsedInput<'tuning.try'>;

/** Jobs that hold the inference process for themselves or change the model: "try it" waits for
 * them. A pre-label run is not one: it waits for the variants ([Note: try it and a run share the model]). */
const EXCLUSIVE = new Set(['precision', 'evaluate-model', 'tuning']);

/** Checks everything the job needs, then starts it; the call answers with its job id. */
export async function startTry(ctx: CoreContext, input: TryInput): Promise<{ jobId: string }> {
  const busy = ctx.jobs.list().find((j) => EXCLUSIVE.has(j.kind));
  if (busy)
    throw new PrelabelError(
      'BUSY',
      busy.kind === 'tuning'
        ? 'Variants are being tried already. Wait for them or cancel.'
        : `A ${busy.kind === 'precision' ? 'precision check' : 'model evaluation'} is using the model. Try the variants when it has finished.`,
    );
  const db = ctx.requireProject().db;
  const question = requireQuestion(readCodebook(db), input.questionId);
  const mode = readScoringMode(db, question.id);
  const hierarchy = hierarchyFor(question, mode);
  const hash = await ctx.engine.currentHash(db, question);
  if (!hash)
    throw new PrelabelError(
      'INVALID_INPUT',
      `"${question.name}" has no pre-labels yet: run pre-labelling first (the current wording is the baseline).`,
    );
  // The project's model: its int8 file while int8 is in force, as its runs use.
  const model = await ctx.engine.projectModel(db);
  if (runHash(question, model.info.sha256, mode) !== hash)
    throw new PrelabelError(
      'INVALID_INPUT',
      `The current pre-labels of "${question.name}" were not made by the project's model (${model.info.id}, ${model.info.precision ?? 'fp32'}): select the model that made them, or pre-label again.`,
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
    hierarchy,
  );
  const scoring = { db, model, tuning: ctx.engine.tuning, ...(hierarchy ? { hierarchy } : {}) };
  const totals = plans.map((p) => pairsToScore(scoring, p, stored));
  let total = totals.reduce((a, b) => a + b, 0);
  const loaded = ctx.engine.client.loadedModel;
  const threads = loaded && loaded.onnxPath === model.onnxPath ? loaded.threads : physicalCores();
  // Taken last, after every check: a run waits for it between groups; given back when the job ends.
  const giveBack = ctx.engine.beginTrying();

  const tryVariants = async (job: JobControl<'tuning'>): Promise<TuningResult> => {
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
        const p = predictionOf(rows, question, cuts, hierarchy !== undefined);
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
        onPairs(pairs) {
          done += pairs;
          progress(v, 'scoring');
        },
        onTotal(delta) {
          total += delta;
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
    // [Note: int8 agreement check] in nli/precision/precision-check.ts: dynamic int8 quantises each
    // batch with one scale, and a variant's changed pairs are batched apart from the run's.
    if (model.info.precision === 'int8')
      warnings.push(
        'Scored with the int8 model, as this project’s runs are. int8 results depend slightly on which texts are scored together, so a pre-label run of a kept variant can label a few documents differently from what is shown here.',
      );
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
  };
  let started;
  try {
    started = ctx.jobs.start(
      'tuning',
      (job: JobControl<'tuning'>) => tryVariants(job).finally(giveBack),
      input.jobId ? { jobId: input.jobId } : {},
    );
  } catch (err) {
    giveBack();
    throw err;
  }
  started.value.catch(() => undefined);
  return { jobId: started.jobId };
}
