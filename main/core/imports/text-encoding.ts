// Detects a text file's encoding from its first bytes and decodes it as a stream of strings.
// UTF-8 (with or without BOM), UTF-16 LE/BE (with BOM, or detected by their zero bytes), and
// Windows-1252 when the bytes are not UTF-8 ([Note: damaged UTF-8 or a legacy encoding]).
import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { TextDecoder } from 'node:util';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export const TEXT_ENCODINGS: readonly TextEncodingName[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

export interface DetectedEncoding {
  encoding: TextEncodingName;
  bom: boolean;
}

/** Bytes of 0xC0 and above: in valid UTF-8, one per multi-byte character. Skips four ASCII bytes
 * at a time. */
function leadBytes(b: Uint8Array): number {
  let n = 0;
  let i = 0;
  const head = Math.min(b.length, (4 - (b.byteOffset & 3)) & 3);
  for (; i < head; i++) if (b[i]! >= 0xc0) n++;
  const words = (b.byteOffset + i) % 4 === 0 ? new Uint32Array(b.buffer, b.byteOffset + i, (b.length - i) >> 2) : new Uint32Array(0);
  for (let k = 0; k < words.length; k++) {
    if ((words[k]! & 0x80808080) === 0) continue;
    for (let j = i + k * 4, end = j + 4; j < end; j++) if (b[j]! >= 0xc0) n++;
  }
  for (let j = i + words.length * 4; j < b.length; j++) if (b[j]! >= 0xc0) n++;
  return n;
}

/** What a UTF-8 reading of some bytes finds: valid sequences of two to four bytes (the non-ASCII
 * characters it would read) and invalid sequences (each of which it would replace with U+FFFD). */
export interface Utf8Evidence {
  multiByte: number;
  invalid: number;
}

/** Counts valid multi-byte and invalid UTF-8 sequences, chunk by chunk, by the rules of the WHATWG
 * decoder that TextDecoder follows (so `invalid` is the number of U+FFFD it writes). */
export class Utf8Counter implements Utf8Evidence {
  multiByte = 0;
  invalid = 0;
  private need = 0;
  private lower = 0x80;
  private upper = 0xbf;

  push(bytes: Uint8Array): void {
    // Most chunks are valid UTF-8 that ends on a character boundary: a native check, then a count
    // of lead bytes, is several times faster than the byte-by-byte walk below.
    if (this.need === 0 && isUtf8(bytes)) {
      this.multiByte += leadBytes(bytes);
      return;
    }
    let { need, lower, upper, multiByte, invalid } = this;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (need === 0) {
        if (b < 0x80) continue;
        if (b >= 0xc2 && b <= 0xdf) need = 1;
        else if (b >= 0xe0 && b <= 0xef) {
          if (b === 0xe0) lower = 0xa0;
          if (b === 0xed) upper = 0x9f;
          need = 2;
        } else if (b >= 0xf0 && b <= 0xf4) {
          if (b === 0xf0) lower = 0x90;
          if (b === 0xf4) upper = 0x8f;
          need = 3;
        } else invalid++;
        continue;
      }
      if (b < lower || b > upper) {
        // The sequence so far is one error; this byte starts over.
        invalid++;
        need = 0;
        lower = 0x80;
        upper = 0xbf;
        i--;
        continue;
      }
      lower = 0x80;
      upper = 0xbf;
      if (--need === 0) multiByte++;
    }
    this.need = need;
    this.lower = lower;
    this.upper = upper;
    this.multiByte = multiByte;
    this.invalid = invalid;
  }

  /** The end of the file: a sequence cut there is one more error. */
  end(): void {
    if (this.need > 0) this.invalid++;
    this.need = 0;
  }
}

/** `complete` says the bytes are the whole file: a sequence cut at their end counts as invalid
 * only then (a sample may end in the middle of a character). */
export function utf8Evidence(bytes: Uint8Array, complete: boolean): Utf8Evidence {
  const counter = new Utf8Counter();
  counter.push(bytes);
  if (complete) counter.end();
  return { multiByte: counter.multiByte, invalid: counter.invalid };
}

/** Valid multi-byte sequences needed per invalid one for bytes to count as UTF-8 with damage. */
export const UTF8_EVIDENCE_RATIO = 2;

