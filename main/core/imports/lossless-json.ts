// A JSON reader that keeps numbers as the text they were written as, so a 19-digit id survives
// exactly (JSON.parse rounds integers above 2^53), for one record at a time (json-array-stream.ts
// finds the records of a file, JSON Lines has one a line). A syntax error names its line and column.
//
// [Note: own lossless JSON parser] Kept as own code after measuring the lossless-json package (4.3)
// in its place for issue 11: it keeps numbers exactly too, but the import of a JSON Lines file of
// 200,000 records was 25% slower with it and of a JSON array 18% slower (paired runs, same machine,
// docs/BENCHMARKS.md), past the 10% the file-format libraries were allowed. The difference is in
// strings, most of a record: it walks them character by character, while this parser jumps to the
// closing quote and copies the text when it holds no escape.

/** A JSON value with numbers kept as their source text. */
export type LosslessValue = string | LosslessNumber | boolean | null | LosslessValue[] | { [key: string]: LosslessValue };

export class LosslessNumber {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
  }
}

/** [Note: JSON depth] Records nested deeper than this are refused with a line, not read: the
 * parser (and stringifyLossless) recurse once per level, and JSON nested 100,000 deep ended in a
 * RangeError stack. A record is a document with its metadata; 1,000 levels (Python's json module
 * stops near it too, at its recursion limit) leave room for any real export, and the stack of 1,000
 * frames is far below Node's (about 10,000). The splitter of JSON arrays (json-array-stream.ts)
 * counts the same depth as the text streams in, so a deep file fails before a record is held. */
export const MAX_JSON_DEPTH = 1000;

/** JSON nested deeper than MAX_JSON_DEPTH, where it passes it. */
export class JsonDepthError extends JsonSyntaxError {
  constructor(line: number, column: number) {
    super(`the values are nested deeper than ${MAX_JSON_DEPTH} levels`, line, column);
  }
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses one complete JSON text (e.g. a JSONL line) losslessly. */
export function parseLossless(text: string, lineOffset = 0): LosslessValue {
  const p = new Cursor(text, lineOffset);
  p.skipWs();
  const value = p.value();
  p.skipWs();
  if (p.pos < text.length) p.fail('unexpected text after the JSON value');
  return value;
}

class Cursor {
  pos = 0;
  constructor(
    readonly s: string,
    readonly lineOffset: number,
  ) {}

  private depth = 0;

  /** Line and column of `pos`. */
  private where(): [number, number] {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < this.pos && i < this.s.length; i++) {
      if (this.s.charCodeAt(i) === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    return [line + this.lineOffset, this.pos - lineStart + 1];
  }

  fail(message: string): never {
    throw new JsonSyntaxError(message, ...this.where());
  }

  /** An object or array one level deeper (the caller steps back with `depth--`). */
  private enter(): void {
    if (++this.depth > MAX_JSON_DEPTH) throw new JsonDepthError(...this.where());
  }

  failAt(pos: number, message: string): never {
    this.pos = pos;
    this.fail(message);
  }

  skipWs(): void {
    while (this.pos < this.s.length && WS.has(this.s.charCodeAt(this.pos))) this.pos++;
  }

  value(): LosslessValue {
    const c = this.s[this.pos];
    if (c === '{' || c === '[') {
      this.enter();
      const nested = c === '{' ? this.object() : this.array();
      this.depth--;
      return nested;
    }
    if (c === '"') return this.string();
    if (c === 't' && this.s.startsWith('true', this.pos)) return ((this.pos += 4), true);
    if (c === 'f' && this.s.startsWith('false', this.pos)) return ((this.pos += 5), false);
    if (c === 'n' && this.s.startsWith('null', this.pos)) return ((this.pos += 4), null);
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(this.s);
    if (m && m[0].length > 0) {
      this.pos += m[0].length;
      return new LosslessNumber(m[0]);
    }
    if (c === undefined) this.fail('the JSON ends too early');
    this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  object(): { [key: string]: LosslessValue } {
    const out: { [key: string]: LosslessValue } = {};
    this.pos++;
    this.skipWs();
    if (this.s[this.pos] === '}') return (this.pos++, out);
    for (;;) {
      this.skipWs();
      if (this.s[this.pos] !== '"') this.fail('expected a property name in double quotes');
      const key = this.string();
      this.skipWs();
      if (this.s[this.pos] !== ':') this.fail('expected ":" after a property name');
      this.pos++;
      this.skipWs();
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.skipWs();
      const c = this.s[this.pos++];
      if (c === '}') return out;
      if (c !== ',') this.failAt(this.pos - 1, 'expected "," or "}" in an object');
    }
  }

  array(): LosslessValue[] {
    const out: LosslessValue[] = [];
    this.pos++;
    this.skipWs();
    if (this.s[this.pos] === ']') return (this.pos++, out);
    for (;;) {
      this.skipWs();
      out.push(this.value());
      this.skipWs();
      const c = this.s[this.pos++];
      if (c === ']') return out;
      if (c !== ',') this.failAt(this.pos - 1, 'expected "," or "]" in an array');
    }
  }

  string(): string {
    const start = ++this.pos;
    // Fast path: no escapes.
    const end = this.s.indexOf('"', start);
    if (end < 0) this.fail('a string is never closed');
    const raw = this.s.slice(start, end);
    if (!raw.includes('\\') && !/[\u0000-\u001f]/.test(raw)) {
      this.pos = end + 1;
      return raw;
    }
    let out = '';
    let i = start;
    for (;;) {
      if (i >= this.s.length) this.failAt(i, 'a string is never closed');
      const c = this.s.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) this.failAt(i, 'a control character inside a string must be escaped');
      if (c !== 0x5c) {
        out += this.s[i++];
        continue;
      }
      const e = this.s[i + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        i += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(this.s.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        this.pos = i;
        this.fail('invalid escape in a string');
      }
    }
    this.pos = i + 1;
    return out;
  }
}

/** Turns a value into the text stored for a cell: strings as they are, numbers as written,
 * objects and arrays as compact JSON (numbers still as written). */
export function cellText(value: LosslessValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (value instanceof LosslessNumber) return value.text;
  if (typeof value === 'boolean') return String(value);
  return stringifyLossless(value);
}

export function stringifyLossless(value: LosslessValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof LosslessNumber) return value.text;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(stringifyLossless).join(',')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}:${stringifyLossless(v)}`)
    .join(',')}}`;
}
