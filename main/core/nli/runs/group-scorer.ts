// Scores one group of documents through the inference process: the group's rows in calls within
// the run's batch limits, a retry when the inference process dies, the second call of hierarchical
// scoring ([Note: hierarchical scoring]), and the halving of a group the process always dies on
// ([Note: crash bisection]).
import type { CodebookQuestion } from '../../../../common/contract';
import type { LoadedModel } from '../../models/model-loader';
import { InferenceCrashedError, type InferenceClient } from '../inference/inference-client';
import type { DocumentPlan, PairPlanner, RowIndex } from '../scoring/pair-batch';
import type { RunHierarchy } from '../scoring/question-plan';
import { aggregateWindows, zeroShotScores, type LabelIndices } from '../scoring/zero-shot';
import type { RunnerTuning } from './run-tuning';

export class RunFailure extends Error {}

/** The inference process died on the same batch every time it was tried. */
class RepeatedCrash extends RunFailure {}

export interface GroupResult {
  rows: RowIndex;
  logits: Float32Array;
  classes: number;
  /** What the group's inference calls did (counted once the whole group succeeded). */
  work: { tokens: number; paddedTokens: number; batches: number; runMs: number };
}

/** A group's scored rows: one part, or two in a hierarchical run (the parents, then the children). */
export type ScoredParts = Array<{ docs: DocumentPlan[]; result: GroupResult }>;
/** Documents stored together, with what was asked of them (one part, or two when hierarchical). */
export type ScoredGroup = { docs: DocumentPlan[]; parts: ScoredParts };
/** The groups scored; `failure`: the document the inference process always dies on (the run stops
 * after the others are stored). */
export type SplitResult = { groups: ScoredGroup[]; failure?: RunFailure };

export interface GroupScorerOptions {
  client: InferenceClient;
  model: LoadedModel;
  planner: PairPlanner;
  question: CodebookQuestion;
  tuning: Pick<RunnerTuning, 'maxRows' | 'maxBatchTokens' | 'maxCrashes'>;
  /** Hierarchical scoring (indices into the planner's hypotheses); absent: every label is asked. */
  hierarchy?: RunHierarchy;
}

/**
 * The labels a document is asked in the second call of hierarchical scoring ([Note: hierarchical
 * scoring]), sorted: those below its top `topParents` top-level labels that have labels below
 * them. `windows[i]`: the logits (in the model's class order) of each window of label `asked[i]`,
 * in window order. "Try it" chooses a variant's second call with this too (tuning/rescore.ts).
 */
export function labelsAskedNext(
  windows: ReadonlyArray<ReadonlyArray<ArrayLike<number>>>,
  asked: readonly number[],
  h: RunHierarchy,
  idx: LabelIndices,
  multiLabel: boolean,
): number[] {
  const best = windows.map((w) => aggregateWindows(w, idx).logits);
  const ranked = zeroShotScores(best, asked.map(String), idx, multiLabel);
  const parents = ranked
    .map((s) => asked[s.index]!)
    .filter((k) => h.tree.below.has(k))
    .slice(0, h.topParents);
  return parents.flatMap((k) => h.tree.below.get(k)!).sort((a, b) => a - b);
}

export class GroupScorer {
  /** Set when the run has ended: groups still in flight do not retry. */
  halted = false;

  constructor(private readonly o: GroupScorerOptions) {}

  private async inferGroup(docs: DocumentPlan[]): Promise<GroupResult> {
    const { planner, client, model, tuning } = this.o;
    const rows = planner.rowsOf(docs);
    const n = rows.doc.length;
    const classes = model.config.id2label.length;
    const logits = new Float32Array(n * classes);
    const work = { tokens: 0, paddedTokens: 0, batches: 0, runMs: 0 };
    for (let from = 0; from < n;) {
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
    for (let crashes = 0; ;) {
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
      const children = labelsAskedNext(
        asked.map((k) => perDoc[d]!.get(k)!),
        asked,
        h,
        idx,
        multiLabel,
      );
      if (children.length > 0) second.push(this.o.planner.restrict(doc, children));
    });
    return second.length > 0
      ? [
          { docs, result: first },
          { docs: second, result: await this.inferWithRetry(second, tries) },
        ]
      : [{ docs, result: first }];
  }

  /**
   * [Note: crash bisection] A group on which the inference process dies every time it is tried
   * (a document that makes the native runtime fail) is split in halves, and each half is tried on
   * its own, down to the one document that does it: the other documents of the group are scored
   * and stored, and the run stops naming exactly that document. The whole group gets
   * `tuning.maxCrashes` tries (a crash can be a passing fault); a half one try before it is split
   * again, and a single document `tuning.maxCrashes` tries before the run stops.
   */
  async inferSplitting(docs: DocumentPlan[], tries = this.o.tuning.maxCrashes): Promise<SplitResult> {
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
}
