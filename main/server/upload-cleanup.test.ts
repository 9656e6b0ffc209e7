// Uploads go as soon as what used them is over ([Note: uploads removed after use]): an import's
// when its job is done or failed, a codebook CSV's and a merge's when the call answers; at server
// start every upload goes unless another live server shares the folder.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeCore, rawRequest, startTestServer, waitFor, type FakeCore, type TestServer } from './test-support/http-test-kit';
import { removeStaleUploads } from './upload-cleanup';

const JOB = '11111111-2222-4333-8444-555555555555';
let t: TestServer | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function serverWithUpload(core: FakeCore): Promise<{ t: TestServer; uploadId: string }> {
  t = await startTestServer(core);
  await t.login();
  const reply = await rawRequest(t.port, {
    method: 'POST',
    path: '/api/upload',
    headers: t.page({ 'X-File-Name': 'texts.csv', 'Content-Type': 'text/csv' }),
    body: 'id,text\n1,private words\n',
  });
  const uploadId = (JSON.parse(reply.body) as { value: { uploadId: string } }).value.uploadId;
  expect(existsSync(join(t.uploadsDir, uploadId, 'texts.csv'))).toBe(true);
  return { t, uploadId };
}

function call(s: TestServer, method: string, input: unknown) {
  return rawRequest(s.port, {
    method: 'POST',
    path: `/api/call/${method}`,
    headers: s.page({ 'Content-Type': 'application/json' }),
    body: JSON.stringify(input),
  });
}

const mapping = { textColumns: ['text'] };

describe('uploads removed after use', () => {
  it.each(['done', 'failed', 'cancelled'])(
    'an import from an upload: kept through preview and start, gone when its job is %s',
    async (status) => {
      const core = fakeCore((method) =>
        method === 'import.start' ? { ok: true, value: { jobId: JOB, importId: 'i' } } : { ok: true, value: null },
      );
      const { t: s, uploadId } = await serverWithUpload(core);
      const source = { kind: 'upload', uploadId };
      expect((await call(s, 'import.preview', { source })).status).toBe(200);
      expect((await call(s, 'import.start', { source, mapping })).status).toBe(200);
      expect(existsSync(join(s.uploadsDir, uploadId))).toBe(true);
      core.emit('job:done', { kind: 'import', jobId: 'another-job', status: 'done' });
      core.emit('job:progress', { kind: 'import', jobId: JOB, done: 1, total: 2 });
      expect(existsSync(join(s.uploadsDir, uploadId))).toBe(true);
      core.emit('job:done', { kind: 'import', jobId: JOB, status });
      await waitFor(() => !existsSync(join(s.uploadsDir, uploadId)));
    },
  );

  it('an import whose job ended before its start answered', async () => {
    const core: FakeCore = fakeCore((method) => {
      if (method !== 'import.start') return { ok: true, value: null };
      core.emit('job:done', { kind: 'import', jobId: JOB, status: 'done' });
      return { ok: true, value: { jobId: JOB, importId: 'i' } };
    });
    const { t: s, uploadId } = await serverWithUpload(core);
    await call(s, 'import.start', { source: { kind: 'upload', uploadId }, mapping });
    await waitFor(() => !existsSync(join(s.uploadsDir, uploadId)));
  });

  it('a refused import.start keeps the upload (the person corrects the mapping and starts again)', async () => {
    const core = fakeCore(() => ({ ok: false, error: { code: 'INVALID_INPUT', message: 'no such column' } }));
    const { t: s, uploadId } = await serverWithUpload(core);
    await call(s, 'import.start', { source: { kind: 'upload', uploadId }, mapping });
    await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(join(s.uploadsDir, uploadId))).toBe(true);
  });

  it.each([
    ['codebook.importCsv', (uploadId: string) => ({ source: { kind: 'upload', uploadId }, questionName: 'Topic' }), true],
    ['codebook.importCsv', (uploadId: string) => ({ source: { kind: 'upload', uploadId }, questionName: 'Topic' }), false],
    ['project.merge', (uploadId: string) => ({ uploadIds: [uploadId] }), true],
    ['project.merge', (uploadId: string) => ({ uploadIds: [uploadId] }), false],
  ] as const)('%s removes its upload when it answers (ok: %s)', async (method, input, ok) => {
    const core = fakeCore(() => (ok ? { ok: true, value: null } : { ok: false, error: { code: 'BAD_FILE', message: 'bad' } }));
    const { t: s, uploadId } = await serverWithUpload(core);
    expect((await call(s, method, input(uploadId))).status).toBe(200);
    await waitFor(() => !existsSync(join(s.uploadsDir, uploadId)));
  });
});

describe('removeStaleUploads at server start', () => {
  const UP = ['0b7c1b7e-0000-4000-8000-000000000001', '0b7c1b7e-0000-4000-8000-000000000002'];
  function uploadsWith(marks: number[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'prelabel-uploads-'));
    for (const id of UP) {
      mkdirSync(join(dir, id));
      writeFileSync(join(dir, id, 'half.csv'), 'id,text\n1,secret');
    }
    writeFileSync(join(dir, 'not-an-upload.txt'), 'kept');
    for (const pid of marks) writeFileSync(join(dir, `.prelabel-server-${pid}`), '');
    return dir;
  }
  /** A process id that existed and is gone. */
  const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

  it('removes every upload of a stopped (or killed) server and marks the folder as its own', async () => {
    const dir = uploadsWith([deadPid()]);
    const { removed, unmark } = await removeStaleUploads(dir);
    expect(removed).toBe(2);
    expect(readdirSync(dir).sort()).toEqual([`.prelabel-server-${process.pid}`, 'not-an-upload.txt']);
    unmark();
    expect(readdirSync(dir)).toEqual(['not-an-upload.txt']);
    rmSync(dir, { recursive: true });
  });

  it('keeps the uploads while another live server uses the folder', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    const dir = uploadsWith([other.pid!]);
    try {
      const { removed, unmark } = await removeStaleUploads(dir);
      expect(removed).toBe(0);
      expect(readdirSync(dir)).toEqual(expect.arrayContaining([...UP, `.prelabel-server-${other.pid}`]));
      unmark();
    } finally {
      other.kill();
      rmSync(dir, { recursive: true });
    }
  });
});
