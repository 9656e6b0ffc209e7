// Where each data page of a column chunk starts, for row groups written without an offset index
// (pandas and pyarrow write none by default, and put a million rows in one row group). With these
// locations hyparquet reads only the pages of the rows asked for, so a row group is read in parts
// without holding its whole compressed bytes ([Note: slicing a row group] in parquet-source.ts).
// Only the page headers are read: a few hundred small reads for a large file.
import type { AsyncBuffer, ColumnChunk, RowGroup } from 'hyparquet';
import type { PageLocation } from 'hyparquet/src/types.js';
import { parquetHeader } from 'hyparquet/src/column.js';

/** Bytes read for a page header at first; a header with large statistics is read again, longer. */
const HEADER_BYTES = 1024;

async function pageLocations(file: AsyncBuffer, chunk: ColumnChunk): Promise<PageLocation[] | null> {
  const meta = chunk.meta_data;
  if (!meta) return null;
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  const end = Math.min(start + Number(meta.total_compressed_size), file.byteLength);
  const pages: PageLocation[] = [];
  let offset = start;
  let row = 0n;
  while (offset < end) {
    let header: ReturnType<typeof parquetHeader> | null = null;
    let headerBytes = 0;
    for (let want = HEADER_BYTES; header === null; want *= 4) {
      const bytes = await file.slice(offset, Math.min(offset + want, end));
      const reader = { view: new DataView(bytes), offset: 0 };
      try {
        header = parquetHeader(reader);
        headerBytes = reader.offset;
      } catch (err) {
        // Ran past the bytes read: read more, unless there is no more to read.
        if (offset + want >= end) throw err;
      }
    }
    const size = headerBytes + header.compressed_page_size;
    if (header.type === 'DATA_PAGE' || header.type === 'DATA_PAGE_V2') {
      pages.push({ offset: BigInt(offset), compressed_page_size: size, first_row_index: row });
      row += BigInt(header.data_page_header_v2?.num_rows ?? header.data_page_header?.num_values ?? 0);
    }
    offset += size;
  }
  return pages.length ? pages : null;
}

/**
 * The page locations of a row group's flat columns that have no offset index, by column path, as
 * hyparquet's planner takes them. Nested columns are left out: their pages need not start at a
 * row, and the reader decodes them whole.
 */
export async function rowGroupPages(
  file: AsyncBuffer,
  group: RowGroup,
  flat: ReadonlySet<string>,
): Promise<Record<string, PageLocation[]>> {
  const out: Record<string, PageLocation[]> = {};
  for (const chunk of group.columns) {
    const path = chunk.meta_data?.path_in_schema;
    if (!path || path.length !== 1 || !flat.has(path[0]!) || chunk.offset_index_offset !== undefined) continue;
    const pages = await pageLocations(file, chunk);
    if (pages) out[path.join('.')] = pages;
  }
  return out;
}
