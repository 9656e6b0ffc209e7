// Reads every document's current decision on one question straight from the append-only log
// (`annotations`), in document order and in chunks, for exports of up to millions of documents.
//
// [Note: current decision] The current decision of a (document, question) is its latest row
// (created_at, then rowid) of kind label, skip or not_codable that no 'undo' row cancels. Rows of
// every coder count: the export carries the coder of the decision that stands. Training decisions
// (role 'training') never stand. Where several coders decided a document, the decision that stands is
// the one the project's resolution chose (coding_state.annotation_id: an adjudication, the agreed
// labels or the project's rule; [Note: resolution] in coding/resolution.ts), when it names a live row
// of the log; otherwise the latest. The resolution and the number of coders come from coding_state
// too (final_label_resolution and coders in the export).
//
// [Note: export chunks] Documents are read by ranges of ids (id > a AND id <= a + n) joined with
// their decisions through the annotations_document index, in one statement per chunk with rows as
// arrays: each chunk costs the same however far the export has come, and no statement stays open
// between chunks (an open better-sqlite3 iterator would keep the connection busy). The undone ids
// are read once per export: undos are few, and the log has no index on undoes_id. Label lists are
// parsed once per distinct JSON text (a 3-label question has a handful), not once per row.
import Database from 'better-sqlite3';
import type { Db } from '../store/project-db';
import { nativeBindingPath } from '../store/native-binding';
import { isUnit } from '../store/units';

export type DecisionKind = 'label' | 'skip' | 'not_codable';

export interface CurrentDecision {
  id: string;
  kind: DecisionKind;
  labelIds: readonly string[];
  /** The stored JSON of labelIds: equal texts are equal lists (a cache key for readers). */
  labelsJson: string;
  coderId: string;
  createdAt: string;
  suggestionLabelIds: readonly string[] | null;
  suggestionJson: string | null;
  suggestionScore: number | null;
  runId: string | null;
  codebookRevisionId: string | null;
  seconds: number | null;
  note: string | null;
  flagged: boolean;
  /** Whether the suggestion was on screen when the coder decided (a blind sample decision and the
   * CLI record the suggestion of that moment hidden: it is no "accepted" or "changed" then). */
  suggestionShown: boolean;
  /** The validation sample whose blind queue the decision was made in; null for ordinary coding. */
  sampleId: string | null;
}

export interface DocumentWithDecision {
  id: number;
  externalId: string;
  /** Empty when the chunk was read without texts. */
  text: string;
  /** The metadata JSON as stored (parsed only by writers that need it); a unit of a segmentation
   * has none of its own and carries its parent's. */
  metadata: string;
  decision: CurrentDecision | null;
  /** A unit of a segmentation: its parent and its place there; null for a whole document. */
  segment: ExportSegment | null;
  /** The unit's gold value as stored (after the import's value mapping); null without one. */
  gold: string | null;
  /** The import the unit came from (whether its empty gold cell means no label: [Note: empty gold]). */
  importId: string;
  /** How the standing decision was chosen among the coders (coding_state.resolution); null when open
   * or never resolved. */
  resolution?: 'single' | 'agreed' | 'adjudicated' | 'rule' | null;
  /** Coders with a current decision on the unit (a skip included; coding_state.coders). */
  coders?: number;
}

export interface ExportSegment {
  parentId: number;
  parentExternalId: string;
  index: number;
  start: number;
  end: number;
}

// Columns of the chunk statement, read as arrays.
type ChunkRow = [
  number, // d.id
  string, // external_id
  string, // text
  string, // metadata
  string | null, // a.id
  DecisionKind | null,
  string | null, // label_ids
  string | null, // coder_id
  string | null, // created_at
  string | null, // suggestion_label_ids
  number | null, // suggestion_score
  string | null, // run_id
  string | null, // codebook_revision_id
  number | null, // seconds
  string | null, // note
  number | null, // flagged
  number | null, // d.parent_id
  string | null, // the parent's external_id
  number | null, // segment_index
  number | null, // char_start
  number | null, // char_end
  string | null, // d.gold_label
  number | null, // a.suggestion_shown
  string | null, // a.sample_id
  string, // d.import_id
  string | null, // cs.annotation_id: the resolved decision
  number | null, // cs.coders
  DocumentWithDecision['resolution'], // cs.resolution
];

const chunkSql = (withText: boolean) =>
  `SELECT d.id, d.external_id, ${withText ? 'd.text, coalesce(p.metadata, d.metadata)' : "'', '{}'"},
          a.id, a.kind, a.label_ids, a.coder_id, a.created_at, a.suggestion_label_ids, a.suggestion_score, a.run_id,
          a.codebook_revision_id, a.seconds, a.note, a.flagged,
          d.parent_id, p.external_id, d.segment_index, d.char_start, d.char_end, d.gold_label, a.suggestion_shown, a.sample_id, d.import_id,
          cs.annotation_id, cs.coders, cs.resolution
     FROM documents d
     LEFT JOIN documents p ON p.id = d.parent_id
     LEFT JOIN annotations a INDEXED BY annotations_document
       ON a.document_id = d.id AND a.question_id = @q AND a.kind <> 'undo' AND a.role <> 'training'
     LEFT JOIN coding_state cs ON cs.question_id = @q AND cs.document_id = d.id
    WHERE d.id > @after AND d.id <= @end AND ${isUnit('d')}
    ORDER BY d.id, a.created_at, a.rowid`;

