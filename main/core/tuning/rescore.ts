// A variant's predictions for the documents with a truth: the stored current logits of the labels
// it leaves alone ([Note: reused logits] in variants.ts) and fresh logits for the labels it
// changes, from the same pair planner, batching and crash retries as a pre-label run
// (nli/runs/group-scorer.ts), so the pairs are exactly those a run of the variant would send.
// A hierarchically scored question is tried in its two calls ([Note: hierarchical try]). Nothing
// is written: the logits live in memory for the job.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { PrelabelError, type CodebookQuestion } from '../../../common/contract';
import { scoredLabels } from '../codebook/hypotheses';
import type { Prediction } from '../evaluation/evaluation-data';
import type { LoadedModel } from '../models/model-loader';
import type { InferenceClient } from '../nli/inference/inference-client';
import { GroupScorer, labelsAskedNext } from '../nli/runs/group-scorer';
import type { RunnerTuning } from '../nli/runs/run-tuning';
import { labelHierarchy } from '../nli/scoring/label-hierarchy';
import type { DocumentPlan, PairPlanner } from '../nli/scoring/pair-batch';
import { plannerFor, type PlannerTuning, type RunHierarchy } from '../nli/scoring/question-plan';
import { scoreDocument } from '../nli/scoring/suggestions';
import { currentPredictions, documentTextReader, type PredictionRow } from '../store/prediction-store';
import type { Db } from '../store/project-db';
import type { VariantPlan } from './variants';

/** Documents sent to the group scorer together (their rows are cut into batches there). */
const GROUP_DOCUMENTS = 64;

/** Each document's current stored rows, by document: those with every scored label, or, scored
 * hierarchically, with every top-level label (and the labels asked below them). */
export function storedRows(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  documentIds: readonly number[],
  hierarchy?: RunHierarchy,
): Map<number, PredictionRow[]> {
  const out = new Map<number, PredictionRow[]>();
  const all = scoredLabels(question);
  const labels = new Set(all.map((l) => l.id));
  const required = hierarchy ? hierarchy.tree.roots.map((i) => all[i]!.id) : [...labels];
  for (let i = 0; i < documentIds.length; i += 20_000) {
    for (const r of currentPredictions(db, question.id, hash, documentIds.slice(i, i + 20_000))) {
      if (!labels.has(r.labelId)) continue;
      const list = out.get(r.documentId) ?? [];
      list.push(r);
      out.set(r.documentId, list);
    }
  }
  for (const [id, rows] of out) {
    const present = new Set(rows.map((r) => r.labelId));
    if (!required.every((l) => present.has(l))) out.delete(id);
  }
  return out;
}

/** A document's prediction from its rows, as pageSuggestions and evaluation.run read it; `cuts`: a
 * multi-label question's tuned thresholds while current (thresholds/threshold-store.ts), else 0.5;
 * `hierarchical`: among the leaves the document was asked (nli/scoring/suggestion-labels.ts). */
export function predictionOf(
  rows: readonly PredictionRow[],
  question: CodebookQuestion,
  cuts: ReadonlyMap<string, number> | null = null,
  hierarchical = false,
): Prediction | null {
  const all = scoredLabels(question);
  const chosen = hierarchical ? labelHierarchy(all).leaves.map((i) => all[i]!) : all;
  const labels = chosen.map((l) => ({ id: l.id, name: l.name }));
  const scored = scoreDocument(rows, labels, question.multiLabel, hierarchical);
  if (!scored) return null;
  const byIndex = new Map(scored.scores.map((s) => [s.index, s.score]));
  // Labels a hierarchical run did not ask score 0, as in pageSuggestions.
  const scores = new Map(labels.map((l, i) => [l.id, byIndex.get(i) ?? 0]));
  const top = scored.scores[0]!;
  const labelIds = question.multiLabel
    ? labels.filter((l) => scores.get(l.id)! >= (cuts?.get(l.id) ?? 0.5)).map((l) => l.id)
    : [labels[top.index]!.id];
  return { labelIds, top: top.score, scores: question.multiLabel ? scores : new Map() };
}

export interface RescoreOptions {
  db: Db;
  client: InferenceClient;
  /** The project's model: its int8 file when that is in force (the one that made the stored logits). */
  model: LoadedModel;
  /** Threads to load the model with, if the inference process holds another model file. */
  threads: number;
  tuning: RunnerTuning & PlannerTuning;
  signal: AbortSignal;
  /** The question's label tree when it is scored hierarchically. */
  hierarchy?: RunHierarchy;
  /** Called after each group with the pairs it scored. */
  onPairs(pairs: number): void;
  /** A hierarchical variant's second call asks other labels than estimated (its parents changed):
   * the difference, in pairs, to the estimate of pairsToScore. */
  onTotal?(delta: number): void;
}

/** Indices (into the planner's hypotheses) of the labels a document's stored rows cover. */
function storedByLabel(rows: readonly PredictionRow[], index: ReadonlyMap<string, number>): Map<number, PredictionRow[]> {
  const out = new Map<number, PredictionRow[]>();
  for (const r of rows) {
    const k = index.get(r.labelId)!;
    const list = out.get(k) ?? [];
    list.push(r);
    out.set(k, list);
  }
  return out;
}

