// Detects a text file's encoding from its first bytes and decodes it as a stream of strings.
// UTF-8 (with or without BOM), UTF-16 LE/BE (with BOM, or detected by their zero bytes), and
// Windows-1252 when the bytes are not valid UTF-8.
import { StringDecoder } from 'node:string_decoder';
import { TextDecoder } from 'node:util';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export const TEXT_ENCODINGS: readonly TextEncodingName[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

export interface DetectedEncoding {
  encoding: TextEncodingName;
  bom: boolean;
}

/** Length of a complete-character prefix: a sample may end in the middle of a UTF-8 sequence. */
function completeUtf8Prefix(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

export function isValidUtf8(bytes: Uint8Array, complete: boolean): boolean {
  const end = complete ? bytes.length : completeUtf8Prefix(bytes);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** UTF-16 text without a BOM has a zero byte in most even (BE) or odd (LE) positions. */
function guessUtf16(head: Uint8Array): TextEncodingName | null {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros / pairs > 0.4 && evenZeros / pairs < 0.05) return 'utf-16le';
  if (evenZeros / pairs > 0.4 && oddZeros / pairs < 0.05) return 'utf-16be';
  return null;
}

/** `complete` says the head is the whole file (so a cut sequence at its end is an error). */
export function detectEncoding(head: Uint8Array, complete = false): DetectedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  const utf16 = guessUtf16(head);
  if (utf16) return { encoding: utf16, bom: false };
  return { encoding: isValidUtf8(head, complete) ? 'utf-8' : 'windows-1252', bom: false };
}

// Windows-1252 differs from Latin-1 in 0x80-0x9F. Node 20's TextDecoder decodes 'windows-1252' as
// Latin-1 there (U+0080-U+009F), which would turn "’" into a control character, so map it here.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const step = 8192;
  for (let start = 0; start < bytes.length; start += step) {
    const end = Math.min(bytes.length, start + step);
    const codes = new Array<number>(end - start);
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      codes[i - start] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b;
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

export class InvalidUtf8Error extends Error {
  constructor(readonly byteOffset: number) {
    super(`the bytes at offset ${byteOffset} are not valid UTF-8`);
  }
}

/** A streaming decoder: push byte chunks, get strings; the BOM is dropped. UTF-8 is decoded
 * strictly so that a file that turns out not to be UTF-8 after the sampled head is noticed. */
export class ChunkDecoder {
  private readonly utf8: TextDecoder | null;
  private readonly utf16: StringDecoder | null;
  private bomPending: boolean;
  private offset = 0;

  constructor(readonly encoding: TextEncodingName) {
    this.utf8 = encoding === 'utf-8' ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }) : null;
    this.utf16 = encoding === 'utf-16le' ? new StringDecoder('utf16le') : null;
    this.bomPending = encoding === 'utf-16le' || encoding === 'utf-16be';
  }

  private oddByte: number | null = null;

  write(chunk: Uint8Array): string {
    const at = this.offset;
    this.offset += chunk.length;
    let text: string;
    if (this.utf8) {
      try {
        text = this.utf8.decode(chunk, { stream: true });
      } catch {
        throw new InvalidUtf8Error(at);
      }
    } else if (this.utf16) {
      text = this.utf16.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } else if (this.encoding === 'utf-16be') {
      text = this.decodeUtf16be(chunk);
    } else {
      text = decodeWindows1252(chunk);
    }
    if (this.bomPending && text.length > 0) {
      this.bomPending = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }

  end(): string {
    if (this.utf8) {
      try {
        return this.utf8.decode();
      } catch {
        throw new InvalidUtf8Error(this.offset);
      }
    }
    if (this.utf16) return this.utf16.end();
    return '';
  }

  /** Swaps byte pairs and decodes as LE; an odd trailing byte waits for the next chunk. */
  private be = new StringDecoder('utf16le');
  private decodeUtf16be(chunk: Uint8Array): string {
    let bytes = Buffer.from(chunk);
    if (this.oddByte !== null) bytes = Buffer.concat([Buffer.from([this.oddByte]), bytes]);
    const even = bytes.length & ~1;
    this.oddByte = even < bytes.length ? bytes[even]! : null;
    const swapped = Buffer.from(bytes.subarray(0, even));
    swapped.swap16();
    return this.be.write(swapped);
  }
}
