// Builds the model input of a pre-label run: each document's premise tokenised once, paired with
// every label's hypothesis (`<s> premise </s></s> hypothesis </s>`, the layout of
// tokenizer.encodePair), and written straight into padded int64 tensors without a per-pair array.
//
// [Note: windows share one budget] In window mode all labels of a document use the premise budget
// of the longest hypothesis, so window w covers the same premise tokens for every label and the
// per-window logits of different labels are comparable. In truncate mode each pair gets its own
// budget, exactly as encodePair (only_first truncation) gives it.
import { createHash } from 'node:crypto';
import { PrelabelError } from '../../../../common/contract';
import type { NliTokenizer, PairTemplate } from './tokenizer';
import { batchTypeIds } from './pair-types';

export interface Hypothesis {
  labelId: string;
  label: string;
  ids: readonly number[];
}

export interface DocumentPlan {
  documentId: number;
  externalId: string;
  /** Premise tokens, untruncated. */
  premise: number[];
  /** First premise token of each window; [0] in truncate mode. */
  starts: number[];
  truncated: boolean;
  /** Length of the source text (bytes), for the run's ETA. */
  bytes: number;
  /** windows x labels. */
  rows: number;
  longestRow: number;
  /** Indices into the planner's hypotheses of the labels asked (all when absent): see restrict(). */
  labels?: readonly number[];
  /** Asked for by the coder (the run's priority documents): written as soon as it is scored. */
  priority?: boolean;
  /** The document's model-input key (inputKey), once a run with reuse has asked for it. */
  inputHash?: Buffer;
}

export interface PaddedRows {
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  /** When the model's pair template has type ids (DeBERTa, BERT): see pair-types.ts. */
  tokenTypeIds?: BigInt64Array;
  batch: number;
  sequence: number;
}

/** Where row r of a group comes from. */
export interface RowIndex {
  doc: Int32Array;
  window: Int32Array;
  label: Int32Array;
  length: Int32Array;
}

