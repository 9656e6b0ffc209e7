// The classes of problem rows an import reports, how each is detected, and how they are summed up
// for the user (row numbers, examples, a sentence on the likely cause).
import {
  PrelabelError,
  type EncodingSuggestion,
  type ProblemChoice,
  type ProblemCode,
  type ProblemSummary,
} from '../../../common/contract';
import { encodingLabel, type TextEncoding } from '../../../common/encodings';
import { betterReadings } from './encoding-suggest';
import { findMisdecoding, type MisdecodingKind } from './text-plausibility';

/** A field this long is shown as suspicious: in real files it is usually a quote that was never
 * closed upstream, so that one field swallowed many records (Python's csv refuses > 131,072). */
export const SUSPICIOUS_FIELD_CHARS = 100_000;
export const HUGE_FIELD_CHARS = 1024 * 1024;

// C0 controls other than tab, LF and CR, and the C1 range, which shows up when Windows-1252 text
// was once decoded as Latin-1 (U+0092 where ’ was meant).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// Text read in the wrong encoding, here or upstream: Ã© for é, Ïðèâåò for привет, letters of two
// scripts in one word ([Note: marks of a wrong decoding] in text-plausibility.ts).
const MISDECODING: Record<MisdecodingKind, string> = {
  'utf8-as-legacy': 'UTF-8 read as a single-byte encoding',
  'accent-run': 'a run of accented letters no language writes',
  'symbol-in-word': 'a symbol inside a word',
  'mixed-script': 'letters of two scripts in one word',
};

// What a UTF-8 reading writes for bytes that are not UTF-8 ([Note: damaged UTF-8 or a legacy
// encoding] in text-encoding.ts). A file may also hold the character itself, written by a program
// that once did the same: the text has lost a character either way.
const REPLACEMENT = '\uFFFD';

/** Up to 30 characters either side of `at`, on one line, for a message. */
function around(s: string, at: number): string {
  let from = Math.max(0, at - 30);
  let to = Math.min(s.length, at + 31);
  // Never cut a character of two UTF-16 units (an emoji) in half.
  if (from > 0 && /[\udc00-\udfff]/.test(s[from]!)) from--;
  if (to < s.length && /[\udc00-\udfff]/.test(s[to]!)) to++;
  return `${from > 0 ? '…' : ''}${s.slice(from, to).replace(/\s+/g, ' ')}${to < s.length ? '…' : ''}`;
}

export const CHOICES: Record<ProblemCode, { choices: ProblemChoice[]; default: ProblemChoice }> = {
  empty_text: { choices: ['skip', 'cancel'], default: 'skip' },
  ragged: { choices: ['keep', 'skip', 'cancel'], default: 'keep' },
  // [Note: spilled text] in text-spill.ts: only rows where joining is clearly right are this class.
  text_spill: { choices: ['join', 'keep', 'skip', 'cancel'], default: 'join' },
  duplicate_id: { choices: ['rownumber', 'skip', 'cancel'], default: 'cancel' },
  long_field: { choices: ['keep', 'skip', 'cancel'], default: 'keep' },
  invalid_utf8: { choices: ['keep', 'skip', 'cancel'], default: 'keep' },
  control_chars: { choices: ['keep', 'skip', 'cancel'], default: 'keep' },
  mojibake: { choices: ['keep', 'skip', 'cancel'], default: 'keep' },
};

/** An import stopped at a row whose class the caller chose to cancel on. `problem` travels as the
 * failed job's `reason`, so each face can say in its own words how to choose otherwise (the CLI
 * names its flags, the screen its buttons); the message itself names no face's choice. */
export class StoppedByProblem extends PrelabelError {
  constructor(
    readonly problem: ProblemCode,
    message: string,
  ) {
    super('BAD_FILE', message);
  }
}

export interface RowIssue {
  code: ProblemCode;
  message: string;
  /** mojibake: the garbled text around the mark, to find which encoding reads it better. */
  evidence?: string;
}

