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
//   * [Note: long ids in Excel] a cell of digits only that Excel or LibreOffice would turn into a
//     number and so change (16 or more digits: a double keeps 15, so 1234567890123456789 came back
//     as 1.23456789012346E+18; or a leading zero: 0042 came back as 42) is written as the formula
//     ="1234567890123456789" (quoted as a field: "=""1234567890123456789"""), whose value is that
//     text. Checked with LibreOffice 7.4 (soffice
//     --headless --convert-to, default CSV import): the formula cell reads back as the text
//     1234567890123456789, where a plain or quoted cell was rounded, a leading tab stayed in the
//     value and a leading apostrophe became part of the text. Excel evaluates such formulas when
//     it opens a CSV. The formula holds digits only, so it can run nothing.
//   Excel in locales whose list separator is ";" puts each row in one column; XLSX avoids that.
import type { Cell } from './columns';
import type { FileSink } from './file-sink';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;
/** [Note: long ids in Excel] Digits that a spreadsheet would read as a changed number. */
const FRAGILE_DIGITS = /^(?:\d{16,}|0\d+)$/;

export function csvField(value: Cell, excel: boolean): string {
  if (value === null || value === undefined) return '';
  // A number or a boolean never holds a quote, a comma or a line break, and is never a formula.
  if (typeof value !== 'string') return String(value);
  // Quoted as RFC 4180 asks ("=""0042"""): Excel and LibreOffice still evaluate it.
  const s = !excel ? value : FRAGILE_DIGITS.test(value) ? `="${value}"` : FORMULA_START.test(value) ? `'${value}` : value;
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
    // join() builds the line as one flat string; `line += field` built a chain of two dozen string
    // pieces a row, each garbage once the line was encoded.
    const fields = new Array<string>(cells.length);
    for (let i = 0; i < cells.length; i++) fields[i] = csvField(cells[i]!, this.excel);
    this.sink.write(fields.join(','));
    this.sink.write('\r\n');
  }
}
