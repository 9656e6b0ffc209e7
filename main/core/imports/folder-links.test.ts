// Issue 15: a folder import follows a link to a file only when the file lies inside the chosen
// folder ([Note: links out of an imported folder]). Before, `ln -s /etc/passwd DATA/corp/b.txt`
// made `import.preview` of DATA/corp show /etc/passwd, also in the browser mode, whose path guard
// checks only the folder.
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore, type TestCore } from '../test-support/test-core';
import { openSource } from './open-source';

const tmp = useTempDir();

async function preview(t: TestCore, path: string) {
  return t.call('import.preview', { source: { kind: 'path', path }, options: {} });
}

async function refusal(t: TestCore, path: string): Promise<string> {
  try {
    await preview(t, path);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the preview was not refused');
}

describe.skipIf(process.platform === 'win32')('a link in an imported folder', () => {
  it('to a file outside the folder: refused with one line naming the link, the file never read', async () => {
    const t = makeTestCore(tmp());
    const outside = join(tmp(), 'secret.txt');
    writeFileSync(outside, 'SECRET outside the folder');
    const corp = join(tmp(), 'corp');
    mkdirSync(join(corp, 'sub'), { recursive: true });
    writeFileSync(join(corp, 'a.txt'), 'A speech.');
    symlinkSync(outside, join(corp, 'sub', 'b.txt'));
    expect(await refusal(t, corp)).toBe(
      'corp/sub/b.txt is a link to a file outside the folder corp: copy that file into the folder, or remove the link.',
    );
    // The real case of the review: a system file.
    rmSync(join(corp, 'sub', 'b.txt'));
    symlinkSync('/etc/passwd', join(corp, 'b.txt'));
    const message = await refusal(t, corp);
    expect(message).toMatch(/^corp\/b\.txt is a link to a file outside the folder corp/);
    expect(message).not.toContain('root:');
    // A sibling folder whose name starts with the folder's is outside too.
    rmSync(join(corp, 'b.txt'));
    mkdirSync(join(tmp(), 'corp-2'));
    writeFileSync(join(tmp(), 'corp-2', 'c.txt'), 'next door');
    symlinkSync(join(tmp(), 'corp-2', 'c.txt'), join(corp, 'c.txt'));
    expect(await refusal(t, corp)).toMatch(/^corp\/c\.txt is a link to a file outside the folder corp/);
    await t.core.shutdown();
  });

  it('to a file inside the folder (also through a linked folder): imported as before', async () => {
    const t = makeTestCore(tmp());
    const real = join(tmp(), 'real');
    mkdirSync(join(real, 'party'), { recursive: true });
    writeFileSync(join(real, 'party', 'one.txt'), 'First speech.');
    symlinkSync('party/one.txt', join(real, 'same.txt')); // relative link, inside
    symlinkSync(join(real, 'party', 'one.txt'), join(real, 'abs.txt')); // absolute link, inside
    const viaLink = join(tmp(), 'chosen');
    symlinkSync(real, viaLink); // the chosen folder is itself a link
    for (const path of [real, viaLink]) {
      const p = await preview(t, path);
      expect(p.rows).toEqual([
        ['abs.txt', 'First speech.'],
        ['same.txt', 'First speech.'],
        ['party/one.txt', 'First speech.'],
      ]);
    }
    await t.core.shutdown();
  });

  it('a file swapped for a link out after the listing: refused when it is read', async () => {
    const folder = join(tmp(), 'swap');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.txt'), 'fine');
    const outside = join(tmp(), 'outside.txt');
    writeFileSync(outside, 'SECRET');
    const source = await openSource({ path: folder, name: 'swap' }, { format: 'folder' });
    renameSync(join(folder, 'a.txt'), join(tmp(), 'moved.txt'));
    symlinkSync(outside, join(folder, 'a.txt'));
    const rows = async () => {
      for await (const row of source.rows()) expect(row.values[1]).not.toContain('SECRET');
    };
    await expect(rows()).rejects.toThrow(/^swap\/a\.txt is a link to a file outside the folder swap/);
  });
});
