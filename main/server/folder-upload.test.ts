// Issue 12, section 2, bug 5: a folder could be imported in the browser mode only by typing a path.
// A folder of text files now uploads as one request with the files' relative paths; the server
// checks every path and size before it writes anything.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { folderUploadRoute, type FolderManifest } from '../../common/contract';
import { fakeCore, rawRequest, startTestServer, type TestServer } from './test-support/http-test-kit';

let t: TestServer;

beforeEach(async () => {
  t = await startTestServer(fakeCore(), { maxUploadBytes: 1024 * 1024 });
  await t.login();
});

afterEach(async () => {
  await t.close();
});

/** The body the page sends: the manifest, then each file's bytes. */
function folderBody(name: string, files: { path: string; text: string; bytes?: number }[]) {
  const manifest: FolderManifest = {
    name,
    files: files.map((f) => ({ path: f.path, bytes: f.bytes ?? Buffer.byteLength(f.text) })),
  };
  const head = Buffer.from(JSON.stringify(manifest));
  return { head, body: Buffer.concat([head, ...files.map((f) => Buffer.from(f.text))]) };
}

function uploadFolder(name: string, files: { path: string; text: string; bytes?: number }[], headers: Record<string, string> = {}) {
  const { head, body } = folderBody(name, files);
  return rawRequest(t.port, {
    method: 'POST',
    path: folderUploadRoute.path,
    headers: t.page({ [folderUploadRoute.manifestBytesHeader]: String(head.length), ...headers }),
    body,
  });
}

describe('bug 5: a folder can be imported in the browser mode only by typing a path', () => {
  it('stores the files of a folder, nested ones too, under one upload id with their relative paths', async () => {
    const reply = await uploadFolder('Reden 2024', [
      { path: 'a.txt', text: 'Erste Rede.' },
      { path: 'SPD/b.txt', text: 'Zweite Rede, ç’est ça.' },
      { path: 'SPD/2024/c.txt', text: '' },
    ]);
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.body) as { ok: true; value: { uploadId: string; name: string; bytes: number; files: number } };
    expect(body.value).toMatchObject({ name: 'Reden 2024', files: 3, bytes: Buffer.byteLength('Erste Rede.Zweite Rede, ç’est ça.') });
    const root = join(t.uploadsDir, body.value.uploadId);
    expect(readdirSync(root)).toEqual(['Reden 2024']);
    expect(readFileSync(join(root, 'Reden 2024', 'SPD', 'b.txt'), 'utf8')).toBe('Zweite Rede, ç’est ça.');
    expect(readFileSync(join(root, 'Reden 2024', 'SPD', '2024', 'c.txt'), 'utf8')).toBe('');
  });

  it.each([
    ['../escape.txt', 'leads out of the folder'],
    ['sub/../../escape.txt', 'leads out of the folder'],
    ['/etc/passwd.txt', 'absolute path'],
    ['C:/Windows/x.txt', 'absolute path'],
    ['sub\\x.txt', 'backslash'],
    ['photo.jpg', 'not a text file'],
    ['.hidden.txt', 'hidden'],
  ])('refuses %s with a clear message and writes nothing', async (path, words) => {
    const reply = await uploadFolder('f', [
      { path: 'ok.txt', text: 'fine' },
      { path, text: 'bad' },
    ]);
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error.message).toContain(words);
    expect(readdirSync(t.uploadsDir)).toEqual([]);
  });

  it('refuses a folder whose files break the limits: too large a file, too many files, the same path twice', async () => {
    const big = await uploadFolder('f', [{ path: 'big.txt', text: '', bytes: folderUploadRoute.maxFileBytes + 1 }]);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error.message).toContain('big.txt is larger than 64 MiB');

    const many = Array.from({ length: folderUploadRoute.maxFiles + 1 }, (_, i) => ({ path: `${i}.txt`, text: '' }));
    const tooMany = await uploadFolder('f', many);
    expect(tooMany.status).toBe(413);
    expect(JSON.parse(tooMany.body).error.message).toContain('more than 20,000 files');

    const twice = await uploadFolder('f', [
      { path: 'a.txt', text: 'x' },
      { path: 'a.txt', text: 'y' },
    ]);
    expect(twice.status).toBe(400);
    expect(JSON.parse(twice.body).error.message).toContain('twice');

    const empty = await uploadFolder('f', []);
    expect(empty.status).toBe(400);
    expect(JSON.parse(empty.body).error.message).toContain('no .txt files');
    expect(readdirSync(t.uploadsDir)).toEqual([]);
  });

  it('refuses a body that does not match its manifest, and a folder over the upload limit', async () => {
    const { head, body } = folderBody('f', [{ path: 'a.txt', text: 'hello' }]);
    const short = await rawRequest(t.port, {
      method: 'POST',
      path: folderUploadRoute.path,
      headers: t.page({ [folderUploadRoute.manifestBytesHeader]: String(head.length) }),
      body: body.subarray(0, body.length - 2),
    });
    expect(short.status).toBe(400);
    expect(JSON.parse(short.body).error.message).toContain('does not match');

    const noHeader = await rawRequest(t.port, { method: 'POST', path: folderUploadRoute.path, headers: t.page({}), body });
    expect(noHeader.status).toBe(400);

    const over = await uploadFolder('f', [{ path: 'a.txt', text: 'x'.repeat(1024 * 1024 + 1) }]);
    expect(over.status).toBe(413);
    expect(readdirSync(t.uploadsDir)).toEqual([]);
  });
});
