// evaluation.run: the question's current pre-labels measured against a truth (every current human
// decision, gold, or a blind validation sample), the corpus share of each label, and anchoring, as
// one EvaluationResult that the validation screen, `prelabel evaluate --json` and the methods report
// all show. Only the documents with a truth are loaded; corpus-wide numbers are SQL aggregates.
import {
  EVALUATION_BOOTSTRAP,
  PrelabelError,
  type CodebookQuestion,
  type EvaluationResult,
  type ParsedInput,
} from '../../../common/contract';
import { evaluationPredictions, RAW_SCORING } from '../calibration/evaluation-predictions';
import { ensureSuggestions } from '../coding/coding-state';
import { emptyGoldUnitCount, goldUnitCount } from '../coding/gold';
import { visibleCount } from '../coding/queue';
import { metadataColumns } from '../coding/samples';
import type { Db } from '../store/project-db';
import { isUnit } from '../store/units';
import { currentThresholds } from '../thresholds/threshold-store';
import { anchoring } from './anchoring';
import { corpusCounts, corpusCountsByGroup, corpusScoreHistogram, corpusStaleOnly, jsonPath } from './corpus-counts';
import { blindAccuracy, capGroups, coderSummary, requireColumn, requireGold } from './evaluation-checks';
import { metadataValues, readPredictions, readTruth, requireCoder, staleOnlyCount } from './evaluation-data';
import { calibration, groupRows, multiLabelMetrics, singleLabelMetrics, usedHistograms, type UsedDocument } from './metrics';
import { modelProvenance } from './model-provenance';
import { prevalence } from './prevalence-estimates';
import { describeSource, resolveSample } from './source';

export type EvaluationInput = ParsedInput<'evaluation.run'>;

const CONFIDENCE = 0.95;
/** [Note: bootstrap budget] Replicates x documents resampled at most (about 2 s): a gold column on a
 * million units gets fewer replicates (never under 200), and the result says how many were drawn. */
const BOOTSTRAP_BUDGET = 400_000_000;

export interface EvaluateOptions {
  /** Count the units per value of a language column (the report's data section). */
  languages?: boolean;
  now?: () => Date;
  /** Against gold with no gold label of the question: an evaluation without documents (an export's
   * manifest) instead of the error the screen and the CLI give. */
  noGoldIsEmpty?: boolean;
}

