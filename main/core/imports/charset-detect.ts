// Names the legacy encoding of bytes that are not UTF-8, with jschardet's detector, and ranks the
// candidates by how well each reads the bytes (text-plausibility.ts).
//
// [Note: why jschardet]
// jschardet 4 (a TypeScript port of Python's chardet 7, 0BSD) against chardet 2.2 (a port of ICU's
// detector, MIT), measured on real corpus rows written as CSV in 25 code pages (Polish, German,
// French, Spanish, Greek, Russian, Arabic, Hebrew, Chinese, Japanese, Korean, Turkish; 3, 5, 20
// and 200 rows, 854 files): the right reading first in 849 files with jschardet, 760 with
// chardet; among the first three in all 854 with jschardet, 776 with chardet (chardet never found
// Mac Roman or DOS 866 and mistook short Windows-1250 for ISO-8859-2). Speed on 1 MB of Russian,
// Japanese, German and Chinese: jschardet 60-92 ms, chardet 460-820 ms (64 KB: 14-47 against
// 27-68 ms). jschardet's model costs about 100 ms once, when it first runs; it is loaded only
// when bytes are not UTF-8, so UTF-8 imports never pay for it.
import { createRequire } from 'node:module';
import type * as JschardetModule from 'jschardet';
import type { TextEncoding } from '../../../common/encodings';
import { decodeBytes } from './decoders';
import { badRate, plausibility } from './text-plausibility';

type Jschardet = typeof JschardetModule;
let detector: Jschardet['chardet'] | null = null;
function chardet(): Jschardet['chardet'] {
  detector ??= (createRequire(__filename)('jschardet') as Jschardet).chardet;
  return detector;
}

/** Whether the detector has been loaded in this process (UTF-8 and ASCII never load it). */
export function detectorLoaded(): boolean {
  return detector !== null;
}

/** jschardet's names (chardet's codec names) for the encodings Prelabel reads. */
const FROM_DETECTOR: Record<string, TextEncoding> = {
  cp1250: 'windows-1250',
  cp1251: 'windows-1251',
  cp1252: 'windows-1252',
  cp1253: 'windows-1253',
  cp1254: 'windows-1254',
  cp1255: 'windows-1255',
  cp1256: 'windows-1256',
  cp1257: 'windows-1257',
  cp1258: 'windows-1258',
  cp874: 'windows-874',
  'tis-620': 'windows-874',
  'iso8859-1': 'windows-1252',
  'iso8859-2': 'iso-8859-2',
  'iso8859-3': 'iso-8859-3',
  'iso8859-4': 'iso-8859-4',
  'iso8859-5': 'iso-8859-5',
  'iso8859-6': 'iso-8859-6',
  'iso8859-7': 'iso-8859-7',
  'iso8859-8': 'iso-8859-8',
  'iso8859-9': 'windows-1254',
  'iso8859-10': 'iso-8859-10',
  'iso8859-13': 'iso-8859-13',
  'iso8859-14': 'iso-8859-14',
  'iso8859-15': 'iso-8859-15',
  'iso8859-16': 'iso-8859-16',
  'koi8-r': 'koi8-r',
  'koi8-u': 'koi8-u',
  cp866: 'ibm866',
  'mac-roman': 'macintosh',
  'mac-cyrillic': 'x-mac-cyrillic',
  'mac-greek': 'x-mac-greek',
  'mac-iceland': 'x-mac-iceland',
  'mac-latin2': 'x-mac-ce',
  'mac-turkish': 'x-mac-turkish',
  cp932: 'shift_jis',
  shift_jis_2004: 'shift_jis',
  euc_jis_2004: 'euc-jp',
  iso2022_jp_2: 'iso-2022-jp',
  iso2022_jp_2004: 'iso-2022-jp',
  iso2022_jp_ext: 'iso-2022-jp',
  gb18030: 'gb18030',
  big5hkscs: 'big5',
  euc_kr: 'euc-kr',
  cp949: 'euc-kr',
  'utf-8': 'utf-8',
};
const INCLUDE = Object.keys(FROM_DETECTOR);

export interface EncodingCandidate {
  encoding: TextEncoding;
  /** The share of the evidence for this reading among the candidates (they add up to 1). */
  confidence: number;
}

/** The detector's input: the lines of `bytes` that hold a byte past ASCII (or an escape, for
 * ISO-2022-JP), up to 200 KB, so that a long ASCII stretch does not dilute what it sees. */
