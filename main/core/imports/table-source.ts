// Every importable format is read as a table: column names and a stream of rows of strings. The
// mapping, the problem checks and the import job work on that, whatever the format was.
import type { ImportDetection, ImportFormat, ImportOptions } from '../../../common/contract';

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
  rows(options?: RowReadOptions): AsyncGenerator<SourceRow>;
}

export type { ImportFormat, ImportOptions };
