// Contract fuzzing over the browser mode's HTTP API: the real server (main/server) in front of a
// real core in this process, configured as `npm run serve` configures it (the server chooses where
// exports go). Near-valid payloads of every method (main/core/api/test-support) are POSTed as the
// page posts them; every answer is a Result with a status the route allows (never a 500 or a
// hang), the core answers afterwards and the project is intact. PRELABEL_FUZZ_RUNS sets the total
// over both transports (10,000 by default), PRELABEL_FUZZ_SEED the seed.
import { Agent, request } from 'node:http';
import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { methods, type Result } from '../../common/contract';
import { FUZZ_SEED, FUZZ_TOTAL, answerProblem, fuzz, integrity, payloads, summary } from '../core/api/test-support/contract-fuzz';
import { makeFuzzWorld, type FuzzWorld } from '../core/api/test-support/fuzz-world';
import type { Payload } from '../core/api/test-support/near-valid';
import { startTestServer, type TestServer } from './test-support/http-test-kit';

let world: FuzzWorld;
let t: TestServer;
beforeAll(async () => {
  world = await makeFuzzWorld((dir) => ({ chosenBy: 'server', exportsDir: join(dir, 'exports') }));
  t = await startTestServer(
    { call: (method, input) => world.core.core.dispatch(method, input), onEvent: () => () => undefined },
    { uploadsDir: join(world.dir, 'uploads') },
  );
  await t.login();
});
afterAll(async () => {
  agent.destroy();
  await t?.close();
  await world?.close();
});

const RUNS = FUZZ_TOTAL - Math.ceil(FUZZ_TOTAL * 0.7);
/** Raw bodies (not JSON, not a method, another content type), besides the payloads. */
const RAW_RUNS = Math.ceil(FUZZ_TOTAL / 20);
/** Statuses the call route answers with a Result: 200 from the core, 400/404/413 at the edge. */
const ALLOWED = new Set([200, 400, 404, 413]);

/** One connection kept open, as a browser keeps one (a new one per call spends most of the time). */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function send(method: string, body: string | Buffer, type = 'application/json'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = t.page({ 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    const req = request(
      { host: '127.0.0.1', port: t.port, method: 'POST', path: `/api/call/${encodeURIComponent(method)}`, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function post(method: string, input: unknown): Promise<unknown> {
  const reply = await send(method, input === undefined ? '' : JSON.stringify(input));
  if (!ALLOWED.has(reply.status)) return `HTTP ${reply.status}: ${reply.body.slice(0, 200)}`;
  try {
    return JSON.parse(reply.body) as Result<unknown>;
  } catch {
    return `HTTP ${reply.status} with a body that is not JSON: ${reply.body.slice(0, 200)}`;
  }
}

describe('contract fuzzing over the browser-mode HTTP API', () => {
  it(`answers ${RUNS} near-valid payloads of every method with a result or a typed error`, { timeout: 600_000 }, async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const started = Date.now();
    const stats = await fuzz(
      RUNS,
      FUZZ_SEED + 1,
      payloads(world.pools),
      (p: Payload) => post(p.method, p.input),
      () => world.restore(),
    );
    logged.mockRestore();
    if (process.env.PRELABEL_FUZZ_TIMES)
      console.log(
        Object.entries(stats.ms)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 20),
      );
    console.log(`${summary('HTTP', stats)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(stats.failures.slice(0, 20)).toEqual([]);
    expect(stats.payloads).toBe(RUNS);
    expect(stats.methods.size).toBe(Object.keys(methods).length);

    await world.settle();
    expect(await post('app.info', {})).toMatchObject({ ok: true, value: { face: 'cli' } });
    expect(await post('project.stats', {})).toMatchObject({ ok: true });
    expect(integrity(world.base.path)).toBe('ok');
  });

  it('answers raw bodies that are not JSON, or not a call, with a Result', { timeout: 120_000 }, async () => {
    const names = Object.keys(methods);
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
      fc.constantFrom('{', '{"a":', '[', 'null', 'true', '1e999', '"x"', '{"__proto__":{"polluted":1}}', '\ufeff{}', '{}'.repeat(1000)),
    );
    const method = fc.oneof(
      fc.constantFrom(...names),
      fc.string({ maxLength: 40 }),
      fc.constantFrom('__proto__', 'constructor', '..%2f..', 'app.info/extra', ''),
    );
    const type = fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'APPLICATION/JSON',
      'multipart/form-data',
    );
    const problems: string[] = [];
    let sent = 0;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    await fc.assert(
      fc.asyncProperty(method, body, type, async (m, b, ct) => {
        sent++;
        const reply = await send(m, b, ct);
        if (!ALLOWED.has(reply.status) && reply.status !== 415)
          problems.push(`${m} ${ct}: HTTP ${reply.status} ${reply.body.slice(0, 120)}`);
        else {
          let parsed: unknown;
          try {
            parsed = JSON.parse(reply.body);
          } catch {
            problems.push(`${m} ${ct}: HTTP ${reply.status} not JSON: ${reply.body.slice(0, 120)}`);
            return true;
          }
          const problem = answerProblem(parsed);
          if (problem) problems.push(`${m} ${ct}: ${problem}`);
        }
        return true;
      }),
      { seed: FUZZ_SEED + 2, numRuns: RAW_RUNS },
    );
    logged.mockRestore();
    console.log(`HTTP raw: ${sent} bodies, ${problems.length} problems`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await post('app.info', {})).toMatchObject({ ok: true });
  });
});
