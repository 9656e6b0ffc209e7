// JSON values with numbers kept as the text they were written as, so a 19-digit id survives
// exactly (JSON.parse rounds integers above 2^53): parsed by the lossless-json package, whose
// LosslessNumber keeps a number's text. What Prelabel adds: a syntax error names the line and column
// (the library gives a character position), and a repeated key keeps its last value, as JSON.parse
// does (the library refuses it by default).
import { LosslessNumber, parse, stringify } from 'lossless-json';

export { LosslessNumber };

/** A JSON value with numbers kept as their source text. */
export type LosslessValue = string | LosslessNumber | boolean | null | LosslessValue[] | { [key: string]: LosslessValue };

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
  }
}

const AT_POSITION = / at position (\d+)$/;

/** lossless-json's message ("Comma ',' expected after value but got '"' at position 31") as a sentence
 * of Prelabel's, with the position turned into a line and column of the file. */
function syntaxError(text: string, message: string, lineOffset: number): JsonSyntaxError {
  const at = AT_POSITION.exec(message);
  const pos = at ? Number(at[1]) : text.length;
  const detail = message
    .replace(AT_POSITION, '')
    .replace(/ but (got '.*'|reached end of input)$/, '')
    .replace(/[\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1));
  const what = pos >= text.length ? 'the JSON ends too early' : `unexpected character ${JSON.stringify(text[pos])}`;
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return new JsonSyntaxError(`${what} (${detail.charAt(0).toLowerCase()}${detail.slice(1)})`, line + lineOffset, pos - lineStart + 1);
}

/** Parses one complete JSON text (a record of an array, a JSON Lines line) losslessly; `lineOffset`:
 * the lines of the file before the text, for messages. */
export function parseLossless(text: string, lineOffset = 0): LosslessValue {
  try {
    return parse(text, null, { onDuplicateKey: ({ newValue }) => newValue }) as LosslessValue;
  } catch (err) {
    if (err instanceof SyntaxError) throw syntaxError(text, err.message, lineOffset);
    throw err;
  }
}

/** Turns a value into the text stored for a cell: strings as they are, numbers as written,
 * objects and arrays as compact JSON (numbers still as written). */
export function cellText(value: LosslessValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (value instanceof LosslessNumber) return value.value;
  if (typeof value === 'boolean') return String(value);
  return stringify(value) ?? '';
}
