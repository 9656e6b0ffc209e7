// Builds zip bombs for tests without inflating them first: a deflate stream is a row of blocks, and
// a block ended by a sync flush is byte-aligned and refers to nothing before it, so one deflated
// mebibyte of the same byte (about 1 KB) repeated N times is a valid stream of N MiB. The archive
// is written by hand (local headers, data, central directory, end record) so that an entry can
// state any size, honest or not. The CRC is left 0: the readers stop long before it is checked.
import { constants, deflateRawSync } from 'node:zlib';

const MIB = 1024 * 1024;

export interface BombEntry {
  name: string;
  /** The entry's deflate stream. */
  deflated: Buffer;
  /** The size the headers state (honest: the stream's real inflated size). */
  statedSize: number;
}

const sync = (data: Buffer | string) => deflateRawSync(data, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });

/** A deflate stream of `prefix`, `mib` MiB of `fill` (with `noise` random-like bytes after each MiB,
 * to bring the ratio down) and `suffix`; with its real inflated size. */
export function bombStream(mib: number, opts: { fill?: number; prefix?: string; suffix?: string; noise?: number } = {}): BombEntry {
  const unit = sync(Buffer.alloc(MIB, opts.fill ?? 0));
  const noise = opts.noise ?? 0;
  const parts: Buffer[] = [sync(opts.prefix ?? '')];
  let seed = 12345;
  for (let i = 0; i < mib; i++) {
    parts.push(unit);
    if (noise) {
      const bytes = Buffer.alloc(noise);
      // A letter per byte from a linear congruential generator: text, but barely compressible.
      for (let j = 0; j < noise; j++) bytes[j] = 97 + ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 26);
      parts.push(sync(bytes));
    }
  }
  parts.push(deflateRawSync(opts.suffix ?? '', { level: 9 }));
  const size = Buffer.byteLength(opts.prefix ?? '') + mib * (MIB + noise) + Buffer.byteLength(opts.suffix ?? '');
  return { name: '', deflated: Buffer.concat(parts), statedSize: size };
}

/** An ordinary deflated entry. */
export function plainEntry(name: string, text: string): BombEntry {
  return { name, deflated: deflateRawSync(text), statedSize: Buffer.byteLength(text) };
}

/** The archive, entries in order, each deflated (method 8) with the sizes it states. */
export function bombZip(entries: BombEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(e.statedSize, 22);
    local.writeUInt16LE(name.length, 26);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 4);
    cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(0x0800, 8);
    cen.writeUInt16LE(8, 10);
    cen.writeUInt32LE(e.deflated.length, 20);
    cen.writeUInt32LE(e.statedSize, 24);
    cen.writeUInt16LE(name.length, 28);
    cen.writeUInt32LE(offset, 42);
    locals.push(local, name, e.deflated);
    central.push(cen, name);
    offset += 30 + name.length + e.deflated.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** A workbook of one sheet around `parts` (a sheet or shared strings of the caller's). */
export function bombXlsx(parts: Record<'sheet' | 'sharedStrings', BombEntry | string>): Buffer {
  const part = (name: string, p: BombEntry | string) => (typeof p === 'string' ? plainEntry(name, p) : { ...p, name });
  return bombZip([
    plainEntry('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    plainEntry(
      'xl/workbook.xml',
      `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    plainEntry(
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    part('xl/worksheets/sheet1.xml', parts.sheet),
    part('xl/sharedStrings.xml', parts.sharedStrings),
  ]);
}

export const sheetXml = (rows: string) => `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;
export const sharedXml = (strings: string[]) =>
  `<?xml version="1.0"?><sst xmlns="${MAIN}">${strings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`;
