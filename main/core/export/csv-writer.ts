// CSV in two flavours.
// - `csv`: RFC 4180: comma-separated, CRLF after every record, a field quoted (with "" for a quote)
//   when it holds a comma, a quote, CR or LF; UTF-8 without a byte order mark.
// - `csv-excel`: the same, plus what Excel needs to open it safely:
//   * a UTF-8 byte order mark, without which Excel reads the file as the local ANSI code page;
//   * [Note: formula injection] every text cell whose first character is = + - @, a tab or a CR
//     gets a leading apostrophe ('=SUM(A1) is shown as =SUM(A1) and never run), following OWASP's
//     CSV-injection advice. This includes the header and values such as "-5" or "+49 30 ...",
//     which then read '-5 and '+49 30 ...: texts of coders' sources must never become formulas.
//     The numbers Prelabel writes itself (score, seconds) are never negative and are not touched.
//   Excel still shows ids of 16 or more digits as rounded numbers when it opens a CSV; the XLSX
//   export keeps them as text. Excel in locales whose list separator is ";" puts each row in one
//   column; XLSX avoids that too.
import type { Cell } from './columns';
import type { FileSink } from './file-sink';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: Cell, excel: boolean): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : String(value);
  if (excel && typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export class CsvWriter {
  constructor(
    private readonly sink: FileSink,
    columns: readonly string[],
    private readonly excel: boolean,
  ) {
    if (excel) sink.write('\ufeff');
    this.add(columns);
  }

  add(cells: readonly Cell[]): void {
    let line = '';
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) line += ',';
      line += csvField(cells[i]!, this.excel);
    }
    this.sink.write(line + '\r\n');
  }
}
