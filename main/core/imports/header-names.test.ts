// Issue 12, section 2, bug 1: a header row with a repeated or an empty column name was taken as
// data, because the header detector wanted unique, non-empty names. Real files (the SemEval stance
// test set, rewritten at test time with such a header) are read with the header, repeated names
// get a suffix and empty ones their position (the CLI's mapping by the new names: main/cli/import-defects.test.ts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { semevalWithRepeatedHeader } from '../test-support/derived-corpora';
import { useTempDir } from '../test-support/temp-dir';
import { writeXlsx } from '../test-support/zip-writer';
import { columnNames } from './column-mapping';
import { guessHeader } from './delimited-sniffer';
import { previewImport } from './import-job';

const tmp = useTempDir();

describe('bug 1: a header with repeated or empty names is taken as data', () => {
  it('guessHeader takes a first row with a repeated and an empty name as the header', () => {
    const records = [
      ['Tweet', 'Target', 'Stance', 'Stance', 'Sentiment', ''],
      ['RT @user: this is a long tweet about something #SemST', 'Atheism', 'AGAINST', '1. The tweet explicitly expresses', 'pos', ''],
      ['another long tweet text that goes on and on and on #SemST', 'Atheism', 'FAVOR', '2. The tweet does not express', 'neg', ''],
    ];
    expect(guessHeader(records)).toBe(true);
  });

  it('reads the SemEval file with the header, naming "Stance (2)" and "Column 6"', async () => {
    const path = semevalWithRepeatedHeader(tmp());
    const preview = await previewImport({ path, name: 'stance.csv' }, {});
    expect(preview.hasHeader).toBe(true);
    expect(preview.columns).toEqual(['Tweet', 'Target', 'Stance', 'Stance (2)', 'Sentiment', 'Column 6']);
    expect(preview.rows[0]![0]).toMatch(/^He who exalts himself/);
  });

  it('an XLSX sheet with a repeated and an empty header cell is read with its header', async () => {
    const path = join(tmp(), 'stance.xlsx');
    writeXlsx(path, [
      {
        name: 'Sheet1',
        rows: [
          ['Tweet', 'Stance', 'Stance', ''],
          ['a long text of a tweet that says something about a target', 'AGAINST', 'explicit', 'x'],
          ['another long text of a tweet with an opinion on the target', 'FAVOR', 'implicit', 'y'],
        ],
      },
    ]);
    const preview = await previewImport({ path, name: 'stance.xlsx' }, {});
    expect(preview.hasHeader).toBe(true);
    expect(preview.columns).toEqual(['Tweet', 'Stance', 'Stance (2)', 'Column 4']);
  });

  it('suffixes never collide with a name the header already has', () => {
    expect(columnNames(['a', 'a', 'a (2)', '', 'Column 4'], true)).toEqual(['a', 'a (3)', 'a (2)', 'Column 4 (2)', 'Column 4']);
  });
});
