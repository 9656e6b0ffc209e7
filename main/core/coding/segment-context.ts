// Where units of a segmentation sit in their parents: the queue's context (the parent, the unit's
// position and its neighbours to show dimmed around it) and Browse's parent column.
import type { SegmentContext, SegmentParentRef } from '../../../common/contract';
import type { Db } from '../store/project-db';

interface UnitRow {
  id: number;
  import_id: string;
  parent_id: number;
  segment_index: number;
  char_start: number;
  char_end: number;
  parent_external_id: string;
  parent_metadata: string;
  count: number;
}

function unitRows(db: Db, ids: readonly number[], withMetadata: boolean): UnitRow[] {
  if (ids.length === 0) return [];
  return db
    .prepare(
      `SELECT d.id, d.import_id, d.parent_id, d.segment_index, d.char_start, d.char_end, p.external_id AS parent_external_id,
         ${withMetadata ? 'p.metadata' : "'{}'"} AS parent_metadata,
         (SELECT count(*) FROM documents c WHERE c.parent_id = d.parent_id AND c.import_id = d.import_id) AS count
       FROM documents d JOIN documents p ON p.id = d.parent_id
       WHERE d.id IN (SELECT value FROM json_each(?)) AND d.parent_id IS NOT NULL`,
    )
    .all(JSON.stringify(ids)) as UnitRow[];
}

/** Browse: each unit's parent and place; documents that are no units are absent. */
export function parentRefs(db: Db, ids: readonly number[]): Map<number, SegmentParentRef> {
  return new Map(
    unitRows(db, ids, false).map((r) => [
      r.id,
      { id: r.parent_id, externalId: r.parent_external_id, index: r.segment_index, count: r.count },
    ]),
  );
}

/** The queue: each unit's parent and up to `size` neighbouring units on either side. */
export function segmentContexts(db: Db, ids: readonly number[], size: number): Map<number, SegmentContext> {
  const rows = unitRows(db, ids, true);
  const out = new Map<number, SegmentContext>();
  if (rows.length === 0) return out;
  // Siblings of the same segmentation (import_id): a parent split again after a removal, or
  // being split right now in another window, has other units under other imports.
  const near = db.prepare(
    `SELECT id, segment_index AS "index", text FROM documents
     WHERE parent_id = ? AND import_id = ? AND segment_index BETWEEN ? AND ? AND segment_index <> ? ORDER BY segment_index`,
  );
  for (const r of rows) {
    const neighbours = (
      size > 0 ? near.all(r.parent_id, r.import_id, r.segment_index - size, r.segment_index + size, r.segment_index) : []
    ) as Array<{
      id: number;
      index: number;
      text: string;
    }>;
    out.set(r.id, {
      parentId: r.parent_id,
      parentExternalId: r.parent_external_id,
      parentMetadata: JSON.parse(r.parent_metadata) as Record<string, string>,
      index: r.segment_index,
      count: r.count,
      start: r.char_start,
      end: r.char_end,
      before: neighbours.filter((n) => n.index < r.segment_index),
      after: neighbours.filter((n) => n.index > r.segment_index),
    });
  }
  return out;
}