export function runEvaluation(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  input: EvaluationInput,
  options: EvaluateOptions = {},
): EvaluationResult {
  const started = performance.now();
  if (hash) ensureSuggestions(db, question, hash);
  const sample = input.against === 'sample' ? resolveSample(db, question, input.sampleId) : null;
  if (input.groupBy !== undefined) requireColumn(db, input.groupBy);
  if (input.coder !== undefined && input.against === 'gold')
    throw new PrelabelError(
      'INVALID_INPUT',
      'A coder names whose decisions are the truth; gold labels have no coder. Compare against human or sample to take one coder.',
    );
  const coderId = input.coder !== undefined ? requireCoder(db, question, input.coder) : null;
  const truth = readTruth(db, question, input.against, sample?.id ?? null, coderId);
  if (input.against === 'gold' && !options.noGoldIsEmpty) requireGold(db, question, truth.rows.length, truth.unmatchedGold);
  const seen = new Set(truth.rows.flatMap((r) => r.labelIds));
  // The question's labels; archived ones only where a truth still names them (decisions before the archive).
  const metricLabels = question.labels.filter((l) => !l.archived || seen.has(l.id));
  const names = new Map(metricLabels.map((l) => [l.id, l.name]));
  const labels = metricLabels.map((l) => l.name);
  const predictions = readPredictions(
    db,
    question,
    hash,
    truth.rows.map((r) => r.documentId),
  );
  // The calibrated classifier is never scored on its own training decisions: those get held-out
  // fold predictions ([Note: evaluating the calibrated classifier]).
  const calibrated = hash ? evaluationPredictions(db, question, hash, [...predictions.keys()]) : null;
  for (const [id, p] of calibrated?.heldOut ?? []) predictions.set(id, p);
  for (const id of calibrated?.leftOut ?? []) predictions.delete(id);
  const corpus = corpusCounts(db, question, hash);
  const byGroup = input.groupBy && hash ? corpusCountsByGroup(db, question, hash, input.groupBy, corpus) : null;
  const cap = input.groupBy ? capGroups(byGroup, input.groupBy) : null;
  const groupOf = input.groupBy ? metadataValues(db, input.groupBy, [...predictions.keys()]) : null;
  const used: UsedDocument[] = [];
  const missing: number[] = [];
  for (const r of truth.rows) {
    const p = predictions.get(r.documentId);
    if (!p) {
      missing.push(r.documentId);
      continue;
    }
    used.push({
      documentId: r.documentId,
      truth: r.labelIds.map((id) => names.get(id)!),
      model: p.labelIds.map((id) => names.get(id)!),
      top: p.top,
      scores: question.multiLabel ? metricLabels.map((l) => p.scores.get(l.id) ?? 0) : [],
      group: cap ? cap.group(groupOf?.get(r.documentId) ?? null) : null,
    });
  }
  const requested = input.bootstrap?.replicates ?? EVALUATION_BOOTSTRAP.replicates;
  const replicates = used.length ? Math.max(200, Math.min(requested, Math.floor(BOOTSTRAP_BUDGET / used.length))) : requested;
  const boot = {
    replicates: Math.min(requested, replicates),
    seed: input.bootstrap?.seed ?? EVALUATION_BOOTSTRAP.seed,
    confidence: CONFIDENCE,
  };

  const units = visibleCount(db);
  const goldUnits = input.against === 'gold' ? goldUnitCount(db, question) : 0;
  const { source, warnings } = describeSource({
    against: input.against,
    sample,
    units,
    withTruth: truth.rows.length,
    used: used.length,
    goldUnits,
    emptyGold: input.against === 'gold' ? emptyGoldUnitCount(db, question) : 0,
    notLabels: truth.notLabels,
    goldShown: truth.rows.filter((r) => r.goldShown).length,
    unmatchedGold: truth.unmatchedGold,
  });
  const staleOnly = hash ? staleOnlyCount(db, question.id, hash, missing) : missing.length;
  if (calibrated) warnings.unshift(calibrated.scoring.text);
  if (!hash) warnings.unshift(`"${question.name}" has no pre-labels yet: run pre-labelling first.`);
  if (missing.length)
    warnings.push(
      `${missing.length} of ${truth.rows.length} documents with a truth have no current prediction and are left out${staleOnly ? ` (${staleOnly} have only stale predictions, made before the codebook or the model changed)` : ''}. Run pre-labelling to score them.`,
    );
  if (used.length > 0 && used.length < 30) warnings.push(`Only ${used.length} documents: the intervals are wide.`);
  if (boot.replicates < requested)
    warnings.push(
      `${used.length} documents: the bootstrap drew ${boot.replicates} replicates instead of ${requested} to stay within its time budget.`,
    );
  const truthCoders = input.against === 'gold' ? null : coderSummary(db, question, truth.rows, input.coder ?? null, sample?.id ?? null);
  if (truthCoders?.multiCoder)
    warnings.push(
      `${truthCoders.multiCoder} of these documents were decided by more than one coder (${truthCoders.coders.map((c) => c.name).join(', ')}); ${input.against === 'sample' ? 'the latest decision in the sample counts' : "the project's current label counts (an adjudication, else the label the coders agree on, else the project's rule)"}. To take one coder's decisions as the truth, choose "Whose decisions" (prelabel evaluate --coder NAME); agreement between coders is measured by prelabel agreement.`,
    );
  if (cap?.note) warnings.push(cap.note);
  const corpusStale = hash ? corpusStaleOnly(db, question.id, hash) : 0;
  if (corpus.n < units)
    warnings.push(
      `${units - corpus.n} of ${units} units have no current prediction${corpusStale ? ` (${corpusStale} only stale ones)` : ''}; corpus estimates describe the ${corpus.n} that have one.`,
    );
  if (!source.random && used.length)
    warnings.push(
      'Prevalence: the human-only and prediction-powered intervals assume the labelled documents are a simple random sample of the corpus; these are not, so those intervals are not valid. Use a blind validation sample.',
    );

  // Tuned per-label thresholds while current (by label name, as the metrics name labels).
  // Thresholds apply to raw scores only: calibrated probabilities are cut at 0.5.
  const tuned = question.multiLabel && !calibrated ? currentThresholds(db, question.id, hash) : null;
  const cuts = new Map([...(tuned ?? [])].flatMap(([id, t]) => (names.has(id) ? [[names.get(id)!, t] as const] : [])));
  if (cuts.size && input.against === 'human' && used.length)
    warnings.push(
      'Per-label thresholds were tuned on the coded documents outside the validation samples: against these decisions the numbers are optimistic (the thresholds were fitted on them). Measure them against a blind validation sample.',
    );
  const metrics = used.length
    ? question.multiLabel
      ? multiLabelMetrics(used, labels, boot, cuts)
      : singleLabelMetrics(used, labels, question.ordered, boot)
    : null;
  const languageColumn = options.languages ? findLanguageColumn(db) : null;
  const now = options.now?.() ?? new Date();
  return {
    question: { id: question.id, name: question.name, multiLabel: question.multiLabel, ordered: question.ordered, labels },
    codebookRevisionId:
      (db.prepare('SELECT id FROM codebook_revisions ORDER BY created_at DESC, rowid DESC LIMIT 1').pluck().get() as string) ?? null,
    generatedAt: now.toISOString(),
    source,
    truthCoders,
    model: modelProvenance(db, question, hash),
    scoring: calibrated?.scoring ?? RAW_SCORING,
    corpus: {
      units,
      withCurrentPrediction: corpus.n,
      withoutCurrentPrediction: units - corpus.n,
      staleOnly: corpusStale,
      languageColumn,
      languages: languageColumn ? languageCounts(db, languageColumn) : null,
    },
    documents: {
      withTruth: truth.rows.length,
      used: used.length,
      dropped: { noCurrentPrediction: missing.length, staleOnly },
      notLabels: truth.notLabels,
      goldShown: truth.rows.filter((r) => r.goldShown).length,
    },
    metrics,
    calibration: calibration(used, labels, question.multiLabel, cuts),
    scores: {
      used: used.length ? usedHistograms(used) : null,
      corpus: corpusScoreHistogram(corpus),
    },
    groups:
      input.groupBy && used.length
        ? {
            column: input.groupBy,
            rows: groupRows(used, labels, question.multiLabel, question.ordered, CONFIDENCE),
            note: cap?.note ?? null,
          }
        : null,
    prevalence: prevalence(labels, names, corpus, used, cap?.counts ?? null, CONFIDENCE),
    anchoring: anchoring(db, question, hash, blindAccuracy(db, question, hash, input, sample?.id ?? null, coderId, used, metrics)),
    bootstrap: boot,
    warnings,
    tookMs: Math.round(performance.now() - started),
  };
}

const LANGUAGE_NAMES = /^(lang|language|languages|langue|sprache|idioma|lingua|lng|locale)$/i;

/** A metadata column that names each unit's language, by its name; null when none does. */
function findLanguageColumn(db: Db): string | null {
  return metadataColumns(db).find((c) => LANGUAGE_NAMES.test(c.name.trim()))?.name ?? null;
}

function languageCounts(db: Db, column: string): Array<{ value: string; count: number }> {
  return db
    .prepare(
      `SELECT coalesce(json_extract(coalesce(p.metadata, d.metadata), ?), '') AS value, count(*) AS count
       FROM documents d LEFT JOIN documents p ON p.id = d.parent_id WHERE ${isUnit('d')} GROUP BY value ORDER BY count DESC, value`,
    )
    .all(jsonPath(column)) as Array<{ value: string; count: number }>;
}
