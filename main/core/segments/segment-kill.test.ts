// A split killed part of the way (SIGKILL of a real second process) leaves the project as it was:
// its units were written under a pending import, which the next open purges; a kill after the
// commit leaves the whole split, whose search index the next open completes.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childEnv, repoRoot, storedRows } from '../test-support/child-import';
import { makeTestCore } from '../test-support/test-core';
import { useTempDir } from '../test-support/temp-dir';

const tmp = useTempDir();
const ROWS = 6000;

async function project(dir: string): Promise<string> {
  const path = join(dir, 'p.prelabel');
  const csv = join(dir, 'big.csv');
  const lines = ['id,text'];
  for (let i = 0; i < ROWS; i++) lines.push(`${i},"Speech number${i} opens. It talks about the budget. It ends here."`);
  writeFileSync(csv, lines.join('\n'));
  const t = makeTestCore(dir);
  await t.call('project.create', { name: 'p', path });
  const started = await t.call('import.start', { source: { kind: 'path', path: csv }, mapping: { textColumns: ['text'], idColumn: 'id' } });
  expect((await t.waitForJob(started.jobId)).status).toBe('done');
  await t.core.shutdown();
  return path;
}

async function splitAndKill(path: string, dieAt: number, phase: 'splitting' | 'indexing'): Promise<void> {
  const script = join(repoRoot, 'main/core/segments/test-support/segment-then-die.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, path, String(dieAt), phase], { cwd: repoRoot, env: childEnv() });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, sig) => r(sig)));
  if (signal !== 'SIGKILL') throw new Error(`the splitting child was not killed: ${stderr}`);
}

describe('a split killed part of the way', () => {
  it('while writing units: the next open finds the project as before, and splitting again works', async () => {
    const dir = tmp();
    const path = await project(dir);
    await splitAndKill(path, 2000, 'splitting');
    // The child wrote units (2,000 parents: 6,000 sentences) under its pending import.
    expect(storedRows(path)).toBeGreaterThanOrEqual(ROWS + 6000);
    const t = makeTestCore(join(dir, 'again'));
    await t.call('project.open', { path });
    const stats = await t.call('project.stats', {});
    expect(stats.documents).toBe(ROWS);
    expect(stats.units).toEqual({ unit: 'document', segmentations: [] });
    expect(stats.imports.map((i) => [i.format, i.status, i.segmentedBy])).toEqual([
      ['csv', 'committed', null],
      ['segments', 'failed', null],
    ]);
    expect(storedRows(path)).toBe(ROWS);
    expect((await t.call('documents.list', { search: 'number5999' })).rows.map((r) => r.externalId)).toEqual(['5999']);
    const again = await t.call('segments.create', { spec: { unit: 'sentence' } });
    expect((await t.waitForJob(again.jobId)).status).toBe('done');
    expect((await t.call('project.stats', {})).documents).toBe(ROWS * 3);
    await t.core.shutdown();
  }, 120_000);

  it('while indexing the committed units: the split stands and the next open completes its search index', async () => {
    const dir = tmp();
    const path = await project(dir);
    await splitAndKill(path, 5000, 'indexing');
    const t = makeTestCore(join(dir, 'again'));
    await t.call('project.open', { path });
    const stats = await t.call('project.stats', {});
    expect(stats.documents).toBe(ROWS * 3);
    expect(stats.units.unit).toBe('sentence');
    const seg = stats.imports.find((i) => i.format === 'segments')!;
    expect(seg.status).toBe('committed');
    for (let i = 0; i < 200 && !(await t.call('project.searchState', {})).complete; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await t.call('project.searchState', {})).complete).toBe(true);
    expect((await t.call('documents.list', { search: 'number5999' })).rows.map((r) => r.externalId)).toEqual(['5999#1']);
    await t.core.shutdown();
  }, 120_000);
});
