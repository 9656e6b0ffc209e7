// Every importable format is read as a table: column names and a stream of rows of strings. The
// mapping, the problem checks and the import job work on that, whatever the format was.
import { PrelabelError, type ImportDetection, type ImportFormat, type ImportOptions } from '../../../common/contract';

export interface SourceRow {
  /** 1-based data row (the header is not counted). */
  row: number;
  /** Line in the file where the row starts, where the format has lines. */
  line: number | null;
  /** Cell texts, in the order of `columns`; may be shorter or longer (ragged rows). */
  values: string[];
  /** Fields that have no column (JSON keys first seen after the sample). */
  extra?: Record<string, string>;
  /** Longest cell in characters, where the reader measured it. */
  longestField?: number;
}

export interface ReadProgress {
  done: number;
  total: number;
  unit: 'bytes' | 'rows';
}

export interface RowReadOptions {
  signal?: AbortSignal;
  onProgress?: (p: ReadProgress) => void;
}

export interface TableSource {
  format: ImportFormat;
  detection: ImportDetection;
  columns: string[];
  /** True where a row's field count tells something (delimited text): ragged rows are checked. */
  fixedWidth: boolean;
  /** Delimited text: the first column where a text that held the delimiter can have spilled (the
   * columns from here on have no name and are mostly empty; [Note: spilled text]). Default: the
   * number of columns, so only fields beyond the header. */
  surplusFrom?: number;
  /** Columns of nested values (Parquet lists, structs, maps), by name, with what they hold ("lists"):
   * kept as JSON text in the metadata, never the text, id or gold column (checkColumnRoles). */
  nested?: ReadonlyMap<string, string>;
  rows(options?: RowReadOptions): AsyncGenerator<SourceRow>;
}

/** Refuses a mapping that reads the text, the id or the gold label from a nested column: its JSON
 * text is no document, id or label, and the message says which column and what to choose. */
export function checkColumnRoles(source: TableSource, roles: { text: readonly number[]; id: number | null; gold: number | null }): void {
  if (!source.nested?.size) return;
  const check = (i: number | null, role: string) => {
    const name = i === null ? undefined : source.columns[i];
    const holds = name === undefined ? undefined : source.nested!.get(name);
    if (holds === undefined) return;
    const plain = source.columns.filter((c) => !source.nested!.has(c));
    throw new PrelabelError(
      'INVALID_INPUT',
      `The column "${name}" holds ${holds} (a nested column), so it cannot be the ${role} column: Prelabel reads texts, ids and labels from plain columns. ` +
        (plain.length ? `Choose one of: ${plain.join(', ')}.` : 'The file has no plain column; flatten it first (e.g. in pandas).') +
        ' Nested columns are kept as JSON text with each document.',
    );
  };
  for (const i of roles.text) check(i, 'text');
  check(roles.id, 'id');
  check(roles.gold, 'gold label');
}

export type { ImportFormat, ImportOptions };
