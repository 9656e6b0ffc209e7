// Turns a source row into a document by the user's mapping: joined text columns, id, gold label,
// and every other column kept as metadata under its original name.
import type { ImportMapping } from '../../../common/contract';
import { resolveColumn } from './column-mapping';
import type { SourceRow } from './table-source';

export interface MappedDocument {
  row: number;
  externalId: string;
  /** The id the file gave, before row numbers replaced it (null when none). */
  givenId: string | null;
  text: string;
  metadata: Record<string, string>;
  gold: string | null;
}

export class RowMapper {
  readonly textIdx: number[];
  readonly idIdx: number | null;
  readonly goldIdx: number | null;
  private readonly skip: Set<number>;
  private readonly goldMap: Map<string, string>;

  constructor(
    private readonly columns: readonly string[],
    private readonly mapping: ImportMapping,
  ) {
    this.textIdx = mapping.textColumns.map((c) => resolveColumn(c, columns, 'text'));
    this.idIdx = mapping.idColumn === null ? null : resolveColumn(mapping.idColumn, columns, 'id');
    this.goldIdx = mapping.goldColumn === null ? null : resolveColumn(mapping.goldColumn, columns, 'gold label');
    this.skip = new Set([...this.textIdx, ...(this.idIdx === null ? [] : [this.idIdx])]);
    // Gold values match their mapping whatever the case and surrounding blanks ("FAVOUR " = "favour").
    this.goldMap = new Map(Object.entries(mapping.goldMap).map(([raw, label]) => [raw.trim().toLowerCase(), label]));
  }

  text(values: readonly string[]): string {
    const parts: string[] = [];
    for (const i of this.textIdx) {
      const v = values[i];
      if (v !== undefined && v.trim() !== '') parts.push(v);
    }
    return parts.join(this.mapping.joinWith);
  }

  givenId(values: readonly string[]): string | null {
    if (this.idIdx === null) return null;
    const id = (values[this.idIdx] ?? '').trim();
    return id === '' ? null : id;
  }

  gold(values: readonly string[]): string | null {
    if (this.goldIdx === null) return null;
    const raw = (values[this.goldIdx] ?? '').trim();
    if (raw === '') return null;
    return this.goldMap.get(raw.toLowerCase()) ?? raw;
  }

  /** `useRowNumbers`: ids are row numbers, and the given id moves into the metadata. */
  map(source: SourceRow, text: string, useRowNumbers: boolean): MappedDocument {
    const givenId = this.givenId(source.values);
    const metadata: Record<string, string> = {};
    source.values.forEach((value, i) => {
      if (this.skip.has(i)) return;
      metadata[this.columns[i] ?? `Column ${i + 1}`] = value;
    });
    if (source.extra) Object.assign(metadata, source.extra);
    if (useRowNumbers && givenId !== null) metadata[`${this.columns[this.idIdx!] ?? 'id'} (given)`] = givenId;
    return {
      row: source.row,
      externalId: useRowNumbers || givenId === null ? String(source.row) : givenId,
      givenId,
      text,
      metadata,
      gold: this.gold(source.values),
    };
  }
}
