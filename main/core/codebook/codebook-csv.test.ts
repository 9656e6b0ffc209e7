import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codebookInput } from '../../../common/contract';
import { listRevisions } from '../store/codebook-store';
import { createProjectDb } from '../store/project-db';
import { corpusFile } from '../test-support/corpora';
import { useTempDir } from '../test-support/temp-dir';
import { importCodebookCsv, readCodebookCsv } from './codebook-csv';
import { findQuestion } from './codebook-read';
import { setCodebook } from './codebook-write';

const tmp = useTempDir();

function file(name: string, content: string | Buffer) {
  const path = join(tmp(), name);
  writeFileSync(path, content);
  return { path, name };
}

describe('codebook CSV', () => {
  it('imports the Manifesto codebook (no header, quoted newlines, mixed line endings) as 57 labels with codes', async () => {
    const path = corpusFile('manifesto_uk_cmp', 'manifesto_codes.csv');
    const db = createProjectDb(join(tmp(), 'm.prelabel'), { name: 'm' });
    const codebook = await importCodebookCsv(db, { path, name: 'manifesto_codes.csv' }, 'Policy domain');
    const q = findQuestion(codebook, 'Policy domain')!;
    expect(q.template).toBe('This text is about {}.');
    expect(q.labels).toHaveLength(57);
    expect(q.labels[0]).toMatchObject({ code: '101', name: 'Foreign Special Relationships: Positive' });
    expect(q.labels.at(-1)).toMatchObject({ code: '000', name: 'No meaningful category applies' });
    const welfare = q.labels.find((l) => l.code === '504')!;
    expect(welfare.name).toBe('Welfare State Expansion');
    expect(welfare.description).toMatch(/^Favourable mentions of need to introduce, maintain/);
    const military = q.labels.find((l) => l.code === '104')!;
    expect(military.description).toContain('\n• The need to maintain or increase military expenditure;');
    expect(new Set(q.labels.map((l) => l.code)).size).toBe(57);
    expect(listRevisions(db).at(-1)!.summary).toBe('Imported 57 labels into "Policy domain" from manifesto_codes.csv');

    // Importing again changes nothing and writes no revision.
    await importCodebookCsv(db, { path, name: 'manifesto_codes.csv' }, 'Policy domain');
    expect(listRevisions(db)).toHaveLength(1);
  });

  it('skips a header row, merges by name into an existing question and keeps its other labels', async () => {
    const db = createProjectDb(join(tmp(), 'h.prelabel'), { name: 'h' });
    setCodebook(
      db,
      codebookInput.parse({
        questions: [{ name: 'Topic', template: 'It is about {}.', labels: [{ name: 'Health', hotkey: 'h' }, { name: 'Other' }] }],
      }),
    );
    const csv = file('codes.csv', 'code;name;description\r\n1;Health;"Hospitals;\ndoctors"\r\n2;Crime;\n');
    const codebook = await importCodebookCsv(db, csv, 'Topic');
    const q = findQuestion(codebook, 'Topic')!;
    expect(q.template).toBe('It is about {}.');
    expect(q.labels.map((l) => [l.code, l.name, l.description, l.hotkey])).toEqual([
      ['1', 'Health', 'Hospitals;\ndoctors', 'h'],
      [null, 'Other', '', null],
      ['2', 'Crime', '', null],
    ]);
  });

  it('refuses rows without a name, duplicate names and extra columns, naming the line', async () => {
    await expect(readCodebookCsv(file('a.csv', '1,Health,x\n2,,y\n'))).rejects.toThrow(
      'a.csv, line 2: the name column (the second) is empty. Every label needs a name.',
    );
    await expect(readCodebookCsv(file('b.csv', '1,Health\n2,Crime\n3,Health\n'))).rejects.toThrow(
      'b.csv: the name "Health" appears on line 1 and line 3.',
    );
    await expect(readCodebookCsv(file('c.csv', '1,Health,a,b\n'))).rejects.toThrow(
      /c\.csv, line 1: 4 columns, but a codebook CSV has three/,
    );
    await expect(readCodebookCsv(file('d.csv', 'code,name,description\n'))).rejects.toThrow('d.csv holds no labels.');
  });
});
