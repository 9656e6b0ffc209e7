// A streaming parser for delimited text (CSV, TSV, ...), fed decoded chunks. Written for the files
// researchers bring: CRLF, LF and lone CR line endings (also mixed), quoting on or off, quoted
// newlines, stray quotes, ragged rows; it tells the line each record starts on.

export type QuoteMode = 'double' | 'none';

export interface ParsedRecord {
  fields: string[];
  /** 1-based physical line on which the record starts. */
  line: number;
  /** Longest field in characters (for the "suspiciously long field" check). */
  longestField: number;
}

export interface ParserOptions {
  delimiter: string;
  quote: QuoteMode;
  /** A field longer than this aborts the parse: the file is almost certainly broken. */
  maxFieldChars?: number;
}

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

const CR = 13;
const LF = 10;
const QUOTE = 34;

export class FieldTooLongError extends Error {
  constructor(
    readonly line: number,
    readonly limit: number,
  ) {
    super(`a field starting on line ${line} is longer than ${limit} characters`);
  }
}

export class UnclosedQuoteError extends Error {
  constructor(readonly line: number) {
    super(`a quoted field starting on line ${line} is never closed`);
  }
}

export class DelimitedParser {
  private readonly delim: number;
  private readonly quoting: boolean;
  private readonly maxField: number;
  private state = State.FieldStart;
  private field = '';
  private fields: string[] = [];
  private longest = 0;
  private line = 1;
  private recordLine = 1;
  private fieldLine = 1;
  /** The previous chunk ended with CR: a LF at the start of the next chunk belongs to it. */
  private pendingCR = false;
  /** Closing quotes followed by more text ("abc"def): CSV never writes them, so many of them mean
   * the quotes are part of the text and quoting should be off. */
  strayQuotes = 0;

  constructor(options: ParserOptions) {
    if (options.delimiter.length !== 1) throw new Error('The delimiter must be one character.');
    this.delim = options.delimiter.charCodeAt(0);
    this.quoting = options.quote === 'double';
    this.maxField = options.maxFieldChars ?? 64 * 1024 * 1024;
  }

  /** Lines seen so far (for progress and messages). */
  get currentLine(): number {
    return this.line;
  }

  push(chunk: string, emit: (record: ParsedRecord) => void): void {
    const n = chunk.length;
    let i = 0;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (n > 0 && chunk.charCodeAt(0) === LF) {
        if (this.state === State.Quoted) this.field += '\n';
        i = 1;
      }
    }
    let start = i; // start of the unconsumed run of field characters in this chunk
    while (i < n) {
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case State.FieldStart:
          this.fieldLine = this.line;
          if (this.quoting && c === QUOTE) {
            this.state = State.Quoted;
            start = i + 1;
            i++;
            continue;
          }
          this.state = State.Unquoted;
          start = i;
          continue; // look at the same character as part of an unquoted field
        case State.Unquoted: {
          // Fast scan to the next delimiter or line break.
          while (i < n) {
            const d = chunk.charCodeAt(i);
            if (d === this.delim || d === LF || d === CR) break;
            i++;
          }
          this.field += chunk.slice(start, i);
          this.checkLength();
          if (i === n) return;
          const d = chunk.charCodeAt(i);
          this.endField();
          if (d === this.delim) {
            this.state = State.FieldStart;
            i++;
          } else {
            i = this.lineBreak(chunk, i);
            this.endRecord(emit);
          }
          start = i;
          continue;
        }
        case State.Quoted: {
          while (i < n) {
            const d = chunk.charCodeAt(i);
            if (d === QUOTE) break;
            if (d === LF) this.line++;
            else if (d === CR && chunk.charCodeAt(i + 1) !== LF) {
              // A lone CR, or a CR whose LF is in the next chunk (counted there as part of it).
              if (i + 1 < n) this.line++;
              else {
                this.line++;
                this.field += chunk.slice(start, i + 1);
                this.pendingCR = true;
                return;
              }
            }
            i++;
          }
          this.field += chunk.slice(start, i);
          this.checkLength();
          if (i === n) return;
          this.state = State.QuoteInQuoted;
          i++;
          start = i;
          continue;
        }
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
            i++;
            start = i;
          } else if (c === this.delim) {
            this.endField();
            this.state = State.FieldStart;
            i++;
            start = i;
          } else if (c === LF || c === CR) {
            this.endField();
            i = this.lineBreak(chunk, i);
            this.endRecord(emit);
            start = i;
          } else {
            // Text after a closing quote ("abc"def): keep the quote and read on unquoted.
            this.strayQuotes++;
            this.field += '"';
            this.state = State.Unquoted;
            start = i;
          }
          continue;
      }
    }
  }

  /** Ends the input: the last record may have no line break after it. */
  finish(emit: (record: ParsedRecord) => void): void {
    if (this.state === State.Quoted) throw new UnclosedQuoteError(this.fieldLine);
    if (this.state === State.FieldStart && this.fields.length === 0 && this.field === '') return;
    this.endField();
    this.endRecord(emit);
  }

  /** Consumes a line break at i (CRLF, LF or CR) and returns the index after it. */
  private lineBreak(chunk: string, i: number): number {
    this.line++;
    if (chunk.charCodeAt(i) === CR) {
      if (i + 1 < chunk.length) return chunk.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
      this.pendingCR = true;
    }
    return i + 1;
  }

  private checkLength(): void {
    if (this.field.length > this.maxField) throw new FieldTooLongError(this.fieldLine, this.maxField);
  }

  private endField(): void {
    if (this.field.length > this.longest) this.longest = this.field.length;
    this.fields.push(this.field);
    this.field = '';
  }

  private endRecord(emit: (record: ParsedRecord) => void): void {
    const fields = this.fields;
    const line = this.recordLine;
    const longest = this.longest;
    this.fields = [];
    this.longest = 0;
    this.state = State.FieldStart;
    this.recordLine = this.line;
    // A blank line is no record.
    if (fields.length === 1 && fields[0] === '') return;
    emit({ fields, line, longestField: longest });
  }
}

/** Parses a whole string (tests, previews of small samples). */
export function parseDelimited(text: string, options: ParserOptions): ParsedRecord[] {
  const out: ParsedRecord[] = [];
  const p = new DelimitedParser(options);
  p.push(text, (r) => out.push(r));
  p.finish((r) => out.push(r));
  return out;
}
