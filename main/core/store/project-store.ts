// A project opened by the core: its connection (the one writer) and the queries the API uses.
import { basename } from 'node:path';
import type { ProjectInfo, ProjectStats, ImportSummary, DocumentPage, DocumentRow, SearchIndexState } from '../../../common/contract';
import { lockState, parseOwner } from './import-lock';
import { createProjectDb, openProjectDb, readMeta, type Db } from './project-db';
import { checkProjectSchema, damagedFileError } from './schema-check';
import { latestVersion } from './migrations';
import { locationWarnings } from './location-warnings';
import { tightenedWarning } from '../privacy/file-modes';
import { removeDeadLeftovers } from '../backup/backup-files';
import { searchIndexState } from './search-index';
import { searchQuery } from './search-text';
import { unitOfAnalysis } from '../segments/segmentations';
import { isUnit } from './units';

interface ImportRow {
  id: string;
  source_name: string;
  format: string;
  status: ImportSummary['status'];
  row_count: number;
  skipped_count: number;
  problems: string;
  started_at: string;
  finished_at: string | null;
  owner: string | null;
  search_indexed: number;
  segmented_by: string | null;
}

interface DocumentSqlRow {
  id: number;
  external_id: string;
  text: string;
  text_length: number;
  metadata: string;
  gold_label: string | null;
}

function toDocument(r: DocumentSqlRow): DocumentRow {
  return {
    id: r.id,
    externalId: r.external_id,
    text: r.text,
    textLength: r.text_length,
    metadata: JSON.parse(r.metadata) as Record<string, string>,
    gold: r.gold_label,
  };
}

const VISIBLE = isUnit('d');

export class ProjectStore {
  private constructor(
    readonly db: Db,
    readonly path: string,
  ) {}

  static create(path: string, name: string): ProjectStore {
    return new ProjectStore(createProjectDb(path, { name }), path);
  }

  /** Opens a project file; a damaged one (pages cut off, a table dropped) is refused here, with
   * one line naming the damage (store/schema-check.ts). */
  static open(path: string): ProjectStore {
    let db: Db | null = null;
    try {
      db = openProjectDb(path);
      checkProjectSchema(db, path);
      // A backup or restore killed midway left a copy of the project (texts included) beside it:
      // whoever opens the project next removes it once its process is gone.
      removeDeadLeftovers(path);
      return new ProjectStore(db, path);
    } catch (err) {
      if (db?.open) db.close();
      throw damagedFileError(err, path) ?? err;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  info(): ProjectInfo {
    const meta = readMeta(this.db);
    return {
      id: meta.id ?? '',
      name: meta.name ?? basename(this.path),
      path: this.path,
      schemaVersion: latestVersion,
      createdAt: meta.created_at ?? '',
      documentCount: this.documentCount(),
      warnings: [...locationWarnings(this.path), ...tightenedWarning(this.path), ...this.importWarnings()],
    };
  }

  /** Imports another window or process is writing right now: their documents appear when they finish. */
  private importWarnings(): string[] {
    const pending = this.db.prepare("SELECT id, source_name, owner FROM imports WHERE status = 'pending'").all() as Pick<
      ImportRow,
      'id' | 'source_name' | 'owner'
    >[];
    return pending
      .filter((r) => lockState(this.db, r.id) === 'elsewhere')
      .map((r) => {
        const owner = parseOwner(r.owner);
        const who = owner ? ` (process ${owner.pid} on ${owner.host})` : '';
        return `${r.source_name} is being imported in another window${who}; its documents appear here when that import finishes.`;
      });
  }

  documentCount(): number {
    return this.db.prepare(`SELECT count(*) FROM documents d WHERE ${VISIBLE}`).pluck().get() as number;
  }

  imports(): ImportSummary[] {
    const rows = this.db
      .prepare(
        'SELECT id, source_name, format, status, row_count, skipped_count, problems, started_at, finished_at, search_indexed, segmented_by FROM imports ORDER BY started_at',
      )
      .all() as ImportRow[];
    return rows.map((r) => ({
      id: r.id,
      sourceName: r.source_name,
      format: r.format,
      status: r.status,
      rowCount: r.row_count,
      skippedCount: r.skipped_count,
      problems: JSON.parse(r.problems) as ImportSummary['problems'],
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      searchIndexed: r.status === 'committed' && r.search_indexed === 1,
      runningElsewhere:
        (r.status === 'pending' || (r.status === 'committed' && r.search_indexed === 0)) && lockState(this.db, r.id) === 'elsewhere',
      segmentedBy: r.segmented_by,
    }));
  }

  /** Whether search finds every visible document yet ([Note: resumable search index]). */
  searchState(): SearchIndexState {
    return searchIndexState(this.db, this.documentCount());
  }

  stats(): ProjectStats {
    const count = (sql: string) => this.db.prepare(sql).pluck().get() as number;
    return {
      documents: this.documentCount(),
      imports: this.imports(),
      annotations: count('SELECT count(*) FROM annotations'),
      predictions: count('SELECT count(*) FROM predictions'),
      search: this.searchState(),
      units: unitOfAnalysis(this.db),
    };
  }

  /** A page of visible documents; with `suggest`, each row gets its suggestion (null when unscored),
   * looked up for the whole page at once. */
  listDocuments(
    offset: number,
    limit: number,
    suggest?: (ids: number[]) => Map<number, NonNullable<DocumentRow['suggestion']>>,
    search?: string,
  ): DocumentPage {
    const match = search === undefined ? null : searchQuery(search);
    const filter = match === null ? '' : 'AND d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH @match)';
    const params = { limit, offset, ...(match === null ? {} : { match }) };
    const rows = this.db
      .prepare(
        `SELECT d.id, d.external_id, substr(d.text, 1, 2000) AS text, length(d.text) AS text_length, d.metadata, d.gold_label
         FROM documents d WHERE ${VISIBLE} ${filter} ORDER BY d.id LIMIT @limit OFFSET @offset`,
      )
      .all(params) as DocumentSqlRow[];
    const suggestions = suggest?.(rows.map((r) => r.id));
    const out = rows.map((r) => ({ ...toDocument(r), ...(suggestions ? { suggestion: suggestions.get(r.id) ?? null } : {}) }));
    const total =
      match === null
        ? this.documentCount()
        : (this.db.prepare(`SELECT count(*) FROM documents d WHERE ${VISIBLE} ${filter}`).pluck().get({ match }) as number);
    return { total, offset, rows: out };
  }

  getDocument(id: number): DocumentRow | null {
    const row = this.db
      .prepare(
        `SELECT d.id, d.external_id, d.text, length(d.text) AS text_length, d.metadata, d.gold_label FROM documents d WHERE d.id = ? AND ${VISIBLE}`,
      )
      .get(id) as DocumentSqlRow | undefined;
    return row ? toDocument(row) : null;
  }
}
