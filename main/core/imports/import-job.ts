// The import: the preview, a dry run that lists problem rows (writing nothing), and the job that
// writes documents in chunks under a pending import that becomes visible in one final update.
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  PrelabelError,
  type ImportAnalysis,
  type ImportDecisions,
  type ImportMapping,
  type ImportOptions,
  type ImportPreview,
  type ProblemCode,
  type SegmentSpec,
} from '../../../common/contract';
import { commitImport, discardImport, removedElsewhere } from './import-commit';
import { splitImport } from '../segments/segment-job';
import { currentOwner, ImportLock } from '../store/import-lock';
import { refreshStatistics, type Db } from '../store/project-db';
import { indexImport } from '../store/search-index';
import { suggestColumns } from './column-mapping';
import type { LocalFile } from './import-source';
import { openSource } from './open-source';
import { RowMapper } from './row-mapper';
import { cellIssues, looksScientific, ProblemLog, StoppedByProblem, type RowIssue } from './row-problems';
import { checkColumnRoles, type ReadProgress, type TableSource } from './table-source';
import { EncodingChangedError } from './text-file';
import { TextSpill } from './text-spill';
import { decodeRow, entityCells, rememberDecodeEntities } from './html-entities';

const PREVIEW_ROWS = 20;
/** Rows per write transaction: large enough to be fast, small enough that coding and predictions
 * get the writer between chunks. */
export const CHUNK_ROWS = 5000;

export async function previewImport(file: LocalFile, options: ImportOptions): Promise<ImportPreview> {
  const source = await openSource(file, options, 'preview');
  const rows: string[][] = [];
  const reader = source.rows();
  for await (const r of reader) {
    rows.push(r.values);
    if (rows.length >= PREVIEW_ROWS) break;
  }
  await reader.return(undefined);
  const entities = entityCells(rows);
  const decode = options.decodeHtmlEntities === true;
  if (decode) rows.forEach((r, i) => (rows[i] = decodeRow(r, null)));
  // A nested column's JSON text is long but no document: it is never suggested.
  const nested = source.nested;
  const suggested = suggestColumns(
    source.columns,
    nested?.size ? rows.map((r) => r.map((v, i) => (nested.has(source.columns[i]!) ? '' : v))) : rows,
  );
  return {
    sourceName: file.name,
    format: source.format,
    detection: source.detection,
    delimiter: source.detection.delimiter,
    hasHeader: source.detection.hasHeader,
    columns: source.columns,
    rows,
    suggestedTextColumns: suggested.text,
    suggestedIdColumn: suggested.id,
    suggestedGoldColumn: suggested.gold,
    decodeHtmlEntities: decode,
    entityCells: entities,
  };
}

export interface JobProgress {
  phase: 'reading' | 'splitting' | 'indexing';
  progress: ReadProgress;
}

interface ScanArgs {
  source: TableSource;
  mapping: ImportMapping;
  decisions: ImportDecisions | null; // null: a dry run that only reports
  /** Decode HTML entities in every cell but the id ([Note: HTML entities]). */
  decodeEntities: boolean;
  signal: AbortSignal;
  onProgress: (p: ReadProgress) => void;
  write?: (doc: ReturnType<RowMapper['map']>) => Promise<void>;
}

interface ScanResult {
  rows: number;
  imported: number;
  skipped: number;
  flagged: number;
  log: ProblemLog;
  gold: Map<string, number>;
}

/** The stop at a row of a class chosen to cancel on. The message says what is wrong and where; how
 * to choose otherwise is each face's to say, in its own words ([StoppedByProblem]). */
function stopAt(code: ProblemCode, issue: RowIssue): StoppedByProblem {
  // The row's text stays out of it: an error is printed and logged ([Note: no text in logs]); the
  // problem list of the Import screen shows the row itself.
  const message = issue.message.replace(/^(Row [^:]+: )"(?:[^"\\]|\\.)*" in /, '$1the field ').replace(/: "(?:[^"\\]|\\.)*"\.$/, '.');
  return new StoppedByProblem(code, `${message} The import stopped here and nothing was imported.`);
}

