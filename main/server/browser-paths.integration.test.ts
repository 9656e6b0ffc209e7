// Browser mode over HTTP with the real server and core (built serve.js; skipped without it): paths
// in calls stay inside the folders the person who started the server allowed ([Note:
// browser-mode paths]), uploads are removed when their import is done and at the next start
// ([Note: uploads removed after use]).
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { rawRequest, waitFor } from './test-support/http-test-kit';

const outDir = process.env.PRELABEL_BUILD_DIR ?? resolve(__dirname, '../../out');
const serveEntry = join(outDir, 'main', 'serve.js');
const base = realpathSync(mkdtempSync(join(tmpdir(), 'prelabel-paths-')));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe.skipIf(!existsSync(serveEntry))('browser mode: paths and uploads through the real server', () => {
  it('refuses paths outside the allowed folders, symlinks out and FIFOs; removes uploads after their import', async () => {
    const dataDir = join(base, 'data');
    const corpora = join(base, 'corpora');
    const outside = join(base, 'data-evil');
    for (const d of [corpora, outside, join(dataDir, 'uploads', '0b7c1b7e-0000-4000-8000-000000000009')]) mkdirSync(d, { recursive: true });
    writeFileSync(join(dataDir, 'uploads', '0b7c1b7e-0000-4000-8000-000000000009', 'left.csv'), 'id,text\n1,from a killed server\n');
    writeFileSync(join(corpora, 'texts.csv'), 'id,text\n1,first text\n2,second text\n');
    symlinkSync('/etc/passwd', join(corpora, 'passwd.csv'));
    execFileSync('mkfifo', [join(corpora, 'pipe.csv')]);

    const child = spawn(process.execPath, [serveEntry, '--port', '0', '--data-dir', dataDir, '--allow', corpora], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const stdout: string[] = [];
      createInterface({ input: child.stdout }).on('line', (l) => stdout.push(l));
      await waitFor(() => stdout.length > 0 || child.exitCode !== null, 30_000);
      const match = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+)$/.exec(stdout[0] ?? '');
      expect(match, stderr).not.toBeNull();
      const port = Number(match![1]);
      const host = `127.0.0.1:${port}`;
      const login = await rawRequest(port, { path: `/?token=${match![2]}`, headers: { Host: host } });
      const headers = { Host: host, Origin: `http://${host}`, Cookie: login.headers['set-cookie']![0]!.split(';')[0]! };
      const call = async (method: string, input: unknown) => {
        const reply = await rawRequest(port, {
          method: 'POST',
          path: `/api/call/${method}`,
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify(input),
        });
        return {
          status: reply.status,
          body: JSON.parse(reply.body) as { ok: boolean; value?: unknown; error?: { code: string; message: string } },
        };
      };
      const folders = `${dataDir}, ${corpora}`;

      // The upload a killed server left is gone once this one started.
      expect(readdirSync(join(dataDir, 'uploads')).filter((n) => !n.startsWith('.'))).toEqual([]);

      const passwd = await call('import.preview', { source: { kind: 'path', path: '/etc/passwd' } });
      expect(passwd).toEqual({
        status: 403,
        body: {
          ok: false,
          error: {
            code: 'FORBIDDEN',
            message: expect.stringMatching(new RegExp(`^The path /etc/passwd is outside the folders this server may use: ${folders}`)),
          },
        },
      });
      expect(passwd.body.error!.message.split('\n')).toHaveLength(1);

      const elsewhere = join(outside, 'x.prelabel');
      expect((await call('project.create', { name: 'x', path: elsewhere })).body.error?.code).toBe('FORBIDDEN');
      expect(existsSync(elsewhere)).toBe(false);
      expect((await call('project.create', { name: 'x', path: `${dataDir}/../data-evil/y.prelabel` })).status).toBe(403);
      expect((await call('import.preview', { source: { kind: 'path', path: join(corpora, 'passwd.csv') } })).body.error?.message).toContain(
        'it leads to /etc/passwd',
      );
      const fifo = await call('import.preview', { source: { kind: 'path', path: join(corpora, 'pipe.csv') } });
      expect(fifo.body.error?.message).toMatch(/not a regular file or folder/);

      const created = await call('project.create', { name: 'inside', path: join(dataDir, 'projects', 'inside.prelabel') });
      expect(created.body.ok).toBe(true);
      const preview = await call('import.preview', { source: { kind: 'path', path: join(corpora, 'texts.csv') } });
      expect(preview.body.ok).toBe(true);

      const upload = await rawRequest(port, {
        method: 'POST',
        path: '/api/upload',
        headers: { ...headers, 'X-File-Name': 'texts.csv', 'Content-Type': 'text/csv' },
        body: 'id,text\n1,uploaded one\n2,uploaded two\n',
      });
      const uploadId = (JSON.parse(upload.body) as { value: { uploadId: string } }).value.uploadId;
      const source = { kind: 'upload', uploadId };
      expect((await call('import.preview', { source })).body.ok).toBe(true);
      const started = await call('import.start', { source, mapping: { textColumns: ['text'], idColumn: 'id' } });
      expect(started.body.ok, JSON.stringify(started.body)).toBe(true);
      await waitFor(() => !existsSync(join(dataDir, 'uploads', uploadId)), 20_000);
      const stats = await call('project.stats', {});
      expect(stats.body.value).toMatchObject({ documents: 2 });
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    expect(readdirSync(join(dataDir, 'uploads'))).toEqual([]);
  }, 60_000);
});
