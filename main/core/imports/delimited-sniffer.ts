// Guesses the layout of delimited text from a decoded sample: delimiter, quoting, header row.
// Each guess is shown in the preview and can be overridden.
import { DelimitedParser, type ParsedRecord, type QuoteMode } from './delimited-parser';

export type Delimiter = ',' | ';' | '\t' | '|';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

/** Parses a sample, leaving out the last record (the sample may end in the middle of it). */
function sampleRecords(
  sample: string,
  delimiter: Delimiter,
  quote: QuoteMode,
  complete: boolean,
): { records: ParsedRecord[]; stray: number } | null {
  const out: ParsedRecord[] = [];
  const p = new DelimitedParser({ delimiter, quote, maxFieldChars: sample.length + 1 });
  try {
    p.push(sample, (r) => out.push(r));
    if (complete) p.finish((r) => out.push(r));
  } catch {
    return null;
  }
  return { records: out.slice(0, 200), stray: p.strayQuotes };
}

interface Candidate {
  delimiter: Delimiter;
  quote: QuoteMode;
  score: number;
  fields: number;
}

function consistency(records: ParsedRecord[]): { share: number; mode: number } {
  const freq = new Map<number, number>();
  for (const r of records) freq.set(r.fields.length, (freq.get(r.fields.length) ?? 0) + 1);
  let mode = 0;
  let best = 0;
  for (const [count, n] of freq) if (n > best || (n === best && count > mode)) [mode, best] = [count, n];
  return { share: records.length ? best / records.length : 0, mode };
}

export interface DelimitedGuess {
  delimiter: Delimiter;
  quote: QuoteMode;
}

/** `extension` breaks ties: a `.tsv` prefers tabs, a `.csv` commas (but a tab-separated `.csv` is
 * still read as tabs when tabs split it more consistently). */
export function guessDelimited(sample: string, extension: string, complete: boolean, fixed?: Delimiter): DelimitedGuess {
  const preferred: Delimiter = fixed ?? (extension === '.tsv' || extension === '.tab' ? '\t' : ',');
  const candidates: Candidate[] = [];
  for (const delimiter of fixed ? [fixed] : DELIMITERS) {
    for (const quote of ['double', 'none'] as const) {
      const parsed = sampleRecords(sample, delimiter, quote, complete);
      if (!parsed || parsed.records.length === 0) continue;
      const { share, mode } = consistency(parsed.records);
      if (mode < 2) continue;
      // Consistent field counts first; among equals, quoting on, then the extension's delimiter.
      let score = share;
      if (quote === 'double') score += 0.001;
      if (delimiter === preferred) score += 0.0005;
      // Quotes followed by text mean the quotes belong to the text (TSV files often have them).
      if (quote === 'double' && parsed.stray > 0) score -= 0.01 + Math.min(parsed.stray, 50) / 1000;
      candidates.push({ delimiter, quote, score, fields: mode });
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  return best ? { delimiter: best.delimiter, quote: best.quote } : { delimiter: preferred, quote: 'double' };
}

const NUMERIC = /^\s*[-+]?(\d+([.,]\d+)?|\d*[.,]\d+)([eE][-+]?\d+)?\s*$/;

function headerLike(cell: string): boolean {
  const t = cell.trim();
  return t.length <= 40 && !NUMERIC.test(t) && t.split(/\s+/).length <= 5;
}

/** Decides whether the first record is a header, in the spirit of Python's csv.Sniffer: each
 * column votes by type (numbers below a word), by length (long texts below a short name) and by
 * repetition (a header's word is not one of the column's few repeated values).
 * [Note: repeated and empty header names] A header may repeat a name (`Stance,Stance`) or leave
 * one empty (a trailing comma, `Response,Message,,,`): spreadsheets write such headers, and
 * requiring unique names read them as data (issue 12). Names are made unique afterwards
 * (column-mapping.ts columnNames); here only the columns' votes decide. */
export function guessHeader(records: readonly string[][]): boolean {
  const [first, ...rest] = records;
  if (!first || rest.length === 0) return true;
  const named = first.filter((c) => c.trim() !== '');
  if (named.length === 0) return false;
  if (!named.every(headerLike)) return false;
  let votes = 0;
  first.forEach((head, col) => {
    if (head.trim() === '') return;
    const values = rest.map((r) => r[col] ?? '').filter((v) => v.trim() !== '');
    if (values.length === 0) return;
    const numeric = values.filter((v) => NUMERIC.test(v)).length / values.length;
    if (numeric > 0.9) votes += 1; // numbers below a word
    const avg = values.reduce((s, v) => s + v.length, 0) / values.length;
    if (avg > 3 * Math.max(4, head.length)) votes += 1; // long texts below a short name
    const distinct = new Set(values.map((v) => v.trim()));
    if (distinct.size <= Math.max(3, values.length / 5)) votes += distinct.has(head.trim()) ? -2 : 1;
  });
  return votes >= 0;
}
