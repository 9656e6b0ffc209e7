// Uploads: streamed to disk under a fresh id, limited in size, and never left half-written.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeCore, rawRequest, startTestServer, waitFor, type TestServer } from './test-support/http-test-kit';
import { removeOldUploads, sanitizeFileName } from './upload';

let t: TestServer;
const LIMIT = 64 * 1024;

beforeEach(async () => {
  t = await startTestServer(fakeCore(), { maxUploadBytes: LIMIT });
  await t.login();
});

afterEach(async () => {
  await t.close();
});

const uploadDirs = () => readdirSync(t.uploadsDir);

function upload(name: string | undefined, body: Buffer | string, headers: Record<string, string | undefined> = {}) {
  return rawRequest(t.port, {
    method: 'POST',
    path: '/api/upload',
    headers: t.page({ 'X-File-Name': name === undefined ? undefined : encodeURIComponent(name), 'Content-Type': 'text/csv', ...headers }),
    body,
  });
}

describe('POST /api/upload', () => {
  it('stores the file under a fresh upload id with its sanitised name', async () => {
    const csv = 'id,text\n1,Hallo Welt\n2,Ça va\n';
    const reply = await upload('Reden 2024 (final).csv', csv);
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.body) as { ok: true; value: { uploadId: string; name: string; bytes: number } };
    expect(body.ok).toBe(true);
    expect(body.value.uploadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.value.name).toBe('Reden 2024 (final).csv');
    expect(body.value.bytes).toBe(Buffer.byteLength(csv));
    const stored = join(t.uploadsDir, body.value.uploadId, body.value.name);
    expect(readFileSync(stored, 'utf8')).toBe(csv);
    if (process.platform !== 'win32') expect(statSync(stored).mode & 0o077).toBe(0);
  });

  it('keeps a path in the name from leaving the upload folder', async () => {
    const reply = await upload('../../../etc/passwd', 'x');
    const body = JSON.parse(reply.body) as { value: { uploadId: string; name: string } };
    expect(body.value.name).toBe('passwd');
    expect(existsSync(join(t.uploadsDir, body.value.uploadId, 'passwd'))).toBe(true);
  });

  it('streams a body sent in chunks without a length', async () => {
    const chunk = Buffer.alloc(8 * 1024, 'a');
    const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: t.port,
          method: 'POST',
          path: '/api/upload',
          headers: t.page({ 'X-File-Name': 'big.csv' }),
          agent: false,
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write(chunk);
      req.end();
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).value.bytes).toBe(32 * 1024);
  });

  it('refuses a file over the limit before reading it (declared length)', async () => {
    const reply = await upload('huge.csv', Buffer.alloc(LIMIT + 1, 'a'));
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body).error.message).toContain('64 KiB');
    expect(uploadDirs()).toEqual([]);
  });

  it('stops a chunked upload at the limit and removes the partial file', async () => {
    const outcome = await new Promise<number | 'reset'>((resolve) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: t.port,
          method: 'POST',
          path: '/api/upload',
          headers: t.page({ 'X-File-Name': 'huge.csv' }),
          agent: false,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', () => resolve('reset'));
      const chunk = Buffer.alloc(16 * 1024, 'b');
      let sent = 0;
      const pump = () => {
        while (sent < 20 && !req.destroyed) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    // The 413 normally arrives; a socket closed before the client read it is also a refusal.
    expect([413, 'reset']).toContain(outcome);
    await waitFor(() => uploadDirs().length === 0);
  });

  it('removes the partial file when the browser aborts the upload', async () => {
    const req = httpRequest({
      host: '127.0.0.1',
      port: t.port,
      method: 'POST',
      path: '/api/upload',
      headers: t.page({ 'X-File-Name': 'aborted.csv', 'Content-Length': 50_000 }),
      agent: false,
    });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(10_000, 'c'));
    await waitFor(() => uploadDirs().length === 1 && readdirSync(join(t.uploadsDir, uploadDirs()[0]!)).length === 1);
    req.destroy();
    await waitFor(() => uploadDirs().length === 0);
  });

  it('refuses an upload without a file name', async () => {
    const reply = await upload(undefined, 'x');
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error.code).toBe('INVALID_INPUT');
    const bad = await upload(undefined, 'x', { 'X-File-Name': '%E0%A4%A' });
    expect(bad.status).toBe(400);
    expect(uploadDirs()).toEqual([]);
  });

  it('needs the session and a same-origin request', async () => {
    const noCookie = await upload('a.csv', 'x', { Cookie: undefined });
    expect(noCookie.status).toBe(401);
    const foreign = await upload('a.csv', 'x', { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(uploadDirs()).toEqual([]);
  });
});

describe('sanitizeFileName', () => {
  it('keeps an ordinary name', () => {
    expect(sanitizeFileName('Bundestag Reden.csv')).toBe('Bundestag Reden.csv');
    expect(sanitizeFileName('新闻 2024.csv')).toBe('新闻 2024.csv');
  });

  it('drops folders, leading dots and control characters', () => {
    expect(sanitizeFileName('C:\\Users\\me\\data.csv')).toBe('data.csv');
    expect(sanitizeFileName('../../.bashrc')).toBe('bashrc');
    expect(sanitizeFileName('...')).toBe('upload');
    expect(sanitizeFileName('')).toBe('upload');
    expect(sanitizeFileName('a\u0000b\nc.csv')).toBe('a_b_c.csv');
    expect(sanitizeFileName('what?.csv')).toBe('what_.csv');
    expect(sanitizeFileName('CON.csv')).toBe('_CON.csv');
  });

  it('shortens long names to 200 characters and a safe byte length, keeping the extension', () => {
    const long = sanitizeFileName(`${'x'.repeat(500)}.csv`);
    expect(long).toHaveLength(200);
    expect(long.endsWith('.csv')).toBe(true);
    const cjk = sanitizeFileName(`${'字'.repeat(150)}.csv`);
    expect(Buffer.byteLength(cjk)).toBeLessThanOrEqual(240);
    expect(cjk.endsWith('.csv')).toBe(true);
    const emoji = sanitizeFileName(`${'😀'.repeat(150)}.csv`);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('removeOldUploads', () => {
  it('removes upload folders older than a day and nothing else', async () => {
    const old = '11111111-1111-4111-8111-111111111111';
    const fresh = '22222222-2222-4222-8222-222222222222';
    for (const id of [old, fresh]) {
      mkdirSync(join(t.uploadsDir, id));
      writeFileSync(join(t.uploadsDir, id, 'a.csv'), 'x');
    }
    writeFileSync(join(t.uploadsDir, 'keep-me.txt'), 'not an upload');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(join(t.uploadsDir, old), twoDaysAgo, twoDaysAgo);
    utimesSync(join(t.uploadsDir, 'keep-me.txt'), twoDaysAgo, twoDaysAgo);
    expect(await removeOldUploads(t.uploadsDir)).toBe(1);
    expect(uploadDirs().sort()).toEqual([fresh, 'keep-me.txt']);
  });

  it('does nothing when the folder does not exist', async () => {
    expect(await removeOldUploads(join(t.root, 'nowhere'))).toBe(0);
  });
});
