// A FIFO, a device or a socket given as an import path ([Note: special files]): refused with one
// line by the preview, the analysis, the import and the codebook CSV import, and inside a folder
// import, without waiting on it; the core answers the next call at once. Before, a FIFO hung the
// core for every later call (and with a writer, the reads failed with ESPIPE).
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore, type TestCore } from '../test-support/test-core';
import { openSource } from './open-source';
import { openRegularFile } from './regular-file';

const tmp = useTempDir();
const posix = process.platform !== 'win32';
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function fifo(name = 'pipe.csv'): string {
  const path = join(tmp(), name);
  execFileSync('mkfifo', [path]);
  return path;
}

/** A second call answers: the core is not stuck on the special file. */
async function stillAnswers(t: TestCore): Promise<void> {
  const csv = join(tmp(), 'fine.csv');
  writeFileSync(csv, 'text\nhello\n');
  const started = performance.now();
  const preview = await t.call('import.preview', { source: { kind: 'path', path: csv }, options: {} });
  expect(preview.rows).toEqual([['hello']]);
  expect(performance.now() - started).toBeLessThan(2000);
}

async function refusal(t: TestCore, method: 'import.preview' | 'import.analyze' | 'import.start' | 'codebook.importCsv', path: string) {
  const source = { kind: 'path' as const, path };
  const input =
    method === 'import.preview'
      ? { source, options: {} }
      : method === 'import.analyze'
        ? { jobId: crypto.randomUUID(), source, options: {}, mapping: { textColumns: ['text'] } }
        : method === 'import.start'
          ? { source, options: {}, mapping: { textColumns: ['text'] } }
          : { source, questionName: 'stance' };
  const started = performance.now();
  const r = await t.raw(method, input);
  expect(performance.now() - started).toBeLessThan(2000);
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.error.message;
}

describe.runIf(posix)('special files as import paths', () => {
  it('a FIFO with no writer: one line from preview, analysis, import and codebook CSV import; the core answers after each', async () => {
    const t = makeTestCore(tmp());
    await t.call('project.create', { name: 'p', path: join(tmp(), 'p.prelabel') });
    const path = fifo();
    for (const method of ['import.preview', 'import.analyze', 'import.start', 'codebook.importCsv'] as const) {
      expect(await refusal(t, method, path)).toBe(
        'pipe.csv is a named pipe (FIFO), not a file: Prelabel imports regular files only. Save the data to a file and import that.',
      );
      await stillAnswers(t);
    }
  });

  it('a FIFO with a writer (formerly ESPIPE): refused before a byte is read', async () => {
    const t = makeTestCore(tmp());
    const path = fifo('pipe.jsonl');
    // Opened for reading and writing, the FIFO has a writer (Linux): an open for reading would succeed.
    const writer = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
    cleanups.push(() => closeSync(writer));
    writeFileSync(writer, '{"text": "a"}\n');
    expect(await refusal(t, 'import.preview', path)).toMatch(/^pipe\.jsonl is a named pipe \(FIFO\), not a file:/);
    await stillAnswers(t);
  });

  it('/dev/zero: refused as a device', async () => {
    const t = makeTestCore(tmp());
    expect(await refusal(t, 'import.preview', '/dev/zero')).toBe(
      'zero is a device, not a file: Prelabel imports regular files only. Save the data to a file and import that.',
    );
    await stillAnswers(t);
  });

  it('a socket: refused', async () => {
    const t = makeTestCore(tmp());
    const path = join(tmp(), 'sock.csv');
    const server: Server = createServer();
    await new Promise<void>((ok) => server.listen(path, ok));
    cleanups.push(() => server.close());
    expect(await refusal(t, 'import.preview', path)).toMatch(/^sock\.csv is a socket/);
    await stillAnswers(t);
  });

  it('a folder import holding a FIFO named .txt (or a link to one): one line naming it', async () => {
    const t = makeTestCore(tmp());
    const folder = join(tmp(), 'speeches');
    mkdirSync(join(folder, 'party'), { recursive: true });
    writeFileSync(join(folder, 'a.txt'), 'A speech.');
    execFileSync('mkfifo', [join(folder, 'party', 'b.txt')]);
    expect(await refusal(t, 'import.preview', folder)).toBe(
      'speeches/party/b.txt is a named pipe (FIFO), not a file: Prelabel imports regular files only. Save the data to a file and import that.',
    );
    const linked = join(tmp(), 'linked');
    mkdirSync(linked);
    symlinkSync('/dev/zero', join(linked, 'zero.txt'));
    expect(await refusal(t, 'import.preview', linked)).toMatch(/^linked\/zero\.txt is a device, not a file/);
    await stillAnswers(t);
  });

  it('a path swapped for a FIFO after the check: each reader checks what it opened', async () => {
    // resolveSource checked a regular file; the readers open the path again, and refuse what they find.
    const path = fifo('swapped.csv');
    const started = performance.now();
    expect(() => openRegularFile(path, 'swapped.csv')).toThrow(/^swapped\.csv is a named pipe \(FIFO\)/);
    expect(performance.now() - started).toBeLessThan(500);
    for (const format of ['csv', 'json', 'jsonl', 'text', 'xlsx', 'ods', 'parquet'] as const) {
      await expect(openSource({ path, name: 'swapped.csv' }, { format }), format).rejects.toThrow(/^swapped\.csv is a named pipe \(FIFO\)/);
    }
    expect(performance.now() - started).toBeLessThan(2000);
    const file = join(tmp(), 'plain.csv');
    writeFileSync(file, 'x');
    const fd = openRegularFile(file, 'plain.csv');
    closeSync(fd);
  });
});
