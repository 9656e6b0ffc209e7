// XLSX written directly as a minimal OOXML package (workbook, sheets, styles) through the streaming
// ZIP writer. Every id and text is an inline string, never a number, so a 19-digit id or a code like
// "0504" stays exactly as it is; only the score and the seconds are numbers.
//
// [Note: Excel limits] Excel opens at most 1,048,576 rows a sheet and 32,767 characters a cell.
// - Rows: an export with more rows continues on further sheets ("Export 2", ...), each with the
//   header row, rather than refusing: a million-document project is an ordinary case, and a
//   workbook with several sheets is still one file a person can open.
// - Cells: a longer cell is cut to 32,767 characters (never inside a surrogate pair) and the row's
//   `cut_columns` cell names the columns that were cut; the result carries a warning with the
//   count. Refusing would make XLSX unusable for any corpus with one long document, while CSV and
//   JSON Lines of the same export keep every character.
import type { Cell } from './columns';
import type { FileSink } from './file-sink';
import { ZipWriter, type ZipEntryWriter } from './zip-writer';

export interface XlsxLimits {
  /** Rows a sheet holds, the header row included. */
  maxRowsPerSheet: number;
  maxCellChars: number;
}

export const EXCEL_LIMITS: XlsxLimits = { maxRowsPerSheet: 1_048_576, maxCellChars: 32_767 };

export const CUT_COLUMN = 'cut_columns';
export const SHEET_NAME = 'Export';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A1-style column letters: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// Characters XML 1.0 cannot hold, and text that looks like OOXML's own _xHHHH_ escape.
const NEEDS_ESCAPE =
  /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const ESCAPES =
  /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|_(?=x[0-9a-fA-F]{4}_)|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text for an XML element: markup and CR escaped; control characters as OOXML's _xHHHH_ (which Excel
 * turns back into the character); a literal "_x0041_" protected as "_x005F_x0041_"; a lone
 * surrogate (not encodable in UTF-8) replaced by U+FFFD. */
export function xmlText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(ESCAPES, (c) => {
    if (c === '&') return '&amp;';
    if (c === '<') return '&lt;';
    if (c === '>') return '&gt;';
    // A raw CR would come back as LF: XML parsers normalise line ends.
    if (c === '\r') return '&#13;';
    if (c === '_') return '_x005F_';
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
    return `_x${code.toString(16).toUpperCase().padStart(4, '0')}_`;
  });
}

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cutText(s: string, max: number): string {
  let end = max;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return s.slice(0, end);
}

export class XlsxWriter {
  private readonly zip: ZipWriter;
  private readonly header: string[];
  private readonly letters: string[];
  private sheet: ZipEntryWriter | null = null;
  private sheets = 0;
  private rowInSheet = 0;
  private parts: string[] = [];
  private partChars = 0;
  /** Cells cut at the character limit. */
  cutCells = 0;

  constructor(
    sink: FileSink,
    columns: readonly string[],
    private readonly limits: XlsxLimits = EXCEL_LIMITS,
  ) {
    if (limits.maxRowsPerSheet < 2) throw new Error('A sheet must hold the header and at least one row.');
    this.zip = new ZipWriter(sink);
    this.header = [...columns, CUT_COLUMN];
    this.letters = this.header.map((_, i) => columnLetters(i));
  }

  private startSheet(): void {
    this.sheets++;
    this.rowInSheet = 0;
    this.sheet = this.zip.entry(`xl/worksheets/sheet${this.sheets}.xml`);
    this.sheet.write(
      `${XML_HEAD}<worksheet xmlns="${MAIN_NS}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>`,
    );
    this.writeRow(this.header);
  }

  private async endSheet(): Promise<void> {
    if (!this.sheet) return;
    this.flushParts();
    this.sheet.write('</sheetData></worksheet>');
    await this.sheet.close();
    this.sheet = null;
  }

  private writeRow(cells: readonly Cell[]): void {
    const r = ++this.rowInSheet;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      if (v === null || v === undefined || v === '') continue;
      const ref = `${this.letters[i]}${r}`;
      if (typeof v === 'number') xml += Number.isFinite(v) ? `<c r="${ref}"><v>${v}</v></c>` : '';
      else if (typeof v === 'boolean') xml += `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
      else xml += `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlText(v)}</t></is></c>`;
    }
    xml += '</row>';
    this.parts.push(xml);
    this.partChars += xml.length;
    if (this.partChars > 1 << 20) this.flushParts();
  }

  private flushParts(): void {
    if (this.parts.length === 0) return;
    this.sheet!.write(this.parts.join(''));
    this.parts = [];
    this.partChars = 0;
  }

  /** Adds one data row (cells in column order, without the cut column). */
  async add(cells: readonly Cell[]): Promise<void> {
    if (!this.sheet) this.startSheet();
    else if (this.rowInSheet >= this.limits.maxRowsPerSheet) {
      await this.endSheet();
      this.startSheet();
    }
    const cut: string[] = [];
    const out: Cell[] = cells.map((v, i) => {
      if (typeof v !== 'string' || v.length <= this.limits.maxCellChars) return v;
      cut.push(this.header[i]!);
      this.cutCells++;
      return cutText(v, this.limits.maxCellChars);
    });
    out.push(cut.length ? cut.join(',') : null);
    this.writeRow(out);
  }

  /** Between chunks of rows: lets the compressor catch up. */
  async drain(): Promise<void> {
    this.flushParts();
    await this.sheet?.drain();
  }

  get sheetCount(): number {
    return this.sheets;
  }

  async finish(): Promise<void> {
    if (!this.sheet && this.sheets === 0) this.startSheet(); // an empty export: the header alone
    await this.endSheet();
    const names = Array.from({ length: this.sheets }, (_, i) => (i === 0 ? SHEET_NAME : `${SHEET_NAME} ${i + 1}`));
    const sheetRefs = names.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
    await this.zip.file(
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${sheetRefs}</sheets></workbook>`,
    );
    const sheetRels = names
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join('');
    await this.zip.file(
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheetRels}<Relationship Id="rId${this.sheets + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    );
    await this.zip.file(
      'xl/styles.xml',
      `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
    );
    await this.zip.file(
      '_rels/.rels',
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    );
    const sheetTypes = names
      .map(
        (_, i) =>
          `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
      )
      .join('');
    await this.zip.file(
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        `${sheetTypes}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
    );
    await this.zip.finish();
  }
}
