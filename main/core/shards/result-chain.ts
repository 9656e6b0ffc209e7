// [Note: result chain] Each batch line of a result carries `chain`: the SHA-256 of the previous
// line's chain (for the first batch: of the header line's text) followed by the batch's canonical
// content (JSON of [group, docs, rows]); the file ends with a line {"end": <last chain>, "groups": N}.
// The merge recomputes the chain, so a changed logit, a removed, added or reordered line, or a
// missing end is refused, naming the line. A plain hash, not a signature: it catches accidental and
// careless edits (a copy gone wrong, a hand-edited logit), not someone who recomputes the hashes.
// score-shard writes the chain as it appends; a resume continues from the last whole line's chain.
import { PrelabelError } from '../../../common/contract';
import { sha256Hex, type ResultGroup, type ResultHeader } from './shard-format';
import { eachLine } from './result-lines';

/** Version 3 added the chain and the end line. */
export const RESULT_VERSION = 3;

export interface ChainedGroup extends ResultGroup {
  chain: string;
}

export interface ResultEnd {
  end: string;
  groups: number;
}

export const chainStart = (headerLine: string): string => sha256Hex(headerLine);

export const chainNext = (prev: string, g: ResultGroup): string => sha256Hex(prev + JSON.stringify([g.group, g.docs, g.rows]));

/** A value a float32 logit can be: finite and exactly a float32 (1e300, -1.289 typed in: not). */
export const isFloat32 = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.fround(v) === v;

/** Why a row's logits cannot be the model's, or null. */
export function badLogits(row: ResultGroup['rows'][number]): string | null {
  for (const k of [3, 4, 5] as const) {
    const v = row[k];
    if (k === 4 && v === null) continue;
    if (!isFloat32(v)) return `logit ${String(v)} of document ${row[0]}, label ${row[1]} is not a finite float32 value`;
  }
  return null;
}

export interface ChainRead {
  /** SHA-256 of the file's bytes. */
  sha256: string;
  header: ResultHeader | null;
  /** The text of the header line (the chain's start). */
  headerLine: string | null;
  /** Batches whose chain matched, in file order. */
  groups: number;
  /** The last matching chain (the head to continue from). */
  head: string | null;
  /** The end line was found and matches. */
  ended: boolean;
  /** The first problem: its 1-based line and why. */
  problem: { line: number; why: string } | null;
}

/** Reads a result (or partial) file a line at a time, checking the chain; `each` sees every batch
 * whose chain matched and may answer a problem of its own. Stops looking at the first problem. */
export function readChain(path: string, each?: (g: ResultGroup, line: number) => string | null): ChainRead {
  const r: ChainRead = { sha256: '', header: null, headerLine: null, groups: 0, head: null, ended: false, problem: null };
  r.sha256 = eachLine(path, (text, i) => {
    if (r.problem) return;
    const line = i + 1;
    const fail = (why: string) => {
      r.problem = { line, why };
    };
    if (r.ended) return fail('lines follow the end line');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return fail('not valid JSON (damaged in the copy, or a value such as NaN typed in)');
    }
    if (i === 0) {
      r.header = value as ResultHeader;
      r.headerLine = text;
      if (r.header.version !== RESULT_VERSION) return fail('made by an older Prelabel (no integrity chain): score the shard again');
      r.head = chainStart(text);
      return;
    }
    const v = value as Partial<ChainedGroup & ResultEnd>;
    if (typeof v.end === 'string') {
      if (v.end !== r.head || v.groups !== r.groups)
        return fail(`the end line does not match the ${r.groups} batches before it (a line was removed)`);
      r.ended = true;
      return;
    }
    if (!Array.isArray(v.rows) || !Array.isArray(v.docs) || typeof v.group !== 'number') return fail('not a batch line');
    const g = v as ChainedGroup;
    const own = each?.(g, line);
    if (own) return fail(own);
    for (const row of g.rows) {
      const why = badLogits(row);
      if (why) return fail(`batch ${g.group}: ${why}`);
    }
    const want = chainNext(r.head!, g);
    if (g.chain !== want) return fail(`batch ${g.group} does not match its hash (changed, removed or reordered after scoring)`);
    r.head = want;
    r.groups++;
  });
  return r;
}

/** The one-line refusal for a result whose chain failed. */
export const chainError = (name: string, p: { line: number; why: string }) =>
  new PrelabelError('BAD_FILE', `${name} line ${p.line}: ${p.why}.`);