/** Second-call labels a variant must score anew for a document, when its parents do not change:
 * the changed labels below the top level that the document was asked. */
function secondEstimate(plan: VariantPlan, h: RunHierarchy, asked: ReadonlySet<number>): number {
  const roots = new Set(h.tree.roots);
  return plan.rescore.filter((k) => !roots.has(k) && asked.has(k)).length;
}

/** Pairs a variant sends to the model for these documents (its changed labels x their windows);
 * for a hierarchical question an estimate until its first call shows which parents win. */
export function pairsToScore(
  o: Pick<RescoreOptions, 'db' | 'model' | 'tuning' | 'hierarchy'>,
  plan: VariantPlan,
  stored: ReadonlyMap<number, readonly PredictionRow[]>,
): number {
  if (plan.rescore.length === 0) return 0;
  const planner = plannerFor(o.model, plan.question, o.tuning);
  const index = new Map(planner.hypotheses.map((h, i) => [h.labelId, i]));
  const h = o.hierarchy;
  const first = h ? h.tree.roots.filter((k) => plan.rescore.includes(k)).length : plan.rescore.length;
  const read = documentTextReader(o.db);
  let n = 0;
  for (const [id, rows] of stored) {
    const doc = read(id)!;
    const windows = planner.plan(id, doc.externalId, doc.text, 0).starts.length;
    const second = h ? secondEstimate(plan, h, new Set(rows.map((r) => index.get(r.labelId)!))) : 0;
    n += windows * (first + second);
  }
  return n;
}

/** Scores documents' (restricted) pairs group by group, adding their rows to `into`; the pairs scored. */
async function scoreInto(
  o: RescoreOptions,
  planner: PairPlanner,
  question: CodebookQuestion,
  docs: DocumentPlan[],
  into: Map<number, PredictionRow[]>,
): Promise<number> {
  if (docs.length === 0) return 0;
  const scorer = new GroupScorer({ client: o.client, model: o.model, planner, question, tuning: o.tuning });
  // Shortest first, as a run's look-ahead does: batches pad to their longest pair.
  docs.sort((a, b) => a.longestRow - b.longestRow || a.documentId - b.documentId);
  const idx = o.model.config.indices;
  let total = 0;
  for (let g = 0; g < docs.length; g += GROUP_DOCUMENTS) {
    if (o.signal.aborted) throw new PrelabelError('CANCELLED', 'Trying the variants was cancelled; nothing was kept.');
    // [Note: try it and a run share the model] The thread count a run loaded stays.
    const loaded = o.client.loadedModel;
    if (!loaded || loaded.onnxPath !== o.model.onnxPath || loaded.provider !== o.client.provider)
      await o.client.ensureLoaded(o.model.onnxPath, o.threads);
    const split = await scorer.inferSplitting(docs.slice(g, g + GROUP_DOCUMENTS));
    if (split.failure) throw new PrelabelError('INTERNAL', split.failure.message);
    let pairs = 0;
    for (const { parts } of split.groups) {
      for (const { docs: partDocs, result } of parts) {
        const { rows: index, logits, classes } = result;
        for (let r = 0; r < index.doc.length; r++) {
          const at = r * classes;
          const documentId = partDocs[index.doc[r]!]!.documentId;
          const list = into.get(documentId) ?? [];
          list.push({
            documentId,
            labelId: planner.hypotheses[index.label[r]!]!.labelId,
            window: index.window[r]!,
            entailment: logits[at + idx.entailment]!,
            neutral: idx.neutral === undefined ? null : logits[at + idx.neutral]!,
            contradiction: logits[at + idx.contradiction]!,
          });
          into.set(documentId, list);
        }
        pairs += index.doc.length;
      }
    }
    total += pairs;
    o.onPairs(pairs);
    await yieldToLoop();
  }
  return total;
}

/** Each document's plan with all its windows (every label), by document. */
function documentPlans(o: RescoreOptions, planner: PairPlanner, ids: Iterable<number>): Map<number, DocumentPlan> {
  const read = documentTextReader(o.db);
  const out = new Map<number, DocumentPlan>();
  for (const id of ids) {
    const doc = read(id)!;
    out.set(id, planner.plan(id, doc.externalId, doc.text, Buffer.byteLength(doc.text)));
  }
  return out;
}

/** The variant's prediction of each document that has current stored rows (`stored`). */
export async function rescoreVariant(
  o: RescoreOptions,
  plan: VariantPlan,
  stored: Map<number, PredictionRow[]>,
): Promise<{ predictions: Map<number, Prediction>; pairsScored: number; pairsReused: number }> {
  const scored = o.hierarchy ? await twoCalls(o, plan, stored, o.hierarchy) : await oneCall(o, plan, stored);
  const predictions = new Map<number, Prediction>();
  for (const [id, list] of scored.rows) {
    const p = predictionOf(list, plan.question, null, o.hierarchy !== undefined);
    if (p) predictions.set(id, p);
  }
  return { predictions, pairsScored: scored.pairsScored, pairsReused: scored.pairsReused };
}

