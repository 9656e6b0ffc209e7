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
import type { CodebookQuestion, PrelabelProgress, RunInfo } from '../../../common/contract';
import type { Emit } from '../core-context';
import type { Db } from '../store/project-db';
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
import { InferenceCrashedError, type InferenceClient } from './inference-client';
import type { LoadedModel } from './model-loader';
import type { DocumentPlan, PairPlanner, RowIndex } from './pair-batch';

export interface RunnerTuning {
  /** Padded tokens (rows x longest row) in one inference call. */
  maxBatchTokens: number;
  /** Pairs in one inference call. */
  maxRows: number;
  /** Crashes of the inference process on one batch before the run fails. */
  maxCrashes: number;
  /** At most one progress event per this many ms (status changes always go out). */
  progressIntervalMs: number;
}

export const DEFAULT_TUNING: RunnerTuning = { maxBatchTokens: 8192, maxRows: 64, maxCrashes: 3, progressIntervalMs: 200 };

export interface SessionStats {
  /** Documents and pairs scored by this session of the run (a resumed run counts anew). */
  documents: number;
  pairs: number;
  seconds: number;
  pairsPerSecond: number;
  /** Crashes of the inference process survived. */
  crashes: number;
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
  emit: Emit;
  /** Aborted when the project closes: the run pauses after the current batch. */
  signal: AbortSignal;
}

class RunFailure extends Error {}

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

  pop(): number | undefined {
    while (this.priority.length > 0) {
      const id = this.priority.shift()!;
      if (this.pending.delete(id)) return id;
    }
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
}

export class PrelabelRunner {
  private stopRequest: 'pause' | 'cancel' | null = null;
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
  readonly stats: SessionStats = { documents: 0, pairs: 0, seconds: 0, pairsPerSecond: 0, crashes: 0 };
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

  private planNext(): DocumentPlan | null {
    for (let id = this.queue.pop(); id !== undefined; id = this.queue.pop()) {
      const doc = this.readText(id);
      if (doc) return this.o.planner.plan(id, doc.externalId, doc.text, Buffer.byteLength(doc.text));
    }
    return null;
  }

  /** The next documents that fit one batch; a document too big for a batch alone still goes alone. */
  private nextGroup(): DocumentPlan[] | null {
    const { maxRows, maxBatchTokens } = this.o.tuning;
    const docs: DocumentPlan[] = [];
    let rows = 0;
    let longest = 0;
    for (let plan = this.carry ?? this.planNext(); plan; plan = this.planNext()) {
      const r = rows + plan.rows;
      const l = Math.max(longest, plan.longestRow);
      if (docs.length > 0 && (r > maxRows || r * l > maxBatchTokens)) {
        this.carry = plan;
        return docs;
      }
      this.carry = null;
      docs.push(plan);
      rows = r;
      longest = l;
    }
    this.carry = null;
    return docs.length > 0 ? docs : null;
  }

  private async inferGroup(docs: DocumentPlan[]): Promise<GroupResult> {
    const { planner, client, model, tuning } = this.o;
    const rows = planner.rowsOf(docs);
    const n = rows.doc.length;
    const classes = model.config.id2label.length;
    const logits = new Float32Array(n * classes);
    for (let from = 0; from < n; ) {
      // Rows of one document can exceed a batch (many windows x labels): split them into calls.
      let to = from + 1;
      let longest = rows.length[from]!;
      while (to < n && to - from < tuning.maxRows && Math.max(longest, rows.length[to]!) * (to - from + 1) <= tuning.maxBatchTokens) {
        longest = Math.max(longest, rows.length[to]!);
        to++;
      }
      const batch = planner.fill(docs, rows, from, to);
      const out = await client.run({ output: model.outputName, ...batch });
      if (out.dims.length !== 2 || out.dims[0] !== to - from || out.dims[1] !== classes) {
        throw new RunFailure(`The model returned logits of shape [${out.dims.join(', ')}] for ${to - from} pairs and ${classes} classes.`);
      }
      logits.set(out.logits, from * classes);
      from = to;
    }
    return { rows, logits, classes };
  }

