// The full-text index of committed imports: built in chunks that record how far they got, so an
// index step cut short (a kill, a crash, a closed window) is resumed when the project opens.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { SearchIndexState } from '../../../common/contract';
import { lockState } from './import-lock';
import type { Db } from './project-db';
import { searchText } from './search-text';

/**
 * [Note: resumable search index] A kill during the index step used to leave the rest of an import
 * out of search for good (issue 10, bug 4). Each chunk now adds its documents to documents_fts and
 * moves the import's `search_indexed_through` (the largest document id done) in one transaction,
 * and the last one sets `search_indexed`; so the recorded state is exactly what the index holds.
 * Whoever indexes an import holds its lock (store/import-lock.ts): the importing process until it
 * is done, else the background job that opening the project starts for every committed import with
 * `search_indexed = 0` whose lock is free. Each chunk re-reads the state inside an IMMEDIATE
 * transaction and skips documents the index has already (documents_fts_docsize holds one row per
 * indexed document), so two processes that both resume an import, or a resume of an import indexed
 * by a version that recorded nothing, never index a document twice.
 */
export const INDEX_CHUNK = 5000;

export interface IndexProgress {
  done: number;
  total: number;
}

/** One chunk of an import's index in one IMMEDIATE transaction: the number of documents it went
 * through, 0 at the end, -1 when the import is done already (or gone). */
function indexStep(db: Db, importId: string): () => number {
  const state = db.prepare('SELECT search_indexed_through AS through, search_indexed AS indexed FROM imports WHERE id = ?');
  const read = db.prepare(
    `SELECT d.id, CASE WHEN EXISTS (SELECT 1 FROM documents_fts_docsize s WHERE s.id = d.id) THEN NULL ELSE d.text END AS text
     FROM documents d WHERE d.import_id = ? AND d.id > ? ORDER BY d.id LIMIT ?`,
  );
  const add = db.prepare('INSERT INTO documents_fts (rowid, text) VALUES (?, ?)');
  const advance = db.prepare('UPDATE imports SET search_indexed_through = ?, search_indexed = ? WHERE id = ?');
  const step = db.transaction((): number => {
    const s = state.get(importId) as { through: number; indexed: number } | undefined;
    if (!s || s.indexed === 1) return -1;
    const rows = read.all(importId, s.through, INDEX_CHUNK) as { id: number; text: string | null }[];
    for (const r of rows) if (r.text !== null) add.run(r.id, searchText(r.text));
    advance.run(rows.length ? rows[rows.length - 1]!.id : s.through, rows.length < INDEX_CHUNK ? 1 : 0, importId);
    return rows.length;
  });
  return () => step.immediate();
}

/** Indexes a committed import from its recorded state to the end. Returns false when `signal`
 * stopped it first (the state says how far it got; the next open goes on from there). */
export async function indexImport(
  db: Db,
  importId: string,
  onProgress: (p: IndexProgress) => void,
  signal?: AbortSignal,
): Promise<boolean> {
  const step = indexStep(db, importId);
  const total = pendingOf(db, importId);
  let done = 0;
  for (;;) {
    // Let the event loop serve other calls (coding, Browse, progress) before each chunk: the caller
    // (opening a project, an import's job) gets its answer out first.
    await yieldToEventLoop();
    if (signal?.aborted) return false;
    const n = step();
    if (n < 0) return true;
    done += n;
    onProgress({ done, total });
    if (n < INDEX_CHUNK) return true;
  }
}

/** The same at once, without yielding: for small imports written by tools and tests. */
export function indexImportNow(db: Db, importId: string): void {
  const step = indexStep(db, importId);
  while (step() === INDEX_CHUNK);
}

/** Documents of an import not yet known to be indexed. */
export function pendingOf(db: Db, importId: string): number {
  return db
    .prepare(
      `SELECT count(*) FROM documents d, imports i
       WHERE i.id = ? AND i.search_indexed = 0 AND d.import_id = i.id AND d.id > i.search_indexed_through`,
    )
    .pluck()
    .get(importId) as number;
}

/** Committed imports whose index is not known to be complete, oldest first. */
export function unindexedImports(db: Db): string[] {
  return db
    .prepare("SELECT id FROM imports WHERE status = 'committed' AND search_indexed = 0 ORDER BY started_at")
    .pluck()
    .all() as string[];
}

/** Whether search finds every visible document yet, and whether someone is building the rest. */
export function searchIndexState(db: Db, documents: number): SearchIndexState {
  const ids = unindexedImports(db);
  let pending = 0;
  let building = false;
  for (const id of ids) {
    pending += pendingOf(db, id);
    if (!building && lockState(db, id) !== 'free') building = true;
  }
  return { complete: pending === 0, pending, total: documents, building: pending > 0 && building };
}
