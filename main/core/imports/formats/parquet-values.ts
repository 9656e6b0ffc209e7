// Parquet values as the text Prelabel stores: what kind each top-level column is, and one cell's
// text. Numbers are written as the file holds them (64-bit integers and decimals exactly, a FLOAT
// as its shortest float32 digits), dates and times as ISO 8601, booleans as true/false, null as an
// empty cell, and nested values (lists, structs, maps) as JSON text, as the JSON import keeps them.
//
// [Note: Parquet conversions done here] hyparquet converts decimals to floating point (123.45 may
// come back as 123.45000000000002, a DECIMAL(38,0) id loses digits) and timestamps to Date
// (microseconds lost, no difference between zoned and local times). So the reader removes those
// annotations from its copy of the schema (`rawSchema`), gets the stored integers, and formats them
// here with the scale and unit it kept. Byte arrays without a text annotation come raw too: valid
// UTF-8 is text, anything else "(binary data, N bytes)" (e.g. image bytes in a Hugging Face
// dataset), never a screenful of replacement characters.
import type { FileMetaData, SchemaElement, SchemaTree } from 'hyparquet';

export type ColumnKind =
  | { kind: 'plain' }
  | { kind: 'float32' }
  | { kind: 'bytes' }
  | { kind: 'decimal'; scale: number }
  | { kind: 'date' }
  | { kind: 'time'; unit: Unit }
  | { kind: 'timestamp'; unit: Unit; utc: boolean }
  | { kind: 'int96' }
  | { kind: 'nested'; holds: string };

type Unit = 'MILLIS' | 'MICROS' | 'NANOS';

const UNIT_DIGITS: Record<Unit, number> = { MILLIS: 3, MICROS: 6, NANOS: 9 };
const strict = new TextDecoder('utf-8', { fatal: true });

/** What a nested column holds, in words for a message. */
function nestedKind(tree: SchemaTree): string {
  const e = tree.element;
  if (e.converted_type === 'LIST' || e.logical_type?.type === 'LIST' || (!tree.children.length && e.repetition_type === 'REPEATED'))
    return 'lists';
  if (e.converted_type === 'MAP' || e.converted_type === 'MAP_KEY_VALUE' || e.logical_type?.type === 'MAP') return 'key-value maps';
  if (e.logical_type?.type === 'VARIANT') return 'variant values';
  return 'records (structs)';
}

/** The kind of one top-level column, and the schema element with the annotations this module
 * formats itself removed ([Note: Parquet conversions done here]). */
function columnKind(tree: SchemaTree): { kind: ColumnKind; raw?: SchemaElement } {
  const e = tree.element;
  if (tree.children.length > 0 || e.repetition_type === 'REPEATED') return { kind: { kind: 'nested', holds: nestedKind(tree) } };
  const lt = e.logical_type;
  const ct = e.converted_type;
  const bare: SchemaElement = { ...e, converted_type: undefined, logical_type: undefined };
  if (lt?.type === 'DECIMAL' || ct === 'DECIMAL')
    return { kind: { kind: 'decimal', scale: lt?.type === 'DECIMAL' ? lt.scale : (e.scale ?? 0) }, raw: bare };
  if (lt?.type === 'DATE' || ct === 'DATE') return { kind: { kind: 'date' }, raw: bare };
  if (lt?.type === 'TIMESTAMP') return { kind: { kind: 'timestamp', unit: lt.unit, utc: lt.isAdjustedToUTC }, raw: bare };
  if (ct === 'TIMESTAMP_MILLIS' || ct === 'TIMESTAMP_MICROS')
    return { kind: { kind: 'timestamp', unit: ct === 'TIMESTAMP_MILLIS' ? 'MILLIS' : 'MICROS', utc: true }, raw: bare };
  if (lt?.type === 'TIME') return { kind: { kind: 'time', unit: lt.unit }, raw: bare };
  if (ct === 'TIME_MILLIS' || ct === 'TIME_MICROS')
    return { kind: { kind: 'time', unit: ct === 'TIME_MILLIS' ? 'MILLIS' : 'MICROS' }, raw: bare };
  if (ct === 'BSON' || ct === 'INTERVAL' || lt?.type === 'BSON' || lt?.type === 'INTERVAL') return { kind: { kind: 'bytes' }, raw: bare };
  if (e.type === 'INT96' && !ct) return { kind: { kind: 'int96' } };
  if (e.type === 'FLOAT') return { kind: { kind: 'float32' } };
  const text = ct === 'UTF8' || ct === 'JSON' || lt?.type === 'STRING' || lt?.type === 'JSON' || lt?.type === 'UUID';
  if ((e.type === 'BYTE_ARRAY' || e.type === 'FIXED_LEN_BYTE_ARRAY') && !text && lt?.type !== 'FLOAT16') return { kind: { kind: 'bytes' } };
  return { kind: { kind: 'plain' } };
}

export interface ParquetColumns {
  names: string[];
  kinds: ColumnKind[];
  /** The metadata to read with: the file's, with the annotations formatted here removed. */
  readMetadata: FileMetaData;
}

