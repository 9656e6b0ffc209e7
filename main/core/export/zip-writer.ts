// A streaming ZIP writer for XLSX packages: entries deflated (node:zlib deflateRaw) as they are
// written, sizes and CRC-32 in a data descriptor after each entry, so that a sheet of a million
// rows never has to be held in memory. No ZIP64: a package that would pass 4 GB is refused.
import { once } from 'node:events';
import { constants, crc32, createDeflateRaw, type DeflateRaw } from 'node:zlib';
import { PrelabelError } from '../../../common/contract';
import type { FileSink } from './file-sink';

const LOCAL_SIG = 0x04034b50;
const DESCRIPTOR_SIG = 0x08074b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
/** Bit 3: sizes and CRC follow the data; bit 11: the name is UTF-8. */
const FLAGS = 0x0808;
const MAX_32 = 0xffffffff;

interface CentralEntry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

function dosDateTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

function tooLarge(): PrelabelError {
  return new PrelabelError('UNSUPPORTED', 'The XLSX file would be larger than 4 GB, more than an Excel workbook can hold. Export as CSV or JSON Lines instead.');
}

export class ZipEntryWriter {
  private crc = 0;
  private size = 0;
  private compressed = 0;
  private readonly deflate: DeflateRaw;
  private failure: Error | null = null;

  constructor(
    private readonly zip: ZipWriter,
    readonly name: string,
    private readonly offset: number,
  ) {
    // Level 1: XLSX parts are repetitive XML, which compresses well even at the fastest level, and
    // a million-row sheet deflates several times faster than at the default level.
    this.deflate = createDeflateRaw({ level: constants.Z_BEST_SPEED });
    this.deflate.on('data', (chunk: Buffer) => {
      this.compressed += chunk.length;
      zip.sink.write(chunk);
    });
    this.deflate.on('error', (err) => (this.failure = err));
  }

  write(text: string): void {
    const buf = Buffer.from(text, 'utf8');
    this.crc = crc32(buf, this.crc);
    this.size += buf.length;
    if (this.size > MAX_32) throw tooLarge();
    this.deflate.write(buf);
  }

  /** Waits until the compressor has caught up, so that memory stays bounded. */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.deflate.writableNeedDrain) await once(this.deflate, 'drain');
  }

  async close(): Promise<void> {
    const ended = once(this.deflate, 'end');
    this.deflate.end();
    await ended;
    if (this.failure) throw this.failure;
    const d = Buffer.alloc(16);
    d.writeUInt32LE(DESCRIPTOR_SIG, 0);
    d.writeUInt32LE(this.crc >>> 0, 4);
    d.writeUInt32LE(this.compressed, 8);
    d.writeUInt32LE(this.size, 12);
    this.zip.sink.write(d);
    this.zip.entryClosed({ name: Buffer.from(this.name, 'utf8'), crc: this.crc >>> 0, compressed: this.compressed, size: this.size, offset: this.offset });
  }
}

export class ZipWriter {
  private readonly entries: CentralEntry[] = [];
  private readonly stamp = dosDateTime(new Date());
  private open: ZipEntryWriter | null = null;

  constructor(readonly sink: FileSink) {}

  /** Starts an entry; the previous one must be closed. */
  entry(name: string): ZipEntryWriter {
    if (this.open) throw new Error(`ZIP entry ${this.open.name} is still open`);
    const offset = this.sink.bytes;
    if (offset > MAX_32) throw tooLarge();
    const nameBuf = Buffer.from(name, 'utf8');
    const h = Buffer.alloc(30);
    h.writeUInt32LE(LOCAL_SIG, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(FLAGS, 6);
    h.writeUInt16LE(8, 8);
    h.writeUInt16LE(this.stamp.time, 10);
    h.writeUInt16LE(this.stamp.date, 12);
    // CRC and sizes stay 0 here: they follow in the data descriptor.
    h.writeUInt16LE(nameBuf.length, 26);
    this.sink.write(h);
    this.sink.write(nameBuf);
    this.open = new ZipEntryWriter(this, name, offset);
    return this.open;
  }

  /** A small entry written in one go. */
  async file(name: string, text: string): Promise<void> {
    const e = this.entry(name);
    e.write(text);
    await e.close();
  }

  entryClosed(entry: CentralEntry): void {
    this.entries.push(entry);
    this.open = null;
  }

  /** Writes the central directory; the sink is then complete. */
  finish(): void {
    const start = this.sink.bytes;
    for (const e of this.entries) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(CENTRAL_SIG, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(FLAGS, 8);
      c.writeUInt16LE(8, 10);
      c.writeUInt16LE(this.stamp.time, 12);
      c.writeUInt16LE(this.stamp.date, 14);
      c.writeUInt32LE(e.crc, 16);
      c.writeUInt32LE(e.compressed, 20);
      c.writeUInt32LE(e.size, 24);
      c.writeUInt16LE(e.name.length, 28);
      c.writeUInt32LE(e.offset, 42);
      this.sink.write(c);
      this.sink.write(e.name);
    }
    const size = this.sink.bytes - start;
    if (this.sink.bytes > MAX_32) throw tooLarge();
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_SIG, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(start, 16);
    this.sink.write(end);
  }
}
