import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobDoneOf, JobProgress } from '../../../common/contract';
import { decide, makeExportProject } from '../export/test-support/export-project';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore } from '../test-support/test-core';

const tmp = useTempDir();

/** A core whose face lets the caller choose paths (desktop, CLI) or chooses them itself (browser). */
function core(chosenBy: 'caller' | 'server') {
  const dir = tmp();
  const t = makeTestCore(dir, chosenBy === 'server' ? { chosenBy, exportsDir: join(dir, 'data', 'exports') } : { chosenBy });
  const p = makeExportProject(
    dir,
    Array.from({ length: 30 }, (_, i) => ({ id: `doc-${i}`, text: `text ${i}` })),
  );
  for (const id of p.docs.slice(0, 20)) decide(p, { documentId: id, labels: [p.label['against']!] });
  const call = (method: string, input: unknown) => t.call(method as never, input as never) as Promise<never>;
  const done = async (jobId: string) => (await t.waitForJob(jobId)) as JobDoneOf<'export'>;
  return { c: t.core, p, dir, events: t.events, call, done };
}

describe('export.start', () => {
  it('desktop and CLI: writes to the chosen path as a job with progress, and job:done lists the files with their hashes', async () => {
    const { c, p, dir, events, call, done } = core('caller');
    await call('project.open', { path: p.path });
    const path = join(dir, 'stance.csv');
    const { jobId, exportId } = await call('export.start', { questionId: p.question.id, format: 'csv', path });
    const end = await done(jobId);
    expect(end).toMatchObject({ kind: 'export', status: 'done', result: { exportId, rows: 20, downloadable: false } });
    expect(end.result!.files.map((f) => f.path)).toEqual([path, join(dir, 'stance.csv.manifest.json')]);
    expect(readFileSync(path, 'utf8').split('\r\n').length).toBe(22);
    const progress = events.filter((e) => e.event === 'job:progress').map((e) => e.payload as JobProgress);
    expect(progress.at(-1)).toMatchObject({ jobId, kind: 'export', done: 30, total: 30, unit: 'rows' });
    await c.shutdown();
  });

  it('refuses a missing folder, a non-empty dataset folder and the project file itself before starting', async () => {
    const { c, p, dir, call } = core('caller');
    await call('project.open', { path: p.path });
    const q = p.question.id;
    await expect(call('export.start', { questionId: q, format: 'csv' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call('export.start', { questionId: q, format: 'csv', path: join(dir, 'nope', 'x.csv') })).rejects.toThrow(
      /The folder .*nope does not exist/,
    );
    mkdirSync(join(dir, 'ds'));
    writeFileSync(join(dir, 'ds', 'old.txt'), 'x');
    await expect(call('export.start', { questionId: q, format: 'hf', path: join(dir, 'ds') })).rejects.toThrow(/is not empty/);
    await expect(call('export.start', { questionId: q, format: 'csv', path: p.path })).rejects.toThrow(
      /is this project's database file; choose another name/,
    );
    // A dataset of "all" documents cannot be written as asked: refused before any job starts.
    await expect(call('export.start', { questionId: q, format: 'hf', filter: 'all', path: join(dir, 'hf-all') })).rejects.toThrow(
      /^A Hugging Face dataset holds coded documents only/,
    );
    expect(existsSync(join(dir, 'hf-all'))).toBe(false);
    await expect(call('export.start', { questionId: q, format: 'pdf', path: join(dir, 'x') })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await c.shutdown();
  });

  it('browser mode: refuses a path, and writes each export into its own folder under the data folder', async () => {
    const { c, p, dir, call, done } = core('server');
    await call('project.open', { path: p.path });
    await expect(call('export.start', { questionId: p.question.id, format: 'csv', path: join(dir, 'x.csv') })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const jobId = '11111111-2222-4333-8444-555555555555';
    const started = await call('export.start', { jobId, questionId: p.question.id, format: 'nli' });
    expect(started).toMatchObject({ jobId });
    const end = await done(jobId);
    expect(end.status).toBe('done');
    const folder = join(dir, 'data', 'exports', end.result!.exportId);
    // Training pairs, the test split's pairs beside them (same split as hf), the manifest.
    expect(readdirSync(folder).sort()).toEqual(['Stance-nli.jsonl', 'Stance-nli.test.jsonl', 'manifest.json']);
    const { rows } = await call('export.count', { questionId: p.question.id, format: 'nli' });
    expect(end.result).toMatchObject({ downloadable: true, rows });
    expect(end.result!.files.every((f) => f.path === null)).toBe(true);
    await c.shutdown();
  });

  it('job.cancel stops an export and leaves nothing behind', async () => {
    const { c, p, dir, call, done } = core('caller');
    await call('project.open', { path: p.path });
    const out = join(dir, 'out');
    mkdirSync(out);
    const { jobId } = await call('export.start', { questionId: p.question.id, format: 'xlsx', path: join(out, 'x.xlsx') });
    await call('job.cancel', { jobId });
    const end = await done(jobId);
    // A tiny export may finish before the cancel arrives; either way no partial file remains.
    if (end.status === 'cancelled') expect(readdirSync(out)).toEqual([]);
    else expect(readdirSync(out).sort()).toEqual(['x.xlsx', 'x.xlsx.manifest.json']);
    expect(existsSync(join(out, 'x.xlsx')) === (end.status === 'done')).toBe(true);
    await c.shutdown();
  });
});
