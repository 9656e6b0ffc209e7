// Issue 15: a true deletion takes the browser mode's kept exports with it ([Note: export owners]).
// The real server (main/server) in front of a real core in this process, configured as `npm run
// serve` configures it (the server chooses where exports go): exports made over HTTP can be
// downloaded until privacy.delete or privacy.deleteProject; then they are gone from the disk (so
// from a restarted server too), counted in the result, and another project's exports stay.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeletionPlan, Result } from '../../common/contract';
import { makeBaseProject } from '../core/bad-inputs/test-support/base-project';
import { recordExportOwner } from '../core/export/export-owners';
import { makeTestCore, type TestCore } from '../core/test-support/test-core';
import { removeOldExports } from './export-download';
import { rawRequest, startTestServer, type TestServer } from './test-support/http-test-kit';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function world() {
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-export-deletion-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const exportsDir = join(dir, 'exports');
  const core: TestCore = makeTestCore(dir, { chosenBy: 'server', exportsDir });
  cleanups.push(() => core.core.shutdown());
  const serve = async () => {
    const t = await startTestServer(
      { call: (method, input) => core.core.dispatch(method, input), onEvent: () => () => undefined },
      { uploadsDir: join(dir, 'uploads'), exportsDir },
    );
    cleanups.push(() => t.close());
    await t.login();
    return t;
  };
  const t = await serve();
  const call = async <T>(method: string, input: unknown, server: TestServer = t): Promise<T> => {
    const reply = await rawRequest(server.port, {
      method: 'POST',
      path: `/api/call/${method}`,
      headers: server.page({ 'Content-Type': 'application/json' }),
      body: JSON.stringify(input),
    });
    const result = JSON.parse(reply.body) as Result<T>;
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value;
  };
  const download = (exportId: string, server: TestServer = t) => {
    const name = readdirSync(join(exportsDir, exportId)).find((n) => !n.startsWith('.'))!;
    const path = `/api/export/${exportId}/${encodeURIComponent(name)}`;
    return { path, get: () => rawRequest(server.port, { path, headers: server.page({ Origin: undefined }) }) };
  };
  /** The three kinds of kept export of the open project: a CSV, the validation report, a package. */
  const exportAll = async (questionId: string): Promise<string[]> => {
    const started = await call<{ jobId: string; exportId: string }>('export.start', { questionId, format: 'csv', filter: 'all' });
    expect((await core.waitForJob(started.jobId)).status).toBe('done');
    const report = await call<{ exportId: string }>('report.write', { questionId });
    const pack = await call<{ exportId: string }>('project.package', { coder: 'Ben', documents: 'all' });
    return [started.exportId, report.exportId, pack.exportId];
  };
  return { dir, exportsDir, core, t, serve, call, download, exportAll };
}

describe('deleting from a project removes its kept exports (browser mode)', () => {
  it('privacy.delete removes every export of the project, counts them, and leaves another project’s', { timeout: 60_000 }, async () => {
    const w = await world();
    mkdirSync(join(w.dir, 'other'));
    const other = await makeBaseProject(w.core, join(w.dir, 'other'));
    const [otherCsv] = await w.exportAll(other.questionId);
    mkdirSync(join(w.dir, 'mine'));
    const base = await makeBaseProject(w.core, join(w.dir, 'mine'));
    const mine = await w.exportAll(base.questionId);

    const csv = await w.download(mine[0]!).get();
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('Speech 1 about schools');

    const target = { kind: 'externalIds', externalIds: ['s1'] };
    const plan = await w.call<DeletionPlan>('privacy.plan', { target });
    const urls = mine.map((id) => w.download(id));
    const result = await w.call<{ exportsRemoved: number; documents: number }>('privacy.delete', {
      target,
      expected: { documents: plan.documents, units: plan.units, decisions: plan.decisions },
    });
    expect(result.documents).toBe(1);
    expect(result.exportsRemoved).toBe(3);
    for (const id of mine) expect(existsSync(join(w.exportsDir, id))).toBe(false);
    for (const url of urls) expect((await url.get()).status).toBe(404);
    // Nothing of them is left for a restarted server either; the other project's export stays.
    const restarted = await w.serve();
    for (const url of urls) expect((await rawRequest(restarted.port, { path: url.path, headers: restarted.page() })).status).toBe(404);
    const kept = await w.download(otherCsv!, restarted).get();
    expect(kept.status).toBe(200);
    expect(kept.body).toContain('Speech 1 about schools');
    for (const id of mine) expect(existsSync(join(w.exportsDir, '.owners', id))).toBe(false);
    expect(existsSync(join(w.exportsDir, '.owners', otherCsv!))).toBe(true);

    // A second deletion with no exports left counts none.
    const target2 = { kind: 'coder', coder: 'Ana' };
    const plan2 = await w.call<DeletionPlan>('privacy.plan', { target: target2 });
    const again = await w.call<{ exportsRemoved: number }>('privacy.delete', {
      target: target2,
      expected: { documents: plan2.documents, units: plan2.units, decisions: plan2.decisions },
    });
    expect(again.exportsRemoved).toBe(0);
  });

  it('privacy.deleteProject removes the project’s exports and counts them', { timeout: 60_000 }, async () => {
    const w = await world();
    mkdirSync(join(w.dir, 'other'));
    const other = await makeBaseProject(w.core, join(w.dir, 'other'));
    const otherIds = await w.exportAll(other.questionId);
    mkdirSync(join(w.dir, 'mine'));
    const base = await makeBaseProject(w.core, join(w.dir, 'mine'));
    const mine = await w.exportAll(base.questionId);
    const urls = mine.map((id) => w.download(id));
    expect((await urls[0]!.get()).status).toBe(200);

    const result = await w.call<{ exportsRemoved: number; filesRemoved: number }>('privacy.deleteProject', {
      path: base.path,
      confirmName: 'Base',
    });
    expect(result.exportsRemoved).toBe(3);
    for (const url of urls) expect((await url.get()).status).toBe(404);
    expect(
      readdirSync(w.exportsDir)
        .filter((n) => !n.startsWith('.'))
        .sort(),
    ).toEqual([...otherIds].sort());
    expect(readdirSync(join(w.exportsDir, '.owners')).sort()).toEqual([...otherIds].sort());
    for (const id of otherIds) expect((await w.download(id).get()).status).toBe(200);
  });
});

describe('removeOldExports and the records of the exports’ projects', () => {
  it('removes the record with its export a day later, and a record without an export once it is a day old', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prelabel-export-owners-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const [old, young, failed] = [
      '2b0c8a5e-4d1f-4c3a-9b7e-0f1e2d3c4b5a',
      '3b0c8a5e-4d1f-4c3a-9b7e-0f1e2d3c4b5a',
      '4b0c8a5e-4d1f-4c3a-9b7e-0f1e2d3c4b5a',
    ];
    const day = 24 * 3600 * 1000;
    const past = (Date.now() - 2 * day) / 1000;
    for (const id of [old!, young!, failed!]) recordExportOwner(dir, id, join(dir, 'p.prelabel'));
    for (const id of [old!, young!]) {
      mkdirSync(join(dir, id));
      writeFileSync(join(dir, id, 'x.csv'), 'id,text\n1,secret\n');
    }
    utimesSync(join(dir, old!), past, past);
    utimesSync(join(dir, '.owners', failed!), past, past);
    expect(await removeOldExports(dir, day)).toBe(1);
    expect(readdirSync(dir).filter((n) => !n.startsWith('.'))).toEqual([young]);
    expect(readdirSync(join(dir, '.owners'))).toEqual([young]);
  });
});
