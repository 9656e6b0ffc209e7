// The splitter: a text into paragraphs, sentences or windows of sentences, each unit with its
// UTF-16 offsets into the text, so that text.slice(start, end) is the unit exactly.
//
// [Note: splitting rules]
// - Paragraphs end at blank lines: a line break followed by a line of only white space and another
//   line break (LF, CRLF or CR), or U+2029. A single line break is not a paragraph break (poems,
//   addresses, hard-wrapped text stay whole).
// - Sentences are Intl.Segmenter's (ICU's Unicode sentence rules, UAX #29) for the language. ICU
//   ends a sentence at . ! ? and their CJK and Arabic forms (。！？ ؟) and at every line break; it
//   applies no abbreviation list here, so "Mr. Smith" and "z. B." are split after the dot; and a full
//   stop followed by a lower-case word ends no sentence (UAX #29, rule SB8), so lower-cased corpora
//   (the BBC News texts) keep whole articles as one sentence: split those into paragraphs. Thai has
//   no sentence punctuation (spaces separate phrases and sentences alike), so a Thai paragraph is
//   one sentence. 'auto' uses the runtime's default rules, which are the same root rules.
// - Windows are runs of `windowSize` sentences; consecutive windows share `windowOverlap`
//   sentences (stride windowSize - windowOverlap); the last window may be shorter, and none lies
//   wholly inside the one before it. A window's text is the parent's text from its first
//   sentence's start to its last sentence's end, spaces and line breaks between them included.
// - Every unit is trimmed of surrounding white space (offsets moved with it) and empty units are
//   dropped.
import { PrelabelError, type SegmentSpan, type SegmentSpec } from '../../../common/contract';

const PARAGRAPH_BREAK = /(?:\r\n|\r|\n)(?:[^\S\r\n\u2029]*(?:\r\n|\r|\n))+|\u2029/g;
const LEADING = /^\s+/;
const TRAILING = /\s+$/;

/** [start, end) of text.slice(start, end) without surrounding white space; null when nothing is left. */
function trimmed(text: string, start: number, end: number): [number, number] | null {
  const piece = text.slice(start, end);
  const lead = LEADING.exec(piece)?.[0].length ?? 0;
  if (lead === piece.length) return null;
  const trail = TRAILING.exec(piece)?.[0].length ?? 0;
  return [start + lead, end - trail];
}

function spans(text: string, ranges: Iterable<[number, number]>): SegmentSpan[] {
  const out: SegmentSpan[] = [];
  for (const [s, e] of ranges) {
    const t = trimmed(text, s, e);
    if (t) out.push({ index: out.length, start: t[0], end: t[1], text: text.slice(t[0], t[1]) });
  }
  return out;
}

function* paragraphRanges(text: string): Generator<[number, number]> {
  let start = 0;
  for (const m of text.matchAll(PARAGRAPH_BREAK)) {
    yield [start, m.index];
    start = m.index + m[0].length;
  }
  yield [start, text.length];
}

export function paragraphs(text: string): SegmentSpan[] {
  return spans(text, paragraphRanges(text));
}

const segmenters = new Map<string, Intl.Segmenter>();

/** The language whose rules are used: a tag Intl.Segmenter supports, else 'auto'. */
export function resolveLanguage(tag: string | null | undefined): string {
  const t = tag?.trim().replace(/_/g, '-');
  if (!t || t === 'auto') return 'auto';
  try {
    return Intl.Segmenter.supportedLocalesOf([t])[0] ?? 'auto';
  } catch {
    return 'auto'; // not a well-formed tag
  }
}

function segmenter(language: string): Intl.Segmenter {
  let s = segmenters.get(language);
  if (!s) {
    s = new Intl.Segmenter(language === 'auto' ? undefined : language, { granularity: 'sentence' });
    segmenters.set(language, s);
  }
  return s;
}

export function sentences(text: string, language = 'auto'): SegmentSpan[] {
  const seg = segmenter(resolveLanguage(language));
  function* ranges(): Generator<[number, number]> {
    for (const s of seg.segment(text)) yield [s.index, s.index + s.segment.length];
  }
  return spans(text, ranges());
}

export function windows(text: string, language: string, size: number, overlap: number): SegmentSpan[] {
  checkWindow(size, overlap);
  const list = sentences(text, language);
  const out: SegmentSpan[] = [];
  const stride = size - overlap;
  for (let first = 0; first < list.length; first += stride) {
    const last = Math.min(first + size, list.length) - 1;
    const start = list[first]!.start;
    const end = list[last]!.end;
    out.push({ index: out.length, start, end, text: text.slice(start, end) });
    if (last === list.length - 1) break;
  }
  return out;
}

export function checkWindow(size: number, overlap: number): void {
  if (overlap >= size) {
    throw new PrelabelError(
      'INVALID_INPUT',
      `Windows of ${size} sentence${size === 1 ? '' : 's'} cannot share ${overlap}: the overlap must be smaller than the window size.`,
    );
  }
}

/** Splits one text by the spec, with the sentence rules of `language` (documentLanguage). */
export function splitText(text: string, spec: SegmentSpec, language: string = resolveLanguage(spec.language)): SegmentSpan[] {
  if (spec.unit === 'paragraph') return paragraphs(text);
  if (spec.unit === 'sentence') return sentences(text, language);
  return windows(text, language, spec.windowSize, spec.windowOverlap);
}

/** The language a document is split with: its language column's value when that is a tag the
 * segmenter supports, else the spec's language. */
export function documentLanguage(spec: SegmentSpec, metadata: Record<string, string> | null): string {
  const own = spec.languageColumn && metadata ? resolveLanguage(metadata[spec.languageColumn]) : 'auto';
  return own !== 'auto' ? own : resolveLanguage(spec.language);
}
