// Excel stores dates and times as numbers (days since 1900 or 1904) and tells them apart from
// other numbers only by the cell's number format. This reads the formats from xl/styles.xml and
// turns date cells into ISO 8601 text ("2020-03-16", "2020-03-16 14:05:00", "14:05:00"), which is
// what a researcher typed and expects to see, instead of 43906.

/** What a cell style's number format shows. */
export type DateKind = 'date' | 'datetime' | 'time';

/** Built-in number formats (ECMA-376 part 1, 18.8.30) that show dates or times, by id. Ids 27–36
 * and 50–58 are the East Asian locales' date formats. */
const BUILTIN: ReadonlyMap<number, DateKind> = new Map<number, DateKind>([
  ...[14, 15, 16, 17].map((id) => [id, 'date'] as const),
  ...[18, 19, 20, 21, 45, 46, 47].map((id) => [id, 'time'] as const),
  [22, 'datetime'],
  ...[27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58].map((id) => [id, 'date'] as const),
  ...[32, 33, 55, 56].map((id) => [id, 'time'] as const),
]);

/**
 * The kind of a custom format code, or null for one that shows a plain number. Quoted text,
 * escaped characters (\x, _x, *x) and bracketed parts ([Red], [$-409]) are not tokens; an elapsed
 * time ([h]:mm) is a duration, not a time of day, and stays a number.
 */
export function formatKind(code: string): DateKind | null {
  if (/\[(h+|m+|s+)\]/i.test(code)) return null;
  // Only the first section (positive numbers) decides.
  const section = code.split(';')[0] ?? '';
  const tokens = section
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .toLowerCase();
  if (tokens === 'general' || tokens.includes('general')) return null;
  const ampm = /am\/pm|a\/p/.test(tokens);
  const time = /[hs]/.test(tokens) || ampm;
  // "m" is a month, unless the format shows hours or seconds (then it is minutes: "h:mm", "mm:ss").
  const date = /[dy]/.test(tokens.replace(/am\/pm|a\/p/g, '')) || (/m/.test(tokens.replace(/am\/pm/g, '')) && !time);
  if (date && time) return 'datetime';
  if (date) return 'date';
  if (time) return 'time';
  return null;
}

export interface DateStyles {
  /** Cell style index (the `s` attribute) -> what it shows; absent: a plain number. */
  kinds: Map<number, DateKind>;
  /** The workbook counts days from 1904-01-01 (old Mac workbooks) instead of 1899-12-30. */
  date1904: boolean;
}

/** Collects the date styles while xl/styles.xml streams through the XML tokenizer. */
export class StyleCollector {
  private readonly custom = new Map<number, string>();
  private readonly xfFormats: number[] = [];
  private inCellXfs = false;

  open(name: string, attrs: Record<string, string>): void {
    if (name === 'numFmt' && attrs.numFmtId !== undefined && attrs.formatCode !== undefined)
      this.custom.set(Number(attrs.numFmtId), attrs.formatCode);
    else if (name === 'cellXfs') this.inCellXfs = true;
    else if (name === 'xf' && this.inCellXfs) this.xfFormats.push(Number(attrs.numFmtId ?? 0));
  }

  close(name: string): void {
    if (name === 'cellXfs') this.inCellXfs = false;
  }

  kinds(): Map<number, DateKind> {
    const kinds = new Map<number, DateKind>();
    this.xfFormats.forEach((id, index) => {
      const code = this.custom.get(id);
      const kind = code !== undefined ? formatKind(code) : (BUILTIN.get(id) ?? null);
      if (kind) kinds.set(index, kind);
    });
    return kinds;
  }
}

const DAY_MS = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A date cell's number as ISO 8601 text. In the 1900 system Excel counts a 29 February 1900 that
 * never was (serial 60, kept for Lotus 1-2-3): serials before it are one day later than the epoch
 * arithmetic says, and 60 itself is written as Excel shows it. Times are rounded to the second.
 * Returns null for numbers that are no date (negative, not finite, past the year 9999).
 */
export function serialToText(serial: number, kind: DateKind, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0 || serial >= 2_958_466) return null;
  const ms = Math.round(serial * 86_400) * 1000;
  const dayMs = Math.floor(ms / DAY_MS) * DAY_MS;
  const timeMs = ms - dayMs;
  const time = `${pad(Math.floor(timeMs / 3_600_000))}:${pad(Math.floor((timeMs % 3_600_000) / 60_000))}:${pad(Math.floor((timeMs % 60_000) / 1000))}`;
  if (kind === 'time') return time;
  let date: string;
  if (!date1904 && dayMs === 60 * DAY_MS) date = '1900-02-29';
  else {
    const epoch = date1904 ? Date.UTC(1904, 0, 1) : serial < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
    const d = new Date(epoch + dayMs);
    date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  }
  if (kind === 'date' && timeMs === 0) return date;
  return `${date} ${time}`;
}
