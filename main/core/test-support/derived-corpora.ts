// Files derived at test time from the shared corpora, for the import defects of issue 12: the
// corpus rows stay as they are, only the header or the layout around them is changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusFile } from './corpora';

/** The SemEval stance test set with the header `Tweet,Target,Stance,Stance,Sentiment,` and a
 * trailing empty field on every row, as a spreadsheet export leaves it. */
export function semevalWithRepeatedHeader(dir: string, rows = Infinity): string {
  const lines = readFileSync(corpusFile('semeval2016_stance', 'test.csv'), 'latin1').split('\r\n');
  const body = lines.slice(1, rows === Infinity ? undefined : rows + 1).filter((l) => l !== '');
  const path = join(dir, 'stance.csv');
  writeFileSync(path, ['Tweet,Target,Stance,Stance,Sentiment,', ...body.map((l) => `${l},`)].join('\r\n') + '\r\n', 'latin1');
  return path;
}