export function parquetColumns(metadata: FileMetaData, tree: SchemaTree): ParquetColumns {
  const schema = metadata.schema.slice();
  const kinds = tree.children.map((child) => {
    const { kind, raw } = columnKind(child);
    if (raw) {
      const at = schema.indexOf(child.element);
      if (at >= 0) schema[at] = raw;
    }
    return kind;
  });
  return { names: tree.children.map((c) => c.element.name), kinds, readMetadata: { ...metadata, schema } };
}

/** A timestamp in nanoseconds, which a Date cannot hold: what the reader's parser makes of INT96
 * (Spark's old timestamps) and of nanosecond timestamps inside nested values. */
export class Nanos {
  constructor(readonly nanos: bigint) {}
}

const pad = (n: number | bigint, width = 2) => String(n).padStart(width, '0');

/** ".123" for 123 ms, ".000123" for 123 µs; nothing for zero. */
function fraction(sub: bigint, digits: number): string {
  if (sub === 0n) return '';
  let s = pad(sub, digits);
  while (s.endsWith('000')) s = s.slice(0, -3);
  return `.${s}`;
}

/** An instant `count` units after 1970-01-01 (negative before) as ISO 8601, with only the digits
 * of a second the value has; `utc` adds the Z of a zoned time. */
function isoInstant(count: bigint, unit: Unit, utc: boolean): string {
  const digits = UNIT_DIGITS[unit];
  const perSecond = 10n ** BigInt(digits);
  let seconds = count / perSecond;
  let sub = count % perSecond;
  if (sub < 0n) {
    sub += perSecond;
    seconds -= 1n;
  }
  const d = new Date(Number(seconds) * 1000);
  if (Number.isNaN(d.getTime())) return String(count);
  const year = d.getUTCFullYear();
  const y = year < 0 ? `-${pad(-year, 6)}` : year > 9999 ? `+${pad(year, 6)}` : pad(year, 4);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${fraction(sub, digits)}`;
  return `${y}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${time}${utc ? 'Z' : ''}`;
}

function isoDate(days: number): string {
  return isoInstant(BigInt(days) * 86_400_000n, 'MILLIS', false).slice(0, -'T00:00:00'.length);
}

function isoTime(count: bigint, unit: Unit): string {
  return isoInstant(count, unit, false).replace(/^.*T/, '');
}

/** A decimal's unscaled integer (a number, bigint or big-endian two's complement bytes) as text. */
function decimalText(v: unknown, scale: number): string {
  let n: bigint;
  if (v instanceof Uint8Array) {
    n = 0n;
    for (const b of v) n = (n << 8n) | BigInt(b);
    if (v.length && v[0]! & 0x80) n -= 1n << BigInt(v.length * 8);
  } else n = BigInt(v as number | bigint);
  if (scale <= 0) return String(n * 10n ** BigInt(-scale));
  const neg = n < 0n;
  const digits = pad(neg ? -n : n, scale + 1);
  return `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** The shortest decimal that reads back as the same float32 (0.1, not 0.10000000149011612). */
function float32Text(v: number): string {
  if (!Number.isFinite(v) || v === 0) return String(v);
  for (let p = 1; p < 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return String(s);
  }
  return String(v);
}

/** Bytes as text when they are UTF-8, else a note of their length. */
function bytesText(b: Uint8Array): string {
  try {
    return strict.decode(b);
  } catch {
    return `(binary data, ${b.length.toLocaleString('en')} bytes)`;
  }
}

/** A nested value (what hyparquet assembles: arrays, objects, typed arrays, Dates, bigints) as
 * JSON, with 64-bit integers exact. */
export function jsonText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'bigint':
      return String(v);
    case 'boolean':
      return String(v);
  }
  if (v instanceof Nanos) return JSON.stringify(isoInstant(v.nanos, 'NANOS', false));
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'null' : JSON.stringify(v.toISOString());
  if (v instanceof Uint8Array) return JSON.stringify(bytesText(v));
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return `[${Array.from(v as ArrayLike<unknown>, jsonText).join(',')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${JSON.stringify(String(k))}:${jsonText(x)}`).join(',')}}`;
  return `{${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${JSON.stringify(k)}:${jsonText(x)}`)
    .join(',')}}`;
}

/** One cell's text. */
export function cellText(v: unknown, kind: ColumnKind): string {
  if (v === null || v === undefined) return '';
  switch (kind.kind) {
    case 'nested':
      return jsonText(v);
    case 'decimal':
      return decimalText(v, kind.scale);
    case 'date':
      return isoDate(Number(v));
    case 'time':
      return isoTime(BigInt(v as number | bigint), kind.unit);
    case 'timestamp':
      return isoInstant(BigInt(v as number | bigint), kind.unit, kind.utc);
    case 'int96':
      return v instanceof Nanos ? isoInstant(v.nanos, 'NANOS', false) : String(v);
    case 'float32':
      return float32Text(v as number);
    case 'bytes':
      return v instanceof Uint8Array ? bytesText(v) : String(v);
    case 'plain':
      if (typeof v === 'string') return v;
      if (v instanceof Uint8Array) return bytesText(v);
      if (typeof v === 'object') return jsonText(v);
      return String(v);
  }
}