type Scored = { rows: Map<number, PredictionRow[]>; pairsScored: number; pairsReused: number };

/** Every label asked at once: the changed labels' pairs anew, the others' stored rows. */
async function oneCall(o: RescoreOptions, plan: VariantPlan, stored: Map<number, PredictionRow[]>): Promise<Scored> {
  const changed = new Set(plan.rescore.map((i) => plan.hypotheses[i]!.labelId));
  const rows = new Map<number, PredictionRow[]>();
  let pairsReused = 0;
  for (const [id, list] of stored) {
    const kept = list.filter((r) => !changed.has(r.labelId));
    pairsReused += kept.length;
    rows.set(id, kept);
  }
  if (changed.size === 0) return { rows, pairsScored: 0, pairsReused };
  const planner = plannerFor(o.model, plan.question, o.tuning);
  const docs = [...documentPlans(o, planner, stored.keys()).values()].map((d) => planner.restrict(d, plan.rescore));
  const pairsScored = await scoreInto(o, planner, plan.question, docs, rows);
  return { rows, pairsScored, pairsReused };
}

/**
 * [Note: hierarchical try] A question scored hierarchically ([Note: hierarchical scoring] in
 * nli/runs/group-scorer.ts) is tried in the run's two calls. First the top-level labels: the
 * changed ones anew, the others' stored rows. Then, from those logits, the labels below the top
 * parents, chosen by the run's own code (labelsAskedNext): a label the variant changes, or one the
 * stored run did not ask (its parent won only under the variant), is scored anew; one it asked
 * with the same hypothesis keeps its stored rows; stored labels the variant no longer asks are
 * dropped. So a changed child hypothesis costs only its own pairs where it was asked, and a changed
 * parent hypothesis its own pairs plus the children of the documents whose top parents change.
 * The prediction is then among the leaves asked, as the suggestions of a hierarchical run are.
 */
async function twoCalls(o: RescoreOptions, plan: VariantPlan, stored: Map<number, PredictionRow[]>, h: RunHierarchy): Promise<Scored> {
  const planner = plannerFor(o.model, plan.question, o.tuning);
  const index = new Map(planner.hypotheses.map((x, i) => [x.labelId, i]));
  const redo = new Set(plan.rescore);
  const roots = h.tree.roots;
  const rootSet = new Set(roots);
  const plans = documentPlans(o, planner, stored.keys());
  const rows = new Map<number, PredictionRow[]>();
  const storedBy = new Map<number, Map<number, PredictionRow[]>>();
  let pairsReused = 0;
  for (const [id, list] of stored) {
    const by = storedByLabel(list, index);
    storedBy.set(id, by);
    const kept = roots.filter((k) => !redo.has(k)).flatMap((k) => by.get(k)!);
    pairsReused += kept.length;
    rows.set(id, kept);
  }
  const first = roots.filter((k) => redo.has(k));
  let pairsScored = 0;
  if (first.length > 0)
    pairsScored += await scoreInto(
      o,
      planner,
      plan.question,
      [...plans.values()].map((d) => planner.restrict(d, first)),
      rows,
    );

  const idx = o.model.config.indices;
  const classes = o.model.config.id2label.length;
  // A stored row's logits in the model's class order, as the run's first call had them.
  const logitsOf = (r: PredictionRow) => {
    const out = new Array<number>(classes).fill(0);
    out[idx.entailment] = r.entailment;
    out[idx.contradiction] = r.contradiction;
    if (idx.neutral !== undefined) out[idx.neutral] = r.neutral ?? 0;
    return out;
  };
  const second: DocumentPlan[] = [];
  let estimated = 0;
  let asked = 0;
  for (const [id, doc] of plans) {
    const byLabel = storedByLabel(rows.get(id)!, index);
    const windows = roots.map((k) =>
      byLabel
        .get(k)!
        .slice()
        .sort((a, b) => a.window - b.window)
        .map(logitsOf),
    );
    const next = labelsAskedNext(windows, roots, h, idx, plan.question.multiLabel);
    const before = storedBy.get(id)!;
    const fresh = next.filter((k) => redo.has(k) || !before.has(k));
    for (const k of next) {
      if (fresh.includes(k)) continue;
      const kept = before.get(k)!;
      rows.get(id)!.push(...kept);
      pairsReused += kept.length;
    }
    const storedAsked = new Set([...before.keys()].filter((k) => !rootSet.has(k)));
    estimated += doc.starts.length * secondEstimate(plan, h, storedAsked);
    asked += doc.starts.length * fresh.length;
    if (fresh.length > 0) second.push(planner.restrict(doc, fresh));
  }
  if (asked !== estimated) o.onTotal?.(asked - estimated);
  pairsScored += await scoreInto(o, planner, plan.question, second, rows);
  return { rows, pairsScored, pairsReused };
}
