// The German MARC reviews (5,000 rows, UTF-8) with one 0xFF byte put into one review, written to a
// test's temp folder: the file of issue 10's bug 3. The corpus itself is never changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { corpusFile } from './corpora';

export const MARC_DE = ['marc_amazon_reviews', 'test-de.csv'] as const;

export interface DamagedReviews {
  path: string;
  /** Every review text as the UTF-8 decoding of the intact file gives it (an independent parser). */
  expected: string[];
  /** Where in the damaged review's text the byte went (before its first space). */
  damagedAt: number;
}

/** Puts 0xFF into the text of data row `row` (1-based), before the text's first space, so that no
 * character around it is cut. */
export function writeDamagedReviews(dir: string, row: number): DamagedReviews {
  const bytes = readFileSync(corpusFile(...MARC_DE));
  const records = parse(bytes.toString('utf8'), { relax_column_count: true }) as string[][];
  if (records.length !== 5000) throw new Error(`${MARC_DE.join('/')} should hold 5,000 rows, not ${records.length}.`);
  const start = row === 1 ? 0 : bytes.indexOf(`\n${records[row - 1]![0]},`) + 1;
  if (row > 1 && start <= 0) throw new Error(`Row ${row} was not found in ${MARC_DE.join('/')}.`);
  const space = bytes.indexOf(' ', start);
  const path = join(dir, `reviews-row-${row}.csv`);
  writeFileSync(path, Buffer.concat([bytes.subarray(0, space), Buffer.from([0xff]), bytes.subarray(space)]));
  return { path, expected: records.map((r) => r[1]!), damagedAt: records[row - 1]![1]!.indexOf(' ') };
}
