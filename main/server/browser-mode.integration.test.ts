// Browser mode end to end over HTTP with the real core process: the built core-process.js is forked
// (a child process needs a .js entry), so this runs after `npm run build` and skips without it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentPage, ImportPreview, ImportStarted, Result } from '../../common/contract';
import { CoreClient } from '../core/host/core-client';
import { forkCore } from '../core/host/fork-core';
import {
  openEventStream,
  parseEvents,
  rawRequest,
  startTestServer,
  waitFor,
  type EventStream,
  type TestServer,
} from './test-support/http-test-kit';

/** PRELABEL_BUILD_DIR points the test at another build than ./out (e.g. one made elsewhere). */
const outDir = process.env.PRELABEL_BUILD_DIR ?? resolve(__dirname, '../../out');
const coreEntry = join(outDir, 'main', 'core-process.js');
const serveEntry = join(outDir, 'main', 'serve.js');
const skipReason = (file: string) => (existsSync(file) ? '' : ` [skipped: ${file} is missing; run npm run build first]`);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('browser mode with the real core', () => {
  it.skipIf(!existsSync(coreEntry))(
    `creates a project, imports an uploaded CSV and lists its documents${skipReason(coreEntry)}`,
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'prelabel-browser-mode-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const uploadsDir = join(dataDir, 'uploads');
      const core = new CoreClient(() =>
        forkCore(coreEntry, {
          dataDir,
          projectsDir: join(dataDir, 'projects'),
          uploadsDir,
          face: 'browser',
          writes: { chosenBy: 'server', exportsDir: join(dataDir, 'exports') },
          version: 'test',
        }),
      );
      await core.start();
      cleanups.push(() => core.stop());
      const t: TestServer = await startTestServer(core, { uploadsDir });
      cleanups.push(() => t.close());
      await t.login();

      const call = async <T>(method: string, input: unknown): Promise<T> => {
        const reply = await rawRequest(t.port, {
          method: 'POST',
          path: `/api/call/${method}`,
          headers: t.page({ 'Content-Type': 'application/json' }),
          body: JSON.stringify(input),
        });
        const result = JSON.parse(reply.body) as Result<T>;
        if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
        return result.value;
      };

      const info = await call<{ face: string }>('app.info', {});
      expect(info.face).toBe('browser');
      await call('project.create', { name: 'Speeches' });

      const events: EventStream = await openEventStream(t);
      cleanups.push(() => events.close());
      await waitFor(() => events.text().includes(': connected'));

      const csv = 'id,text\nA1,Hello world\nA2,Bonjour le monde\nA3,"Zwei\nZeilen"\n';
      const upload = await rawRequest(t.port, {
        method: 'POST',
        path: '/api/upload',
        headers: t.page({ 'X-File-Name': encodeURIComponent('speeches 2024.csv'), 'Content-Type': 'text/csv' }),
        body: csv,
      });
      expect(upload.status).toBe(200);
      const { value: uploaded } = JSON.parse(upload.body) as { value: { uploadId: string; name: string; bytes: number } };
      expect(uploaded.name).toBe('speeches 2024.csv');
      const source = { kind: 'upload', uploadId: uploaded.uploadId };

      const preview = await call<ImportPreview>('import.preview', { source });
      expect(preview.sourceName).toBe('speeches 2024.csv');
      expect(preview.columns).toEqual(['id', 'text']);

      const started = await call<ImportStarted>('import.start', { source, mapping: { textColumns: ['text'], idColumn: 'id' } });
      type Done = { jobId: string; kind: string; status: string; result?: { imported: number } };
      const findDone = () =>
        parseEvents(events.text()).find((e) => e.event === 'job:done' && (e.data as Done).jobId === started.jobId)?.data as
          Done | undefined;
      await waitFor(() => findDone() !== undefined, 30_000);
      const done = findDone()!;
      expect(done.status).toBe('done');
      expect(done).toMatchObject({ kind: 'import', status: 'done' });
      expect(done.result?.imported).toBe(3);

      const page = await call<DocumentPage>('documents.list', {});
      expect(page.total).toBe(3);
      expect(page.rows.map((r) => [r.externalId, r.text])).toEqual([
        ['A1', 'Hello world'],
        ['A2', 'Bonjour le monde'],
        ['A3', 'Zwei\nZeilen'],
      ]);
    },
  );

  it.skipIf(!existsSync(serveEntry) || !existsSync(coreEntry))(
    `npm run serve prints one link on stdout, and stops cleanly on SIGTERM${skipReason(serveEntry)}`,
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'prelabel-serve-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const child = spawn(process.execPath, [serveEntry, '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
      cleanups.push(() => {
        if (child.exitCode === null) child.kill('SIGKILL');
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const lines = createInterface({ input: child.stdout });
      const stdout: string[] = [];
      lines.on('line', (l) => stdout.push(l));
      await waitFor(() => stdout.length > 0 || child.exitCode !== null, 30_000);
      const match = /^Prelabel is running at http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]{43})$/.exec(stdout[0] ?? '');
      expect(match, `stdout: ${stdout.join('\n')}\nstderr: ${stderr}`).not.toBeNull();
      const port = Number(match![1]);

      const exchange = await rawRequest(port, { path: `/?token=${match![2]}`, headers: { Host: `127.0.0.1:${port}` } });
      expect(exchange.status).toBe(302);
      const cookie = exchange.headers['set-cookie']![0]!.split(';')[0]!;
      const info = await rawRequest(port, {
        method: 'POST',
        path: '/api/call/app.info',
        headers: { Host: `localhost:${port}`, Origin: `http://localhost:${port}`, Cookie: cookie, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(JSON.parse(info.body)).toMatchObject({ ok: true, value: { face: 'browser', projectsDir: join(dataDir, 'projects') } });

      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
      expect(stdout).toHaveLength(1);
    },
  );
});