// Typed arrays use the platform's byte order; every platform Node ships on is little-endian, where
// the low 32 bits of an int64 come first. Writing through an Int32Array view avoids a BigInt per token.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class PairPlanner {
  private readonly template: PairTemplate;
  private readonly specials: number;
  /** Truncate mode: premise budget per label. Window mode: one budget for all (see the note). */
  private readonly budgets: number[];
  private readonly windowBudget: number;

  constructor(
    private readonly tokenizer: NliTokenizer,
    readonly hypotheses: readonly Hypothesis[],
    readonly maxLength: number,
    readonly mode: 'truncate' | 'windows',
    readonly overlap: number,
  ) {
    this.template = tokenizer.template;
    this.specials = tokenizer.specialCount;
    if (hypotheses.length === 0) throw new PrelabelError('INVALID_INPUT', 'The question has no labels to score.');
    this.budgets = hypotheses.map((h) => {
      const budget = maxLength - h.ids.length - this.specials;
      if (budget < 1) {
        throw new PrelabelError(
          'INVALID_INPUT',
          `The hypothesis of label "${h.label}" is ${h.ids.length} tokens long and leaves no room for the text within the model's ${maxLength} tokens; shorten it.`,
        );
      }
      return budget;
    });
    this.windowBudget = Math.min(...this.budgets);
    if (mode === 'windows' && (overlap < 0 || overlap >= this.windowBudget)) {
      throw new PrelabelError(
        'INVALID_INPUT',
        `The window overlap (${overlap} tokens) must be less than the ${this.windowBudget} text tokens a window holds.`,
      );
    }
  }

  get labels(): number {
    return this.hypotheses.length;
  }

  /** Tokenises a document once and decides its windows. */
  plan(documentId: number, externalId: string, text: string, bytes: number): DocumentPlan {
    const premise = this.tokenizer.tokenize(text);
    const p = premise.length;
    const starts = [0];
    if (this.mode === 'windows') {
      // As tokenizer.windows: every premise token in at least one window, `overlap` shared.
      const step = this.windowBudget - this.overlap;
      while (starts[starts.length - 1]! + this.windowBudget < p) starts.push(starts[starts.length - 1]! + step);
    }
    const longestRow = this.longestOf(p, this.hypotheses.keys());
    const truncated = this.mode === 'truncate' && p > this.windowBudget;
    return { documentId, externalId, premise, starts, truncated, bytes, rows: starts.length * this.hypotheses.length, longestRow };
  }

  /**
   * [Note: model-input key] 128 bits of SHA-256 over everything that decides a document's pairs
   * besides the hypotheses and the model (which the run's model-input hash holds): the mode, the
   * maximum length, the overlap and the premise tokens the pairs use (in truncate mode only the
   * longest span any label keeps, so texts that differ only past the cut share a key). Two documents
   * with one key have the same token ids in every pair (and window), so the logits of one are the
   * other's, bit for bit.
   */
  inputKey(plan: DocumentPlan): Buffer {
    const p = plan.premise;
    const used = this.mode === 'truncate' ? Math.min(p.length, Math.max(...this.budgets)) : p.length;
    const head = new Int32Array([this.mode === 'truncate' ? 0 : 1, this.maxLength, this.mode === 'truncate' ? 0 : this.overlap, used]);
    const ids = Int32Array.from(used === p.length ? p : p.slice(0, used));
    return createHash('sha256').update(head).update(ids).digest().subarray(0, 16);
  }

  /** The longest pair of a document with the given labels. */
  private longestOf(p: number, labels: Iterable<number>): number {
    let longest = 0;
    for (const k of labels) {
      longest = Math.max(
        longest,
        this.specials + this.hypotheses[k]!.ids.length + Math.min(p, this.mode === 'windows' ? this.windowBudget : this.budgets[k]!),
      );
    }
    return longest;
  }

  /**
   * The same document asking only some labels (hierarchical scoring: the parents first, then the
   * children of the top parents). Windows stay as planned, so the logits of every label of a
   * document are comparable whichever call scored them.
   */
  restrict(plan: DocumentPlan, labels: readonly number[]): DocumentPlan {
    return { ...plan, labels, rows: plan.starts.length * labels.length, longestRow: this.longestOf(plan.premise.length, labels) };
  }

  /** Premise tokens [from, to) of a row. */
  private span(doc: DocumentPlan, window: number, label: number): [number, number] {
    if (this.mode === 'truncate') return [0, Math.min(doc.premise.length, this.budgets[label]!)];
    const from = doc.starts[window]!;
    return [from, Math.min(doc.premise.length, from + this.windowBudget)];
  }

  /** Every row of a group of documents, in order: document, window, label. */
  rowsOf(docs: readonly DocumentPlan[]): RowIndex {
    const n = docs.reduce((a, d) => a + d.rows, 0);
    const index: RowIndex = { doc: new Int32Array(n), window: new Int32Array(n), label: new Int32Array(n), length: new Int32Array(n) };
    let r = 0;
    docs.forEach((doc, d) => {
      const count = doc.labels ? doc.labels.length : this.hypotheses.length;
      for (let w = 0; w < doc.starts.length; w++) {
        for (let j = 0; j < count; j++, r++) {
          const k = doc.labels ? doc.labels[j]! : j;
          const from = this.mode === 'truncate' ? 0 : doc.starts[w]!;
          const to = Math.min(doc.premise.length, from + (this.mode === 'truncate' ? this.budgets[k]! : this.windowBudget));
          index.doc[r] = d;
          index.window[r] = w;
          index.label[r] = k;
          index.length[r] = this.specials + (to - from) + this.hypotheses[k]!.ids.length;
        }
      }
    });
    return index;
  }

  /** Rows [from, to) of a group as one right-padded batch (pad id, mask 0). */
  fill(docs: readonly DocumentPlan[], rows: RowIndex, from: number, to: number): PaddedRows {
    const batch = to - from;
    let sequence = 0;
    for (let r = from; r < to; r++) sequence = Math.max(sequence, rows.length[r]!);
    const inputIds = new BigInt64Array(batch * sequence);
    const attentionMask = new BigInt64Array(batch * sequence);
    const pad = this.tokenizer.padId;
    const types = batchTypeIds(this.template, rows, from, to, sequence, (k) => this.hypotheses[k]!.ids.length);
    const tokenTypeIds = types ? { tokenTypeIds: types } : {};
    if (!LITTLE_ENDIAN) {
      fillSlow(this, docs, rows, from, to, sequence, inputIds, attentionMask, pad);
      return { inputIds, attentionMask, ...tokenTypeIds, batch, sequence };
    }
    const ids = new Int32Array(inputIds.buffer);
    const mask = new Int32Array(attentionMask.buffer);
    const { prefix, middle, suffix } = this.template;
    for (let r = from; r < to; r++) {
      const doc = docs[rows.doc[r]!]!;
      const label = rows.label[r]!;
      const hyp = this.hypotheses[label]!.ids;
      const premise = doc.premise;
      const a = this.mode === 'truncate' ? 0 : doc.starts[rows.window[r]!]!;
      const b = Math.min(premise.length, a + (this.mode === 'truncate' ? this.budgets[label]! : this.windowBudget));
      let o = (r - from) * sequence * 2;
      const end = o + sequence * 2;
      for (let i = 0; i < prefix.length; i++, o += 2) ids[o] = prefix[i]!;
      for (let i = a; i < b; i++, o += 2) ids[o] = premise[i]!;
      for (let i = 0; i < middle.length; i++, o += 2) ids[o] = middle[i]!;
      for (let i = 0; i < hyp.length; i++, o += 2) ids[o] = hyp[i]!;
      for (let i = 0; i < suffix.length; i++, o += 2) ids[o] = suffix[i]!;
      for (let m = (r - from) * sequence * 2; m < o; m += 2) mask[m] = 1;
      for (; o < end; o += 2) ids[o] = pad;
    }
    return { inputIds, attentionMask, ...tokenTypeIds, batch, sequence };
  }

  /** The unpadded ids of one row (tests, and the slow path). */
  rowIds(doc: DocumentPlan, window: number, label: number): number[] {
    const [a, b] = this.span(doc, window, label);
    const { prefix, middle, suffix } = this.template;
    return [...prefix, ...doc.premise.slice(a, b), ...middle, ...this.hypotheses[label]!.ids, ...suffix];
  }
}

function fillSlow(
  planner: PairPlanner,
  docs: readonly DocumentPlan[],
  rows: RowIndex,
  from: number,
  to: number,
  sequence: number,
  inputIds: BigInt64Array,
  attentionMask: BigInt64Array,
  pad: number,
): void {
  inputIds.fill(BigInt(pad));
  for (let r = from; r < to; r++) {
    const ids = planner.rowIds(docs[rows.doc[r]!]!, rows.window[r]!, rows.label[r]!);
    const o = (r - from) * sequence;
    ids.forEach((id, i) => {
      inputIds[o + i] = BigInt(id);
      attentionMask[o + i] = 1n;
    });
  }
}
