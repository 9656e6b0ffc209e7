// Issue 15: files that name the user's projects or coders are written readable by the owner only
// ([Note: owner-only files]): recent-projects.json (and the temporary file it is written through),
// the transient `<project>-import-<id>.lock`, and the methods report. Before, all three were 0644.
import { chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateFile, writeFileAtomic } from '../fs/atomic-write';
import { RecentProjects } from '../recent-projects';
import { ImportLock } from '../store/import-lock';
import { ProjectStore } from '../store/project-store';
import { useTempDir } from '../test-support/temp-dir';

const tmp = useTempDir();
const mode = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('owner-only files (issue 15)', () => {
  it('writeFileAtomic creates its temporary file with the mode asked for, so the file has it after the rename', () => {
    const dir = tmp();
    const umask = process.umask(0o022);
    try {
      writeFileAtomic(join(dir, 'plain.json'), '{}');
    } finally {
      process.umask(umask);
    }
    expect(mode(join(dir, 'plain.json'))).toBe(0o644);
    const secret = join(dir, 'secret.json');
    writeFileAtomic(secret, '{}', { mode: 0o600 });
    expect(mode(secret)).toBe(0o600);
    // Over an existing 0644 file: the renamed temporary (the same inode) brings its own mode.
    chmodSync(secret, 0o644);
    const before = statSync(secret).ino;
    updateFile(secret, () => '{"a":1}', { mode: 0o600 });
    expect(statSync(secret).ino).not.toBe(before);
    expect(mode(secret)).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['plain.json', 'secret.json']);
  });

  it('recent-projects.json is 0600, also when an older Prelabel left it 0644', () => {
    const dir = tmp();
    const file = join(dir, 'recent-projects.json');
    const recent = new RecentProjects(dir);
    recent.touch(join(dir, 'a.prelabel'), 'a');
    expect(mode(file)).toBe(0o600);
    chmodSync(file, 0o644);
    recent.touch(join(dir, 'b.prelabel'), 'b');
    expect(mode(file)).toBe(0o600);
    expect(recent.list().map((p) => p.name)).toEqual(['b', 'a']);
  });

  it('the import lock beside the project is 0600, also one left 0644 by an older Prelabel', () => {
    const path = join(tmp(), 'p.prelabel');
    const store = ProjectStore.create(path, 'p');
    const lock = ImportLock.acquire(store.db, 'i1');
    expect(mode(`${path}-import-i1.lock`)).toBe(0o600);
    lock.release();
    writeFileSync(`${path}-import-i2.lock`, '', { mode: 0o644 });
    chmodSync(`${path}-import-i2.lock`, 0o644);
    const old = ImportLock.acquire(store.db, 'i2');
    expect(mode(`${path}-import-i2.lock`)).toBe(0o600);
    old.release();
    store.close();
  });
});
