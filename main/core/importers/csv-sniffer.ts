// Guesses how a delimited text file is laid out from its first bytes: binary or text, BOM,
// delimiter. The full importer (encodings, quoting modes) grows from here.
import { openSync, readSync, closeSync } from 'node:fs';
import { PrelabelError } from '../../../common/contract';

export type Delimiter = ',' | ';' | '\t' | '|';
const CANDIDATES: readonly Delimiter[] = [',', ';', '\t', '|'];

export const SNIFF_BYTES = 64 * 1024;

export function readHead(path: string, bytes = SNIFF_BYTES): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** True when the bytes look like binary data rather than text (NUL bytes or many control bytes). */
export function looksBinary(head: Buffer): boolean {
  if (head.length === 0) return false;
  let control = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control / head.length > 0.05;
}

/** Splits the sample into lines, ignoring line breaks inside double quotes. */
function sampleLines(text: string, max: number): string[] {
  const lines: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length && lines.length < max; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (i > start) lines.push(text.slice(start, i));
      if (c === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  return lines;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === delimiter) n++;
  }
  return n;
}

/** Picks the delimiter that splits the sample's lines into the most consistent number of fields. */
export function detectDelimiter(sample: string): Delimiter {
  // The last line of a sample may be cut mid-row: leave it out.
  const lines = sampleLines(sample, 51).slice(0, 50);
  let best: { d: Delimiter; score: number } = { d: ',', score: -1 };
  for (const d of CANDIDATES) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    if (counts.length === 0 || counts.every((c) => c === 0)) continue;
    const freq = new Map<number, number>();
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
    const [mode, modeCount] = [...freq.entries()].sort((a, b) => b[1] - a[1])[0]!;
    if (mode === 0) continue;
    // Consistency first, then more fields (a tab-separated file with commas in the text).
    const score = modeCount / counts.length + Math.min(mode, 50) / 1000;
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

export interface SniffResult {
  delimiter: Delimiter;
  bom: boolean;
}

export function sniffCsv(path: string, fileName: string): SniffResult {
  const head = readHead(path);
  if (head.length === 0) throw new PrelabelError('BAD_FILE', `${fileName} is empty.`);
  if (looksBinary(head)) {
    throw new PrelabelError('BAD_FILE', `${fileName} does not look like a text file (it contains binary data). Is it really a CSV file?`);
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const text = head.subarray(bom ? 3 : 0).toString('utf8');
  if (text.trim() === '') throw new PrelabelError('BAD_FILE', `${fileName} holds no data, only blank space.`);
  return { delimiter: detectDelimiter(text), bom };
}
