// The columns of the tabular formats (CSV, CSV for Excel, XLSX, Parquet) and of each JSON Lines object.
//
// [Note: column names] Prelabel's own columns have fixed names. Every metadata column of the corpus
// is written as `meta_<name>` (a corpus column `label` becomes `meta_label`, never next to or in
// place of Prelabel's `labels`), and every label's score as `score_<label name>`. No fixed name starts
// with `meta_` or `score_`, so no corpus can make two columns of one name. JSON Lines keeps the
// metadata in its `metadata` object and the scores in a `model_scores` object instead. The manifest's
// `columnNaming` says the same.
//
// [Note: sample membership] `validation_sample` names the question's validation samples that hold
// the unit (from sample_documents; several joined by `|`, a list in JSON Lines), for every sampled
// unit whether or not anyone coded it, so a sample's membership can be rebuilt from an export of
// all documents. `decided_in_sample` is the sample whose blind queue the standing decision was made
// in; it is empty when that decision was made elsewhere (the open queue, Browse, the CLI), e.g. by
// a second coder after the blind one, or before the sample was drawn: only such decisions are the
// sample's blind labels.
//
// [Note: gold status] `gold_status` says what the gold of the unit is, since an empty `gold_label`
// cell alone cannot: `labels` (the value names the question's labels, in `gold_label`), `no_label`
// (an empty gold cell of a multi-label question that counts as "none of these labels": [Note: empty
// gold] in coding/gold.ts; the evaluation counts it as the empty set), `unmatched` (a gold value that
// names none of the labels, or not all of them; the evaluation leaves it out) or `none` (no gold). In
// JSON Lines `gold_label` is [] for `no_label` and null otherwise without labels.
//
// [Note: final label resolution] Where several coders decided (issue 14), `final_label_resolution`
// says how the human decision behind `final_label` was chosen: `single` (one coder decided),
// `agreed` (every deciding coder chose the same labels), `adjudicated` (an adjudicator settled a
// disagreement), `rule` (a disagreement settled by the project's rule: latest, majority, lead coder);
// empty when the final label is the model's or there is none. `coders` counts the coders with a
// current decision on the unit (a skip included; adjudicators are no coders).
import type { CodebookLabel } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { UNIT_IMPORTS } from '../store/units';
import type { ExportRecord } from './export-records';
import { META_PREFIX, metaHeader } from './meta-header';

export { META_PREFIX, metaHeader };

export type Cell = string | number | boolean | null;

/** Multi-label decisions in one cell: label names joined by this (JSON Lines has real lists). */
export const LABEL_SEPARATOR = '|';
export const SCORE_PREFIX = 'score_';

const BEFORE_METADATA = ['id', 'text'] as const;
const AFTER_METADATA = [
  'labels',
  'decision',
  'coder',
  'decided_at',
  'suggestion',
  'suggestion_score',
  'suggestion_shown',
  'suggestion_outcome',
  'model_id',
  'model_sha256',
  'codebook_revision',
  'seconds',
  'note',
  'flagged',
  'validation_sample',
  'decided_in_sample',
] as const;
/** The model's current prediction for the unit ([Note: stale predictions in exports]); the score
 * columns follow them. */
const MODEL_COLUMNS = ['model_label', 'model_score', 'model_stale', 'model_run_id'] as const;
const AFTER_SCORES = ['gold_label', 'gold_status', 'final_label', 'final_label_source', 'final_label_resolution', 'coders'] as const;
/** After the id when the project has split documents: the unit's parent (its id from the import),
 * its 1-based position there (as in the unit's id `<parent>#<n>`) and its UTF-16 offsets into the
 * parent's text. The parent's metadata fills the metadata columns. */
const SEGMENT_COLUMNS = ['parent_id', 'segment', 'char_start', 'char_end'] as const;

/** Every fixed column name, for the check that none can collide with a prefixed one. */
export const FIXED_COLUMNS: readonly string[] = [
  ...BEFORE_METADATA,
  ...SEGMENT_COLUMNS,
  ...AFTER_METADATA,
  ...MODEL_COLUMNS,
  ...AFTER_SCORES,
];