/** Reads every row once: checks, maps, and (with a writer) hands documents over. */
async function scan(args: ScanArgs): Promise<ScanResult> {
  const { source, mapping, decisions, signal } = args;
  const mapper = new RowMapper(source.columns, mapping);
  checkColumnRoles(source, { text: mapper.textIdx, id: mapper.idIdx, gold: mapper.goldIdx });
  const useRowNumbers = decisions?.duplicate_id === 'rownumber';
  // Each id with the row that gave it first, so a repeat can name that row.
  const seenIds = new Map<string, number>();
  // The reading in use, so that the mis-decoding class can name encodings that read better.
  const log = new ProblemLog(source.detection);
  const gold = new Map<string, number>();
  const result: ScanResult = { rows: 0, imported: 0, skipped: 0, flagged: 0, log, gold };
  const spill = new TextSpill({
    columns: source.columns,
    textIdx: mapper.textIdx,
    otherIdx: [mapper.idIdx, mapper.goldIdx],
    surplusFrom: source.surplusFrom ?? source.columns.length,
    delimiter: source.fixedWidth ? source.detection.delimiter : null,
  });
  for await (const read of source.rows({ signal, onProgress: args.onProgress })) {
    if (signal.aborted) break;
    let row = read;
    result.rows++;
    const issues = cellIssues(row.row, source.columns, row.values, row.longestField);
    const spillEnd = spill.find(row.values);
    if (spillEnd !== null) {
      // A spilled row is explained by its text, so it is not also reported as ragged.
      issues.push({ code: 'text_spill', message: spill.message(row, spillEnd) });
      if (decisions?.text_spill === 'join') row = { ...row, values: spill.join(row.values, spillEnd) };
    } else if (source.fixedWidth && row.values.length !== source.columns.length) {
      issues.push({
        code: 'ragged',
        message: `Row ${row.row}${row.line ? ` (line ${row.line})` : ''}: ${row.values.length} field${row.values.length === 1 ? '' : 's'} where the header has ${source.columns.length}.`,
      });
    }
    if (args.decodeEntities) row = { ...row, values: decodeRow(row.values, mapper.idIdx) };
    const text = mapper.text(row.values);
    if (text.trim() === '') issues.push({ code: 'empty_text', message: `Row ${row.row}: the text column is empty.` });
    const givenId = mapper.givenId(row.values);
    if (givenId !== null) {
      const first = seenIds.get(givenId);
      if (first !== undefined) {
        if (looksScientific(givenId)) log.scientificIds++;
        issues.push({ code: 'duplicate_id', message: `Row ${row.row} repeats the id ${givenId} of row ${first}.` });
      } else seenIds.set(givenId, row.row);
    }
    let skip = false;
    for (const issue of issues) {
      log.add(row.row, issue);
      const choice = decisions?.[issue.code];
      if (choice === 'cancel') throw stopAt(issue.code, issue);
      if (choice === 'skip' || (issue.code === 'empty_text' && decisions)) skip = true;
    }
    const g = mapper.gold(row.values);
    if (g !== null) gold.set(g, (gold.get(g) ?? 0) + 1);
    if (skip) {
      result.skipped++;
      continue;
    }
    if (issues.length) result.flagged++;
    if (args.write) await args.write(mapper.map(row, text, useRowNumbers));
    result.imported++;
  }
  return result;
}

/** Runs `work` with the detected options; if the whole file turns out to be in another encoding
 * than its head suggested ([Note: damaged UTF-8 or a legacy encoding]), runs it again in that one
 * (nothing is visible before the end, so that is safe). The second source's detection names the
 * encoding used, and nothing checks it again, so there is never a third read. */
async function withEncodingFallback<T>(
  file: LocalFile,
  options: ImportOptions,
  work: (source: TableSource) => Promise<T>,
  beforeRetry?: () => void,
): Promise<T> {
  const source = await openSource(file, options);
  try {
    return await work(source);
  } catch (err) {
    if (!(err instanceof EncodingChangedError)) throw err;
    beforeRetry?.();
    return work(await openSource(file, { ...options, encoding: err.encoding }));
  }
}

export async function analyzeImport(
  file: LocalFile,
  options: ImportOptions,
  mapping: ImportMapping,
  signal: AbortSignal,
  onProgress: (p: ReadProgress) => void,
): Promise<ImportAnalysis> {
  return withEncodingFallback(file, options, async (source) => {
    const r = await scan({ source, mapping, decisions: null, decodeEntities: options.decodeHtmlEntities === true, signal, onProgress });
    if (signal.aborted) throw new PrelabelError('CANCELLED', 'The check was cancelled.');
    return {
      sourceName: file.name,
      detection: source.detection,
      rows: r.rows,
      problems: r.log.summaries(),
      goldValues: [...r.gold.entries()].sort((a, b) => b[1] - a[1]).map(([value, count]) => ({ value, count })),
    };
  });
}

export interface RunImportArgs {
  db: Db;
  file: LocalFile;
  options: ImportOptions;
  mapping: ImportMapping;
  decisions: ImportDecisions;
  signal: AbortSignal;
  onProgress: (p: JobProgress) => void;
  importId?: string;
  /** Split the documents into units, committed together with the import (segments/segment-job.ts). */
  segment?: SegmentSpec;
}

export interface ImportResult {
  importId: string;
  imported: number;
  skipped: number;
  flagged: number;
  /** Units made by `segment`. */
  segments?: number;
}

export async function runImport(args: RunImportArgs): Promise<ImportResult> {
  const importId = args.importId ?? randomUUID();
  // Taken before the pending row exists and kept until the import is committed and indexed, or
  // discarded: no other process ever sees this import unowned ([Note: import liveness]).
  const lock = ImportLock.acquire(args.db, importId);
  try {
    return await importLocked({ ...args, importId });
  } finally {
    lock.release();
  }
}