/** Counts characters as a person does (an emoji is one), for messages. */
function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function lineBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** Checks of a row's cells that do not depend on the other rows. */
export function cellIssues(
  row: number,
  columns: readonly string[],
  values: readonly string[],
  longestField: number | undefined,
): RowIssue[] {
  const issues: RowIssue[] = [];
  if ((longestField ?? Infinity) >= SUSPICIOUS_FIELD_CHARS) {
    values.forEach((v, i) => {
      if (v.length < SUSPICIOUS_FIELD_CHARS) return;
      const col = columns[i] ?? `column ${i + 1}`;
      const chars = charCount(v).toLocaleString('en');
      const breaks = lineBreaks(v);
      issues.push({
        code: 'long_field',
        message:
          v.length >= HUGE_FIELD_CHARS
            ? `Row ${row}: the field "${col}" is over 1 MB (${chars} characters).`
            : `Row ${row}: the field "${col}" is suspiciously long (${chars} characters${breaks ? `, ${breaks.toLocaleString('en')} line breaks` : ''}): a quote may be missing upstream, so it may hold several records.`,
      });
    });
  }
  for (let i = 0; i < values.length; i++) {
    const at = values[i]!.indexOf(REPLACEMENT);
    if (at >= 0) {
      issues.push({
        code: 'invalid_utf8',
        message: `Row ${row}: "${around(values[i]!, at)}" in "${columns[i] ?? i + 1}" holds ${REPLACEMENT} where bytes were not valid UTF-8.`,
      });
      break;
    }
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (CONTROL.test(v)) {
      const m = CONTROL.exec(v)!;
      const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      issues.push({
        code: 'control_chars',
        message: `Row ${row}: the field "${columns[i] ?? i + 1}" holds the control character U+${code}.`,
      });
      break;
    }
  }
  for (let i = 0; i < values.length; i++) {
    const m = findMisdecoding(values[i]!);
    if (m) {
      const snippet = around(values[i]!, m.at);
      issues.push({
        code: 'mojibake',
        message: `Row ${row}: "${snippet}" in "${columns[i] ?? i + 1}" looks like text read in the wrong encoding (${MISDECODING[m.kind]}: ${m.mark}).`,
        evidence: snippet.replace(/^…|…$/g, ''),
      });
      break;
    }
  }
  return issues;
}

const KEEP_ROWS = 1000;
const KEEP_EXAMPLES = 20;

/** Collects the problems of a whole file, class by class. */
/** The file's reading: the encoding used and the readings detection suggested. */
export interface ReadingFacts {
  encoding: TextEncoding | null;
  suggestedEncodings?: EncodingSuggestion[];
  encodingLooksWrong?: boolean;
}

export class ProblemLog {
  private readonly byCode = new Map<ProblemCode, { count: number; rows: number[]; examples: { row: number; message: string }[] }>();
  /** Ids that look like Excel turned them into numbers (1.4e+18). */
  scientificIds = 0;
  /** Garbled snippets, to name the encodings that read them better. */
  private readonly garbled: string[] = [];

  constructor(private readonly reading: ReadingFacts | null = null) {}

  add(row: number, issue: RowIssue): void {
    let entry = this.byCode.get(issue.code);
    if (!entry) this.byCode.set(issue.code, (entry = { count: 0, rows: [], examples: [] }));
    if (issue.evidence !== undefined && this.garbled.length < KEEP_EXAMPLES) this.garbled.push(issue.evidence);
    entry.count++;
    if (entry.rows.length < KEEP_ROWS && entry.rows[entry.rows.length - 1] !== row) entry.rows.push(row);
    if (entry.examples.length < KEEP_EXAMPLES) entry.examples.push({ row, message: issue.message });
  }

  count(code: ProblemCode): number {
    return this.byCode.get(code)?.count ?? 0;
  }

