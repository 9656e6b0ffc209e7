// Builds small OpenDocument spreadsheets for tests, by hand in fflate's ZIP (test-support/zip-writer):
// the mimetype entry first and stored, a manifest, and a content.xml whose sheets are written as
// LibreOffice writes them (table:table > table:table-row > table:table-cell > text:p).
import { writeFileSync } from 'node:fs';
import { zipBuffer, type ZipInput } from '../../test-support/zip-writer';

const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"',
].join(' ');

export const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';

export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A text cell, one text:p per line. */
export function textCell(text: string, attrs = ''): string {
  const ps = text
    .split('\n')
    .map((line) => `<text:p>${escapeXml(line)}</text:p>`)
    .join('');
  return `<table:table-cell office:value-type="string" calcext:value-type="string"${attrs ? ` ${attrs}` : ''}>${ps}</table:table-cell>`;
}

export const row = (cells: string[], attrs = '') => `<table:table-row${attrs ? ` ${attrs}` : ''}>${cells.join('')}</table:table-row>`;

export const table = (name: string, rows: string[], attrs = '') =>
  `<table:table table:name="${escapeXml(name)}"${attrs ? ` ${attrs}` : ''}><table:table-column table:number-columns-repeated="3"/>${rows.join('')}</table:table>`;

/** Rows of plain text cells as a sheet, ended like LibreOffice ends one (a million empty rows). */
export function textTable(name: string, rows: string[][]): string {
  return table(name, [
    ...rows.map((r) => row(r.map((v) => (v === '' ? '<table:table-cell/>' : textCell(v))))),
    row(['<table:table-cell table:number-columns-repeated="1024"/>'], 'table:number-rows-repeated="1048570"'),
  ]);
}

export function contentXml(tables: string, automaticStyles = ''): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${NS} office:version="1.3">` +
    `<office:automatic-styles>${automaticStyles}</office:automatic-styles>` +
    `<office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`
  );
}

export const MANIFEST =
  '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">' +
  `<manifest:file-entry manifest:full-path="/" manifest:media-type="${ODS_MIMETYPE}"/>` +
  '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>';

/** The entries of an .ods file around a content.xml given as written. */
export function odsEntries(content: string, mimetype = ODS_MIMETYPE): ZipInput[] {
  return [
    { name: 'mimetype', data: mimetype, stored: true },
    { name: 'META-INF/manifest.xml', data: MANIFEST },
    { name: 'content.xml', data: content },
  ];
}

export function writeOds(path: string, content: string): string {
  writeFileSync(path, zipBuffer(odsEntries(content)));
  return path;
}