async function importLocked(args: RunImportArgs & { importId: string }): Promise<ImportResult> {
  const { db, file, signal, importId } = args;
  const now = () => new Date().toISOString();
  const insertDoc = db.prepare(
    'INSERT INTO documents (import_id, row_number, external_id, text, metadata, gold_label) VALUES (?, ?, ?, ?, ?, ?)',
  );
  type Pending = [number, string, string, string, string | null];
  const heartbeat = db.prepare("UPDATE imports SET heartbeat_at = ? WHERE id = ? AND status = 'pending'");
  const writeChunk = db.transaction((rows: Pending[]) => {
    if (heartbeat.run(now(), importId).changes === 0) throw removedElsewhere(file.name);
    for (const [row, id, text, meta, gold] of rows) insertDoc.run(importId, row, id, text, meta, gold);
  });
  let created = false;
  const result = await withEncodingFallback(
    file,
    args.options,
    async (source) => {
      // Columns are resolved before anything is written: a wrong column name writes nothing.
      const roles = new RowMapper(source.columns, args.mapping);
      checkColumnRoles(source, { text: roles.textIdx, id: roles.idIdx, gold: roles.goldIdx });
      const stored = JSON.stringify({
        detection: source.detection,
        options: args.options,
        mapping: args.mapping,
        decisions: args.decisions,
        // The gold column as the file names it, so that it is kept out of a coder's sight (coding/gold.ts).
        goldColumnName: roles.goldIdx === null ? null : (source.columns[roles.goldIdx] ?? null),
      });
      if (!created) {
        db.prepare(
          `INSERT INTO imports (id, status, source_name, format, options, started_at, owner) VALUES (?, 'pending', ?, ?, ?, ?, ?)`,
        ).run(importId, file.name, source.format, stored, now(), currentOwner());
        created = true;
      } else {
        // A second read in the encoding the whole file showed: the stored detection names it.
        db.prepare('UPDATE imports SET options = ? WHERE id = ?').run(stored, importId);
      }
      let chunk: Pending[] = [];
      const flush = async () => {
        if (chunk.length === 0) return;
        writeChunk(chunk);
        chunk = [];
        // Let the event loop serve other calls (coding, predictions, progress) between chunks.
        await yieldToEventLoop();
      };
      let lastReport = 0;
      const r = await scan({
        source,
        mapping: args.mapping,
        decisions: args.decisions,
        decodeEntities: args.options.decodeHtmlEntities === true,
        signal,
        onProgress: (p) => {
          const t = Date.now();
          if (t - lastReport > 100 || p.done === p.total) {
            lastReport = t;
            args.onProgress({ phase: 'reading', progress: p });
          }
        },
        write: async (doc) => {
          chunk.push([doc.row, doc.externalId, doc.text, JSON.stringify(doc.metadata), doc.gold]);
          if (chunk.length >= CHUNK_ROWS) await flush();
        },
      });
      if (signal.aborted) throw new PrelabelError('CANCELLED', 'The import was cancelled.');
      await flush();
      return { r, source };
    },
    () => db.prepare('DELETE FROM documents WHERE import_id = ?').run(importId),
  ).catch((err: unknown) => {
    if (created) discardImport(db, importId, signal.aborted ? 'cancelled' : 'failed');
    if (signal.aborted && !(err instanceof PrelabelError && err.code === 'CANCELLED')) {
      throw new PrelabelError('CANCELLED', 'The import was cancelled.');
    }
    throw err;
  });

  const { r } = result;
  if (r.imported === 0) {
    discardImport(db, importId, 'failed');
    const why = r.rows === 0 ? 'it holds no rows' : 'every row was skipped (is the text column right?)';
    throw new PrelabelError('BAD_FILE', `Nothing was imported from ${file.name}: ${why}.`);
  }
  const counts = { imported: r.imported, skipped: r.skipped, problems: r.log.summaries() };
  const split = args.segment
    ? await splitImport({
        db,
        importId,
        sourceName: file.name,
        counts,
        spec: args.segment,
        signal,
        onProgress: (p) => args.onProgress({ phase: p.phase, progress: { done: p.done, total: p.total, unit: 'rows' } }),
      })
    : null;
  if (!split) commitImport(db, importId, file.name, counts);
  // The next import into this project proposes this one's choice.
  rememberDecodeEntities(db, args.options.decodeHtmlEntities === true);
  // Not cancellable: the import is committed; a kill leaves the index state exact, and the next
  // open resumes it ([Note: resumable search index]).
  await indexImport(db, importId, (p) => args.onProgress({ phase: 'indexing', progress: { ...p, unit: 'rows' } }));
  await split?.index();
  refreshStatistics(db);
  return { importId, imported: r.imported, skipped: r.skipped, flagged: r.flagged, ...(split ? { segments: split.segments } : {}) };
}
