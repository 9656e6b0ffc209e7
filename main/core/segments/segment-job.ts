// A segmentation from start to end: which imports to split, the checks, the units written under a
// pending import, the commit that swaps parents and units at once, and the search index of the
// units. Also the split that an import asks for (`segment`), committed together with the import.
import { randomUUID } from 'node:crypto';
import { PrelabelError, type SegmentSpec, type SegmentsResult } from '../../../common/contract';
import { commitFailure, discardImport, tryCommitImport, type ImportCounts } from '../imports/import-commit';
import { ImportLock } from '../store/import-lock';
import { refreshStatistics, type Db } from '../store/project-db';
import { indexImport } from '../store/search-index';
import { UNIT_IMPORTS } from '../store/units';
import { commitSegments, commitSegmentsIn, decidedDocuments, decisionsRefusal, discardSegments } from './segment-commit';
import { segmentationName, writeSegments } from './segment-writer';
import { checkWindow } from './split';

export interface SegmentProgress {
  phase: 'splitting' | 'indexing';
  done: number;
  total: number;
}

interface SourceRow {
  id: string;
  source_name: string;
  status: string;
  format: string;
  segmented_by: string | null;
}

/** The imports a segmentation splits, checked: committed, not split yet, not units themselves. */
export function resolveSources(db: Db, importIds: readonly string[] | undefined): SourceRow[] {
  if (importIds === undefined) {
    const rows = db
      .prepare(
        `SELECT id, source_name, status, format, segmented_by FROM imports WHERE id IN (${UNIT_IMPORTS}) AND format <> 'segments' ORDER BY started_at`,
      )
      .all() as SourceRow[];
    if (rows.length === 0) {
      const split = db.prepare("SELECT count(*) FROM imports WHERE format = 'segments' AND status = 'committed'").pluck().get() as number;
      throw new PrelabelError(
        'INVALID_INPUT',
        split > 0
          ? 'Every import of this project is split already. To split differently, remove the split first (segments.remove, or `prelabel segment --remove`).'
          : 'This project has no documents to split yet. Import some first.',
      );
    }
    return rows;
  }
  const get = db.prepare('SELECT id, source_name, status, format, segmented_by FROM imports WHERE id = ?');
  return [...new Set(importIds)].map((id) => {
    const r = get.get(id) as SourceRow | undefined;
    if (!r || r.status !== 'committed') throw new PrelabelError('NOT_FOUND', `There is no finished import ${id} in this project.`);
    if (r.format === 'segments')
      throw new PrelabelError('INVALID_INPUT', `${r.source_name} is a split already: its units cannot be split again.`);
    if (r.segmented_by !== null) {
      throw new PrelabelError('INVALID_INPUT', `${r.source_name} is split already. To split it differently, remove that split first.`);
    }
    return r;
  });
}

/** Checks what a split needs before its job starts, so that a refusal is the call's answer. */
export function checkSegmentation(db: Db, spec: SegmentSpec, importIds: readonly string[] | undefined): SourceRow[] {
  checkWindow(spec.windowSize, spec.windowOverlap);
  const sources = resolveSources(db, importIds);
  const decided = decidedDocuments(
    db,
    sources.map((s) => s.id),
  );
  if (decided > 0) throw decisionsRefusal(decided, sources.map((s) => s.source_name).join(', '));
  return sources;
}

export interface RunSegmentationArgs {
  db: Db;
  spec: SegmentSpec;
  importIds?: readonly string[];
  segmentationId?: string;
  signal: AbortSignal;
  onProgress(p: SegmentProgress): void;
}

export async function runSegmentation(args: RunSegmentationArgs): Promise<SegmentsResult> {
  const { db, spec, signal } = args;
  const sources = checkSegmentation(db, spec, args.importIds);
  const segmentationId = args.segmentationId ?? randomUUID();
  // Held from before the pending row exists until the units are indexed: another process never
  // takes the unfinished split for abandoned ([Note: import liveness] in store/import-lock.ts).
  const lock = ImportLock.acquire(db, segmentationId);
  try {
    const ids = sources.map((s) => s.id);
    let written;
    try {
      written = await writeSegments({
        db,
        segmentationId,
        spec,
        sources: ids,
        name: segmentationName(
          spec,
          sources.map((s) => s.source_name),
        ),
        signal,
        onProgress: (done, total) => args.onProgress({ phase: 'splitting', done, total }),
      });
    } catch (err) {
      discardSegments(db, segmentationId, signal.aborted ? 'cancelled' : 'failed');
      if (signal.aborted && !(err instanceof PrelabelError && err.code === 'CANCELLED')) {
        throw new PrelabelError('CANCELLED', 'The split was cancelled; nothing was changed.');
      }
      throw err;
    }
    if (written.segments === 0) {
      discardSegments(db, segmentationId, 'failed');
      throw new PrelabelError('INVALID_INPUT', 'Nothing was split: the documents hold no text to make units of.');
    }
    commitSegments(db, segmentationId, ids, written.segments);
    // Not cancellable: the split is committed; a kill leaves the index state exact and the next
    // open resumes it ([Note: resumable search index]).
    await indexImport(db, segmentationId, (p) => args.onProgress({ phase: 'indexing', done: p.done, total: p.total }));
    refreshStatistics(db);
    return { segmentationId, parents: written.parents, segments: written.segments };
  } finally {
    lock.release();
  }
}

/**
 * An import with `segment`: its units are written while the import is still pending, and one
 * transaction commits both (the import's own checks first), so the import's documents never show
 * as coding units of their own. On failure both are discarded. Returns the number of units and the
 * index step of the segmentation (after the import's own), which releases its lock.
 */
export async function splitImport(args: {
  db: Db;
  importId: string;
  sourceName: string;
  counts: ImportCounts;
  spec: SegmentSpec;
  signal: AbortSignal;
  onProgress(p: SegmentProgress): void;
}): Promise<{ segmentationId: string; segments: number; index(): Promise<void> }> {
  const { db, spec, signal, importId } = args;
  const segmentationId = randomUUID();
  let lock: ImportLock | null = null;
  try {
    checkWindow(spec.windowSize, spec.windowOverlap);
    lock = ImportLock.acquire(db, segmentationId);
    const written = await writeSegments({
      db,
      segmentationId,
      spec,
      sources: [importId],
      name: segmentationName(spec, [args.sourceName]),
      signal,
      onProgress: (done, total) => args.onProgress({ phase: 'splitting', done, total }),
    });
    db.transaction(() => {
      const stored = tryCommitImport(db, importId, args.counts);
      if (stored !== args.counts.imported) throw commitFailure(args.sourceName, stored, args.counts.imported);
      const why = commitSegmentsIn(db, segmentationId, [importId], written.segments);
      // Throwing rolls the import's commit back as well.
      if (why !== null) throw new PrelabelError('BUSY', `Nothing was imported: ${why}. Import the file again.`);
    }).immediate();
    const held = lock;
    lock = null;
    return {
      segmentationId,
      segments: written.segments,
      index: async () => {
        try {
          await indexImport(db, segmentationId, (p) => args.onProgress({ phase: 'indexing', done: p.done, total: p.total }));
        } finally {
          held.release();
        }
      },
    };
  } catch (err) {
    discardSegments(db, segmentationId, signal.aborted ? 'cancelled' : 'failed');
    discardImport(db, importId, signal.aborted ? 'cancelled' : 'failed');
    lock?.release();
    if (signal.aborted && !(err instanceof PrelabelError && err.code === 'CANCELLED')) {
      throw new PrelabelError('CANCELLED', 'The import was cancelled.');
    }
    throw err;
  }
}
