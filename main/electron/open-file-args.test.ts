// Which .prelabel file a launch names: the path a file manager passes (plain, relative or as the
// desktop entry's file:// URL), with Electron's, Chromium's and the app path's arguments skipped.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectFileFromArgv, projectFileFromPath } from './open-file-args';

let dir = '';
let study = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'prelabel-open-args-'));
  study = join(dir, 'Study one.prelabel');
  writeFileSync(study, 'not checked here: the core says whether it is a project');
  writeFileSync(join(dir, 'UPPER.PRELABEL'), '');
  writeFileSync(join(dir, 'texts.csv'), 'a,b\n');
  mkdirSync(join(dir, 'folder.prelabel'));
  symlinkSync(study, join(dir, 'link.prelabel'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const packaged = { defaultApp: false, cwd: '/' };

describe('projectFileFromArgv', () => {
  it('takes the path the file manager passes to the packaged app', () => {
    expect(projectFileFromArgv(['/opt/Prelabel/prelabel', study], packaged)).toBe(study);
  });

  it('skips Electron and Chromium switches wherever they are, the second instance\u2019s included', () => {
    const argv = ['/opt/Prelabel/prelabel', '--no-sandbox', '--enable-logging', study, '--allow-file-access-from-files'];
    expect(projectFileFromArgv(argv, packaged)).toBe(study);
  });

  it('in development (`electron . file`) skips the app path, even when it is itself a .prelabel file', () => {
    const dev = { defaultApp: true, cwd: dir };
    expect(projectFileFromArgv(['/usr/bin/electron', '--inspect', '.', study], dev)).toBe(study);
    expect(projectFileFromArgv(['/usr/bin/electron', study], dev)).toBeNull();
    expect(projectFileFromArgv(['/usr/bin/electron', 'UPPER.PRELABEL', study], dev)).toBe(study);
  });

  it('never takes argv[0], the executable', () => {
    expect(projectFileFromArgv([study], packaged)).toBeNull();
  });

  it('resolves a relative path against the launching shell\u2019s folder (a second instance\u2019s workingDirectory)', () => {
    expect(projectFileFromArgv(['prelabel', 'Study one.prelabel'], { defaultApp: false, cwd: dir })).toBe(study);
    expect(projectFileFromArgv(['prelabel', 'Study one.prelabel'], { defaultApp: false, cwd: tmpdir() })).toBeNull();
  });

  it('takes the desktop entry\u2019s file:// URL (Exec=prelabel %U), spaces escaped', () => {
    const url = pathToFileURL(study).href;
    expect(url).toContain('%20');
    expect(projectFileFromArgv(['prelabel', url], packaged)).toBe(study);
  });

  it('takes the first existing .prelabel file and passes over the rest', () => {
    const argv = [
      'prelabel',
      join(dir, 'missing.prelabel'),
      join(dir, 'texts.csv'),
      join(dir, 'folder.prelabel'),
      study,
      join(dir, 'UPPER.PRELABEL'),
    ];
    expect(projectFileFromArgv(argv, packaged)).toBe(study);
  });

  it('answers null when no argument is an existing .prelabel file', () => {
    expect(projectFileFromArgv(['prelabel'], packaged)).toBeNull();
    expect(
      projectFileFromArgv(['prelabel', join(dir, 'texts.csv'), join(dir, 'folder.prelabel'), join(dir, 'gone.prelabel')], packaged),
    ).toBeNull();
  });
});

describe('projectFileFromPath', () => {
  it('accepts an existing regular .prelabel file, in any letter case, and one reached by a link', () => {
    expect(projectFileFromPath(study, '/')).toBe(study);
    expect(projectFileFromPath(join(dir, 'UPPER.PRELABEL'), '/')).toBe(join(dir, 'UPPER.PRELABEL'));
    expect(projectFileFromPath(join(dir, 'link.prelabel'), '/')).toBe(join(dir, 'link.prelabel'));
  });

  it('refuses a folder named .prelabel, another extension, a missing file, an empty string and a remote file URL', () => {
    expect(projectFileFromPath(join(dir, 'folder.prelabel'), '/')).toBeNull();
    expect(projectFileFromPath(join(dir, 'texts.csv'), '/')).toBeNull();
    expect(projectFileFromPath(join(dir, 'gone.prelabel'), '/')).toBeNull();
    expect(projectFileFromPath('', dir)).toBeNull();
    expect(projectFileFromPath('file://server/share/Study.prelabel', '/')).toBeNull();
    expect(projectFileFromPath('https://example.org/Study.prelabel', '/')).toBeNull();
  });
});
