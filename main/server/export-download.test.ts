import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attachmentHeader, removeOldExports } from './export-download';
import { fakeCore, rawRequest, startTestServer, type TestServer } from './test-support/http-test-kit';

const ID = '2b0c8a5e-4d1f-4c3a-9b7e-0f1e2d3c4b5a';
const OTHER_ID = '3b0c8a5e-4d1f-4c3a-9b7e-0f1e2d3c4b5a';
let t: TestServer | null = null;
let root: string | null = null;

afterEach(async () => {
  await t?.close();
  t = null;
  if (root) rmSync(root, { recursive: true, force: true });
  root = null;
});

const tempRoot = () => (root = mkdtempSync(join(tmpdir(), 'prelabel-exports-')));

describe('GET /api/export/<id>/<name>', () => {
  it('serves a file of a finished export to the session, as an attachment with its name, and nothing else', async () => {
    const exportsDir = join(tempRoot(), 'exports');
    mkdirSync(join(exportsDir, ID), { recursive: true });
    writeFileSync(join(exportsDir, ID, 'Stance é.csv'), 'id,text\r\n1,hello\r\n');
    writeFileSync(join(exportsDir, ID, '.Stance.csv.abc.prelabel-tmp'), 'partial');
    writeFileSync(join(root!, 'secret.txt'), 'TOP SECRET');
    t = await startTestServer(fakeCore(), { exportsDir });
    await t.login();
    const url = `/api/export/${ID}/${encodeURIComponent('Stance é.csv')}`;

    const ok = await rawRequest(t.port, { path: url, headers: t.page({ Origin: undefined }) });
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('id,text\r\n1,hello\r\n');
    expect(ok.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(ok.headers['content-disposition']).toBe(attachmentHeader('Stance é.csv'));
    expect(ok.headers['content-disposition']).toContain("filename*=UTF-8''Stance%20%C3%A9.csv");

    expect((await rawRequest(t.port, { path: url, headers: { Host: t.host } })).status).toBe(401);
    expect((await rawRequest(t.port, { path: url, headers: t.page({ Origin: 'http://evil.example' }) })).status).toBe(403);

    for (const path of [
      `/api/export/${ID}/..%2F..%2Fsecret.txt`,
      `/api/export/${ID}/../../secret.txt`,
      '/api/export/../secret.txt',
      '/api/export/not-an-id/x.csv',
      `/api/export/${ID}/.Stance.csv.abc.prelabel-tmp`,
      `/api/export/${ID}/missing.csv`,
      `/api/export/${OTHER_ID}/Stance%20%C3%A9.csv`,
    ]) {
      const r = await rawRequest(t.port, { path, headers: t.page({ Origin: undefined }) });
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('TOP SECRET');
    }
  });

  it('removeOldExports removes export folders older than a day and nothing else', async () => {
    const dir = tempRoot();
    const old = join(dir, ID);
    const fresh = join(dir, OTHER_ID);
    const other = join(dir, 'keep-me');
    for (const d of [old, fresh, other]) mkdirSync(d);
    const twoDaysAgo = (Date.now() - 2 * 24 * 3600 * 1000) / 1000;
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    utimesSync(other, twoDaysAgo, twoDaysAgo);
    expect(await removeOldExports(dir)).toBe(1);
    expect([existsSync(old), existsSync(fresh), existsSync(other)]).toEqual([false, true, true]);
  });
});
