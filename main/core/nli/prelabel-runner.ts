// One pre-label run in progress: documents in batches through the inference process, logits stored
// as each batch finishes (one transaction a batch), progress with pairs/s and ETA, pause and cancel
// between batches, and a retry of the batch when the inference process dies (see [Note: inference
// crashes] in inference-client.ts).
//
// [Note: tokenising in the core] Documents are tokenised here, in the core, not in the inference
// process: the child then only turns tensors into logits, which keeps a crash retry exact (the same
// tensors go again) and lets the core tokenise and pad batch N+1 while the child computes batch N.
// Tokenising one document takes well under a millisecond next to the tens of milliseconds its
// pairs take in the model, so the API thread stays responsive.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { CodebookQuestion, JobProgressFields, RunInfo } from '../../../common/contract';
import { refreshStatistics, type Db } from '../store/project-db';
import {
  batchWriter,
  documentTextReader,
  pendingDocuments,
  runInfo,
  setRunStatus,
  visibleDocumentCount,
  type PredictionDocumentRow,
  type RunRecord,
} from '../store/prediction-store';
import { InferenceCrashedError, type InferenceClient } from './inference/inference-client';
import type { LabelHierarchy } from './scoring/label-hierarchy';
import type { LoadedModel } from '../models/model-loader';
import type { DocumentPlan, PairPlanner, RowIndex } from './scoring/pair-batch';
import { aggregateWindows, zeroShotScores } from './scoring/zero-shot';

export interface RunnerTuning {
  /** Padded tokens (rows x longest row) in one inference call. */
  maxBatchTokens: number;
  /** Pairs in one inference call. */
  maxRows: number;
  /** Crashes of the inference process on one batch before the run fails. */
  maxCrashes: number;
  /** At most one progress event per this many ms (status changes always go out). */
  progressIntervalMs: number;
  /** Documents tokenised ahead and kept sorted by length (see [Note: length look-ahead]); 0 or 1 turns it off. */
  lookahead: number;
}

export const DEFAULT_TUNING: RunnerTuning = { maxBatchTokens: 4096, maxRows: 32, maxCrashes: 3, progressIntervalMs: 200, lookahead: 256 };

/** Premise tokens tokenised per batch at most while the look-ahead fills (bounds the API thread's wait). */
const LOOKAHEAD_TOKENS_PER_BATCH = 16384;

export interface SessionStats {
  /** Documents and pairs scored by this session of the run (a resumed run counts anew). */
  documents: number;
  pairs: number;
  seconds: number;
  pairsPerSecond: number;
  /** Crashes of inference processes during the run (their batches were retried). */
  crashes: number;
  /** Tokens of the pairs sent, and tokens with padding (rows x longest row, summed over batches). */
  tokens: number;
  paddedTokens: number;
  /** Inference calls, and the milliseconds spent inside session.run (the child's own measure). */
  batches: number;
  runMs: number;
}

export interface RunnerOptions {
  db: Db;
  client: InferenceClient;
  model: LoadedModel;
  planner: PairPlanner;
  run: RunRecord;
  question: CodebookQuestion;
  priority: readonly number[];
  threads: number;
  tuning: RunnerTuning;
  /** The run's progress, sent as its job's `job:progress` (kind 'prelabel'; the job's id is the run's). */
  onProgress: (progress: JobProgressFields<'prelabel'>) => void;
  /** Aborted when the project closes: the run pauses after the current batch. */
  signal: AbortSignal;
  /** Hierarchical scoring (indices into the planner's hypotheses); absent: every label is asked. */
  hierarchy?: { tree: LabelHierarchy; topParents: number };
}

class RunFailure extends Error {}

/** The inference process died on the same batch every time it was tried. */
class RepeatedCrash extends RunFailure {}

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

interface GroupResult {
  rows: RowIndex;
  logits: Float32Array;
  classes: number;
  /** What the group's inference calls did (counted once the whole group succeeded). */
  work: { tokens: number; paddedTokens: number; batches: number; runMs: number };
}

