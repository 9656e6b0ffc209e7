// What a UTF-8 reading of a file's bytes finds, counted as they stream by, and the rule that tells
// UTF-8 (damaged or not) from a legacy encoding ([Note: damaged UTF-8 or a legacy encoding]); the
// legacy encoding itself is named by the charset detector (charset-detect.ts).
import { isUtf8 } from 'node:buffer';
import type { TextEncoding } from '../../../common/encodings';

export type TextEncodingName = TextEncoding;

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
  /** Where in the last chunk pushed the first invalid sequence ended; -1 when it had none. */
  firstInvalidAt = -1;
  private need = 0;
  private lower = 0x80;
  private upper = 0xbf;

  push(bytes: Uint8Array): void {
    // Most chunks are valid UTF-8 that ends on a character boundary: a native check, then a count
    // of lead bytes, is several times faster than the byte-by-byte walk below.
    this.firstInvalidAt = -1;
    if (this.need === 0 && isUtf8(bytes)) {
      this.multiByte += leadBytes(bytes);
      return;
    }
    const before = this.invalid;
    let { need, lower, upper, multiByte, invalid } = this;
    let first = -1;
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
        } else {
          invalid++;
          if (first < 0) first = i;
        }
        continue;
      }
      if (b < lower || b > upper) {
        // The sequence so far is one error; this byte starts over.
        invalid++;
        if (first < 0) first = i;
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
    if (invalid > before) this.firstInvalidAt = Math.max(0, first);
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
// copy, a cut character) or text in a legacy encoding (Windows-1252, Windows-1251, Shift_JIS...). Either
// reading spoils something: read as UTF-8, each invalid sequence becomes U+FFFD and the byte is
// lost; read as Windows-1252, each valid multi-byte sequence becomes two to four garbled
// characters (Ã¼ for ü), in every row that holds one. The two kinds of file differ plainly in
// what they hold: legacy text almost never forms a valid multi-byte UTF-8 sequence by chance (a
// capital accented letter followed by a byte of 0x80-0xBF; the SMS spam corpus has 9 beside 853
// invalid ones), while UTF-8 text, damaged or not, is full of them (the German reviews: 14,179
// and one stray 0xFF). So the bytes are UTF-8 when their valid multi-byte sequences are at least
// twice their invalid ones (a lost byte weighs more than a garbled one), and in a legacy
// encoding otherwise; a file without a single non-ASCII character reads the same either way. The evidence
// is the whole file's: the head gives a first guess for the preview, and a read of the whole
// file with a guessed encoding counts as it goes and is read again if the count disagrees
// (EncodingChangedError). An encoding the user chose, or a BOM, is taken as given and not checked.
// The invalid bytes of a file read as UTF-8 become U+FFFD, and their rows are the problem class
// invalid_utf8: listed by row, kept or skipped as the user chooses.
// Which legacy encoding is the charset detector's to say (charset-detect.ts), from the head, or,
// when the head was UTF-8 and the rest is not, from the bytes around the first invalid sequences
// (ChunkDecoder keeps them). Legacy CJK text forms valid UTF-8 pairs more often than Western text
// (GBK: 24,411 beside 91,617 invalid in XNLI's Chinese; Shift_JIS 134,089 beside 534,534; EUC-JP
// 186,621 beside 515,424), still far below the ratio, so the rule holds for every code page here.
// Valid UTF-8 (and ASCII) never reaches the detector: it is exact and costs nothing.
export function judgeUtf8(e: Utf8Evidence): 'utf-8' | 'legacy' {
  return e.invalid === 0 || e.multiByte >= UTF8_EVIDENCE_RATIO * e.invalid ? 'utf-8' : 'legacy';
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
