// The ZIP package of an XLSX export, streamed: fflate's `Zip` writes the container (local headers,
// data descriptors, central directory), and each entry is a `ZipInputFile` whose bytes are deflated
// by node:zlib (level 1) and summed by node:zlib's CRC-32 as they are written, so a sheet of a
// million rows is never held in memory. No ZIP64: a package that would pass 4 GB is refused.
//
// [Note: zip writing] fflate's own entry streams (ZipDeflate, ZipPassThrough) deflate and sum in
// JavaScript; yazl sums in JavaScript and pipes each entry through five streams. Measured on the
// XLSX export (scripts/bench, docs/BENCHMARKS.md), yazl made it about 25% slower and fflate's JS
// CRC-32 alone (about 400 MB/s against 3 GB/s for node:zlib's) would cost several percent more, past
// the 10% the file-format libraries were allowed. fflate's documented ZipInputFile interface lets
// the entry bring its own compression, so the container is the library's and the hot path is
// node's native zlib, as before.
import { once } from 'node:events';
import { constants, crc32, createDeflateRaw, type DeflateRaw } from 'node:zlib';
import { Zip, type AsyncFlateStreamHandler, type ZipInputFile } from 'fflate';
import { PrelabelError } from '../../../common/contract';
import type { FileSink } from './file-sink';

const MAX_32 = 0xffffffff;
const DEFLATE = 8;

function tooLarge(): PrelabelError {
  return new PrelabelError(
    'UNSUPPORTED',
    'The XLSX file would be larger than 4 GB, more than an Excel workbook can hold. Export as CSV or JSON Lines instead.',
  );
}

/** One entry as fflate's Zip takes it: size and CRC-32 of the text, deflated bytes through `ondata`. */
class DeflatedEntry implements ZipInputFile {
  size = 0;
  crc = 0;
  readonly compression = DEFLATE;
  ondata: AsyncFlateStreamHandler = () => {};
  readonly deflate: DeflateRaw;
  readonly ended: Promise<unknown>;
  failure: Error | null = null;

  constructor(
    readonly filename: string,
    readonly mtime: Date,
  ) {
    // Level 1: XLSX parts are repetitive XML, which compresses well even at the fastest level, and
    // a million-row sheet deflates several times faster than at the default level.
    this.deflate = createDeflateRaw({ level: constants.Z_BEST_SPEED });
    // zlib's output never lives in a SharedArrayBuffer.
    this.deflate.on('data', (chunk: Buffer) => this.ondata(null, chunk as Uint8Array<ArrayBuffer>, false));
    this.deflate.on('error', (err) => (this.failure ??= err));
    // The CRC and size are complete before the final call: fflate writes them into the descriptor.
    this.ended = once(this.deflate, 'end').then(() => this.ondata(null, new Uint8Array(0), true));
  }

  write(buf: Buffer): void {
    this.crc = crc32(buf, this.crc);
    this.size += buf.length;
    if (this.size > MAX_32) throw tooLarge();
    this.deflate.write(buf);
  }
}

export class ZipEntryWriter {
  constructor(
    private readonly zip: ZipWriter,
    private readonly entry: DeflatedEntry,
  ) {}

  get name(): string {
    return this.entry.filename;
  }

  write(text: string): void {
    this.entry.write(Buffer.from(text, 'utf8'));
  }

  /** Waits until the compressor has caught up, so that memory stays bounded. */
  async drain(): Promise<void> {
    if (this.entry.failure) throw this.entry.failure;
    if (this.entry.deflate.writableNeedDrain) await once(this.entry.deflate, 'drain');
    this.zip.check();
  }

  async close(): Promise<void> {
    this.entry.deflate.end();
    await this.entry.ended;
    if (this.entry.failure) throw this.entry.failure;
    this.zip.check();
    this.zip.entryClosed(this);
  }
}

export class ZipWriter {
  private readonly zip: Zip;
  private readonly mtime = new Date();
  private open: ZipEntryWriter | null = null;
  private failure: Error | null = null;

  constructor(readonly sink: FileSink) {
    // fflate calls back synchronously with each piece of the archive, in order.
    this.zip = new Zip((err, data) => {
      if (err) return void (this.failure ??= err);
      if (this.failure) return;
      sink.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      if (sink.bytes > MAX_32) this.failure = tooLarge();
    });
  }

  /** Throws what stopped the archive, if anything did. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  /** Starts an entry; the previous one must be closed. */
  entry(name: string): ZipEntryWriter {
    if (this.open) throw new Error(`ZIP entry ${this.open.name} is still open`);
    this.check();
    const entry = new DeflatedEntry(name, this.mtime);
    this.zip.add(entry);
    this.open = new ZipEntryWriter(this, entry);
    return this.open;
  }

  /** A small entry written in one go. */
  async file(name: string, text: string): Promise<void> {
    const e = this.entry(name);
    e.write(text);
    await e.close();
  }

  entryClosed(entry: ZipEntryWriter): void {
    if (this.open === entry) this.open = null;
  }

  /** Writes the central directory; the sink is then complete. */
  async finish(): Promise<void> {
    if (this.open) throw new Error(`ZIP entry ${this.open.name} is still open`);
    this.zip.end();
    this.check();
  }
}