/** The header of a label's score column. */
export const scoreHeader = (labelName: string) => `${SCORE_PREFIX}${labelName}`;

export interface Columns {
  names: string[];
  /** Metadata keys in column order, and the header each one got. */
  metadata: Array<{ key: string; header: string }>;
  /** The segment columns follow the id. */
  segments: boolean;
  /** The labels with a score column, in column order. */
  scores: ReadonlyArray<{ id: string; name: string }>;
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

/** [Note: column names] */
export function tableColumns(
  metadata: readonly string[],
  segments = false,
  scores: ReadonlyArray<{ id: string; name: string }> = [],
): Columns {
  const meta = metadata.map((key) => ({ key, header: metaHeader(key) }));
  const [id, text] = BEFORE_METADATA;
  return {
    names: [
      id,
      ...(segments ? SEGMENT_COLUMNS : []),
      text,
      ...meta.map((m) => m.header),
      ...AFTER_METADATA,
      ...MODEL_COLUMNS,
      ...scores.map((l) => scoreHeader(l.name)),
      ...AFTER_SCORES,
    ],
    metadata: meta,
    segments,
    scores,
  };
}

/** Whether the project's coding units include units of a split (the segment columns are written). */
export function hasSegmentUnits(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM imports WHERE id IN (${UNIT_IMPORTS}) AND format = 'segments' LIMIT 1`).get() !== undefined;
}

const joinedNames = new WeakMap<readonly CodebookLabel[], string>();
/** Label names joined for one cell; the label lists are shared between rows, so this is cached. */
export function names(labels: readonly CodebookLabel[]): string {
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
    d ? d.suggestionShown : null,
    r.outcome,
    r.run?.modelId ?? null,
    r.run?.modelSha256 ?? null,
    d?.codebookRevisionId ?? null,
    d?.seconds ?? null,
    d?.note ?? null,
    d ? d.flagged : null,
    r.samples.length ? r.samples.join(LABEL_SEPARATOR) : null,
    d?.sampleId ?? null,
  );
  const m = r.model.current;
  cells.push(m ? names(r.modelLabels) : null, m ? m.top : null, r.model.stale, r.model.runId);
  for (const l of columns.scores) cells.push(m?.scores.get(l.id) ?? null);
  cells.push(
    r.gold?.length ? names(r.gold) : null,
    r.goldStatus,
    r.finalSource ? names(r.final) : null,
    r.finalSource,
    r.finalResolution,
    r.coders,
  );
  return cells;
}

/** One JSON Lines object: the same fields, with lists for labels and objects for metadata and the
 * scores (`scores`: the labels with a score, as in the tables' score columns). */
export function jsonRecord(r: ExportRecord, scores: ReadonlyArray<{ id: string; name: string }> = []): Record<string, unknown> {
  const d = r.decision;
  const m = r.model.current;
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
    suggestion_shown: d ? d.suggestionShown : null,
    suggestion_outcome: r.outcome,
    model_id: r.run?.modelId ?? null,
    model_sha256: r.run?.modelSha256 ?? null,
    codebook_revision: d?.codebookRevisionId ?? null,
    seconds: d?.seconds ?? null,
    note: d?.note ?? null,
    flagged: d ? d.flagged : null,
    validation_sample: r.samples.length ? [...r.samples] : null,
    decided_in_sample: d?.sampleId ?? null,
    model_label: m ? r.modelLabels.map((l) => l.name) : null,
    model_score: m ? m.top : null,
    model_stale: r.model.stale,
    model_run_id: r.model.runId,
    model_scores: m ? Object.fromEntries(scores.map((l) => [l.name, m.scores.get(l.id) ?? null])) : null,
    gold_label: r.gold ? r.gold.map((l) => l.name) : null,
    gold_status: r.goldStatus,
    final_label: r.finalSource ? r.final.map((l) => l.name) : null,
    final_label_source: r.finalSource,
    final_label_resolution: r.finalResolution,
    coders: r.coders,
  };
}
