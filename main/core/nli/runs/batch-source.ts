// The documents of a run in the order they are scored, grouped into batches: priority documents
// (the coder's upcoming ones) first, then the rest shortest first, tokenised a little ahead and
// sorted by tokens ([Note: length look-ahead]), each batch as many documents as the run's limits
// allow.
import type { Db } from '../../store/project-db';
import { documentTextReader } from '../../store/prediction-store';
import type { DocumentPlan, PairPlanner } from '../scoring/pair-batch';
import type { RunHierarchy } from '../scoring/question-plan';
import type { InputReuse } from './input-reuse';
import type { RunnerTuning } from './run-tuning';

/** Premise tokens tokenised per batch at most while the look-ahead fills (bounds the API thread's wait). */
const LOOKAHEAD_TOKENS_PER_BATCH = 16384;

/** The documents to score: priority ones first, then the rest shortest first. */
class DocumentQueue {
  private readonly pending: Set<number>;
  private priority: number[] = [];
  private pos = 0;

  constructor(private order: number[]) {
    this.pending = new Set(order);
  }

  addPriority(ids: readonly number[]): void {
    this.priority.push(...ids.filter((id) => this.pending.has(id)));
  }

  /** Documents that appeared since the run started (a finished import). */
  append(ids: readonly number[]): void {
    const fresh = ids.filter((id) => !this.pending.has(id));
    this.order = this.order.slice(this.pos).concat(fresh);
    this.pos = 0;
    for (const id of fresh) this.pending.add(id);
  }

  /** The next priority document, if one is waiting. */
  popPriority(): number | undefined {
    while (this.priority.length > 0) {
      const id = this.priority.shift()!;
      if (this.pending.delete(id)) return id;
    }
    return undefined;
  }

  /** The next document in the run's order (shortest text first). */
  popNext(): number | undefined {
    while (this.pos < this.order.length) {
      const id = this.order[this.pos++]!;
      if (this.pending.delete(id)) return id;
    }
    return undefined;
  }
}

export interface BatchSourceOptions {
  db: Db;
  planner: PairPlanner;
  tuning: Pick<RunnerTuning, 'maxRows' | 'maxBatchTokens' | 'lookahead'>;
  /** A hierarchical run batches documents by their first call: the top-level labels only. */
  hierarchy?: RunHierarchy;
  /** Documents whose model input was scored already are copied, not planned into batches. */
  reuse?: InputReuse;
}

export class BatchSource {
  private readonly queue: DocumentQueue;
  private carry: DocumentPlan | null = null;
  private readonly readText: ReturnType<typeof documentTextReader>;
  /** Planned documents waiting, sorted by their longest row (see [Note: length look-ahead]). */
  private readonly ready: DocumentPlan[] = [];

  /** `pending`: the run's documents in the store's order (shortest text first). */
  constructor(
    private readonly o: BatchSourceOptions,
    pending: number[],
  ) {
    this.queue = new DocumentQueue(pending);
    this.readText = documentTextReader(o.db);
  }

  /** Documents the coder is about to see go next. */
  addPriority(ids: readonly number[]): void {
    this.queue.addPriority(ids);
  }

  /** Documents that appeared since the run started (a finished import). */
  append(ids: readonly number[]): void {
    this.queue.append(ids);
  }

  /** The document planned, or null when it is gone or its logits will be copied ([Note: reuse of identical inputs]). */
  private planDocument(id: number, budget?: { tokens: number }): DocumentPlan | null {
    const doc = this.readText(id);
    if (!doc) return null;
    const plan = this.o.planner.plan(id, doc.externalId, doc.text, Buffer.byteLength(doc.text));
    if (this.o.reuse?.claim(plan)) {
      if (budget) budget.tokens -= plan.premise.length;
      return null;
    }
    // A hierarchical run batches documents by their first call: the top-level labels only.
    return this.o.hierarchy ? this.o.planner.restrict(plan, this.o.hierarchy.tree.roots) : plan;
  }

  private planPriority(): DocumentPlan | null {
    for (let id = this.queue.popPriority(); id !== undefined; id = this.queue.popPriority()) {
      const plan = this.planDocument(id);
      if (plan) return Object.assign(plan, { priority: true });
    }
    return null;
  }

  /**
   * [Note: length look-ahead] Documents come from the store shortest text first, but bytes are not
   * tokens: a Chinese review and an English one of the same byte length differ by half in tokens,
   * and a batch is padded to its longest pair. So up to `lookahead` documents are tokenised ahead
   * and kept sorted by their longest pair, and each batch takes the shortest of them. On a mixed
   * nine-language sample this raised the share of real tokens in the padded batches from 0.81 to
   * 0.98 (docs/BENCHMARKS.md). The buffer fills gradually, a bounded number of tokens a batch, so
   * the API thread never tokenises hundreds of documents at once; priority documents skip it.
   */
  private fillReady(budget: { tokens: number }): void {
    const target = Math.max(1, this.o.tuning.lookahead);
    // With nothing ready, planning goes on to the next document to score, unless copies wait: then
    // they are stored as a group of their own, so a re-import of thousands is written in parts.
    while (this.ready.length < target && (budget.tokens > 0 || (this.ready.length === 0 && !this.o.reuse?.waiting))) {
      const id = this.queue.popNext();
      if (id === undefined) return;
      const plan = this.planDocument(id, budget);
      if (!plan) continue;
      budget.tokens -= plan.premise.length;
      // Binary search: after every plan of the same length, so equal lengths keep the store's order.
      let lo = 0;
      let hi = this.ready.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.ready[mid]!.longestRow <= plan.longestRow) lo = mid + 1;
        else hi = mid;
      }
      this.ready.splice(lo, 0, plan);
    }
  }

  /**
   * The next documents that fit one batch; a document too big for a batch alone still goes alone.
   * An empty group: nothing to score yet, but copies of stored logits wait to be written.
   */
  nextGroup(): DocumentPlan[] | null {
    const { maxRows, maxBatchTokens } = this.o.tuning;
    const docs: DocumentPlan[] = [];
    let rows = 0;
    let longest = 0;
    const take = (plan: DocumentPlan): boolean => {
      const r = rows + plan.rows;
      const l = Math.max(longest, plan.longestRow);
      if (docs.length > 0 && (r > maxRows || r * l > maxBatchTokens)) return false;
      docs.push(plan);
      rows = r;
      longest = l;
      return true;
    };
    // Priority documents first, in the order they were asked for.
    for (let plan = this.carry ?? this.planPriority(); plan; plan = this.planPriority()) {
      if (!take(plan)) {
        this.carry = plan;
        return docs;
      }
      this.carry = null;
    }
    // With a look-ahead of 1 this is the store's order, one document after the other.
    const budget = { tokens: LOOKAHEAD_TOKENS_PER_BATCH };
    for (this.fillReady(budget); this.ready.length > 0 && take(this.ready[0]!); this.fillReady(budget)) this.ready.shift();
    return docs.length > 0 || this.o.reuse?.waiting ? docs : null;
  }
}
