// Reads the parts of a ZIP file (an XLSX workbook is one) through yauzl: it reads the central
// directory (ZIP64 included), inflates each entry with node:zlib as a stream and fails an entry
// that inflates to more or fewer bytes than the directory says (validateEntrySizes). On top of that,
// Prelabel's limits against zip bombs, checked before a byte is inflated: no archive whose entries
// claim more than `maxTotalBytes` together, no entry over `maxEntryBytes`, and none past 1 MB that
// claims to grow more than `maxRatio` times; while inflating, an entry stops the moment it passes
// its stated size ([Note: zip limits]). So a damaged file or a zip bomb ends with a clear message
// instead of filling memory or disk.
//
// [Note: zip limits] A zip bomb is refused from what the central directory declares, before any
// inflating: the ratio of 100 is Apache POI's (ZipSecureFile's MIN_INFLATE_RATIO of 0.01, which
// has guarded Java's spreadsheet readers for years); real workbooks inflate 5 to 15 times (the
// corpora's XLSX files 7 and 8; a generated sheet of 100,000 rows of empty styled cells 13), a
// deflate stream of zeros about 1,030 times. A bomb that states small sizes and inflates to more is
// stopped at its stated size, counted chunk by chunk (yauzl checks it too), so memory never holds
// more than a chunk of an entry beyond what its stated size allowed. Each entry is read as a
// stream; the parts a reader keeps whole in memory (XLSX shared strings) have a lower
// `maxEntryBytes` (IN_MEMORY_PART_LIMITS). Tested with generated bombs in zip-limits.test.ts
// (refused in milliseconds, with the growth of the resident memory measured).
//
// [Note: zip reading] The directory is read once, with where each entry's data starts; each read of
// a part then opens the archive on its own (yauzl reads only its end record) and streams the part
// through yauzl's low-level reader, closing the file when the generator ends (read to the end,
// stopped early or failed): a table source has no close, so no descriptor may outlive a read.
// Walking the directory again for every part cost the corpus workbook's import a few percent.
import { close, closeSync, createReadStream, fstatSync, read, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { PrelabelError } from '../../../common/contract';
import { openRegularFile } from './regular-file';

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  compressionMethod: number;
  encrypted: boolean;
  /** Where the entry's data starts (after its local header), or why that could not be read. */
  dataStart: number | Error;
}

export interface ZipLimits {
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Most output bytes per input byte, for an entry past 1 MB. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntryBytes: 2e9, maxRatio: 100 };
/** For a part held whole in memory while the file is read (XLSX shared strings). */
export const IN_MEMORY_PART_LIMITS: ZipLimits = { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 500e6 };
/** Most bytes all entries of an archive may claim together. */
export const MAX_ARCHIVE_BYTES = 4e9;

const RATIO_FLOOR = 1024 * 1024;

/** 4000 -> "4 KB", 1520000 -> "1.5 MB", 31457280 -> "31 MB". */
function size(bytes: number): string {
  if (bytes < 1e6) return `${Math.ceil(bytes / 1e3)} KB`;
  return `${(bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: bytes < 1e7 ? 1 : 0 })} MB`;
}
const LOC_SIG = 0x04034b50;
const YAUZL_OPTIONS: yauzl.Options = { autoClose: false, lazyEntries: true, decodeStrings: false, validateEntrySizes: true };

function damaged(fileName: string, detail: string): PrelabelError {
  return new PrelabelError(
    'BAD_FILE',
    `${fileName} is damaged or incomplete (${detail}). Save it again from Excel or LibreOffice, or export it as CSV.`,
  );
}

function bomb(fileName: string, part: string, stated?: number): PrelabelError {
  const size = stated === undefined ? '' : ` of ${stated.toLocaleString('en-US')} bytes`;
  return new PrelabelError(
    'BAD_FILE',
    `${fileName}: the part ${part} unpacks to far more than its stated size${size} (a damaged file or a "zip bomb"). Prelabel stopped reading it.`,
  );
}

/** yauzl's errors as sentences about the workbook. */
function explain(err: unknown, fileName: string, part?: string, stated?: number): PrelabelError {
  if (err instanceof PrelabelError) return err;
  const message = (err as Error).message ?? String(err);
  if (/end of central directory record signature not found/i.test(message)) {
    return damaged(fileName, 'the end of the file is missing: it may have been cut off while copying');
  }
  if (part === undefined) return damaged(fileName, `its table of contents is broken: ${message}`);
  if (/too many bytes in the stream/.test(message)) return bomb(fileName, part, stated);
  if (/file data overflows file bounds|too few bytes in the stream|unexpected EOF/i.test(message))
    return damaged(fileName, `the part ${part} is cut off`);
  if (/unsupported compression method|encrypted/i.test(message)) {
    return new PrelabelError(
      'BAD_FILE',
      `${fileName}: the part ${part} is stored in a way Prelabel does not read (${message}). Save the workbook again from Excel or LibreOffice, or export it as CSV.`,
    );
  }
  return damaged(fileName, `the part ${part} cannot be unpacked: ${message}`);
}

/** A ZIP file starts with a local file header; anything else is not a workbook (an old .xls, a text file). */
function checkZipHead(path: string, fileName: string): void {
  const head = Buffer.alloc(4);
  const fd = openRegularFile(path, fileName);
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (head.readUInt32LE(0) !== LOC_SIG) {
    throw new PrelabelError(
      'BAD_FILE',
      `${fileName} is not an Excel workbook (.xlsx files are ZIP archives, and this one is not). Old .xls files must be saved as .xlsx or CSV first.`,
    );
  }
}

