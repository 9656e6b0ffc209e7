// The columns of the tabular formats (CSV, CSV for Excel, XLSX) and of each JSON Lines object.
import type { CodebookLabel } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { UNIT_IMPORTS } from '../store/units';
import type { ExportRecord } from './export-records';

export type Cell = string | number | boolean | null;

/** Multi-label decisions in one cell: label names joined by this (JSON Lines has real lists). */
export const LABEL_SEPARATOR = '|';

const BEFORE_METADATA = ['id', 'text'] as const;
const AFTER_METADATA = [
  'labels',
  'decision',
  'coder',
  'decided_at',
  'suggestion',
  'suggestion_score',
  'suggestion_outcome',
  'model_id',
  'model_sha256',
  'codebook_revision',
  'seconds',
  'note',
  'flagged',
] as const;
/** After the id when the project has split documents: the unit's parent (its id from the import),
 * its 1-based position there (as in the unit's id `<parent>#<n>`) and its UTF-16 offsets into the
 * parent's text. The parent's metadata fills the metadata columns. */
const SEGMENT_COLUMNS = ['parent_id', 'segment', 'char_start', 'char_end'] as const;
const FIXED = new Set<string>([...BEFORE_METADATA, ...AFTER_METADATA, ...SEGMENT_COLUMNS]);

export interface Columns {
  names: string[];
  /** Metadata keys in column order, and the header each one got. */
  metadata: Array<{ key: string; header: string }>;
  /** The segment columns follow the id. */
  segments: boolean;
}

/** The metadata keys of the project's documents, in the order they first appear. One pass in
 * SQLite over the stored JSON; keys are the same for every export of the project. Every committed
 * import counts, not only coding units: a unit of a split carries its parent's metadata. */
export function metadataKeys(db: Db): string[] {
  return db
    .prepare(
      `SELECT j.key FROM documents d, json_each(d.metadata) j
        WHERE d.import_id IN (SELECT id FROM imports WHERE status = 'committed')
        GROUP BY j.key ORDER BY min(d.id), min(j.id)`,
    )
    .pluck()
    .all() as string[];
}

/** The keys of the first document of each committed import, in import order: the metadata keys of
 * a table import are its columns, the same in every row, so this is nearly always all of them,
 * found without reading every document. The export checks each row against it and falls back to
 * metadataKeys when a row has more (see runExport). */
export function firstRowMetadataKeys(db: Db): string[] {
  const keys = db
    .prepare(
      `SELECT j.key FROM imports i
         JOIN documents d ON d.id = (SELECT min(x.id) FROM documents x WHERE x.import_id = i.id), json_each(d.metadata) j
        WHERE i.status = 'committed' ORDER BY d.id, j.id`,
    )
    .pluck()
    .all() as string[];
  return [...new Set(keys)];
}

export function tableColumns(metadata: readonly string[], segments = false): Columns {
  // A metadata column named like one of ours (a source file with its own "labels") keeps its data
  // under a prefixed header instead of being confused with the export's column.
  const meta = metadata.map((key) => ({ key, header: FIXED.has(key) ? `metadata.${key}` : key }));
  const [id, text] = BEFORE_METADATA;
  return {
    names: [id, ...(segments ? SEGMENT_COLUMNS : []), text, ...meta.map((m) => m.header), ...AFTER_METADATA],
    metadata: meta,
    segments,
  };
}

/** Whether the project's coding units include units of a split (the segment columns are written). */
export function hasSegmentUnits(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM imports WHERE id IN (${UNIT_IMPORTS}) AND format = 'segments' LIMIT 1`).get() !== undefined;
}

const joinedNames = new WeakMap<readonly CodebookLabel[], string>();
/** Label names joined for one cell; the label lists are shared between rows, so this is cached. */
function names(labels: readonly CodebookLabel[]): string {
  let s = joinedNames.get(labels);
  if (s === undefined) {
    s = labels.map((l) => l.name).join(LABEL_SEPARATOR);
    joinedNames.set(labels, s);
  }
  return s;
}

/** The cells of one record, in the order of `tableColumns`. */
export function tableCells(r: ExportRecord, columns: Columns): Cell[] {
  const d = r.decision;
  const s = r.segment;
  const cells: Cell[] = columns.segments
    ? [r.externalId, s?.parentExternalId ?? null, s ? s.index + 1 : null, s?.start ?? null, s?.end ?? null, r.text]
    : [r.externalId, r.text];
  for (const m of columns.metadata) cells.push(r.metadata[m.key] ?? null);
  cells.push(
    d?.kind === 'label' ? names(r.labels) : null,
    d?.kind ?? null,
    r.coder,
    d?.createdAt ?? null,
    r.suggestion ? names(r.suggestion) : null,
    d?.suggestionScore ?? null,
    r.outcome,
    r.run?.modelId ?? null,
    r.run?.modelSha256 ?? null,
    d?.codebookRevisionId ?? null,
    d?.seconds ?? null,
    d?.note ?? null,
    d ? d.flagged : null,
  );
  return cells;
}

/** One JSON Lines object: the same fields, with lists for labels and an object for metadata. */
export function jsonRecord(r: ExportRecord): Record<string, unknown> {
  const d = r.decision;
  return {
    id: r.externalId,
    ...(r.segment
      ? { parent_id: r.segment.parentExternalId, segment: r.segment.index + 1, char_start: r.segment.start, char_end: r.segment.end }
      : {}),
    text: r.text,
    metadata: r.metadata,
    labels: d?.kind === 'label' ? r.labels.map((l) => l.name) : null,
    decision: d?.kind ?? null,
    coder: r.coder,
    decided_at: d?.createdAt ?? null,
    suggestion: r.suggestion ? r.suggestion.map((l) => l.name) : null,
    suggestion_score: d?.suggestionScore ?? null,
    suggestion_outcome: r.outcome,
    model_id: r.run?.modelId ?? null,
    model_sha256: r.run?.modelSha256 ?? null,
    codebook_revision: d?.codebookRevisionId ?? null,
    seconds: d?.seconds ?? null,
    note: d?.note ?? null,
    flagged: d ? d.flagged : null,
  };
}