  private batchNames(docs: DocumentPlan[]): string {
    const ids = docs.map((d) => d.externalId);
    return ids.length > 20 ? `${ids.slice(0, 20).join(', ')} and ${ids.length - 20} more` : ids.join(', ');
  }

  private async inferWithRetry(docs: DocumentPlan[]): Promise<GroupResult> {
    for (let crashes = 0; ; ) {
      try {
        return await this.inferGroup(docs);
      } catch (err) {
        if (err instanceof RunFailure) throw err;
        if (!(err instanceof InferenceCrashedError)) {
          throw new RunFailure(`The model failed on the documents ${this.batchNames(docs)} (external ids): ${(err as Error).message}`);
        }
        crashes++;
        this.stats.crashes++;
        if (crashes >= this.o.tuning.maxCrashes) {
          throw new RunFailure(
            `The inference process crashed ${crashes} times on the same batch, so the run stopped. The batch held the documents ${this.batchNames(docs)} (external ids); one of them may make the model runtime fail. Check or remove it and start the run again.`,
          );
        }
      }
    }
  }

  private store(docs: DocumentPlan[], result: GroupResult): void {
    const { rows, logits, classes } = result;
    const idx = this.o.model.config.indices;
    const hyps = this.o.planner.hypotheses;
    const docRows: PredictionDocumentRow[] = docs.map((d) => ({ documentId: d.documentId, tokenCount: d.premise.length, truncated: d.truncated, windows: d.starts.length }));
    this.write(docRows, rows.doc.length, (r, out) => {
      const o = r * classes;
      out[0] = docs[rows.doc[r]!]!.documentId;
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
    const payload: PrelabelProgress = {
      runId: this.run.id,
      questionId: this.run.questionId,
      status,
      done: this.done,
      total: this.total,
      pairsPerSecond: this.pairsPerSecond,
      // Bytes, not pairs, drive the ETA: documents go shortest first, so pairs/s falls as the run goes.
      etaSeconds: this.bytesPerSecond > 0 ? this.remainingBytes / this.bytesPerSecond : null,
    };
    if (error) payload.error = error;
    this.o.emit('prelabel:progress', payload);
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
    this.progress(status, true, error ?? undefined);
    return this.run;
  }

  /** Runs until every document is scored, a stop is asked for, or the run fails. */
  async execute(): Promise<RunRecord> {
    const { o } = this;
    if (this.run.status !== 'running') this.run = setRunStatus(o.db, this.run.id, 'running');
    this.progress('running', true);
    try {
      await o.client.ensureLoaded(o.model.onnxPath, o.threads);
      let last = performance.now();
      let group = this.nextGroup();
      while (group) {
        const inflight = this.inferWithRetry(group);
        // Let the request leave, then tokenise the next batch while the child computes this one.
        await yieldToLoop();
        const next = this.stopping() ? null : this.nextGroup();
        const result = await inflight;
        this.store(group, result);
        const now = performance.now();
        const bytes = group.reduce((a, d) => a + d.bytes, 0);
        const pairs = result.rows.doc.length;
        this.done += group.length;
        this.remainingBytes = Math.max(0, this.remainingBytes - bytes);
        this.stats.documents += group.length;
        this.stats.pairs += pairs;
        this.measure(pairs, bytes, (now - last) / 1000);
        last = now;
        if (this.stopping()) break;
        this.progress('running', false);
        group = next;
        if (!group) {
          // Documents of an import that finished during the run are scored too.
          const fresh = pendingDocuments(o.db, o.question.id, this.run.modelInputHash);
          this.queue.append(fresh.ids);
          this.total = visibleDocumentCount(o.db);
          this.remainingBytes = fresh.bytes.reduce((a, b) => a + b, 0);
          group = this.nextGroup();
        }
      }
    } catch (err) {
      const message = err instanceof RunFailure ? err.message : `The run stopped: ${(err as Error).message}`;
      if (!(err instanceof RunFailure)) console.error('[nli] pre-label run failed:', err);
      return o.db.open ? this.finish('failed', message) : this.run;
    }
    if (this.stopRequest === 'cancel') return this.finish('cancelled');
    if (this.stopping()) return this.finish('paused');
    return this.finish('done');
  }
}

export { runInfo };
