// What the ODS reader makes of content.xml (OpenDocument 1.3, part 3: the table:table elements of
// office:spreadsheet), as an XML handler fed by the streaming reader. Cells are read as the file
// stores them, the way the XLSX reader reads a workbook: numbers (float, percentage, currency) as
// office:value (0.25 for a cell that shows 25%, 1234.5 for one that shows €1,234.50, as XLSX stores
// them), dates as ISO 8601 text in the XLSX reader's form ("2024-03-01", "2024-03-01 14:05:00"),
// times as "14:05:00" (seconds rounded, like XLSX), booleans as TRUE/FALSE, a formula's error as
// shown ("Err:510", "#DIV/0!"), and text from its
// paragraphs joined by line breaks, with text:s (spaces), text:tab and text:line-break. Comments
// (office:annotation), notes and drawn shapes anchored in a cell are no part of its text. A covered
// cell (the cells a merge hides) keeps its column but reads as empty, as the sheet shows it (what
// Excel leaves there too). Repeated rows and cells (table:number-rows-repeated,
// -columns-repeated) are counted but expanded only where they hold something: LibreOffice ends a
// sheet with a million repeated empty rows; a row with content repeated more than
// MAX_REPEATED_ROWS times is refused (RepeatedRowError). Sheets hidden by their table style
// (table:display="false") are marked hidden.

/** Most columns a row is read to (LibreOffice's own limit is 16,384). */
export const MAX_COLUMNS = 16_384;
/** A row with content repeated more often than this is a damaged or hostile file, not data. */
export const MAX_REPEATED_ROWS = 100_000;
/** Most spaces one text:s stands for. */
const MAX_SPACES = 1_000;
/** Elements whose text is no part of the cell's text (a table inside a cell: a sub-table). */
const IGNORED = new Set(['table', 'annotation', 'note', 'frame', 'custom-shape', 'rect', 'ellipse', 'line', 'connector', 'g', 'control']);

export interface OdsSheet {
  name: string;
  hidden: boolean;
}

export interface OdsRow {
  values: string[];
  /** 1-based row in the sheet, repeated rows counted. */
  sheetRow: number;
  /** How many times the row stands in the sheet (table:number-rows-repeated). */
  repeat: number;
}

