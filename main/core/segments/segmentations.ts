// The project's segmentations: the list, the unit of analysis, removal (undo) and the preview.
import {
  PrelabelError,
  type ParsedInput,
  type Segmentation,
  type SegmentsPreview,
  type SegmentsRemoved,
  type UnitOfAnalysis,
} from '../../../common/contract';
import type { Db } from '../store/project-db';
import { UNIT_IMPORTS } from '../store/units';
import { decidedDocuments } from './segment-commit';
import type { StoredSegmentation } from './segment-writer';
import { checkWindow, documentLanguage, splitText } from './split';

interface SegmentationRow {
  id: string;
  options: string;
  row_count: number;
  started_at: string;
}

export function listSegmentations(db: Db): Segmentation[] {
  const rows = db
    .prepare(
      "SELECT id, options, row_count, started_at FROM imports WHERE format = 'segments' AND status = 'committed' ORDER BY started_at",
    )
    .all() as SegmentationRow[];
  const source = db.prepare('SELECT id, source_name FROM imports WHERE segmented_by = ? ORDER BY started_at');
  const parents = db.prepare('SELECT count(*) FROM documents WHERE import_id IN (SELECT id FROM imports WHERE segmented_by = ?)').pluck();
  return rows.map((r) => {
    const o = JSON.parse(r.options) as StoredSegmentation;
    const sources = source.all(r.id) as { id: string; source_name: string }[];
    return {
      id: r.id,
      unit: o.unit,
      language: o.language,
      languageColumn: o.languageColumn,
      windowSize: o.windowSize,
      windowOverlap: o.windowOverlap,
      sources: sources.map((s) => ({ importId: s.id, sourceName: s.source_name })),
      parents: parents.get(r.id) as number,
      segments: r.row_count,
      createdAt: r.started_at,
    };
  });
}

/** Whole documents, one kind of unit, or a mix (some imports split, others not, or split differently). */
export function unitOfAnalysis(db: Db): UnitOfAnalysis {
  const segmentations = listSegmentations(db);
  if (segmentations.length === 0) return { unit: 'document', segmentations };
  const wholeImports = db
    .prepare(`SELECT count(*) FROM imports WHERE id IN (${UNIT_IMPORTS}) AND format <> 'segments'`)
    .pluck()
    .get() as number;
  const units = new Set(segmentations.map((s) => s.unit));
  return { unit: wholeImports === 0 && units.size === 1 ? segmentations[0]!.unit : 'mixed', segmentations };
}

/** Whether any import is split: queries that must leave parents out only then pay for it. */
export function hasSegmentations(db: Db): boolean {
  return db.prepare('SELECT 1 FROM imports WHERE segmented_by IS NOT NULL LIMIT 1').get() !== undefined;
}

/**
 * Removes segmentations: their units, with everything that only they had (search entries,
 * predictions, suggestion rows, and decision-log rows that an undo cancelled), and makes the parents
 * coding units again, in one transaction. Refused while a unit has a current decision: that would
 * lose coding work. The parents' suggestions are rebuilt from their stored predictions on the next
 * read (the coding state's hashes are cleared).
 */
