// `prelabel delete` in process: counts without --yes (nothing deleted), deletes with --yes and
// says what ran; the marker texts are then in no byte of the project's files.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../core/test-support/temp-dir';
import { countBytes, projectByteFiles } from '../../core/privacy/test-support/marker-project';
import { run, stanceProject } from '../test-support/cli-project';

const tmp = useTempDir();

/** The Stance project with t2 the marker text, t1 and t2 labelled favour by Ana. */
async function project(dir: string): Promise<string> {
  const path = await stanceProject(dir, ['The asylum law passed.', 'CLIMARK secret rail fares.', 'Taxes go up.']);
  for (const doc of ['t1', 't2'])
    expect((await run('label', path, '--doc', doc, '--question', 'Stance', '--label', 'favour', '--coder', 'Ana')).code).toBe(0);
  return path;
}

describe('prelabel delete', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('counts without --yes, deletes with it; the text is gone from the file', async () => {
    const path = await project(tmp());
    const dry = await run('delete', path, '--documents', 't2');
    expect(dry.code).toBe(1);
    expect(dry.out).toContain('Documents: 1');
    expect(dry.out).toContain('Decisions: 1');
    expect(dry.err).toBe('Nothing was deleted: add --yes to delete these for good.');
    expect(countBytes(projectByteFiles(path), 'CLIMARK')).toBeGreaterThan(0);
    const done = await run('delete', path, '--documents', 't2', '--yes', '--json');
    expect(done.code).toBe(0);
    expect(JSON.parse(done.out)).toMatchObject({
      deleted: true,
      result: { documents: 1, decisions: 1, vacuumed: true, walTruncated: true, integrity: 'ok' },
    });
    expect(countBytes(projectByteFiles(path), 'CLIMARK')).toBe(0);
    expect((await run('stats', path)).out).toContain('Documents:   2');
  });

  it("deletes a coder's decisions, an import by its file name, and the project", async () => {
    const path = await project(tmp());
    const coder = await run('delete', path, '--coder', 'Ana', '--yes');
    expect(coder.code).toBe(0);
    expect(coder.out).toContain('Coder Ana: 2 decisions');
    expect(countBytes(projectByteFiles(path), 'Ana')).toBe(0);
    const imp = await run('delete', path, '--import', 'docs.csv', '--yes');
    expect(imp.code).toBe(0);
    expect(countBytes(projectByteFiles(path), 'asylum')).toBe(0);
    expect((await run('delete', path, '--project')).code).toBe(1);
    expect(existsSync(path)).toBe(true);
    const gone = await run('delete', path, '--project', '--yes');
    expect(gone.code).toBe(0);
    expect(gone.out).toMatch(/^Deleted project p: \d+ files/);
    expect(existsSync(path)).toBe(false);
  });

  it('refuses without a target, with two, or with an unknown document, in one line', async () => {
    const path = await project(tmp());
    const none = await run('delete', path);
    expect(none.code).not.toBe(0);
    expect(none.err).toContain('say what to delete with one of --documents');
    const unknown = await run('delete', path, '--documents', 'nope', '--yes');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('The project has no document with the id nope.');
    expect(unknown.err.split('\n')).toHaveLength(1);
  });
});
