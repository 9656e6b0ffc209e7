// The CSV import: a preview of what will be stored, and the job that stores it in chunks under a
// pending import that becomes visible in one final update.
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  PrelabelError,
  type CsvOptions,
  type ImportMapping,
  type ImportPreview,
} from '../../../common/contract';
import type { Db } from '../store/project-db';
import { readCsvRows } from './csv-reader';
import { sniffCsv, type Delimiter } from './csv-sniffer';
import { columnNames, resolveColumn, suggestColumns } from './column-mapping';
import type { LocalFile } from './import-source';

const PREVIEW_ROWS = 20;
/** Rows per write transaction: large enough to be fast, small enough that coding and
 * predictions get the writer between chunks. */
export const CHUNK_ROWS = 5000;

export interface ResolvedCsvOptions {
  delimiter: Delimiter;
  hasHeader: boolean;
}

export function resolveCsvOptions(file: LocalFile, options: Partial<CsvOptions>): ResolvedCsvOptions {
  const sniffed = sniffCsv(file.path, file.name);
  return { delimiter: options.delimiter ?? sniffed.delimiter, hasHeader: options.hasHeader ?? true };
}

export async function previewCsv(file: LocalFile, options: Partial<CsvOptions>): Promise<ImportPreview> {
  const resolved = resolveCsvOptions(file, options);
  const raw: string[][] = [];
  for await (const row of readCsvRows(file.path, file.name, { delimiter: resolved.delimiter })) {
    raw.push(row.fields);
    if (raw.length > PREVIEW_ROWS) break;
  }
  if (raw.length === 0) throw new PrelabelError('BAD_FILE', `${file.name} holds no rows.`);
  const width = Math.max(...raw.map((r) => r.length));
  const first = raw[0]!;
  const header = [...first, ...Array<string>(Math.max(0, width - first.length)).fill('')];
  const columns = columnNames(header, resolved.hasHeader);
  const rows = (resolved.hasHeader ? raw.slice(1) : raw).slice(0, PREVIEW_ROWS);
  const suggested = suggestColumns(columns, rows);
  return {
    sourceName: file.name,
    format: 'csv',
    delimiter: resolved.delimiter,
    hasHeader: resolved.hasHeader,
    columns,
    rows,
    suggestedTextColumns: suggested.text,
    suggestedIdColumn: suggested.id,
  };
}

export interface ImportProgress {
  phase: 'reading' | 'indexing';
  done: number;
  total: number | null;
  unit: 'rows' | 'bytes';
}

export interface RunImportArgs {
  db: Db;
  file: LocalFile;
  options: Partial<CsvOptions>;
  mapping: ImportMapping;
  signal: AbortSignal;
  onProgress: (p: ImportProgress) => void;
  /** Called once the import row exists, before any document is written. */
  importId?: string;
}

export interface ImportResult {
  importId: string;
  imported: number;
  skipped: number;
}

interface Problem {
  row: number;
  code: 'empty_text';
  message: string;
}

const MAX_PROBLEMS_KEPT = 1000;