function entryName(entry: yauzl.Entry): string {
  const raw = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
  return raw.replace(/^\/+/, '');
}

/** The file as yauzl reads it: like yauzl.open, but entry data in 1 MB reads instead of the stream
 * default of 16 KB, which left the import waiting on the disk between small reads. */
class FileReader extends yauzl.RandomAccessReader {
  constructor(private readonly fd: number) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    // The descriptor belongs to the reader: a range stream that is destroyed must not close it.
    return createReadStream('', {
      fd: this.fd,
      start,
      end: end - 1,
      highWaterMark: 1 << 20,
      fs: { read, close: (_fd: number, cb: (err: null) => void) => cb(null) },
    });
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    read(this.fd, buffer, offset, length, position, (err, bytesRead) =>
      callback(err ?? (bytesRead < length ? new Error('unexpected EOF') : null)),
    );
  }

  override close(callback: (err: Error | null) => void): void {
    close(this.fd, callback);
  }
}

async function openZip(path: string, fileName: string): Promise<yauzl.ZipFile> {
  checkZipHead(path, fileName);
  const fd = openRegularFile(path, fileName); // what is read is what was checked ([Note: special files])
  try {
    // yauzl closes the reader when the zip file is closed; if opening fails, it never had it.
    return await yauzl.fromRandomAccessReaderPromise(new FileReader(fd), fstatSync(fd).size, YAUZL_OPTIONS);
  } catch (err) {
    closeSync(fd);
    throw explain(err, fileName);
  }
}

/** The entries of the archive by name (without a leading slash), each with where its data starts
 * (yauzl's readLocalFileHeader), so that a part is later read without walking the directory again
 * (yauzl's openReadStreamLowLevel, made for reopening an archive read before). A local header that
 * cannot be read fails only the part it belongs to, when that part is read. */
export async function readZipDirectory(path: string, fileName: string, maxTotalBytes = MAX_ARCHIVE_BYTES): Promise<Map<string, ZipEntry>> {
  const zip = await openZip(path, fileName);
  const entries = new Map<string, ZipEntry>();
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entryName(entry);
      total += entry.uncompressedSize;
      if (total > maxTotalBytes) {
        throw new PrelabelError(
          'BAD_FILE',
          `${fileName}: its parts would unpack to more than ${size(maxTotalBytes)} together (the part ${name} passes it), more than Prelabel reads from one workbook (a damaged file or a "zip bomb"). Export the sheet as CSV.`,
        );
      }
      const dataStart = await zip.readLocalFileHeaderPromise(entry, { minimal: true }).then(
        (h) => h.fileDataStart,
        (err: Error) => err,
      );
      entries.set(name, {
        name,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
        compressionMethod: entry.compressionMethod,
        encrypted: entry.isEncrypted(),
        dataStart,
      });
    }
  } catch (err) {
    throw explain(err, fileName);
  } finally {
    zip.close();
  }
  return entries;
}

/** Refuses an entry whose stated sizes break the limits, before anything is inflated. */
function checkLimits(fileName: string, entry: ZipEntry, limits: ZipLimits): void {
  if (entry.uncompressedSize > RATIO_FLOOR && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
    throw new PrelabelError(
      'BAD_FILE',
      `${fileName}: the part ${entry.name} would unpack to ${size(entry.uncompressedSize)} from ${size(entry.compressedSize)}, more than ${limits.maxRatio} times its packed size (a damaged file or a "zip bomb"). Prelabel did not read it.`,
    );
  }
  if (entry.uncompressedSize > limits.maxEntryBytes) {
    throw new PrelabelError(
      'BAD_FILE',
      `${fileName}: the part ${entry.name} would unpack to ${size(entry.uncompressedSize)}, more than the ${size(limits.maxEntryBytes)} Prelabel reads from one workbook part. Export the sheet as CSV.`,
    );
  }
}

/** Streams an entry's inflated bytes within the limits. */
export async function* readZipEntry(
  path: string,
  fileName: string,
  entry: ZipEntry,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): AsyncGenerator<Buffer> {
  checkLimits(fileName, entry, limits);
  if (entry.dataStart instanceof Error) throw explain(entry.dataStart, fileName, entry.name);
  if (entry.encrypted || (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)) {
    throw explain(
      new Error(entry.encrypted ? 'encrypted' : `unsupported compression method: ${entry.compressionMethod}`),
      fileName,
      entry.name,
    );
  }
  const zip = await openZip(path, fileName);
  let stream: Readable | null = null;
  try {
    try {
      const { dataStart, compressedSize, compressionMethod, uncompressedSize } = entry;
      // The callback form: yauzl 3.4.0's openReadStreamLowLevelPromise calls openReadStream by mistake.
      stream = await new Promise<Readable>((resolve, reject) =>
        zip.openReadStreamLowLevel(dataStart, compressedSize, 0, compressedSize, compressionMethod === 8, uncompressedSize, (err, s) =>
          err ? reject(err) : resolve(s),
        ),
      );
    } catch (err) {
      throw explain(err, fileName, entry.name);
    }
    const most = Math.min(entry.uncompressedSize, limits.maxEntryBytes);
    let out = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        out += chunk.length;
        // yauzl checks the stated size too; this keeps the limit whatever its stream does.
        if (out > most) throw bomb(fileName, entry.name, most);
        yield chunk;
      }
    } catch (err) {
      throw explain(err, fileName, entry.name, entry.uncompressedSize);
    }
  } finally {
    stream?.destroy();
    zip.close();
  }
}
