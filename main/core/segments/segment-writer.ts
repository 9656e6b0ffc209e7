// Writes a segmentation's units under a pending import: the parents are read in chunks, split, and
// their units written one chunk per transaction, like an import's rows ([Note: segmentation commit]).
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { PrelabelError, type SegmentSpec } from '../../../common/contract';
import { currentOwner } from '../store/import-lock';
import type { Db } from '../store/project-db';
import { checkWindow, documentLanguage, splitText } from './split';

/** Parents read per chunk; their units are written in the same transaction. */
export const PARENT_CHUNK = 500;

/** What a segmentation's import stores in `options`. */
export interface StoredSegmentation {
  unit: SegmentSpec['unit'];
  language: string;
  languageColumn: string | null;
  windowSize: number;
  windowOverlap: number;
  sourceImportIds: string[];
}

export function storedOptions(spec: SegmentSpec, sources: readonly string[]): StoredSegmentation {
  return {
    unit: spec.unit,
    language: spec.language,
    languageColumn: spec.languageColumn ?? null,
    windowSize: spec.windowSize,
    windowOverlap: spec.windowOverlap,
    sourceImportIds: [...sources],
  };
}

const UNIT_NAMES: Record<SegmentSpec['unit'], string> = { paragraph: 'paragraphs', sentence: 'sentences', window: 'windows' };

export function segmentationName(spec: SegmentSpec, sourceNames: readonly string[]): string {
  const what = spec.unit === 'window' ? `windows of ${spec.windowSize} sentences` : UNIT_NAMES[spec.unit];
  const names =
    sourceNames.length <= 3 ? sourceNames.join(', ') : `${sourceNames.slice(0, 3).join(', ')} and ${sourceNames.length - 3} more`;
  return `${names} (${what})`;
}

export interface WriteSegmentsArgs {
  db: Db;
  segmentationId: string;
  spec: SegmentSpec;
  /** The imports whose documents are split (committed, or the import being committed with them). */
  sources: readonly string[];
  name: string;
  signal: AbortSignal;
  onProgress(done: number, total: number): void;
}

export interface WrittenSegments {
  parents: number;
  segments: number;
}

/** Inserts the pending import and writes every unit; the caller holds the segmentation's lock and
 * commits or discards it. Throws CANCELLED when `signal` stops it. */
export async function writeSegments(args: WriteSegmentsArgs): Promise<WrittenSegments> {
  const { db, segmentationId, spec, sources, signal } = args;
  checkWindow(spec.windowSize, spec.windowOverlap);
  const now = () => new Date().toISOString();
  db.prepare(
    `INSERT INTO imports (id, status, source_name, format, options, started_at, owner) VALUES (?, 'pending', ?, 'segments', ?, ?, ?)`,
  ).run(segmentationId, args.name, JSON.stringify(storedOptions(spec, sources)), now(), currentOwner());
  const sourceJson = JSON.stringify(sources);
  const total = db
    .prepare('SELECT count(*) FROM documents WHERE import_id IN (SELECT value FROM json_each(?))')
    .pluck()
    .get(sourceJson) as number;
  const withMetadata = spec.languageColumn !== undefined;
  const read = db.prepare(
    `SELECT id, external_id AS externalId, text, ${withMetadata ? 'metadata' : "'{}' AS metadata"} FROM documents
     WHERE import_id IN (SELECT value FROM json_each(?)) AND id > ? ORDER BY id LIMIT ?`,
  );
  const insert = db.prepare(
    `INSERT INTO documents (import_id, row_number, external_id, text, metadata, parent_id, segment_index, char_start, char_end)
     VALUES (?, ?, ?, ?, '{}', ?, ?, ?, ?)`,
  );
  const heartbeat = db.prepare("UPDATE imports SET heartbeat_at = ? WHERE id = ? AND status = 'pending'");
  let row = 0;
  const chunk = db.transaction((parents: Array<{ id: number; externalId: string; text: string; metadata: string }>) => {
    if (heartbeat.run(now(), segmentationId).changes === 0) {
      throw new PrelabelError(
        'BUSY',
        'Another window or program removed the unfinished split while it was being written. Nothing was changed; split again.',
      );
    }
    for (const p of parents) {
      const language = documentLanguage(spec, withMetadata ? (JSON.parse(p.metadata) as Record<string, string>) : null);
      for (const u of splitText(p.text, spec, language)) {
        insert.run(segmentationId, ++row, `${p.externalId}#${u.index + 1}`, u.text, p.id, u.index, u.start, u.end);
      }
    }
  });
  let done = 0;
  for (let after = 0; ;) {
    if (signal.aborted) throw new PrelabelError('CANCELLED', 'The split was cancelled; nothing was changed.');
    const parents = read.all(sourceJson, after, PARENT_CHUNK) as Array<{ id: number; externalId: string; text: string; metadata: string }>;
    if (parents.length === 0) break;
    chunk(parents);
    done += parents.length;
    after = parents[parents.length - 1]!.id;
    args.onProgress(done, total);
    // Let the event loop serve other calls (coding, Browse, progress) between chunks.
    await yieldToEventLoop();
  }
  return { parents: done, segments: row };
}