export async function runCsvImport(args: RunImportArgs): Promise<ImportResult> {
  const { db, file, mapping, signal } = args;
  const opts = resolveCsvOptions(file, args.options);
  const importId = args.importId ?? randomUUID();
  const now = () => new Date().toISOString();

  // Read the first record to resolve the columns before anything is written.
  let columns: string[] | null = null;
  let textIdx: number[] = [];
  let idIdx: number | null = null;
  const resolveWith = (first: string[]) => {
    columns = columnNames(first, opts.hasHeader);
    textIdx = mapping.textColumns.map((c) => resolveColumn(c, columns!, 'text'));
    idIdx = mapping.idColumn === null ? null : resolveColumn(mapping.idColumn, columns, 'id');
  };

  const insertImport = db.prepare(
    `INSERT INTO imports (id, status, source_name, format, options, started_at) VALUES (?, 'pending', ?, 'csv', ?, ?)`,
  );
  const insertDoc = db.prepare(
    'INSERT INTO documents (import_id, row_number, external_id, text, metadata) VALUES (?, ?, ?, ?, ?)',
  );
  const writeChunk = db.transaction((rows: [number, string, string, string][]) => {
    for (const [rowNumber, externalId, text, metadata] of rows) insertDoc.run(importId, rowNumber, externalId, text, metadata);
  });

  let created = false;
  let imported = 0;
  let skipped = 0;
  const problems: Problem[] = [];
  let chunk: [number, string, string, string][] = [];
  let dataRow = 0;

  const flush = async () => {
    if (chunk.length === 0) return;
    writeChunk(chunk);
    chunk = [];
    // Let the event loop serve other calls (coding, predictions, progress) between chunks.
    await yieldToEventLoop();
  };

  try {
    let lastReport = 0;
    const rows = readCsvRows(file.path, file.name, {
      delimiter: opts.delimiter,
      signal,
      onBytes: (done, total) => {
        const t = Date.now();
        if (t - lastReport > 100 || done === total) {
          lastReport = t;
          args.onProgress({ phase: 'reading', done, total, unit: 'bytes' });
        }
      },
    });
    for await (const row of rows) {
      if (signal.aborted) break;
      if (!columns) {
        resolveWith(row.fields);
        insertImport.run(importId, file.name, JSON.stringify({ ...opts, mapping }), now());
        created = true;
        if (opts.hasHeader) continue;
      }
      dataRow++;
      const cols = columns!;
      const text = textIdx
        .map((i) => row.fields[i] ?? '')
        .filter((t) => t.trim() !== '')
        .join(mapping.joinWith);
      if (text.trim() === '') {
        skipped++;
        if (problems.length < MAX_PROBLEMS_KEPT) {
          problems.push({ row: dataRow, code: 'empty_text', message: `Row ${dataRow}: the text column is empty.` });
        }
        continue;
      }
      const externalId = idIdx !== null ? (row.fields[idIdx] ?? '').trim() || String(dataRow) : String(dataRow);
      const metadata: Record<string, string> = {};
      row.fields.forEach((value, i) => {
        if (textIdx.includes(i) || i === idIdx) return;
        metadata[cols[i] ?? `Column ${i + 1}`] = value;
      });
      chunk.push([dataRow, externalId, text, JSON.stringify(metadata)]);
      imported++;
      if (chunk.length >= CHUNK_ROWS) await flush();
    }
    if (signal.aborted) throw new PrelabelError('BUSY', 'cancelled');
    if (!created) throw new PrelabelError('BAD_FILE', `${file.name} holds no rows.`);
    await flush();
    if (imported === 0) {
      throw new PrelabelError('BAD_FILE', `${file.name}: every row has an empty text column, so there is nothing to import. Check the text column.`);
    }
    // One final update makes the whole import visible at once.
    db.prepare(
      `UPDATE imports SET status = 'committed', row_count = ?, skipped_count = ?, problems = ?, finished_at = ? WHERE id = ?`,
    ).run(imported, skipped, JSON.stringify(problems), now(), importId);
  } catch (err) {
    if (created) discardImport(db, importId, signal.aborted ? 'cancelled' : 'failed');
    throw err;
  }

  await buildSearchIndex(db, importId, imported, signal, args.onProgress);
  return { importId, imported, skipped };
}

/** Removes the rows of an import that did not finish and records how it ended. */
export function discardImport(db: Db, importId: string, status: 'cancelled' | 'failed'): void {
  db.transaction(() => {
    db.prepare('DELETE FROM documents WHERE import_id = ?').run(importId);
    db.prepare('UPDATE imports SET status = ?, finished_at = ? WHERE id = ?').run(status, new Date().toISOString(), importId);
  })();
}

/** Adds the committed import's documents to the full-text index, in chunks with progress. The
 * documents are already visible; search finds them once this is done. */
async function buildSearchIndex(
  db: Db,
  importId: string,
  total: number,
  signal: AbortSignal,
  onProgress: (p: ImportProgress) => void,
): Promise<void> {
  const range = db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM documents WHERE import_id = ?').get(importId) as {
    lo: number | null;
    hi: number | null;
  };
  if (range.lo === null || range.hi === null) return;
  const add = db.prepare(
    'INSERT INTO documents_fts (rowid, text) SELECT id, text FROM documents WHERE import_id = ? AND id >= ? AND id < ?',
  );
  const step = 20000;
  let done = 0;
  for (let lo = range.lo; lo <= range.hi; lo += step) {
    if (signal.aborted) break; // the documents stay; the index can be rebuilt later
    done += add.run(importId, lo, lo + step).changes;
    onProgress({ phase: 'indexing', done, total, unit: 'rows' });
    await yieldToEventLoop();
  }
}
