// A file's bytes as a stream of strings in any encoding (decoders.ts), with the byte order mark
// dropped, counting what a UTF-8 reading finds so that an encoding guessed from the head can be
// checked against the whole file ([Note: damaged UTF-8 or a legacy encoding] in text-encoding.ts).
import type { TextEncoding } from '../../../common/encodings';
import { rankLegacy } from './charset-detect';
import { isWideUnicode, streamDecoder, type StreamDecoder } from './decoders';
import { EncodingMismatchError, judgeUtf8, Utf8Counter, type Utf8Evidence } from './text-encoding';

/** Bytes kept from around the first invalid UTF-8 sequences of a file read as UTF-8, for the
 * charset detector should the whole file turn out not to be UTF-8. */
const LEGACY_SAMPLE_BYTES = 256 * 1024;
const PIECE_BYTES = 64 * 1024;

export class ChunkDecoder {
  private readonly decoder: StreamDecoder;
  private readonly counter: Utf8Counter | null;
  private bomPending: boolean;
  private readonly legacy: Uint8Array[] = [];
  private legacyBytes = 0;

  constructor(readonly encoding: TextEncoding) {
    this.decoder = streamDecoder(encoding);
    // ISO-2022-JP is seven-bit: a UTF-8 reading finds nothing in it to count.
    this.counter = isWideUnicode(encoding) || encoding === 'iso-2022-jp' ? null : new Utf8Counter();
    this.bomPending = true;
  }

  write(chunk: Uint8Array): string {
    if (this.counter) {
      this.counter.push(chunk);
      const at = this.counter.firstInvalidAt;
      if (at >= 0 && this.legacyBytes < LEGACY_SAMPLE_BYTES) {
        // From the line before the first bad byte: the detector reads whole lines best.
        const from = Math.max(0, chunk.lastIndexOf(0x0a, Math.max(0, at - 1024)));
        const piece = Uint8Array.from(chunk.subarray(from, from + PIECE_BYTES));
        this.legacy.push(piece);
        this.legacyBytes += piece.length;
      }
    }
    let text = this.decoder.write(chunk);
    if (this.bomPending && text.length > 0) {
      this.bomPending = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }

  end(): string {
    this.counter?.end();
    return this.decoder.end();
  }

  /** What a UTF-8 reading of the bytes so far finds; null where it means nothing (UTF-16/32). */
  get evidence(): Utf8Evidence | null {
    return this.counter ? { multiByte: this.counter.multiByte, invalid: this.counter.invalid } : null;
  }

  /** After end(): throws EncodingMismatchError when the bytes read are UTF-8 and were read as a
   * legacy encoding, or are not UTF-8 and were read as UTF-8 (then the charset detector names
   * the legacy encoding from the bytes kept around the first bad sequences). Only a guessed
   * encoding is checked; one the user chose is kept. */
  verify(): void {
    const evidence = this.evidence;
    if (!evidence) return;
    const judged = judgeUtf8(evidence);
    if (judged === 'utf-8' && this.encoding !== 'utf-8') throw new EncodingMismatchError(this.encoding, 'utf-8', evidence);
    if (judged === 'legacy' && this.encoding === 'utf-8') {
      const legacy = rankLegacy(Buffer.concat(this.legacy))[0]!.encoding;
      throw new EncodingMismatchError(this.encoding, legacy, evidence);
    }
  }
}
