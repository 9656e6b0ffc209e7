// Serving the built renderer: content types, the single-page fallback, and nothing outside the folder.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentTypeFor } from './static-files';
import { fakeCore, rawRequest, startTestServer, type TestServer } from './test-support/http-test-kit';

let t: TestServer;

beforeEach(async () => {
  t = await startTestServer(fakeCore());
  await t.login();
});

afterEach(async () => {
  await t.close();
});

const get = (path: string, method = 'GET') => rawRequest(t.port, { method, path, headers: t.page({ Origin: undefined }) });

describe('static files', () => {
  it('serves files with their content types', async () => {
    const js = await get('/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log("app");');
    expect((await get('/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get('/logo.svg')).headers['content-type']).toBe('image/svg+xml');
    expect((await get('/index.html')).headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('knows the types a Vite build produces', () => {
    expect(contentTypeFor('a.png')).toBe('image/png');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.json')).toBe('application/json; charset=utf-8');
    expect(contentTypeFor('favicon.ico')).toBe('image/x-icon');
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream');
  });

  it('answers HEAD without a body', async () => {
    const head = await get('/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('19');
    expect(head.body).toBe('');
  });

  it('serves index.html for routes of the app, but not for missing assets', async () => {
    const route = await get('/projects/recent');
    expect(route.status).toBe(200);
    expect(route.body).toContain('<div id="root">');
    expect(route.headers['cache-control']).toBe('no-store');
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('never serves a file outside the static folder', async () => {
    symlinkSync(join(t.root, 'secret.txt'), join(t.staticDir, 'linked.txt'));
    const attempts = [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%252e%252e/secret.txt',
      '/secret.txt%00.js',
      '/linked.txt',
      '/%E0%A4%A',
    ];
    for (const path of attempts) {
      const reply = await get(path);
      expect(reply.body, path).not.toContain('TOP SECRET');
      expect([400, 403, 404], path).toContain(reply.status);
    }
    expect((await get('/..%2fsecret.txt')).status).toBe(403);
    expect((await get('/linked.txt')).status).toBe(403);
  });

  it('does not serve dot files', async () => {
    expect((await get('/.env')).status).toBe(404);
  });

  it('tells the user to build when the renderer is missing', async () => {
    await t.close();
    t = await startTestServer(fakeCore(), { staticDir: join(t.root, 'no-such-folder') });
    await t.login();
    const reply = await get('/');
    expect(reply.status).toBe(404);
    expect(reply.body).toContain('npm run build');
  });
});