export function denseSample(bytes: Uint8Array, limit = 200_000): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  let start = 0;
  let marked = false;
  for (let i = 0; i <= bytes.length && size < limit; i++) {
    const b = i < bytes.length ? bytes[i]! : 0x0a;
    if (b >= 0x80 || b === 0x1b) marked = true;
    else if (b === 0x0a) {
      if (marked) {
        parts.push(bytes.subarray(start, i + 1));
        size += i + 1 - start;
      }
      start = i + 1;
      marked = false;
    }
  }
  const out = Buffer.concat(parts);
  return out.subarray(0, Math.min(out.length, limit));
}

/** Decodings whose share of marks is this much above the best one's are ranked after every
 * decoding that is not ([Note: detector first, plausibility as a veto]). */
const WORSE_BY = 0.1;
/** Fewer bytes past ASCII than this, and Windows-1252 is taken before what the detector says. */
const FEW_HIGH_BYTES = 8;
function highBytes(b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < b.length && n < FEW_HIGH_BYTES; i++) if (b[i]! >= 0x80) n++;
  return n;
}
/** How much of the sample each candidate decodes to be scored. */
const SCORE_BYTES = 64 * 1024;

// [Note: detector first, plausibility as a veto]
// The detector's order is the ranking: its language models know which letters follow which in
// each language, which no generic check does. Plausibility only demotes: a candidate whose reading
// holds clearly more marks of a wrong decoding than the best reading (U+FFFD, C1 controls, Ã©,
// letters of two scripts in a word: one mark per ten characters past ASCII more) goes behind
// every candidate that reads about as well as the best. A smaller margin let chance decide: the
// SMS spam corpus holds upstream garbage (‰Û÷ for ’) that Mac Central European reads with fewer
// marks than Windows-1252, which is what the file is (£ at 0xA3).
// Candidates that read the sample identically (ISO-8859-1 and Windows-1252 without 0x80-0x9F)
// are one reading, under the name the detector ranked higher. Confidence is a candidate's share of
// the detector's scores among the readings (a demoted one's counted at a twentieth), so it says
// how clear the choice was: jschardet's
// own scores are low even when right (0.28 for a sure Windows-1251), so they are not shown raw.

/** Ranked readings of bytes that are not UTF-8 (best first); never empty: Windows-1252 when the
 * detector has nothing to say. `extra` adds encodings to score beside the detector's. */
export function rankLegacy(bytes: Uint8Array, extra: readonly TextEncoding[] = []): EncodingCandidate[] {
  const sample = denseSample(bytes);
  const found = sample.length
    ? chardet().detectAll(sample, { includeEncodings: INCLUDE, preferSuperset: false, compatNames: false, ignoreThreshold: true })
    : [];
  const scored = new Map<TextEncoding, number>();
  for (const r of found) {
    const name = r.encoding ? FROM_DETECTOR[r.encoding] : undefined;
    if (name && !scored.has(name)) scored.set(name, Math.max(r.confidence, 1e-4));
  }
  const floor = Math.min(1e-3, ...scored.values()) / 10;
  for (const e of [...extra, 'windows-1252' as const]) if (!scored.has(e)) scored.set(e, floor);

  // A handful of bytes past ASCII tells no language: the most common legacy encoding goes first
  // (and names the reading when others read those bytes the same, as Windows-1250 reads é – ’ €).
  const fewBytes = highBytes(sample) < FEW_HIGH_BYTES;
  const entries = [...scored].sort(([a], [b]) => (fewBytes ? Number(b === 'windows-1252') - Number(a === 'windows-1252') : 0));
  const head = sample.subarray(0, SCORE_BYTES);
  const readings = new Map<string, { encoding: TextEncoding; weight: number; rate: number; order: number }>();
  let order = 0;
  for (const [encoding, weight] of entries) {
    const text = decodeBytes(head, encoding, false);
    const same = readings.get(text);
    if (same) same.weight += weight;
    else readings.set(text, { encoding, weight, rate: badRate(plausibility(text)), order: order++ });
  }
  const list = [...readings.values()];
  const best = Math.min(...list.map((r) => r.rate));
  const worse = (r: { rate: number }) => r.rate > best + WORSE_BY;
  list.sort((a, b) => Number(worse(a)) - Number(worse(b)) || a.order - b.order);
  const weight = (r: (typeof list)[number]) => (worse(r) ? r.weight / 20 : r.weight);
  const total = list.reduce((s, r) => s + weight(r), 0);
  return list.map((r) => ({ encoding: r.encoding, confidence: total > 0 ? weight(r) / total : 0 }));
}
