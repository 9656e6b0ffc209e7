// The world a contract fuzz runs in: a core with its own temp data folder (the working directory
// too, so relative paths land there), the base project open, downloads pointed at a closed port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningJob } from '../../../../common/contract';
import type { CoreConfig } from '../../core-context';
import { makeBaseProject, type BaseProject } from '../../bad-inputs/test-support/base-project';
import { makeTestCore, type TestCore } from '../../test-support/test-core';
import { fuzzPools } from './contract-fuzz';
import type { Pools } from './schema-arbitrary';

export interface FuzzWorld {
  dir: string;
  core: TestCore;
  base: BaseProject;
  pools: Pools;
  /** Opens the base project again when a payload opened, created or closed another. */
  restore(): Promise<void>;
  /** Waits for the jobs the payloads started (cancels them after `ms`). */
  settle(ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function makeFuzzWorld(
  writes: CoreConfig['writes'] | ((dir: string) => CoreConfig['writes']) = { chosenBy: 'caller' },
): Promise<FuzzWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-fuzz-'));
  const cwd = process.cwd();
  const hub = process.env.PRELABEL_HUB_URL;
  process.chdir(dir);
  process.env.PRELABEL_HUB_URL = 'http://127.0.0.1:9';
  const core = makeTestCore(dir, typeof writes === 'function' ? writes(dir) : writes);
  const base = await makeBaseProject(core, dir);
  const jobs = async () => {
    const r = await core.raw('job.list', {});
    return r.ok ? (r.value as RunningJob[]) : [];
  };
  return {
    dir,
    core,
    base,
    pools: fuzzPools(dir, base),
    async restore() {
      if (core.core.context.project?.path === base.path) return;
      const r = await core.raw('project.open', { path: base.path });
      if (!r.ok) throw new Error(`the base project does not open again: ${r.error.message}`);
    },
    async settle(ms = 20_000) {
      const until = Date.now() + ms;
      while ((await jobs()).length && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      for (const job of await jobs()) await core.raw('job.cancel', { jobId: job.jobId });
    },
    async close() {
      await core.core.shutdown();
      process.chdir(cwd);
      if (hub === undefined) delete process.env.PRELABEL_HUB_URL;
      else process.env.PRELABEL_HUB_URL = hub;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
