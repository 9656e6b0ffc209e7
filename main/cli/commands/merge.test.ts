// `prelabel package` and `prelabel merge` in process: a blind package for Ben, coded with `prelabel
// label` on the package file, merged back (text and --json report), twice adds nothing; bad flags and
// a file that is no project get a one-line error and change nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../core/test-support/temp-dir';
import { run, stanceProject } from '../test-support/cli-project';

const tmp = useTempDir();

const project = (dir: string) => stanceProject(dir, ['The asylum law passed.', 'Rail fares rise again.', 'Taxes go up.']);

const label = (path: string, doc: string, name: string, coder: string) =>
  run('label', path, '--doc', doc, '--question', 'Stance', '--label', name, '--coder', coder);

describe('prelabel package and merge', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('packages for a coder, merges the coded package back and reports it; twice adds nothing', async () => {
    const dir = tmp();
    const path = await project(dir);
    expect((await label(path, 't1', 'favour', 'Ana')).code).toBe(0);
    const pkg = join(dir, 'ben.prelabel');
    const made = await run('package', path, '--coder', 'Ben', '--out', pkg, '--documents', 'all', '--blind');
    expect(made).toMatchObject({ code: 0, err: '' });
    expect(made.out).toContain(`Wrote the package for Ben to ${pkg}: 3 documents, 0 of Ben's decisions, blind (no suggestions).`);
    for (const [doc, l] of [
      ['t1', 'against'],
      ['t2', 'favour'],
    ])
      expect((await label(pkg, doc!, l!, 'Ben')).code).toBe(0);
    const merged = await run('merge', path, pkg);
    expect(merged).toMatchObject({ code: 0, err: '' });
    expect(merged.out.split('\n')).toEqual([
      `${pkg} (Ben):`,
      '  2 decisions new, 0 already present, 0 not merged; questions: Stance',
      '  coders added: Ben',
      'Merged 1 copy: 2 decisions new, 0 already present, 0 conflicts.',
    ]);
    const again = JSON.parse((await run('merge', path, pkg, '--json')).out);
    expect(again).toMatchObject({ ok: true, decisionsNew: 0, decisionsPresent: 2, conflicts: 0 });
    const db = new Database(path, { readonly: true });
    expect(
      db
        .prepare(
          'SELECT c.name, d.external_id FROM annotations a JOIN coders c ON c.id = a.coder_id JOIN documents d ON d.id = a.document_id ORDER BY c.name, d.external_id',
        )
        .all(),
    ).toEqual([
      { name: 'Ana', external_id: 't1' },
      { name: 'Ben', external_id: 't1' },
      { name: 'Ben', external_id: 't2' },
    ]);
    db.close();
  });

  it('refuses bad flags and a file that is no project with one line, changing nothing', async () => {
    const dir = tmp();
    const path = await project(dir);
    expect(await run('package', path, '--out', join(dir, 'x.prelabel'))).toMatchObject({
      code: 1,
      err: 'prelabel package: --coder NAME is required: the coder the package is for.',
    });
    expect((await run('package', path, '--coder', 'Ben', '--out', join(dir, 'x.prelabel'), '--documents', 'some')).err).toBe(
      'prelabel package: --documents must be "all" or "open" (got "some").',
    );
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'not a project at all, just words and more words to pass a hundred bytes of header. '.repeat(3));
    const r = await run('merge', path, notes);
    expect(r.code).not.toBe(0);
    expect(r.err).toBe('prelabel merge: Not merged: notes.txt is not a Prelabel project (it is not an SQLite database).');
    expect((await run('merge', path)).err).toMatch(/missing the copies to merge/);
  });
});
