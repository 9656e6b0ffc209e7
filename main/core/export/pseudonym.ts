// Pseudonymised metadata columns in exports (issue 15).
//
// [Note: pseudonyms] A chosen metadata column's value is written as `p_` and the first 16 hex digits
// (64 bits) of HMAC-SHA256(key, value), the value as UTF-8. The key is 32 random bytes made once
// per project, the first time an export asks for pseudonyms, and kept in the project file
// (project_meta `pseudonym_key`, hex; its backups hold it too): the same value gives the same
// pseudonym in every export of the project, so exports join, and nobody without the project file
// can reverse a pseudonym or test a guess (a plain hash of a name could be checked against a list
// of names). The value alone is hashed, not its column, so a person named in two columns (author,
// reply_to) keeps one pseudonym. 64 bits: two of a million distinct values share a pseudonym with
// a chance of about 3 in 100 million. An empty cell stays empty. The manifest names the columns and
// the method, never the key.
import { createHmac, randomBytes } from 'node:crypto';
import { PrelabelError } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { metaHeader } from './meta-header';

const KEY = 'pseudonym_key';
export const PSEUDONYM_METHOD =
  'HMAC-SHA256 of the value (UTF-8) under a secret key kept in the project file, the first 16 hex digits, prefixed p_; the same value gives the same pseudonym in every export of this project; empty cells stay empty';

/** The project's key, made on first use (on the core's writable connection). */
export function ensurePseudonymKey(db: Db): void {
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(KEY, randomBytes(32).toString('hex'));
}

/** The key as stored, for an export's read-only snapshot; ensurePseudonymKey ran before the job. */
export function readPseudonymKey(db: Db): Buffer {
  const hex = db.prepare('SELECT value FROM project_meta WHERE key = ?').pluck().get(KEY) as string | undefined;
  if (!hex || !/^[0-9a-f]{64}$/.test(hex)) throw new PrelabelError('INTERNAL', 'The project has no pseudonym key; export again.');
  return Buffer.from(hex, 'hex');
}

export function pseudonym(key: Buffer, value: string): string {
  return `p_${createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 16)}`;
}

/** Checks the chosen columns against the project's metadata keys: one line naming what is wrong. */
export function checkPseudonymColumns(chosen: readonly string[], keys: readonly string[]): void {
  const unknown = chosen.filter((c) => !keys.includes(c));
  if (unknown.length === 0) return;
  const list = keys.length
    ? `The metadata columns are: ${keys.slice(0, 20).join(', ')}${keys.length > 20 ? ', …' : ''}.`
    : 'The project has no metadata columns.';
  throw new PrelabelError('INVALID_INPUT', `No metadata column ${unknown.map((c) => `"${c}"`).join(', ')} to pseudonymise. ${list}`);
}

/** A record's metadata with the chosen columns replaced by their pseudonyms, cached per object
 * (records share metadata objects: RecordContext.metadata). */
export class Pseudonymiser {
  private readonly done = new WeakMap<Record<string, string>, Record<string, string>>();
  private readonly memo = new Map<string, string>();

  constructor(
    private readonly key: Buffer,
    readonly columns: readonly string[],
  ) {}

  value(v: string): string {
    let p = this.memo.get(v);
    if (p === undefined) {
      p = pseudonym(this.key, v);
      if (this.memo.size < 100_000) this.memo.set(v, p);
    }
    return p;
  }

  metadata(m: Record<string, string>): Record<string, string> {
    let out = this.done.get(m);
    if (!out) {
      out = { ...m };
      for (const c of this.columns) {
        const v = m[c];
        if (v !== undefined && v !== null && v !== '') out[c] = this.value(String(v));
      }
      this.done.set(m, out);
    }
    return out;
  }
}

/** The manifest's account of the pseudonymised columns. */
export function pseudonymisationManifest(columns: readonly string[]): {
  columns: Array<{ column: string; header: string }>;
  method: string;
} {
  return { columns: columns.map((c) => ({ column: c, header: metaHeader(c) })), method: PSEUDONYM_METHOD };
}
