// The text a sheet's shared-string cells hold, estimated when a workbook is opened, before a row
// is read ([Note: text expansion]): the sheet's XML is inflated and scanned for cells of type "s"
// (`<c ... t="s"><v>12</v></c>`, as Excel, LibreOffice and openpyxl write them) without the XML
// parser, adding the UTF-8 size of the shared string each one points to. Cells written otherwise
// (namespace prefixes, whitespace between the tags) are missed: a lower bound, which the exact count
// of an analysis replaces. Skipped where even every cell pointing to the longest shared string
// could not reach the warning.
import type { LocalFile } from '../import-source';
import { WARN_BYTES } from '../text-size';
import { readZipEntry, type ZipEntry } from '../zip-reader';

const CELL = /<c\s[^>]*?\bt="s"[^>]*><v>(\d+)<\/v>/g;
/** The fewest bytes a shared-string cell takes in the sheet's XML (`<c t="s"><v>0</v></c>`). */
const MIN_CELL_BYTES = 20;

export async function sharedTextEstimate(file: LocalFile, entry: ZipEntry, shared: readonly string[]): Promise<number | null> {
  let longest = 0;
  for (const s of shared) if (s.length > longest) longest = s.length;
  // A UTF-16 unit is at most 3 UTF-8 bytes.
  if ((entry.uncompressedSize / MIN_CELL_BYTES) * longest * 3 <= WARN_BYTES) return null;
  const bytes = new Map<number, number>();
  const sizeOf = (i: number) => {
    let n = bytes.get(i);
    if (n === undefined) bytes.set(i, (n = shared[i] === undefined ? 0 : Buffer.byteLength(shared[i]!, 'utf8')));
    return n;
  };
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let total = 0;
  for await (const chunk of readZipEntry(file.path, file.name, entry)) {
    const text = carry + decoder.decode(chunk, { stream: true });
    let end = 0;
    CELL.lastIndex = 0;
    for (let m = CELL.exec(text); m; m = CELL.exec(text)) {
      total += sizeOf(Number(m[1]));
      end = CELL.lastIndex;
    }
    // A cell cut by the chunk's end is matched with the next chunk.
    carry = text.slice(Math.max(end, text.length - 256));
  }
  return total;
}
