import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from './test-support/cli-project';
import { corpusFile } from '../core/test-support/corpora';
import { useTempDir } from '../core/test-support/temp-dir';

const tmp = useTempDir();

describe('prelabel CLI', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('init, import and stats give 7,600 documents for AG News (no header, title + description)', async () => {
    const project = join(tmp(), 'ag.prelabel');
    expect((await run('init', project, '--json')).code).toBe(0);
    const imported = await run(
      'import',
      project,
      corpusFile('ag_news', 'test.csv'),
      '--no-header',
      '--text-column',
      '2',
      '--text-column',
      '3',
      '--json',
    );
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.out)).toMatchObject({ ok: true, imported: 7600, skipped: 0, documents: 7600 });
    const stats = await run('stats', project, '--json');
    expect(stats.code).toBe(0);
    const parsed = JSON.parse(stats.out);
    expect(parsed).toMatchObject({ ok: true, documents: 7600, annotations: 0, predictions: 0 });
    expect(parsed.imports).toHaveLength(1);
    const human = await run('stats', project);
    expect(human.out).toContain('Documents:   7600');
  });

  it('exits non-zero with a one-line message on bad input', async () => {
    const project = join(tmp(), 'x.prelabel');
    await run('init', project);
    const missing = await run('import', project, join(tmp(), 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^prelabel import: The file .*nope\.csv does not exist\.$/);
    const notProject = await run('stats', corpusFile('ag_news', 'test.csv'));
    expect(notProject.code).toBe(1);
    expect(notProject.err).toBe('prelabel stats: test.csv is not a Prelabel project (it is not an SQLite database).');
    const badFlag = await run('import', project, 'f.csv', '--colour');
    expect(badFlag.code).toBe(2);
    expect(badFlag.err.split('\n')).toHaveLength(1);
    expect((await run('frobnicate')).code).toBe(2);
    const again = await run('init', project);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already exists');
  });

  it('guesses the text column when none is given and reports the guess', async () => {
    const project = join(tmp(), 'b.prelabel');
    await run('init', project);
    const r = await run('import', project, corpusFile('bbc_news', 'BBC News Train.csv'));
    expect(r.code).toBe(0);
    expect(r.err).toContain('Text column: Text');
    expect(r.out).toContain('Imported 1490 documents');
  });
});
