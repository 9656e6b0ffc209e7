// The manifest's account of where the exported documents came from: each committed import of the
// project with the reading choices that changed its text (the encoding it was read in, whether
// HTML entities were decoded), so that a reader of the export knows what the texts went through.
import type { Db } from '../store/project-db';

export interface ImportProvenance {
  id: string;
  sourceName: string;
  format: string;
  rows: number;
  finishedAt: string | null;
  encoding: string | null;
  decodeHtmlEntities: boolean;
}

interface StoredOptions {
  detection?: { encoding?: string | null };
  options?: { decodeHtmlEntities?: boolean };
}

export function importsManifest(db: Db): ImportProvenance[] {
  const rows = db
    .prepare(
      `SELECT id, source_name, format, row_count, finished_at, options FROM imports WHERE status = 'committed' ORDER BY started_at, id`,
    )
    .all() as { id: string; source_name: string; format: string; row_count: number; finished_at: string | null; options: string }[];
  return rows.map((r) => {
    let stored: StoredOptions = {};
    try {
      stored = JSON.parse(r.options) as StoredOptions;
    } catch {
      // an import of an older version without readable options: nothing more to say of it
    }
    return {
      id: r.id,
      sourceName: r.source_name,
      format: r.format,
      rows: r.row_count,
      finishedAt: r.finished_at,
      encoding: stored.detection?.encoding ?? null,
      decodeHtmlEntities: stored.options?.decodeHtmlEntities === true,
    };
  });
}
