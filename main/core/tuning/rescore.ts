// A variant's predictions for the documents with a truth: the stored current logits of the labels
// it leaves alone ([Note: reused logits] in variants.ts) and fresh logits for the labels it
// changes, from the same pair planner, batching and crash retries as a pre-label run
// (nli/runs/group-scorer.ts), so the pairs are exactly those a run of the variant would send.
// Nothing is written: the logits live in memory for the job.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { PrelabelError, type CodebookQuestion } from '../../../common/contract';
import { scoredLabels } from '../codebook/hypotheses';
import type { Prediction } from '../evaluation/evaluation-data';
import type { LoadedModel } from '../models/model-loader';
import type { InferenceClient } from '../nli/inference/inference-client';
import { GroupScorer } from '../nli/runs/group-scorer';
import type { RunnerTuning } from '../nli/runs/run-tuning';
import type { DocumentPlan } from '../nli/scoring/pair-batch';
import { plannerFor, type PlannerTuning } from '../nli/scoring/question-plan';
import { scoreDocument } from '../nli/scoring/suggestions';
import { currentPredictions, documentTextReader, type PredictionRow } from '../store/prediction-store';
import type { Db } from '../store/project-db';
import type { VariantPlan } from './variants';

/** Documents sent to the group scorer together (their rows are cut into batches there). */
const GROUP_DOCUMENTS = 64;

/** Each document's current stored rows (every scored label present), by document. */
export function storedRows(db: Db, question: CodebookQuestion, hash: string, documentIds: readonly number[]): Map<number, PredictionRow[]> {
  const out = new Map<number, PredictionRow[]>();
  const labels = new Set(scoredLabels(question).map((l) => l.id));
  for (let i = 0; i < documentIds.length; i += 20_000) {
    for (const r of currentPredictions(db, question.id, hash, documentIds.slice(i, i + 20_000))) {
      if (!labels.has(r.labelId)) continue;
      const list = out.get(r.documentId) ?? [];
      list.push(r);
      out.set(r.documentId, list);
    }
  }
  for (const [id, rows] of out) if (new Set(rows.map((r) => r.labelId)).size !== labels.size) out.delete(id);
  return out;
}

/** A document's prediction from its rows, as pageSuggestions and evaluation.run read it; `cuts`: a
 * multi-label question's tuned thresholds while current (thresholds/threshold-store.ts), else 0.5. */
export function predictionOf(
  rows: readonly PredictionRow[],
  question: CodebookQuestion,
  cuts: ReadonlyMap<string, number> | null = null,
): Prediction | null {
  const labels = scoredLabels(question).map((l) => ({ id: l.id, name: l.name }));
  const scored = scoreDocument(rows, labels, question.multiLabel);
  if (!scored) return null;
  const byIndex = new Map(scored.scores.map((s) => [s.index, s.score]));
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
  model: LoadedModel;
  threads: number;
  tuning: RunnerTuning & PlannerTuning;
  signal: AbortSignal;
  /** A reason to stop before the next group (another job took the model); null to go on. */
  interrupted?: () => string | null;
  /** Called after each group with the pairs it scored. */
  onPairs(pairs: number): void;
}

/** Pairs a variant sends to the model for these documents (its changed labels x their windows). */
export function pairsToScore(o: Pick<RescoreOptions, 'db' | 'model' | 'tuning'>, plan: VariantPlan, ids: readonly number[]): number {
  if (plan.rescore.length === 0) return 0;
  const planner = plannerFor(o.model, plan.question, o.tuning);
  const read = documentTextReader(o.db);
  let n = 0;
  for (const id of ids) {
    const doc = read(id)!;
    n += planner.plan(id, doc.externalId, doc.text, 0).starts.length * plan.rescore.length;
  }
  return n;
}

/** The variant's prediction of each document that has current stored rows (`stored`). */
export async function rescoreVariant(
  o: RescoreOptions,
  plan: VariantPlan,
  stored: Map<number, PredictionRow[]>,
): Promise<{ predictions: Map<number, Prediction>; pairsScored: number; pairsReused: number }> {
  const changed = new Set(plan.rescore.map((i) => plan.hypotheses[i]!.labelId));
  const rows = new Map<number, PredictionRow[]>();
  let pairsReused = 0;
  for (const [id, list] of stored) {
    const kept = list.filter((r) => !changed.has(r.labelId));
    pairsReused += kept.length;
    rows.set(id, kept);
  }
  let pairsScored = 0;
  if (changed.size > 0) {
    const planner = plannerFor(o.model, plan.question, o.tuning);
    const scorer = new GroupScorer({ client: o.client, model: o.model, planner, question: plan.question, tuning: o.tuning });
    const read = documentTextReader(o.db);
    const docs: DocumentPlan[] = [...stored.keys()].map((id) => {
      const doc = read(id)!;
      return planner.restrict(planner.plan(id, doc.externalId, doc.text, Buffer.byteLength(doc.text)), plan.rescore);
    });
    // Shortest first, as a run's look-ahead does: batches pad to their longest pair.
    docs.sort((a, b) => a.longestRow - b.longestRow || a.documentId - b.documentId);
    const idx = o.model.config.indices;
    for (let g = 0; g < docs.length; g += GROUP_DOCUMENTS) {
      if (o.signal.aborted) throw new PrelabelError('CANCELLED', 'Trying the variants was cancelled; nothing was kept.');
      const reason = o.interrupted?.();
      if (reason) throw new PrelabelError('BUSY', reason);
      await o.client.ensureLoaded(o.model.onnxPath, o.threads);
      const split = await scorer.inferSplitting(docs.slice(g, g + GROUP_DOCUMENTS));
      if (split.failure) throw new PrelabelError('INTERNAL', split.failure.message);
      let pairs = 0;
      for (const { parts } of split.groups) {
        for (const { docs: partDocs, result } of parts) {
          const { rows: index, logits, classes } = result;
          for (let r = 0; r < index.doc.length; r++) {
            const o2 = r * classes;
            const documentId = partDocs[index.doc[r]!]!.documentId;
            rows.get(documentId)!.push({
              documentId,
              labelId: planner.hypotheses[index.label[r]!]!.labelId,
              window: index.window[r]!,
              entailment: logits[o2 + idx.entailment]!,
              neutral: idx.neutral === undefined ? null : logits[o2 + idx.neutral]!,
              contradiction: logits[o2 + idx.contradiction]!,
            });
          }
          pairs += index.doc.length;
        }
      }
      pairsScored += pairs;
      o.onPairs(pairs);
      await yieldToLoop();
    }
  }
  const predictions = new Map<number, Prediction>();
  for (const [id, list] of rows) {
    const p = predictionOf(list, plan.question);
    if (p) predictions.set(id, p);
  }
  return { predictions, pairsScored, pairsReused };
}
