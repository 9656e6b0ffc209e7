// How plausible decoded text is as something a person wrote: the marks that reading bytes in the
// wrong encoding leaves (UTF-8 read as Windows-1252, a Cyrillic or Greek code page read as a
// Latin one, letters of two scripts in one word, U+FFFD, C1 controls). Used to rank encodings by
// how well they read a file, to say when a decoding looks wrong, and to find such rows.

/** The characters Windows-1252 shows for the bytes 0x80-0xBF, which are UTF-8's continuation
 * bytes: after a character for a lead byte (0xC2-0xF4) they are the mark of UTF-8 read as 1252. */
const CONT =
  '\\u0080-\\u00bf\\u20ac\\u201a\\u0192\\u201e\\u2026\\u2020\\u2021\\u02c6\\u2030\\u0160\\u2039\\u0152\\u017d\\u2018-\\u201d\\u2022\\u2013\\u2014\\u02dc\\u2122\\u0161\\u203a\\u0153\\u017e\\u0178';
/** The same without what ordinary text puts after a letter (quotes, dashes, ellipsis, guillemets,
 * no-break space, degree, middle dot): "Gruß“" is German, not mojibake. */
const CONT_STRICT =
  '\\u0080-\\u009f\\u00a1-\\u00aa\\u00ac-\\u00af\\u00b1-\\u00b6\\u00b8-\\u00ba\\u00bc-\\u00bf\\u20ac\\u0192\\u02c6\\u2030\\u0160\\u0152\\u017d\\u2022\\u02dc\\u2122\\u0161\\u0153\\u017e\\u0178';

// [Note: marks of a wrong decoding]
// - UTF-8 read as Windows-1252: a lead character followed by continuation characters (Ã© for é,
//   â€™ for ’, Ð¸ for и, Ø§ for ا, ðŸ˜€ for an emoji). Leads that end no real word (Ã, Ð, Ø...)
//   take any continuation; others (ß, Ö...) only one that text does not put after a letter.
// - A non-Latin single-byte code page read as a Latin one: three or more accented Latin-1 letters
//   in a row (Ïðèâåò for привет in Windows-1251, Ôçí for Την in Windows-1253, ÖÐÎÄ for 中文 in
//   GBK). Real Latin-script words almost never have three in a row.
// - A symbol between two letters (ƒeƒLƒXƒg for テキスト in Shift_JIS read as 1252, Ð¸Ñ).
//   Apostrophes, dashes and the middle dot (Catalan l·l) are allowed there.
// - Letters of two scripts touching inside a word (GrьЯe for Grüße read as Windows-1251).
//   Latin beside Han, kana or Hangul is ordinary in Japanese, Chinese and Korean text.
// Each rule was run over every text of the shared corpora read right: what it still finds there
// is upstream mojibake (913 tweets with â€™ in political_social_media, ValÃ¨ncia in XNLI),
// OCR noise (wi£h, h«st) or homoglyph spoofing (a Cyrillic е in "Présidentе").
// U+FFFD and C1 controls are counted in scores but are their own problem classes in rows.
/** Lead characters never followed by a continuation character in real text: Â Ã (Latin), Å
 * (Polish ą ł), Î Ï (Greek), Ð Ñ (Cyrillic), × (Hebrew), Ø Ù Ú Û (Arabic). */
const LEADS_ANY = '\\u00c2\\u00c3\\u00c5\\u00ce\\u00cf\\u00d0\\u00d1\\u00d7-\\u00db';
const UTF8_AS_1252 = new RegExp(
  `[${LEADS_ANY}][${CONT}]|[\\u00c4-\\u00df][${CONT_STRICT}]|[\\u00e0-\\u00ef][${CONT}]{2}|[\\u00f0-\\u00f4][${CONT}]{3}`,
);
/** Runs of four or more accented Latin-1 letters; a run counts when it has at least three
 * different letters ("süüüß" is emphasis, "Üçüncü" Turkish; "äåëà" is дела in Windows-1251). */
const ACCENT_RUN = /[\u00c0-\u00ff]{4,}/;
const distinctLetters = (run: string) => new Set(run).size >= 3;
// The checks use explicit ranges, not \\p{Script=...}: Unicode-mode expressions were 20 times
// slower over the corpora, and every row of every import passes through findMisdecoding.
/** Letters of the scripts concerned, near enough: Latin, Greek, Cyrillic, Hebrew, Arabic, Thai, kana, Han, Hangul. */
const LETTER =
  'A-Za-z\\u00aa\\u00b5\\u00ba\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f\\u0386-\\u03ce\\u0400-\\u0481\\u048a-\\u052f\\u05d0-\\u05ea\\u0620-\\u064a\\u066e-\\u06d3\\u0e01-\\u0e4e\\u3041-\\u30ff\\u4e00-\\u9fff\\uac00-\\ud7a3';
/** A symbol between two letters. No ´ (an apostrophe in "don´t"), soft hyphen (Bran­den­burg),
 * ° or guillemets («Ελευθερία»είναι) among them. */
const SYMBOL_IN_WORD = new RegExp(
  `[${LETTER}][\\u00a1-\\u00a9\\u00ac\\u00ae-\\u00af\\u00b1-\\u00b3\\u00b6\\u00b8\\u00b9\\u00bc-\\u00bf\\u0192\\u02c6\\u02dc\\u2020\\u2021\\u2030\\u2039\\u203a\\u20ac\\u2122](?=[${LETTER}])`,
);
/** Latin letters that are not look-alikes of Greek or Cyrillic ones: Greek tweets write "Tα" and
 * "YΦEΣH" with Latin capitals, which is how people type, not a wrong decoding. */
