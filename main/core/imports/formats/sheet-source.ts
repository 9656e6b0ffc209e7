// What a spreadsheet reader (XLSX, ODS) hands the importer once it has chosen a sheet: the first rows
// sampled for the header guess and the columns, the detection, and the rows without the header.
// The readers differ only in how they stream a sheet's rows.
import { PrelabelError } from '../../../../common/contract';
import { columnNames } from '../column-mapping';
import { guessHeader } from '../delimited-sniffer';
import type { RowReadOptions, SourceRow, TableSource } from '../table-source';

/** A row of a sheet as its reader streams it: the cells, and its 1-based row number in the sheet. */
export interface SheetRow {
  values: string[];
  sheetRow: number;
}

export async function sheetSource(args: {
  format: 'xlsx' | 'ods';
  fileName: string;
  sheets: readonly string[];
  sheet: string;
  /** The caller's choice; left out, guessed from the first rows. */
  hasHeader: boolean | undefined;
  /** The chosen sheet's rows, from its first. */
  rows: (read?: RowReadOptions) => AsyncGenerator<SheetRow>;
}): Promise<TableSource> {
  const head: string[][] = [];
  const sampler = args.rows();
  for await (const r of sampler) {
    head.push(r.values);
    if (head.length >= 50) break;
  }
  await sampler.return(undefined);
  if (head.length === 0) throw new PrelabelError('BAD_FILE', `The sheet "${args.sheet}" in ${args.fileName} is empty.`);
  const hasHeader = args.hasHeader ?? guessHeader(head);
  const width = Math.max(...head.map((r) => r.length));
  const first = [...head[0]!, ...Array<string>(Math.max(0, width - head[0]!.length)).fill('')];
  return {
    format: args.format,
    detection: {
      format: args.format,
      encoding: null,
      bom: false,
      delimiter: null,
      quote: null,
      hasHeader,
      lineEndings: null,
      sheets: [...args.sheets],
      sheet: args.sheet,
      arrayKey: null,
    },
    columns: columnNames(first, hasHeader),
    fixedWidth: false,
    async *rows(read: RowReadOptions = {}): AsyncGenerator<SourceRow> {
      let n = 0;
      let skipHeader = hasHeader;
      for await (const r of args.rows(read)) {
        if (skipHeader) {
          skipHeader = false;
          continue;
        }
        let longest = 0;
        for (const v of r.values) if (v.length > longest) longest = v.length;
        yield { row: ++n, line: r.sheetRow, values: r.values, longestField: longest };
      }
    },
  };
}
