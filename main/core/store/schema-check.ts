// A project file that SQLite opens can still be damaged: pages cut off (SQLITE_CORRUPT), or a table
// dropped by a tool. Such a file is refused when it opens, with one line naming the damage, instead
// of failing later on the first call that reads the missing part (found by the bad-input catalogue,
// main/core/bad-inputs).
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { PrelabelError } from '../../../common/contract';
import { migrate, type Db } from './project-db';

let expected: Map<string, string[]> | null = null;

/** The tables and their columns of a project at the latest version: the migrations run once on an
 * in-memory database. */
function expectedSchema(): Map<string, string[]> {
  if (expected) return expected;
  const mem = new Database(':memory:');
  try {
    migrate(mem);
    expected = tablesOf(mem);
  } finally {
    mem.close();
  }
  return expected;
}

function tablesOf(db: Db): Map<string, string[]> {
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return new Map(names.map((n) => [n, (db.pragma(`table_info("${n.replace(/"/g, '""')}")`) as { name: string }[]).map((c) => c.name)]));
}

const RESTORE = 'Restore it from a backup, or open another copy.';

/** Throws NOT_A_PROJECT naming the first missing table or column of an opened project. */
export function checkProjectSchema(db: Db, path: string): void {
  const have = tablesOf(db);
  for (const [table, columns] of expectedSchema()) {
    const present = have.get(table);
    if (!present) throw new PrelabelError('NOT_A_PROJECT', `${basename(path)} is damaged: its table ${table} is missing. ${RESTORE}`);
    const missing = columns.filter((c) => !present.includes(c));
    if (missing.length) {
      throw new PrelabelError(
        'NOT_A_PROJECT',
        `${basename(path)} is damaged: the table ${table} has no column ${missing.join(', ')}. ${RESTORE}`,
      );
    }
  }
}

/** SQLite's own words for a damaged file, as one line naming the file. */
export function damagedFileError(err: unknown, path: string): PrelabelError | null {
  const code = (err as { code?: string } | null)?.code;
  if (code !== 'SQLITE_CORRUPT' && code !== 'SQLITE_NOTADB') return null;
  const why = err instanceof Error ? err.message : String(err);
  return new PrelabelError('NOT_A_PROJECT', `${basename(path)} is damaged (SQLite: ${why}). ${RESTORE}`);
}