const LAT = '[CDFGJLQRSUVWbdfghjklmnqrstuvwz\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f]';
const NONLAT = '[\\u0386-\\u03ce\\u0400-\\u0481\\u048a-\\u052f\\u05d0-\\u05ea\\u0620-\\u064a\\u066e-\\u06d3]';
const CYR = '[\\u0400-\\u0481\\u048a-\\u052f]';
const GREEK = '[\\u0386-\\u03ce]';
const LATANY = '[A-Za-z\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f]';
/** One script's letters inside another's word ("GrьЯe"), not only at its edge ("وlimpia", an
 * Arabic conjunction before a Spanish word), with a Latin letter that is no look-alike beside
 * them; or Cyrillic touching Greek. */
const MIXED_SCRIPT = new RegExp(
  [
    `${LAT}${NONLAT}+${LATANY}`,
    `${LATANY}${NONLAT}+${LAT}`,
    `${NONLAT}${LATANY}*${LAT}${LATANY}*${NONLAT}`,
    `${CYR}${GREEK}`,
    `${GREEK}${CYR}`,
  ].join('|'),
);
/** Lower case then upper case inside a Cyrillic or Greek word: KOI8-R read as Windows-1251. */
const CASE_FLIP = /[а-яёα-ω][А-ЯЁΑ-Ω]/;

export type MisdecodingKind = 'utf8-as-legacy' | 'accent-run' | 'symbol-in-word' | 'mixed-script';

/** Two letters of different scripts side by side: the test before MIXED_SCRIPT. */
const SCRIPTS_TOUCH = new RegExp(`${LATANY}${NONLAT}|${NONLAT}${LATANY}|${CYR}${GREEK}|${GREEK}${CYR}`);
const ANY_NONLAT = new RegExp(NONLAT);
/** A Latin-1 or Windows-1252 character: the test before the checks that look for those. */
const LATIN1 = /[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2020-\u2022\u2030\u2039\u203a\u20ac\u2122]/;
const LATIN1_KINDS: [MisdecodingKind, RegExp][] = [
  ['utf8-as-legacy', UTF8_AS_1252],
  ['accent-run', ACCENT_RUN],
  ['symbol-in-word', SYMBOL_IN_WORD],
];

/** Characters where the checks can apply: anything past ASCII. */
const NON_ASCII = /[^\u0000-\u007f]/;
export interface Misdecoding {
  kind: MisdecodingKind;
  /** Where the mark starts in the text. */
  at: number;
  /** The characters that are the mark (Ã©, Ïðè, Rь). */
  mark: string;
}

/** The first mark of a wrong decoding in `text`, or null. Quick for ASCII text. */
export function findMisdecoding(text: string): Misdecoding | null {
  // [Note: one class per scan] Each test below is one character class or a simple expression, run
  // only where the one before passed: Japanese or Chinese text costs two native scans, ASCII one
  // (the whole set in one expression was five times slower than the old single check).
  if (!NON_ASCII.test(text)) return null;
  if (LATIN1.test(text)) {
    for (const [kind, re] of LATIN1_KINDS) {
      if (kind === 'accent-run') {
        // matchAll costs an iterator per text: only where a run exists at all.
        if (re.test(text)) for (const m of text.matchAll(ACCENT_RUNS)) if (distinctLetters(m[0])) return { kind, at: m.index, mark: m[0] };
        continue;
      }
      const m = re.exec(text);
      if (m) return { kind, at: m.index, mark: m[0] };
    }
  }
  if (ANY_NONLAT.test(text) && SCRIPTS_TOUCH.test(text)) {
    const m = MIXED_SCRIPT.exec(text);
    if (m) return { kind: 'mixed-script', at: m.index, mark: m[0] };
  }
  return null;
}

const ACCENT_RUNS = new RegExp(ACCENT_RUN.source, 'g');
const global = (re: RegExp) => new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
const SCORED: [RegExp, number][] = [
  [/\uFFFD/g, 3],
  [/[\u0080-\u009f]/g, 3],
  [/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, 2],
  [/[\ue000-\uf8ff]/g, 2],
  [global(UTF8_AS_1252), 2],
  [ACCENT_RUNS, 2],
  [global(SYMBOL_IN_WORD), 1],
  [global(MIXED_SCRIPT), 2],
  [global(CASE_FLIP), 1],
];

export interface Plausibility {
  /** Weighted count of the marks of a wrong decoding. */
  bad: number;
  /** Characters past ASCII, the ones a wrong decoding can spoil. */
  nonAscii: number;
}

export function plausibility(text: string): Plausibility {
  let bad = 0;
  for (const [re, weight] of SCORED) {
    re.lastIndex = 0;
    let n = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) if (re !== ACCENT_RUNS || distinctLetters(m[0])) n++;
    bad += n * weight;
  }
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) nonAscii++;
  return { bad, nonAscii };
}

/** Marks per non-ASCII character (at least 10 counted, so that one mark in a short text does not
 * weigh like many). */
export function badRate(p: Plausibility): number {
  return p.bad / Math.max(10, p.nonAscii);
}

/** Text reads as mis-decoded when at least this share of its non-ASCII characters are marks, and
 * there are at least MIN_BAD of them. */
export const LOOKS_WRONG_RATE = 0.1;
export const LOOKS_WRONG_MIN = 3;

export function looksWrong(p: Plausibility): boolean {
  return p.bad >= LOOKS_WRONG_MIN && badRate(p) >= LOOKS_WRONG_RATE;
}
