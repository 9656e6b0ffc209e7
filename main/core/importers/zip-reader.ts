// Reads entries of a ZIP file (XLSX is one) with limits: the central directory is read from the
// end of the file, and each entry is inflated as a stream whose output is counted, so a damaged
// file or a zip bomb ends with a clear message instead of filling memory or disk.
import { createReadStream, closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createInflateRaw } from 'node:zlib';
import { PrelabelError } from '../../../common/contract';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipLimits {
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Most output bytes per input byte, once an entry is past 1 MB. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntryBytes: 2 * 1024 * 1024 * 1024, maxRatio: 1000 };

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

function damaged(fileName: string, detail: string): PrelabelError {
  return new PrelabelError('BAD_FILE', `${fileName} is damaged or incomplete (${detail}). Save it again from Excel, or export it as CSV.`);
}

export function readZipDirectory(path: string, fileName: string): Map<string, ZipEntry> {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    if (head.readUInt32LE(0) !== LOC_SIG) {
      throw new PrelabelError('BAD_FILE', `${fileName} is not an Excel workbook (.xlsx files are ZIP archives, and this one is not). Old .xls files must be saved as .xlsx or CSV first.`);
    }
    if (size < 22) throw damaged(fileName, 'too short to be an Excel file');
    const tailLen = Math.min(size, 65557);
    const tail = Buffer.alloc(tailLen);
    readSync(fd, tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIG) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) {
      throw damaged(fileName, 'the end of the file is missing: it may have been cut off while copying');
    }
    const count = tail.readUInt16LE(eocd + 10);
    const cenSize = tail.readUInt32LE(eocd + 12);
    const cenOffset = tail.readUInt32LE(eocd + 16);
    if (cenOffset === 0xffffffff || count === 0xffff) throw new PrelabelError('BAD_FILE', `${fileName} is larger than 4 GB (ZIP64), which Prelabel does not read. Export it as CSV.`);
    if (cenOffset + cenSize > size) throw damaged(fileName, 'its table of contents points past the end of the file');
    const cen = Buffer.alloc(cenSize);
    readSync(fd, cen, 0, cenSize, cenOffset);
    const entries = new Map<string, ZipEntry>();
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cen.length || cen.readUInt32LE(p) !== CEN_SIG) throw damaged(fileName, 'its table of contents is broken');
      const nameLen = cen.readUInt16LE(p + 28);
      const extraLen = cen.readUInt16LE(p + 30);
      const commentLen = cen.readUInt16LE(p + 32);
      const entry: ZipEntry = {
        method: cen.readUInt16LE(p + 10),
        compressedSize: cen.readUInt32LE(p + 20),
        uncompressedSize: cen.readUInt32LE(p + 24),
        localHeaderOffset: cen.readUInt32LE(p + 42),
        name: cen.toString('utf8', p + 46, p + 46 + nameLen),
      };
      entries.set(entry.name.replace(/^\/+/, ''), entry);
      p += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
  } finally {
    closeSync(fd);
  }
}

/** Streams an entry's inflated bytes, stopping at the limits. */
export async function* readZipEntry(
  path: string,
  fileName: string,
  entry: ZipEntry,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): AsyncGenerator<Buffer> {
  if (entry.uncompressedSize > limits.maxEntryBytes) {
    throw new PrelabelError('BAD_FILE', `${fileName}: the part ${entry.name} would unpack to ${Math.round(entry.uncompressedSize / 1e6)} MB, more than Prelabel reads from one workbook part. Export the sheet as CSV.`);
  }
  const fd = openSync(path, 'r');
  let dataStart: number;
  try {
    const loc = Buffer.alloc(30);
    readSync(fd, loc, 0, 30, entry.localHeaderOffset);
    if (loc.readUInt32LE(0) !== LOC_SIG) throw damaged(fileName, `the part ${entry.name} is missing`);
    dataStart = entry.localHeaderOffset + 30 + loc.readUInt16LE(26) + loc.readUInt16LE(28);
    if (dataStart + entry.compressedSize > fstatSync(fd).size) throw damaged(fileName, `the part ${entry.name} is cut off`);
  } finally {
    closeSync(fd);
  }
  if (entry.compressedSize === 0) return;
  const raw = createReadStream(path, { start: dataStart, end: dataStart + entry.compressedSize - 1, highWaterMark: 1 << 20 });
  if (entry.method === 0) {
    yield* raw as AsyncIterable<Buffer>;
    return;
  }
  if (entry.method !== 8) throw new PrelabelError('BAD_FILE', `${fileName}: the part ${entry.name} uses a compression method Prelabel does not read (${entry.method}).`);
  const inflate = createInflateRaw();
  raw.pipe(inflate);
  let out = 0;
  const bomb = () =>
    new PrelabelError('BAD_FILE', `${fileName}: the part ${entry.name} unpacks to far more than its stated size (a damaged file or a "zip bomb"). Prelabel stopped reading it.`);
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      out += chunk.length;
      if (out > entry.uncompressedSize || out > limits.maxEntryBytes) throw bomb();
      if (out > 1024 * 1024 && out / Math.max(1, raw.bytesRead) > limits.maxRatio) throw bomb();
      yield chunk;
    }
  } catch (err) {
    if (err instanceof PrelabelError) throw err;
    throw damaged(fileName, `the part ${entry.name} cannot be unpacked: ${(err as Error).message}`);
  } finally {
    raw.destroy();
    inflate.destroy();
  }
}
