// Texts that held the delimiter without quotes: their end spilled into the fields after the text
// column. Finds such rows and joins the surplus back into the text (problem class `text_spill`).
//
// [Note: spilled text] A text is taken to have spilled only where nothing else can be meant: the
// text column is the last column that has a name and holds values, and the row has values after
// it, in columns beyond the header or in trailing columns the header left unnamed and that are
// empty in most rows (`Response,Message,,,` of the SMS corpus, 50 of 5,572 rows filled). There the
// surplus has no column of its own, and joining it with the delimiter that split it gives the
// text back as the file holds it, so `join` is the default. Where a named column follows the
// text, a longer row could have spilled anywhere: it stays a `ragged` row for the user to judge.
// An unnamed column filled in most rows is a real column (dates without a header, say), not a
// spill, and is kept as metadata.
import type { SourceRow } from './table-source';

/** A trailing unnamed column filled in at least this share of the sampled rows is a column. */
const COLUMN_SHARE = 0.5;

/** The first column where spilled text may land: after the last named column, or after the last
 * unnamed one that the sampled rows fill in most of the time. Without a header nothing is named,
 * so only fields beyond the first row's width are surplus. */
export function surplusFrom(header: readonly string[], hasHeader: boolean, sample: readonly (readonly string[])[]): number {
  let from = header.length;
  if (!hasHeader) return from;
  while (from > 0 && header[from - 1]!.trim() === '') {
    const filled = sample.filter((r) => (r[from - 1] ?? '') !== '').length;
    if (sample.length > 0 && filled / sample.length >= COLUMN_SHARE) break;
    from--;
  }
  return from;
}

function delimiterName(d: string): string {
  return d === '\t' ? 'a tab' : `"${d}"`;
}

function shorten(s: string, max = 60): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max)}…`;
}

export interface SpillSetup {
  columns: readonly string[];
  /** Column indexes of the mapping: the text columns, and the id and gold columns where mapped. */
  textIdx: readonly number[];
  otherIdx: readonly (number | null)[];
  surplusFrom: number;
  /** The delimiter that split the row; null for formats without one (nothing spills there). */
  delimiter: string | null;
}

export class TextSpill {
  private readonly last: number;
  private readonly active: boolean;

  constructor(private readonly setup: SpillSetup) {
    this.last = Math.max(...setup.textIdx);
    const mapped = [...setup.textIdx, ...setup.otherIdx.filter((i): i is number => i !== null)];
    this.active = setup.delimiter !== null && this.last === setup.surplusFrom - 1 && mapped.every((i) => i <= this.last);
  }

  /** The end (exclusive) of the surplus fields of a row that spilled; null when it did not. */
  find(values: readonly string[]): number | null {
    if (!this.active) return null;
    let end = values.length;
    while (end > this.setup.surplusFrom && values[end - 1] === '') end--;
    return end > this.setup.surplusFrom ? end : null;
  }

  /** The row with its surplus joined back into the text column, as wide as the header. */
  join(values: readonly string[], end: number): string[] {
    const out = values.slice(0, this.last);
    out.push(values.slice(this.last, end).join(this.setup.delimiter!));
    while (out.length < this.setup.columns.length) out.push('');
    return out;
  }

  message(row: SourceRow, end: number): string {
    const n = end - this.setup.surplusFrom;
    const surplus = row.values.slice(this.setup.surplusFrom, end).join(this.setup.delimiter!);
    return `Row ${row.row}${row.line ? ` (line ${row.line})` : ''}: the text in "${this.setup.columns[this.last]}" holds ${delimiterName(this.setup.delimiter!)} without quotes, so its end spilled into ${n} more field${n === 1 ? '' : 's'}: "${shorten(surplus)}".`;
  }
}
