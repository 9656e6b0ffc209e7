// token_type_ids for the padded batches of a pre-label run (pair-batch.ts), for models whose pair
// template gives the hypothesis another type id than the premise (DeBERTa-v3, BERT: [CLS] A [SEP]
// are type 0, B [SEP] type 1). XLM-R's template has none, and its batches carry none (the inference
// process then feeds zeros to a graph that asks for them).
import type { PairTemplate } from './tokenizer';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Rows [from, to) of a group as padded [batch, sequence] type ids (padding 0): row r has
 * `lengths[r]` tokens, of which `hypothesisTokens(labels[r])` are its hypothesis; the premise is
 * what remains besides the template's special tokens. Undefined when the template has no type ids.
 */
export function batchTypeIds(
  template: PairTemplate,
  rows: { length: Int32Array; label: Int32Array },
  from: number,
  to: number,
  sequence: number,
  hypothesisTokens: (label: number) => number,
): BigInt64Array | undefined {
  const t = template.typeIds;
  if (!t) return undefined;
  const out = new BigInt64Array((to - from) * sequence);
  const view = LITTLE_ENDIAN ? new Int32Array(out.buffer) : null;
  const set = (i: number, v: number) => {
    if (view) view[i * 2] = v;
    else out[i] = BigInt(v);
  };
  const specials = template.prefix.length + template.middle.length + template.suffix.length;
  for (let r = from; r < to; r++) {
    const hypothesis = hypothesisTokens(rows.label[r]!);
    const premise = rows.length[r]! - specials - hypothesis;
    let o = (r - from) * sequence;
    for (const v of t.prefix) set(o++, v);
    for (let i = 0; i < premise; i++) set(o++, t.premise);
    for (const v of t.middle) set(o++, v);
    for (let i = 0; i < hypothesis; i++) set(o++, t.hypothesis);
    for (const v of t.suffix) set(o++, v);
  }
  return out;
}
