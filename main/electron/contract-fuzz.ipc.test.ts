// Contract fuzzing through Electron's IPC registrar (ipc-registrar.ts) as the app
// calls it: near-valid payloads of every method, derived from the zod schemas (main/core/api/test-support/
// schema-arbitrary.ts, near-valid.ts), structured-cloned as IPC clones them, into the real core.
// Every answer is a result or a typed error; the core answers afterwards; the project is intact.
// PRELABEL_FUZZ_RUNS sets the total over both transports (10,000 by default), PRELABEL_FUZZ_SEED the seed.
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProjectStats } from '../../common/contract';
import { createCallHandler } from './ipc-registrar';
// This test joins the registrar to the in-process core on purpose (what the app does across the
// utility-process boundary), so it takes the core's fuzz support, as no Electron main code may.
// eslint-disable-next-line no-restricted-imports -- test support of the core, for a test only
import { FUZZ_SEED, FUZZ_TOTAL, fuzz, integrity, payloads, summary } from '../core/api/test-support/contract-fuzz';
// eslint-disable-next-line no-restricted-imports -- test support of the core, for a test only
import { makeFuzzWorld, type FuzzWorld } from '../core/api/test-support/fuzz-world';

/** The input as IPC's structured clone delivers it; one too deep to clone (the renderer's send
 * fails before main sees it) goes to the handler as it is, which tests the handler harder. */
function ipcClone(input: unknown): unknown {
  try {
    return structuredClone(input);
  } catch {
    return input;
  }
}

let world: FuzzWorld;
beforeAll(async () => {
  world = await makeFuzzWorld();
});
afterAll(async () => world?.close());

const RUNS = Math.ceil(FUZZ_TOTAL * 0.7);

describe('contract fuzzing over the IPC registrar', () => {
  it(`answers ${RUNS} near-valid payloads of every method with a result or a typed error`, { timeout: 600_000 }, async () => {
    const handle = createCallHandler({
      isTrustedSender: () => true,
      // The native dialogs: cancelled, as a person closing them.
      callShell: async () => null,
      callCore: (method, input) => world.core.core.dispatch(method, input),
    });
    const event = {} as IpcMainInvokeEvent;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const started = Date.now();
    const stats = await fuzz(
      RUNS,
      FUZZ_SEED,
      payloads(world.pools),
      (p) => handle(event, p.method, ipcClone(p.input)),
      () => world.restore(),
    );
    logged.mockRestore();
    warned.mockRestore();
    console.log(`${summary('IPC', stats)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(stats.failures.slice(0, 20)).toEqual([]);
    expect(stats.payloads).toBe(RUNS);
    expect(stats.methods.size).toBe(Object.keys((await import('../../common/contract')).methods).length);
    expect(stats.ok).toBeGreaterThan(RUNS * 0.05);

    await world.settle();
    expect(await handle(event, 'app.info', {})).toMatchObject({ ok: true });
    const stats2 = await world.core.call('project.stats', {});
    expect((stats2 as ProjectStats).documents).toBeGreaterThanOrEqual(world.base.documentIds.length);
    expect(integrity(world.base.path)).toBe('ok');
  });
});
