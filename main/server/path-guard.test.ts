// [Note: browser-mode paths]: the check of one path, and which fields of which methods it covers.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { methods, type MethodName } from '../../common/contract';
import { z } from '../../common/contract/zod';
import { DECLARED_PATHS, pathFieldsOf, stringFields } from './path-fields';
import { createPathGuard, isInside, pathRefusal } from './path-guard';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'prelabel-guard-')));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const data = join(base, 'data');
const evil = join(base, 'data-evil');
const allowed = join(base, 'corpora');
mkdirSync(join(data, 'projects'), { recursive: true });
mkdirSync(evil);
mkdirSync(allowed);
writeFileSync(join(evil, 'secret.csv'), 'id,text\n1,secret\n');
writeFileSync(join(allowed, 'texts.csv'), 'id,text\n1,ok\n');
symlinkSync('/etc/passwd', join(data, 'passwd-link'));
symlinkSync(evil, join(data, 'evil-folder'));
symlinkSync(allowed, join(data, 'corpora-link'));
const roots = [data, allowed];

describe('pathRefusal', () => {
  it('allows files and files still to be written inside an allowed folder, and the folder itself', () => {
    expect(pathRefusal(join(allowed, 'texts.csv'), roots)).toBeNull();
    expect(pathRefusal(join(data, 'projects', 'new.prelabel'), roots)).toBeNull();
    expect(pathRefusal(join(data, 'new', 'deeper', 'file.csv'), roots)).toBeNull();
    expect(pathRefusal(data, roots)).toBeNull();
    expect(pathRefusal(join(data, 'corpora-link', 'texts.csv'), roots)).toBeNull();
  });

  it('refuses what lies elsewhere, with the path and the allowed folders in one line', () => {
    const message = pathRefusal('/etc/passwd', roots)!;
    expect(message).toBe(
      `The path /etc/passwd is outside the folders this server may use: ${data}, ${allowed}. Start the server with --allow FOLDER to allow another folder.`,
    );
    expect(message.split('\n')).toHaveLength(1);
  });

  it('refuses ../ out of an allowed folder', () => {
    expect(pathRefusal(join(data, 'projects', '..', '..', 'data-evil', 'secret.csv'), roots)).toMatch(/is outside/);
    expect(pathRefusal(`${data}/../data-evil/x.prelabel`, roots)).toMatch(/is outside/);
  });

  it('refuses a folder that only shares a prefix with an allowed one (/data-evil is not in /data)', () => {
    expect(isInside(data, evil)).toBe(false);
    expect(isInside(data, join(data, 'x'))).toBe(true);
    expect(pathRefusal(join(evil, 'secret.csv'), roots)).toMatch(/is outside/);
    expect(pathRefusal(`${data}-evil/new.prelabel`, roots)).toMatch(/is outside/);
  });

  it('follows symlinks before checking: a link inside pointing outside is refused, naming where it leads', () => {
    expect(pathRefusal(join(data, 'passwd-link'), roots)).toBe(
      `The path ${join(data, 'passwd-link')} (it leads to /etc/passwd) is outside the folders this server may use: ${data}, ${allowed}. Start the server with --allow FOLDER to allow another folder.`,
    );
    expect(pathRefusal(join(data, 'evil-folder', 'secret.csv'), roots)).toMatch(/it leads to .*data-evil.*is outside/);
    expect(pathRefusal(join(data, 'evil-folder', 'new.prelabel'), roots)).toMatch(/is outside/);
    // The kernel follows the link before "..": data/evil-folder/.. is the parent of data-evil.
    expect(pathRefusal(join(data, 'evil-folder') + '/../data-evil/secret.csv', roots)).toMatch(/is outside/);
  });

  it('refuses special files inside an allowed folder (FIFO, device)', () => {
    const fifo = join(data, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    expect(pathRefusal(fifo, roots)).toBe(
      `The path ${fifo} is not a regular file or folder (a FIFO, socket or device): Prelabel reads and writes only files.`,
    );
    expect(pathRefusal('/dev/zero', ['/dev'])).toMatch(/not a regular file or folder/);
  });

  it('refuses a NUL character and a relative path that leaves the folder', () => {
    expect(pathRefusal(`${data}/a\0b`, roots)).toMatch(/NUL/);
    expect(pathRefusal('../../etc/passwd', roots)).toMatch(/is outside/);
  });
});

describe('the fields checked', () => {
  it('are found in every method by walking its schema: the paths of today, each one listed here', () => {
    const found: Record<string, string[]> = {};
    for (const m of Object.keys(methods) as MethodName[]) {
      const r = pathFieldsOf(m);
      expect('fields' in r, `${m}: ${'unknown' in r ? r.unknown : ''}`).toBe(true);
      if ('fields' in r && r.fields.length) found[m] = r.fields.map((f) => f.join('.'));
    }
    // A new path field shows up here (and is checked without anyone listing it); a path under
    // another key must be added to DECLARED_PATHS.
    expect(found).toMatchObject({
      'project.create': ['path'],
      'project.open': ['path'],
      'import.preview': ['source.path'],
      'import.analyze': ['source.path'],
      'import.start': ['source.path'],
      'codebook.importCsv': ['source.path'],
      'export.start': ['path'],
      'report.write': ['path'],
      'project.package': ['path'],
      'project.merge': ['paths.[]'],
      'model.select': ['path'],
      'model.evaluate': ['xnliDir'],
      'models.add': ['path'],
      'models.addFolder': ['path'],
      'models.remove': ['path'],
      'models.downloadOffer': ['dir'],
      'models.download': ['dir'],
    });
    expect(found['projects.forget']).toBeUndefined();
    expect(DECLARED_PATHS).toEqual({});
  });

  it('a schema that cannot be walked refuses its method instead of letting its paths through', () => {
    expect(() => stringFields(z.object({ path: z.string() }))).not.toThrow();
    const opaque = { _zod: { def: { type: 'mystery' } } };
    expect(() => stringFields(z.object({ inner: opaque as never }))).toThrow(/unknown schema kind "mystery" at inner/);
  });

  it('checks every value: each path of a list, a source of kind path, and leaves uploads alone', () => {
    const guard = createPathGuard(roots);
    expect(guard.folders).toEqual(roots);
    const ok = join(allowed, 'texts.csv');
    expect(guard.check('import.preview', { source: { kind: 'path', path: ok }, options: {} })).toBeNull();
    expect(guard.check('import.preview', { source: { kind: 'upload', uploadId: 'x' }, options: {} })).toBeNull();
    expect(guard.check('import.preview', { source: { kind: 'path', path: '/etc/passwd' }, options: {} })).toEqual({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/^The path \/etc\/passwd is outside/),
    });
    expect(guard.check('project.merge', { paths: [ok, join(evil, 'secret.csv')], uploadIds: [] })?.message).toMatch(
      /data-evil.*is outside/,
    );
    expect(guard.check('projects.forget', { path: '/anywhere/p.prelabel' })).toBeNull();
    expect(guard.check('app.info', {})).toBeNull();
  });

  it('leaves out allowed folders that do not exist', () => {
    expect(createPathGuard([data, join(base, 'missing')]).folders).toEqual([data]);
  });
});
