// What the preview says about a file's encoding: how sure detection was, the three readings that
// read the head best (each with a line as it reads it), whether the reading in use looks wrong,
// and a few lines as it reads them, so that a wrong guess is visible at once. And, for the problem
// summary, which encodings would read garbled text better.
import iconv from 'iconv-lite';
import type { TextEncoding } from '../../../common/encodings';
import type { EncodingSuggestion } from '../../../common/contract';
import { denseSample, rankLegacy } from './charset-detect';
import { decodeBytes, iconvName, isWideUnicode } from './decoders';
import type { DetectedEncoding } from './detect-encoding';
import { judgeUtf8, utf8Evidence } from './text-encoding';
import { badRate, looksWrong, plausibility } from './text-plausibility';

export interface EncodingFacts {
  encodingConfidence: number | null;
  suggestedEncodings: EncodingSuggestion[];
  encodingLooksWrong: boolean;
  encodingSample: string[];
}

const SAMPLE_LINES = 3;
const LINE_CHARS = 160;

/** Up to `n` lines of `text` that hold a character past ASCII (those are the ones an encoding
 * changes), each cut to a length a menu can show. */
function telling(text: string, n: number): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (!/[^\u0000-\u007f]/.test(line)) continue;
    const t = line.trim();
    out.push(t.length > LINE_CHARS ? `${t.slice(0, LINE_CHARS)}…` : t);
    if (out.length >= n) break;
  }
  return out;
}

/** The facts for a file whose head is `head`, read in `used`; `detected` is what detection found
 * without the user's choice. */
export function encodingFacts(head: Uint8Array, complete: boolean, used: TextEncoding, detected: DetectedEncoding): EncodingFacts {
  const wide = isWideUnicode(used) || isWideUnicode(detected.encoding);
  // The lines that tell encodings apart; UTF-16/32 cannot be cut into lines as bytes.
  const sample = wide ? head.subarray(0, 64 * 1024) : denseSample(head, 64 * 1024);
  const read = (e: TextEncoding) => decodeBytes(sample, e, complete && sample.length === head.length);
  const usedText = read(used);
  const exact = detected.confidence === 1 && used === detected.encoding;
  let candidates = detected.candidates;
  if (!exact && used !== detected.encoding && !candidates.some((c) => c.encoding === used) && detected.encoding !== 'utf-8' && !wide)
    candidates = rankLegacy(head, [used]);
  const usedP = plausibility(usedText);
  const wrong = !exact && looksWrong(usedP);
  let ranked = candidates;
  if (wrong) {
    // Only the readings that read the text better than the one in use.
    const rate = badRate(usedP);
    ranked = candidates.filter((c) => c.encoding !== used && badRate(plausibility(read(c.encoding))) < rate);
  }
  const suggestions = ranked.slice(0, 3).map((c) => ({
    encoding: c.encoding,
    confidence: Math.round(c.confidence * 100) / 100,
    sample: telling(c.encoding === used ? usedText : read(c.encoding), 1)[0] ?? '',
  }));
  const own = candidates.find((c) => c.encoding === used);
  return {
    encodingConfidence:
      used === detected.encoding ? Math.round(detected.confidence * 100) / 100 : own ? Math.round(own.confidence * 100) / 100 : null,
    suggestedEncodings: suggestions,
    encodingLooksWrong: wrong,
    encodingSample: telling(usedText, SAMPLE_LINES),
  };
}

/** Single-byte encodings a wrong reading upstream most often was: what a program assumed. */
const UPSTREAM_READINGS: TextEncoding[] = ['windows-1252', 'windows-1251', 'windows-1250', 'iso-8859-15', 'macintosh'];

export interface BetterReading {
  /** The encoding the text was written in. */
  encoding: TextEncoding;
  /** The encoding it was wrongly read as: the file's own when that is the mistake, else the one
   * a program used before the file was saved. */
  readAs: TextEncoding;
}

/** Whether garbled snippets are UTF-8 that was read as a single-byte encoding: turned back into
 * the bytes they were read from (in the file's encoding `readAs`, or, for a file read as UTF-8, in
 * each encoding programs wrongly assume), they are valid UTF-8, and read as UTF-8 they lose their
 * marks. That test is exact; which legacy encoding reads legacy bytes better is the charset
 * detector's to say over the whole head (the preview's suggestions), not over a few snippets:
 * over the SMS corpus's upstream garbage (‰Û÷) it named Big5, since no mark speaks of CJK. */
export function betterReadings(snippets: readonly string[], readAs: TextEncoding | null): BetterReading[] {
  if (snippets.length === 0 || readAs === null || isWideUnicode(readAs) || readAs === 'iso-2022-jp') return [];
  const before = snippets.reduce((n, s) => n + plausibility(s).bad, 0);
  if (before === 0) return [];
  const froms = readAs === 'utf-8' ? UPSTREAM_READINGS : [readAs];
  for (const from of froms) {
    const name = iconvName(from);
    const parts = snippets.map((s) => iconv.encode(s, name)).filter((b, i) => iconv.decode(b, name) === snippets[i]);
    if (parts.length < snippets.length / 2) continue;
    const bytes = Buffer.concat(parts.flatMap((b) => [b, Buffer.from('\n')]));
    const evidence = utf8Evidence(bytes, true);
    if (evidence.multiByte === 0 || judgeUtf8(evidence) !== 'utf-8') continue;
    if (plausibility(decodeBytes(bytes, 'utf-8')).bad * 2 < before) return [{ encoding: 'utf-8', readAs: from }];
  }
  return [];
}