  summaries(): ProblemSummary[] {
    const order: ProblemCode[] = [
      'duplicate_id',
      'empty_text',
      'text_spill',
      'ragged',
      'long_field',
      'invalid_utf8',
      'control_chars',
      'mojibake',
    ];
    return order
      .filter((c) => this.byCode.has(c))
      .map((code) => {
        const e = this.byCode.get(code)!;
        return {
          code,
          count: e.count,
          rows: e.rows,
          examples: e.examples,
          summary: this.summary(code, e.count),
          choices: CHOICES[code].choices,
          defaultChoice: CHOICES[code].default,
        };
      });
  }

  /** ", for example X or Y": the readings detection found, other than the one used. */
  private otherReadings(): string {
    const others = (this.reading?.suggestedEncodings ?? []).filter((s) => s.encoding !== this.reading?.encoding);
    return others.length ? `, for example ${others.map((s) => encodingLabel(s.encoding)).join(' or ')}` : '';
  }

  /** The mojibake sentence, naming the encodings that read the garbled text better: UTF-8 when
   * the text is UTF-8 read as a single-byte encoding (here or upstream), else the readings the
   * preview found better when the file's reading looks wrong. */
  private misdecodedSummary(rows: string): string {
    const start = `${rows} hold characters typical of text read in the wrong encoding`;
    const readAs = this.reading?.encoding ?? null;
    const [utf8] = betterReadings(this.garbled, readAs);
    if (utf8 && utf8.readAs === readAs)
      return `${start}: the file reads better as UTF-8. Choose that encoding and check the preview again.`;
    if (utf8)
      return `${start}: they read right as UTF-8 that was read as ${encodingLabel(utf8.readAs)} before this file was saved${readAs ? ` (the file itself is ${encodingLabel(readAs)})` : ''}, so they can only be mended where the file came from.`;
    const others = (this.reading?.suggestedEncodings ?? []).filter((s) => s.encoding !== readAs);
    if (this.reading?.encodingLooksWrong && others.length)
      return `${start}: the file reads better as ${others.map((s) => encodingLabel(s.encoding)).join(' or ')}. Choose that encoding and check the preview again.`;
    return `${start}. No other encoding reads them better, so they were probably garbled before this file was saved.`;
  }

  private summary(code: ProblemCode, n: number): string {
    const rows = `${n.toLocaleString('en')} row${n === 1 ? '' : 's'}`;
    switch (code) {
      case 'empty_text':
        return `${rows} have no text in the text column${n === 1 ? '' : 's'}.`;
      case 'ragged':
        return `${rows} have more or fewer fields than the header: text may have spilled into the next columns, or a delimiter is missing.`;
      case 'text_spill':
        return `${rows} hold the delimiter in their text without quotes, so the end of the text spilled into fields after it that have no column of their own. Joined back, the text reads as in the file.`;
      case 'duplicate_id':
        return `${rows} repeat an id used by an earlier row.${this.scientificIds ? ` ${this.scientificIds.toLocaleString('en')} ids look like numbers in scientific notation (such as 1.4e+18): Excel does this to long ids and loses their digits.` : ''}`;
      case 'long_field':
        return `${rows} hold an unusually long field.`;
      case 'invalid_utf8':
        return `${rows} ${n === 1 ? 'holds' : 'hold'} bytes that are not valid UTF-8, shown as ${REPLACEMENT}: the rest of the file reads as UTF-8, so only these characters are lost (a file with many such rows may be in another encoding: choose it${this.otherReadings()}). Keep these rows as they are, or skip them.`;
      case 'control_chars':
        return `${rows} hold invisible control characters, often left by a wrong encoding conversion (Windows-1252 read as Latin-1).`;
      case 'mojibake':
        return this.misdecodedSummary(rows);
    }
  }
}

export function looksScientific(id: string): boolean {
  return /^\d+(\.\d+)?[eE][+-]?\d+$/.test(id.trim());
}