export function removeSegmentations(db: Db, segmentationId: string | undefined): SegmentsRemoved {
  const all = db.prepare("SELECT id FROM imports WHERE format = 'segments' AND status = 'committed'").pluck().all() as string[];
  const ids = segmentationId === undefined ? all : all.filter((id) => id === segmentationId);
  if (ids.length === 0) {
    throw new PrelabelError(
      'NOT_FOUND',
      segmentationId === undefined
        ? 'This project has no split documents to put back together.'
        : `There is no split ${segmentationId} in this project.`,
    );
  }
  const decided = decidedDocuments(db, ids);
  if (decided > 0) {
    throw new PrelabelError(
      'INVALID_INPUT',
      `${decided.toLocaleString('en-US')} unit${decided === 1 ? ' has a decision' : 's have decisions'} (labels, skips or "not codable"), so the split was not removed: that would lose them. ` +
        'Export the decisions first if you need them; to code whole documents, undo those decisions or start a new project.',
    );
  }
  const json = JSON.stringify(ids);
  const units = 'SELECT id FROM documents WHERE import_id IN (SELECT value FROM json_each(@ids))';
  // A validation sample names its documents; removing them would take the sample's ground away.
  const sampled = db
    .prepare(`SELECT count(DISTINCT document_id) FROM sample_documents WHERE document_id IN (${units})`)
    .pluck()
    .get({ ids: json }) as number;
  if (sampled > 0) {
    throw new PrelabelError(
      'INVALID_INPUT',
      `${sampled.toLocaleString('en-US')} unit${sampled === 1 ? ' is' : 's are'} in a validation sample, so the split was not removed: the sample would lose its documents. ` +
        'To code whole documents, start a new project, or keep coding the units here.',
    );
  }
  return db
    .transaction((): SegmentsRemoved => {
      const segments = db.prepare(`SELECT count(*) FROM (${units})`).pluck().get({ ids: json }) as number;
      const parents = db
        .prepare(
          'SELECT count(*) FROM documents WHERE import_id IN (SELECT id FROM imports WHERE segmented_by IN (SELECT value FROM json_each(@ids)))',
        )
        .pluck()
        .get({ ids: json }) as number;
      db.prepare(`DELETE FROM documents_fts WHERE rowid IN (${units})`).run({ ids: json });
      for (const run of db.prepare('SELECT id FROM prelabel_runs').pluck().all() as string[]) {
        db.prepare(`DELETE FROM predictions WHERE run_id = @run AND document_id IN (${units})`).run({ run, ids: json });
        db.prepare(`DELETE FROM prediction_documents WHERE run_id = @run AND document_id IN (${units})`).run({ run, ids: json });
      }
      for (const q of db.prepare('SELECT DISTINCT question_id FROM coding_state').pluck().all() as string[]) {
        db.prepare(`DELETE FROM coding_state WHERE question_id = @q AND document_id IN (${units})`).run({ q, ids: json });
      }
      db.prepare(`DELETE FROM annotations WHERE document_id IN (${units})`).run({ ids: json });
      db.prepare('DELETE FROM documents WHERE import_id IN (SELECT value FROM json_each(@ids))').run({ ids: json });
      db.prepare('UPDATE imports SET segmented_by = NULL WHERE segmented_by IN (SELECT value FROM json_each(@ids))').run({ ids: json });
      db.prepare('DELETE FROM imports WHERE id IN (SELECT value FROM json_each(@ids))').run({ ids: json });
      db.prepare('DELETE FROM coding_state_hashes').run();
      return { removed: ids.length, segments, parents };
    })
    .immediate();
}

export type PreviewInput = ParsedInput<'segments.preview'>;

export function previewSegments(db: Db | null, input: PreviewInput): SegmentsPreview {
  const { spec } = input;
  checkWindow(spec.windowSize, spec.windowOverlap);
  if (input.text !== undefined) {
    const language = documentLanguage(spec, null);
    return { documents: [{ id: null, externalId: null, language, units: splitText(input.text, spec, language) }] };
  }
  if (!db) throw new PrelabelError('NO_PROJECT', 'No project is open. Open a project, or give a text to split.');
  const rows = (
    input.documentIds
      ? db
          .prepare('SELECT id, external_id, text, metadata FROM documents WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id')
          .all(JSON.stringify(input.documentIds))
      : db
          .prepare(
            `SELECT id, external_id, text, metadata FROM documents d WHERE d.import_id IN (${UNIT_IMPORTS}) AND d.parent_id IS NULL ORDER BY d.id LIMIT ?`,
          )
          .all(input.limit)
  ) as { id: number; external_id: string; text: string; metadata: string }[];
  return {
    documents: rows.map((r) => {
      const language = documentLanguage(spec, JSON.parse(r.metadata) as Record<string, string>);
      return { id: r.id, externalId: r.external_id, language, units: splitText(r.text, spec, language) };
    }),
  };
}
