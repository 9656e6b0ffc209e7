// Detects a text file's encoding from its head: a byte order mark; UTF-16 or UTF-32 by their zero
// bytes; UTF-8 (exact, and fast: valid UTF-8 and ASCII never reach the charset detector); and
// otherwise the legacy encoding the charset detector ranks first ([Note: damaged UTF-8 or a
// legacy encoding] in text-encoding.ts, [Note: detector first, plausibility as a veto]).
import type { TextEncoding } from '../../../common/encodings';
import { rankLegacy, type EncodingCandidate } from './charset-detect';
import { judgeUtf8, utf8Evidence } from './text-encoding';

export interface DetectedEncoding {
  encoding: TextEncoding;
  bom: boolean;
  /** 0-1: how clear the choice was (1 for a BOM and for UTF-8 without a bad byte). */
  confidence: number;
  /** The readings considered, best first, each with its confidence. */
  candidates: EncodingCandidate[];
}

/** How many bytes of a file's head the encoding is detected from. */
export const ENCODING_SAMPLE_BYTES = 1024 * 1024;

const sure = (encoding: TextEncoding, bom: boolean): DetectedEncoding => ({
  encoding,
  bom,
  confidence: 1,
  candidates: [{ encoding, confidence: 1 }],
});

/** UTF-16 and UTF-32 text without a BOM have zero bytes in fixed positions: mostly ASCII text in
 * UTF-16 LE is "a\0b\0", in UTF-32 LE "a\0\0\0". */
function guessWide(head: Uint8Array): TextEncoding | null {
  const n = Math.min(head.length, 4096) & ~3;
  if (n < 8) return null;
  const zeros = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (head[i] === 0) zeros[i & 3]!++;
  const share = zeros.map((z) => z / (n / 4));
  const [z0, z1, z2, z3] = share as [number, number, number, number];
  if (z2 > 0.9 && z3 > 0.9 && z0 < 0.05) return 'utf-32le';
  if (z0 > 0.9 && z1 > 0.9 && z3 < 0.05) return 'utf-32be';
  const even = (z0 + z2) / 2;
  const odd = (z1 + z3) / 2;
  if (odd > 0.4 && even < 0.05) return 'utf-16le';
  if (even > 0.4 && odd < 0.05) return 'utf-16be';
  return null;
}

/** ESC $ B or ESC $ @ (into JIS X 0208), as ISO-2022-JP writes before Japanese text. */
function hasJisEscape(head: Uint8Array): boolean {
  for (let i = head.indexOf(0x1b); i >= 0 && i < head.length - 2; i = head.indexOf(0x1b, i + 1))
    if (head[i + 1] === 0x24 && (head[i + 2] === 0x42 || head[i + 2] === 0x40)) return true;
  return false;
}

/** `complete` says the head is the whole file (so a cut sequence at its end is an error). */
export function detectEncoding(head: Uint8Array, complete = false): DetectedEncoding {
  const [a, b, c, d] = [head[0], head[1], head[2], head[3]];
  if (a === 0xef && b === 0xbb && c === 0xbf) return sure('utf-8', true);
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return sure('utf-32le', true);
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return sure('utf-32be', true);
  if (a === 0xff && b === 0xfe) return sure('utf-16le', true);
  if (a === 0xfe && b === 0xff) return sure('utf-16be', true);
  const wide = guessWide(head);
  if (wide) return { ...sure(wide, false), confidence: 0.95, candidates: [{ encoding: wide, confidence: 0.95 }] };
  const evidence = utf8Evidence(head, complete);
  // ISO-2022-JP is seven-bit, so valid UTF-8 too: its escapes into JIS X 0208 tell it.
  if (evidence.multiByte === 0 && evidence.invalid === 0 && hasJisEscape(head)) return sure('iso-2022-jp', false);
  if (judgeUtf8(evidence) === 'utf-8') {
    // Damaged UTF-8: as sure as its share of good sequences.
    const confidence = evidence.invalid === 0 ? 1 : evidence.multiByte / (evidence.multiByte + evidence.invalid);
    return { encoding: 'utf-8', bom: false, confidence, candidates: [{ encoding: 'utf-8', confidence }] };
  }
  const candidates = rankLegacy(head);
  return { encoding: candidates[0]!.encoding, bom: false, confidence: candidates[0]!.confidence, candidates };
}
