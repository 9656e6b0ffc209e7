// Documents whose model input was already scored: their logits are copied, not computed again.
//
// [Note: reuse of identical inputs] Social-media corpora repeat texts (retweets, copy-paste
// campaigns, boilerplate) and documents come back in later imports. A document's pairs are fixed
// by its model-input key ([Note: model-input key] in scoring/pair-batch.ts) once the run's
// model-input hash fixes the hypotheses and the model file; so two documents with one key have the
// same token ids in every pair and window, and the model gives them the same logits, bit for bit
// (onnxruntime's CPU kernels give a row the same result whatever else is in its batch; tested).
// - Within a run: the first document with a key is scored (the primary); later ones wait for it and
//   are stored in the primary's transaction, their logits copied from its rows. A primary that is
//   never stored (a pause before it was sent, a crash) leaves its followers unscored, so a resumed
//   run plans them again: nothing is ever stored without its logits.
// - Across runs and imports: a key already stored (prediction_documents.input_hash, migration 9)
//   by a run of the same question, model-input hash and execution provider is copied from that
//   run's rows, in the transaction of the next batch stored (or at the end of the run).
// A changed hypothesis changes the run's model-input hash, so nothing is reused across it.
import type { Db } from '../../store/project-db';
import { reusableRuns, storedInputFinder, type PredictionCopy, type PredictionDocumentRow } from '../../store/prediction-store';
import type { DocumentPlan, PairPlanner } from '../scoring/pair-batch';

export interface InputReuseOptions {
  db: Db;
  planner: PairPlanner;
  runId: string;
  questionId: string;
  modelInputHash: string;
  provider: string;
}

/** What prediction_documents stores of a planned document. */
export function documentRow(d: DocumentPlan): PredictionDocumentRow {
  return {
    documentId: d.documentId,
    tokenCount: d.premise.length,
    truncated: d.truncated,
    windows: d.starts.length,
    ...(d.inputHash ? { inputHash: d.inputHash } : {}),
  };
}

export class InputReuse {
  /** Key (hex) -> the document of this session that is scored for it. */
  private readonly primaries = new Map<string, number>();
  /** Primary document -> documents waiting for its logits. */
  private readonly followers = new Map<number, DocumentPlan[]>();
  /** Primaries stored: later documents with their key copy the stored rows. */
  private readonly storedPrimaries = new Set<number>();
  /** Documents whose key a stored run already holds, until the next write. */
  private stored: Array<{ plan: DocumentPlan; fromRun: string; fromDocument: number }> = [];
  private readonly find: ReturnType<typeof storedInputFinder>;

  constructor(private readonly o: InputReuseOptions) {
    const runs = reusableRuns(o.db, o.questionId, o.modelInputHash, o.provider);
    if (!runs.includes(o.runId)) runs.push(o.runId);
    this.find = storedInputFinder(o.db, runs);
  }

  /** Keys the plan; true when its logits will be copied, so it must not be scored. */
  claim(plan: DocumentPlan): boolean {
    plan.inputHash ??= this.o.planner.inputKey(plan);
    const key = plan.inputHash.toString('hex');
    const primary = this.primaries.get(key);
    if (primary !== undefined && this.storedPrimaries.has(primary)) {
      this.stored.push({ plan, fromRun: this.o.runId, fromDocument: primary });
      return true;
    }
    if (primary !== undefined) {
      const list = this.followers.get(primary);
      if (list) list.push(plan);
      else this.followers.set(primary, [plan]);
      return true;
    }
    const hit = this.find(plan.inputHash);
    if (hit) {
      this.stored.push({ plan, fromRun: hit.runId, fromDocument: hit.documentId });
      return true;
    }
    this.primaries.set(key, plan.documentId);
    return false;
  }

  /** Whether copies from stored runs wait for a write. */
  get waiting(): boolean {
    return this.stored.length > 0;
  }

  /** The copies to store with these scored documents (their followers) and every stored-run copy waiting. */
  takeCopies(scored: readonly DocumentPlan[]): Array<PredictionCopy & { plan: DocumentPlan }> {
    const out: Array<PredictionCopy & { plan: DocumentPlan }> = this.stored.map((s) => ({ ...s, doc: documentRow(s.plan) }));
    this.stored = [];
    for (const d of scored) {
      this.storedPrimaries.add(d.documentId);
      const list = this.followers.get(d.documentId);
      if (!list) continue;
      this.followers.delete(d.documentId);
      for (const plan of list) out.push({ plan, doc: documentRow(plan), fromRun: this.o.runId, fromDocument: d.documentId });
    }
    return out;
  }
}