// [Note: damaged UTF-8 or a legacy encoding]
// A file that is not valid UTF-8 is either UTF-8 with a few damaged bytes (a stray byte from a
// copy, a cut character) or text in a legacy single-byte encoding (Windows-1252, Latin-1). Either
// reading spoils something: read as UTF-8, each invalid sequence becomes U+FFFD and the byte is
// lost; read as Windows-1252, each valid multi-byte sequence becomes two to four garbled
// characters (Ã¼ for ü), in every row that holds one. The two kinds of file differ plainly in
// what they hold: legacy text almost never forms a valid multi-byte UTF-8 sequence by chance (a
// capital accented letter followed by a byte of 0x80-0xBF; the SMS spam corpus has 9 beside 853
// invalid ones), while UTF-8 text, damaged or not, is full of them (the German reviews: 14,179
// and one stray 0xFF). So the bytes are UTF-8 when their valid multi-byte sequences are at least
// twice their invalid ones (a lost byte weighs more than a garbled one), and Windows-1252
// otherwise; a file without a single non-ASCII character reads the same either way. The evidence
// is the whole file's: the head gives a first guess for the preview, and a read of the whole
// file with a guessed encoding counts as it goes and is read again if the count disagrees
// (EncodingChangedError). An encoding the user chose, or a BOM, is taken as given and not checked.
// The invalid bytes of a file read as UTF-8 become U+FFFD, and their rows are the problem class
// invalid_utf8: listed by row, kept or skipped as the user chooses.
export function judgeUtf8(e: Utf8Evidence): 'utf-8' | 'windows-1252' {
  return e.invalid === 0 || e.multiByte >= UTF8_EVIDENCE_RATIO * e.invalid ? 'utf-8' : 'windows-1252';
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
  return { encoding: judgeUtf8(utf8Evidence(head, complete)), bom: false };
}

// Windows-1252 differs from Latin-1 in 0x80-0x9F. Node 20's TextDecoder decodes 'windows-1252' as
// Latin-1 there (U+0080-U+009F), which would turn "’" into a control character, so map it here.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019,
  0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
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

/** Thrown at the end of a verified read when the whole file's evidence names another encoding
 * than the one guessed from its head ([Note: damaged UTF-8 or a legacy encoding]). */
export class EncodingMismatchError extends Error {
  constructor(
    readonly guessed: TextEncodingName,
    readonly encoding: TextEncodingName,
    readonly evidence: Utf8Evidence,
  ) {
    super(`the file was read as ${guessed}, but its bytes are ${encoding}`);
  }
}

/** A streaming decoder: push byte chunks, get strings; the BOM is dropped. Invalid UTF-8 becomes
 * U+FFFD. In UTF-8 and Windows-1252 it counts what a UTF-8 reading finds (`evidence`), so that a
 * reader can check the guess made from the head against the whole file. */
export class ChunkDecoder {
  private readonly utf8: TextDecoder | null;
  private readonly utf16: StringDecoder | null;
  private readonly counter: Utf8Counter | null;
  private bomPending: boolean;

  constructor(readonly encoding: TextEncodingName) {
    this.utf8 = encoding === 'utf-8' ? new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }) : null;
    this.utf16 = encoding === 'utf-16le' ? new StringDecoder('utf16le') : null;
    this.counter = encoding === 'utf-8' || encoding === 'windows-1252' ? new Utf8Counter() : null;
    this.bomPending = encoding === 'utf-16le' || encoding === 'utf-16be';
  }

  private oddByte: number | null = null;

  write(chunk: Uint8Array): string {
    this.counter?.push(chunk);
    let text: string;
    if (this.utf8) text = this.utf8.decode(chunk, { stream: true });
    else if (this.utf16) text = this.utf16.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    else if (this.encoding === 'utf-16be') text = this.decodeUtf16be(chunk);
    else text = decodeWindows1252(chunk);
    if (this.bomPending && text.length > 0) {
      this.bomPending = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }

  end(): string {
    this.counter?.end();
    if (this.utf8) return this.utf8.decode();
    if (this.utf16) return this.utf16.end();
    return '';
  }

  /** What a UTF-8 reading of the bytes so far finds; null for UTF-16. */
  get evidence(): Utf8Evidence | null {
    return this.counter ? { multiByte: this.counter.multiByte, invalid: this.counter.invalid } : null;
  }

  /** After end(): throws EncodingMismatchError when the bytes read are not in the encoding they
   * were read as. Only a guessed encoding is checked; one the user chose is kept. */
  verify(): void {
    const evidence = this.evidence;
    if (!evidence) return;
    const judged = judgeUtf8(evidence);
    if (judged !== this.encoding) throw new EncodingMismatchError(this.encoding, judged, evidence);
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