const MAX_CACHED = 10_000;

/**
 * Document ids a chunk spans by default. [Note: chunk size] A chunk's rows, texts and records all
 * live until the chunk is written; at 5,000 documents (several MB of text) they outgrew V8's young
 * generation and were copied into the old one, and garbage collection took a sixth of a
 * million-document CSV export. At 1,000 they die young; smaller chunks gained nothing measurable,
 * and each chunk costs one statement, one progress report and one turn of the event loop.
 */
export const EXPORT_CHUNK = 1000;

export class DecisionReader {
  private readonly undone: Set<string>;
  private readonly withText;
  private readonly withoutText;
  private readonly lists = new Map<string, readonly string[]>();
  readonly maxId: number;

  constructor(
    db: Db,
    readonly questionId: string,
  ) {
    this.undone = new Set(
      db
        .prepare("SELECT undoes_id FROM annotations WHERE kind = 'undo' AND question_id = ? AND undoes_id IS NOT NULL")
        .pluck()
        .all(questionId) as string[],
    );
    this.withText = db.prepare(chunkSql(true)).raw(true);
    this.withoutText = db.prepare(chunkSql(false)).raw(true);
    this.maxId = (db.prepare('SELECT max(id) FROM documents').pluck().get() as number | null) ?? 0;
  }

  private list(json: string): readonly string[] {
    let ids = this.lists.get(json);
    if (!ids) {
      ids = JSON.parse(json) as string[];
      if (this.lists.size < MAX_CACHED) this.lists.set(json, ids);
    }
    return ids;
  }

  /** Coding units ([Note: coding units]) with afterId < id <= afterId + span, in id order. */
  chunk(afterId: number, span: number, withText = true): DocumentWithDecision[] {
    const rows = (withText ? this.withText : this.withoutText).all({
      q: this.questionId,
      after: afterId,
      end: afterId + span,
    }) as ChunkRow[];
    const out: DocumentWithDecision[] = [];
    let last = null as DocumentWithDecision | null;
    for (const r of rows) {
      if (last?.id !== r[0]) {
        const segment = r[16] === null ? null : { parentId: r[16], parentExternalId: r[17]!, index: r[18]!, start: r[19]!, end: r[20]! };
        last = { id: r[0], externalId: r[1], text: r[2], metadata: r[3], decision: null, segment, gold: r[21], importId: r[24] };
        last.resolution = r[27];
        last.coders = r[26] ?? 0;
        out.push(last);
      }
      // Rows of one document come oldest first: the last one that is not undone stands, unless the
      // resolved decision was met already (then it stands: [Note: current decision]).
      if (r[4] === null || this.undone.has(r[4])) continue;
      if (last.decision !== null && last.decision.id === r[25]) continue;
      last.decision = {
        id: r[4],
        kind: r[5]!,
        labelIds: this.list(r[6]!),
        labelsJson: r[6]!,
        coderId: r[7]!,
        createdAt: r[8]!,
        suggestionLabelIds: r[9] === null ? null : this.list(r[9]),
        suggestionJson: r[9],
        suggestionScore: r[10],
        runId: r[11],
        codebookRevisionId: r[12],
        seconds: r[13],
        note: r[14],
        flagged: r[15] === 1,
        suggestionShown: r[22] === 1,
        sampleId: r[23],
      };
    }
    return out;
  }

  /** Every chunk in turn, in id order; a chunk may be empty where ids have gaps. */
  async *all(options: { chunkSize?: number; withText?: boolean } = {}): AsyncGenerator<DocumentWithDecision[]> {
    for await (const r of this.ranges(options)) yield r.docs;
  }

  /** all(), each chunk with the id range it covers (afterId < id <= afterId + span), for readers of
   * the same range in other tables (the model's predictions). */
  async *ranges(
    options: { chunkSize?: number; withText?: boolean } = {},
  ): AsyncGenerator<{ afterId: number; span: number; docs: DocumentWithDecision[] }> {
    const span = options.chunkSize ?? EXPORT_CHUNK;
    for (let after = 0; after < this.maxId; after += span)
      yield { afterId: after, span, docs: this.chunk(after, span, options.withText ?? true) };
  }
}

/**
 * A read-only connection holding one read transaction: the export sees the project as it was when
 * it began, however long it runs, while coding goes on in the core's own connection (WAL lets
 * readers and the writer work side by side). Being read-only, it cannot change the project.
 */
export function openSnapshot(path: string): Db {
  const binding = nativeBindingPath();
  const db = new Database(path, { readonly: true, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
  db.pragma('busy_timeout = 5000');
  db.exec('BEGIN');
  // A transaction takes its snapshot at the first read, not at BEGIN.
  db.prepare('SELECT count(*) FROM project_meta').get();
  return db;
}

export function closeSnapshot(db: Db): void {
  if (!db.open) return;
  if (db.inTransaction) db.exec('COMMIT');
  db.close();
}