export class RepeatedRowError extends Error {
  constructor(
    readonly sheetRow: number,
    readonly repeat: number,
  ) {
    super(`row ${sheetRow} is repeated ${repeat} times with content`);
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "PT12H30M05S" (or "PT12H30M05.5S", "P1DT2H") as "12:30:05", "26:00:00", seconds rounded. */
export function odsTime(duration: string): string {
  const m = /^(-?)P(?:(\d+)D)?T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(duration.trim());
  if (!m) return duration;
  const total = Math.round((Number(m[2] ?? 0) * 24 + Number(m[3] ?? 0)) * 3600 + Number(m[4] ?? 0) * 60 + Number(m[5] ?? 0));
  return `${m[1]}${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/** "2024-03-01" stays; "2024-03-01T14:05:00.6" is "2024-03-01 14:05:01" (the XLSX reader's form). */
export function odsDate(value: string): string {
  const m = /^(-?\d{4,}-\d\d-\d\d)T(\d\d):(\d\d):(\d\d(?:\.\d+)?)$/.exec(value.trim());
  if (!m) return value;
  const seconds = Number(m[2]) * 3600 + Number(m[3]) * 60 + Math.round(Number(m[4]));
  if (seconds >= 86_400) {
    // 23:59:59.6 rounds into the next day: let the calendar carry it.
    const d = new Date(`${m[1]}T00:00:00Z`);
    if (Number.isNaN(d.getTime())) return value;
    d.setUTCSeconds(seconds);
    return d.toISOString().replace('T', ' ').slice(0, 19);
  }
  return `${m[1]} ${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

/** A cell's value from its office:value-type and value attributes; null: read its paragraphs. */
function typedValue(attrs: Record<string, string>): string | null {
  const type = attrs['office:value-type'];
  // A formula that failed: its message as shown ("Err:510", "#NAME?"), as XLSX keeps its error code.
  if (attrs['calcext:value-type'] === 'error') return null;
  if (type === 'float' || type === 'percentage' || type === 'currency') return attrs['office:value'] ?? null;
  if (type === 'date') return attrs['office:date-value'] === undefined ? null : odsDate(attrs['office:date-value']);
  if (type === 'time') return attrs['office:time-value'] === undefined ? null : odsTime(attrs['office:time-value']);
  if (type === 'boolean') {
    const b = attrs['office:boolean-value'];
    return b === 'true' || b === '1' ? 'TRUE' : b === 'false' || b === '0' ? 'FALSE' : null;
  }
  if (type === 'string') return attrs['office:string-value'] ?? null;
  return null;
}

/**
 * Reads content.xml's sheets. Every sheet is listed in `sheets` as it is met; the rows of the sheet
 * named `target` that hold something are put in `ready` (the caller takes them after each chunk);
 * `finished` turns true when that sheet ends. A null target reads no rows (only the sheet list).
 */
export class OdsContentHandler {
  readonly sheets: OdsSheet[] = [];
  readonly ready: OdsRow[] = [];
  finished = false;
  /** Element names from the root to the current one. */
  private readonly stack: string[] = [];
  /** Table styles that hide their sheet. */
  private readonly hiddenStyles = new Set<string>();
  private tableStyle: string | null = null;
  private tableDepth = -1;
  private reading = false;
  private ignored = 0;
  private row: string[] = [];
  private rowRepeat = 1;
  private sheetRow = 0;
  private col = 0;
  private cell: { value: string | null; repeat: number; covered: boolean } | null = null;
  private paragraphs: string[] = [];
  private chars: string[] | null = null;

  constructor(private readonly target: string | null) {}

  open(name: string, attrs: Record<string, string>): void {
    const parent = this.stack[this.stack.length - 1];
    this.stack.push(name);
    if (name === 'style' && attrs['style:family'] === 'table') this.tableStyle = attrs['style:name'] ?? null;
    else if (name === 'table-properties' && this.tableStyle !== null && attrs['table:display'] === 'false')
      this.hiddenStyles.add(this.tableStyle);
    // Only a sheet (a table right under office:spreadsheet), not a DDE link's cached table.
    if (name === 'table' && parent === 'spreadsheet') {
      const sheet = attrs['table:name'] ?? `Sheet${this.sheets.length + 1}`;
      this.sheets.push({ name: sheet, hidden: this.hiddenStyles.has(attrs['table:style-name'] ?? '') });
      this.reading = !this.finished && this.target === sheet;
      this.tableDepth = this.stack.length;
      this.sheetRow = 0;
      return;
    }
    if (!this.reading) return;
    if (this.ignored || IGNORED.has(name)) {
      this.ignored++;
      return;
    }
    if (name === 'table-row') {
      this.row = [];
      this.col = 0;
      this.rowRepeat = Math.max(1, Math.floor(Number(attrs['table:number-rows-repeated'] ?? 1)) || 1);
    } else if (name === 'table-cell' || name === 'covered-table-cell') {
      const repeat = Math.max(1, Math.floor(Number(attrs['table:number-columns-repeated'] ?? 1)) || 1);
      const covered = name === 'covered-table-cell';
      this.cell = { value: covered ? '' : typedValue(attrs), repeat, covered };
      this.paragraphs = [];
    } else if (name === 'p' || name === 'h') {
      if (this.cell && !this.cell.covered) this.chars = [];
    } else if (this.chars) {
      if (name === 's') this.chars.push(' '.repeat(Math.min(MAX_SPACES, Math.max(1, Math.floor(Number(attrs['text:c'] ?? 1)) || 1))));
      else if (name === 'tab') this.chars.push('\t');
      else if (name === 'line-break') this.chars.push('\n');
    }
  }

  close(name: string): void {
    const depth = this.stack.length;
    this.stack.pop();
    if (name === 'style') this.tableStyle = null;
    if (name === 'table' && depth === this.tableDepth) {
      if (this.reading) this.finished = true;
      this.reading = false;
      this.tableDepth = -1;
      return;
    }
    if (!this.reading) return;
    if (this.ignored) {
      this.ignored--;
      return;
    }
    if ((name === 'p' || name === 'h') && this.chars) {
      this.paragraphs.push(this.chars.join(''));
      this.chars = null;
    } else if ((name === 'table-cell' || name === 'covered-table-cell') && this.cell) {
      const value = this.cell.value ?? this.paragraphs.join('\n');
      if (value !== '' && this.col < MAX_COLUMNS) {
        const end = Math.min(MAX_COLUMNS, this.col + this.cell.repeat);
        while (this.row.length < this.col) this.row.push('');
        for (let c = this.col; c < end; c++) this.row[c] = value;
      }
      this.col += this.cell.repeat;
      this.cell = null;
    } else if (name === 'table-row') {
      if (this.row.some((v) => v.trim() !== '')) {
        if (this.rowRepeat > MAX_REPEATED_ROWS) throw new RepeatedRowError(this.sheetRow + 1, this.rowRepeat);
        this.ready.push({ values: this.row, sheetRow: this.sheetRow + 1, repeat: this.rowRepeat });
      }
      this.sheetRow += this.rowRepeat;
    }
  }

  text(t: string): void {
    if (this.chars && !this.ignored) this.chars.push(t);
  }
}
