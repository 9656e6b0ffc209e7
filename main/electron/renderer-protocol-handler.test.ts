import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRendererRequestHandler, mimeTypeFor, RENDERER_CSP, resolveRendererPath } from './renderer-protocol-handler';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'prelabel-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Prelabel</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'not for the renderer');
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('resolveRendererPath', () => {
  it('maps app://prelabel paths into the renderer folder, "/" to index.html', () => {
    expect(resolveRendererPath(root, 'app://prelabel/')).toBe(join(root, 'index.html'));
    expect(resolveRendererPath(root, 'app://prelabel/assets/index-abc.js?v=1#x')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveRendererPath(root, 'app://prelabel/assets/a%20b.js')).toBe(join(root, 'assets', 'a b.js'));
  });

  it('refuses paths that escape the folder, other hosts and schemes, and odd bytes', () => {
    // The URL parser resolves plain dot segments itself, at the root at most: they stay inside.
    expect(resolveRendererPath(root, 'app://prelabel/../secret.txt')).toBe(join(root, 'secret.txt'));
    expect(resolveRendererPath(root, 'app://prelabel/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'));
    for (const url of [
      'app://prelabel/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://prelabel/%2e%2e%2fsecret.txt',
      'app://prelabel/..%5csecret.txt',
      'app://prelabel/index.html%00.js',
      'app://prelabel/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
      'nonsense',
    ]) {
      expect(resolveRendererPath(root, url), url).toBeNull();
    }
  });
});

describe('createRendererRequestHandler', () => {
  const handler = () => createRendererRequestHandler(root);

  it('serves files with their MIME type and the CSP header', async () => {
    const page = await handler()(new Request('app://prelabel/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await page.text()).toContain('<title>Prelabel</title>');
    const script = await handler()(new Request('app://prelabel/assets/index-abc.js'));
    // Module scripts load only with a JavaScript MIME type.
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 (with the CSP) for missing files, folders and escapes, 405 for writes', async () => {
    for (const url of ['app://prelabel/missing.js', 'app://prelabel/assets', 'app://prelabel/%2e%2e/secret.txt']) {
      const response = await handler()(new Request(url));
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    }
    const post = await handler()(new Request('app://prelabel/index.html', { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
  });

  it('keeps the CSP free of eval and remote sources', () => {
    expect(RENDERER_CSP).not.toContain('unsafe-eval');
    expect(RENDERER_CSP).not.toMatch(/https?:/);
    expect(RENDERER_CSP).toContain("frame-ancestors 'none'");
  });
});

describe('mimeTypeFor', () => {
  it('falls back to octet-stream rather than guessing', () => {
    expect(mimeTypeFor('a.MJS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('a.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});