/** A group's scored rows: one part, or two in a hierarchical run (the parents, then the children). */
type ScoredParts = Array<{ docs: DocumentPlan[]; result: GroupResult }>;
/** Documents stored together, with what was asked of them (one part, or two when hierarchical). */
type ScoredGroup = { docs: DocumentPlan[]; parts: ScoredParts };
/** The groups scored; `failure`: the document the inference process always dies on (the run stops
 * after the others are stored). */
type SplitResult = { groups: ScoredGroup[]; failure?: RunFailure };

export class PrelabelRunner {
  private stopRequest: 'pause' | 'cancel' | null = null;
  /** Set when execute() has ended: groups still in flight do not retry. */
  private halted = false;
  private readonly queue: DocumentQueue;
  private carry: DocumentPlan | null = null;
  private readonly readText: ReturnType<typeof documentTextReader>;
  private readonly write: ReturnType<typeof batchWriter>;
  private readonly startedAt = performance.now();
  private total = 0;
  private done = 0;
  private remainingBytes = 0;
  private pairsPerSecond = 0;
  private bytesPerSecond = 0;
  private lastEmit = -Infinity;
  readonly stats: SessionStats = { documents: 0, pairs: 0, seconds: 0, pairsPerSecond: 0, crashes: 0, tokens: 0, paddedTokens: 0, batches: 0, runMs: 0 };
  /** Planned documents waiting, sorted by their longest row (see [Note: length look-ahead]). */
  private readonly ready: DocumentPlan[] = [];
  run: RunRecord;

  constructor(private readonly o: RunnerOptions) {
    this.run = o.run;
    const pending = pendingDocuments(o.db, o.question.id, o.run.modelInputHash);
    this.queue = new DocumentQueue(pending.ids);
    this.queue.addPriority(o.priority);
    this.total = visibleDocumentCount(o.db);
    this.done = this.total - pending.ids.length;
    this.remainingBytes = pending.bytes.reduce((a, b) => a + b, 0);
    this.readText = documentTextReader(o.db);
    this.write = batchWriter(o.db, o.run.id);
  }

  get runId(): string {
    return this.run.id;
  }

  /** Stop after the batch in flight. */
  requestStop(kind: 'pause' | 'cancel'): void {
    if (this.stopRequest !== 'cancel') this.stopRequest = kind;
  }

  /** Documents the coder is about to see go next. */
  addPriority(ids: readonly number[]): void {
    this.queue.addPriority(ids);
  }

  private stopping(): boolean {
    return this.stopRequest !== null || this.o.signal.aborted;
  }

  private planDocument(id: number): DocumentPlan | null {
    const doc = this.readText(id);
    if (!doc) return null;
    const plan = this.o.planner.plan(id, doc.externalId, doc.text, Buffer.byteLength(doc.text));
    // A hierarchical run batches documents by their first call: the top-level labels only.
    return this.o.hierarchy ? this.o.planner.restrict(plan, this.o.hierarchy.tree.roots) : plan;
  }

  private planPriority(): DocumentPlan | null {
    for (let id = this.queue.popPriority(); id !== undefined; id = this.queue.popPriority()) {
      const plan = this.planDocument(id);
      if (plan) return plan;
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
    while (this.ready.length < target && (budget.tokens > 0 || this.ready.length === 0)) {
      const id = this.queue.popNext();
      if (id === undefined) return;
      const plan = this.planDocument(id);
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

  /** The next documents that fit one batch; a document too big for a batch alone still goes alone. */
  private nextGroup(): DocumentPlan[] | null {
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
    return docs.length > 0 ? docs : null;
  }

  private async inferGroup(docs: DocumentPlan[]): Promise<GroupResult> {
    const { planner, client, model, tuning } = this.o;
    const rows = planner.rowsOf(docs);
    const n = rows.doc.length;
    const classes = model.config.id2label.length;
    const logits = new Float32Array(n * classes);
    const work = { tokens: 0, paddedTokens: 0, batches: 0, runMs: 0 };
    for (let from = 0; from < n; ) {
      // Rows of one document can exceed a batch (many windows x labels): split them into calls.
      let to = from + 1;
      let longest = rows.length[from]!;
      while (to < n && to - from < tuning.maxRows && Math.max(longest, rows.length[to]!) * (to - from + 1) <= tuning.maxBatchTokens) {
        longest = Math.max(longest, rows.length[to]!);
        to++;
      }
      const batch = planner.fill(docs, rows, from, to);
      for (let r = from; r < to; r++) work.tokens += rows.length[r]!;
      work.paddedTokens += batch.batch * batch.sequence;
      const out = await client.run({ output: model.outputName, ...batch });
      work.batches++;
      work.runMs += out.runMs;
      if (out.dims.length !== 2 || out.dims[0] !== to - from || out.dims[1] !== classes) {
        throw new RunFailure(`The model returned logits of shape [${out.dims.join(', ')}] for ${to - from} pairs and ${classes} classes.`);
      }
      logits.set(out.logits, from * classes);
      from = to;
    }
    return { rows, logits, classes, work };
  }

  private batchNames(docs: DocumentPlan[]): string {
    const ids = docs.map((d) => d.externalId);
    return ids.length > 20 ? `${ids.slice(0, 20).join(', ')} and ${ids.length - 20} more` : ids.join(', ');
  }

  private async inferWithRetry(docs: DocumentPlan[], tries = this.o.tuning.maxCrashes): Promise<GroupResult> {
    for (let crashes = 0; ; ) {
      try {
        return await this.inferGroup(docs);
      } catch (err) {
        if (err instanceof RunFailure) throw err;
        if (!(err instanceof InferenceCrashedError)) {
          throw new RunFailure(`The model failed on the documents ${this.batchNames(docs)} (external ids): ${(err as Error).message}`);
        }
        crashes++;
        // A run that has ended leaves no retries behind (a group in flight may have crashed with it).
        if (this.halted) throw new RunFailure('The run had already stopped.');
        if (crashes >= tries) {
          throw new RepeatedCrash(
            `The inference process crashed ${crashes} times on the same batch, so the run stopped. The batch held the documents ${this.batchNames(docs)} (external ids); one of them may make the model runtime fail. Check or remove it and start the run again.`,
          );
        }
      }
    }
  }

  /**
   * [Note: hierarchical scoring] With `hierarchy`, a document is asked its top-level labels first
   * (e.g. the 7 Manifesto domains); the top `topParents` of those that have children are chosen by
   * the question's own zero-shot scores (single-label softmax or multi-label sigmoid, windows
   * aggregated as usual), and then only the labels below them are asked. Both calls are stored
   * together, in one transaction, so a document never has its parents without its children. Its
   * stored predictions cover only the labels asked; suggestions are taken among the scored leaves
   * (suggestions.ts, `partial`), so a single-label score is a softmax over the leaves asked for
   * that document, not over the whole codebook: it is not comparable with a full run's score.
   * The saving and its effect on agreement with full scoring: docs/BENCHMARKS.md.
   */
  private async inferDocuments(docs: DocumentPlan[], tries?: number): Promise<ScoredParts> {
    const first = await this.inferWithRetry(docs, tries);
    const h = this.o.hierarchy;
    if (!h) return [{ docs, result: first }];
    const idx = this.o.model.config.indices;
    const multiLabel = this.o.question.multiLabel;
    const { rows, logits, classes } = first;
    // Per document, per label asked: the logits of each window.
    const perDoc = docs.map(() => new Map<number, number[][]>());
    for (let r = 0; r < rows.doc.length; r++) {
      const label = rows.label[r]!; // an index into the planner's hypotheses
      const map = perDoc[rows.doc[r]!]!;
      const list = map.get(label) ?? [];
      list.push(Array.from(logits.subarray(r * classes, r * classes + classes)));
      map.set(label, list);
    }
    const second: DocumentPlan[] = [];
    docs.forEach((doc, d) => {
      const asked = doc.labels!;
      const best = asked.map((k) => aggregateWindows(perDoc[d]!.get(k)!, idx).logits);
      const ranked = zeroShotScores(best, asked.map(String), idx, multiLabel);
      const parents = ranked.map((s) => asked[s.index]!).filter((k) => h.tree.below.has(k)).slice(0, h.topParents);
      const children = parents.flatMap((k) => h.tree.below.get(k)!);
      if (children.length > 0) second.push(this.o.planner.restrict(doc, children.sort((a, b) => a - b)));
    });
    return second.length > 0 ? [{ docs, result: first }, { docs: second, result: await this.inferWithRetry(second, tries) }] : [{ docs, result: first }];
  }

  /**
   * [Note: crash bisection] A group on which the inference process dies every time it is tried
   * (a document that makes the native runtime fail) is split in halves, and each half is tried on
   * its own, down to the one document that does it: the other documents of the group are scored
   * and stored, and the run stops naming exactly that document. The whole group gets
   * `tuning.maxCrashes` tries (a crash can be a passing fault); a half one try before it is split
   * again, and a single document `tuning.maxCrashes` tries before the run stops.
   */
  private async inferSplitting(docs: DocumentPlan[], tries = this.o.tuning.maxCrashes): Promise<SplitResult> {
    try {
      return { groups: [{ docs, parts: await this.inferDocuments(docs, docs.length === 1 ? this.o.tuning.maxCrashes : tries) }] };
    } catch (err) {
      if (!(err instanceof RepeatedCrash) || docs.length === 1 || this.halted) {
        if (err instanceof RepeatedCrash) return { groups: [], failure: err };
        throw err;
      }
      const half = Math.ceil(docs.length / 2);
      const left = await this.inferSplitting(docs.slice(0, half), 1);
      if (left.failure) return left;
      const right = await this.inferSplitting(docs.slice(half), 1);
      return { groups: [...left.groups, ...right.groups], ...(right.failure ? { failure: right.failure } : {}) };
    }
  }


  private store(parts: ScoredParts): void {
    const idx = this.o.model.config.indices;
    const hyps = this.o.planner.hypotheses;
    const docs = parts[0]!.docs;
    const docRows: PredictionDocumentRow[] = docs.map((d) => ({ documentId: d.documentId, tokenCount: d.premise.length, truncated: d.truncated, windows: d.starts.length }));
    const counts = parts.map((p) => p.result.rows.doc.length);
    let part = 0;
    let base = 0;
    this.write(docRows, counts.reduce((a, b) => a + b, 0), (i, out) => {
      // Rows are asked in order, so the part only moves forward.
      while (i - base >= counts[part]!) base += counts[part++]!;
      const { docs: partDocs, result } = parts[part]!;
      const { rows, logits, classes } = result;
      const r = i - base;
      const o = r * classes;
      const doc = partDocs[rows.doc[r]!]!;
      out[0] = doc.documentId;
      out[1] = hyps[rows.label[r]!]!.labelId;
      out[2] = rows.window[r]!;
      out[3] = logits[o + idx.entailment]!;
      out[4] = idx.neutral === undefined ? null : logits[o + idx.neutral]!;
      out[5] = logits[o + idx.contradiction]!;
    });
  }

  private progress(status: RunInfo['status'], force: boolean, error?: string): void {
    const now = performance.now();
    if (!force && now - this.lastEmit < this.o.tuning.progressIntervalMs) return;
    this.lastEmit = now;
    const payload: JobProgressFields<'prelabel'> = {
      questionId: this.run.questionId,
      status,
      done: this.done,
      total: this.total,
      pairsPerSecond: this.pairsPerSecond,
      // Bytes, not pairs, drive the ETA: documents go shortest first, so pairs/s falls as the run goes.
      etaSeconds: this.bytesPerSecond > 0 ? this.remainingBytes / this.bytesPerSecond : null,
    };
    if (error) payload.error = error;
    this.o.onProgress(payload);
  }

  /** Moving averages with a time constant of 5 s, whatever the batch size. */
  private measure(pairs: number, bytes: number, seconds: number): void {
    if (seconds <= 0) return;
    const alpha = this.pairsPerSecond === 0 ? 1 : 1 - Math.exp(-seconds / 5);
    this.pairsPerSecond += alpha * (pairs / seconds - this.pairsPerSecond);
    this.bytesPerSecond += alpha * (bytes / seconds - this.bytesPerSecond);
  }

  private finish(status: RunInfo['status'], error: string | null = null): RunRecord {
    this.stats.seconds = (performance.now() - this.startedAt) / 1000;
    this.stats.pairsPerSecond = this.stats.seconds > 0 ? this.stats.pairs / this.stats.seconds : 0;
    this.run = setRunStatus(this.o.db, this.run.id, status, error);
    refreshStatistics(this.o.db);
    this.progress(status, true, error ?? undefined);
    return this.run;
  }

  /** Adds a stored group to the run's counts and progress measures. */
  private account(group: DocumentPlan[], parts: ScoredParts, seconds: number): void {
    const bytes = group.reduce((a, d) => a + d.bytes, 0);
    let pairs = 0;
    for (const { result } of parts) {
      pairs += result.rows.doc.length;
      this.stats.tokens += result.work.tokens;
      this.stats.paddedTokens += result.work.paddedTokens;
      this.stats.batches += result.work.batches;
      this.stats.runMs += result.work.runMs;
    }
    this.done += group.length;
    this.remainingBytes = Math.max(0, this.remainingBytes - bytes);
    this.stats.documents += group.length;
    this.stats.pairs += pairs;
    this.measure(pairs, bytes, seconds);
  }

  /**
   * Runs until every document is scored, a stop is asked for, or the run fails.
   *
   * [Note: batches in flight] One group is sent per inference process (see [Note: processes and
   * threads]) before the oldest one's answer is awaited, so every process computes while the core
   * stores answers and tokenises the next group. Groups are stored in the order they were sent; a
   * stop lets the groups in flight finish and stores them; a crash fails the groups of the process
   * that died, and each is retried. (With one process, sending a second group ahead was measured
   * too: the process waited about 1% of a run between batches either way, so one process keeps one
   * group in flight; docs/BENCHMARKS.md.)
   */
  async execute(): Promise<RunRecord> {
    const { o } = this;
    if (this.run.status !== 'running') this.run = setRunStatus(o.db, this.run.id, 'running');
    this.progress('running', true);
    const crashesBefore = o.client.crashes;
    const inflight: Array<{ result: Promise<SplitResult> }> = [];
    let prepared: DocumentPlan[] | null = null;
    const prepare = () => {
      if (!prepared && !this.stopping()) prepared = this.nextGroup();
    };
    const launch = (): boolean => {
      if (this.stopping()) return false; // a group tokenised before the stop stays unsent
      prepare();
      if (!prepared) return false;
      const docs = prepared;
      prepared = null;
      const result = this.inferSplitting(docs);
      // Awaited in turn; a later group's failure must not count as unhandled meanwhile.
      result.catch(() => undefined);
      inflight.push({ result });
      return true;
    };
    try {
      await o.client.ensureLoaded(o.model.onnxPath, o.threads);
      const depth = o.client.processes;
      let last = performance.now();
      launch();
      while (inflight.length > 0) {
        // Let the requests leave, keep every process busy, and tokenise the group after.
        await yieldToLoop();
        while (inflight.length < depth && launch());
        prepare();
        const { groups, failure } = await inflight.shift()!.result;
        for (const { parts } of groups) this.store(parts);
        const now = performance.now();
        for (const { docs, parts } of groups) this.account(docs, parts, (now - last) / 1000 / groups.length);
        last = now;
        if (failure) throw failure;
        if (this.stopping()) continue; // the groups in flight finish and are stored
        this.progress('running', false);
        if (inflight.length === 0 && !launch()) {
          // Documents of an import that finished during the run are scored too (asked only when
          // nothing is in flight, so no document is counted as pending twice).
          const fresh = pendingDocuments(o.db, o.question.id, this.run.modelInputHash);
          this.queue.append(fresh.ids);
          this.total = visibleDocumentCount(o.db);
          this.remainingBytes = fresh.bytes.reduce((a, b) => a + b, 0);
          launch();
        }
      }
    } catch (err) {
      this.halted = true;
      this.stats.crashes = o.client.crashes - crashesBefore;
      const message = err instanceof RunFailure ? err.message : `The run stopped: ${(err as Error).message}`;
      if (!(err instanceof RunFailure)) console.error('[nli] pre-label run failed:', err);
      return o.db.open ? this.finish('failed', message) : this.run;
    }
    this.halted = true;
    this.stats.crashes = o.client.crashes - crashesBefore;
    if (this.stopRequest === 'cancel') return this.finish('cancelled');
    if (this.stopping()) return this.finish('paused');
    return this.finish('done');
  }
}

export { runInfo };
