// The contract fuzzer's run, for either transport: near-valid payloads of every method (from its
// zod schema), each answer checked to be a result or a typed error (never a throw, an INTERNAL
// error, a server error or a hang), the core usable afterwards and the project intact.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { errorCodes, methods, type MethodName } from '../../../../common/contract';
import type { BaseProject } from '../../bad-inputs/test-support/base-project';
import { nearValid, type Payload } from './near-valid';
import { validArbitrary, type Pools } from './schema-arbitrary';

/** Payloads per CI run in all, split between the transports; PRELABEL_FUZZ_RUNS sets another. */
export const FUZZ_TOTAL = Number(process.env.PRELABEL_FUZZ_RUNS ?? 10_000);
export const FUZZ_SEED = Number(process.env.PRELABEL_FUZZ_SEED ?? 20261207);
const HANG_MS = 15_000;

/** Paths the valid inputs may name, all inside the fuzz's temp folder. */
export function fuzzPools(dir: string, base: BaseProject): Pools {
  const files = join(dir, 'fuzz-files');
  mkdirSync(files, { recursive: true });
  writeFileSync(join(files, 'small.csv'), 'id,text\n1,one\n2,two\n');
  writeFileSync(join(files, 'codebook.csv'), 'code,name\n1,economy\n2,education\n');
  return {
    uuids: [base.questionId, ...base.labelIds, base.decisionId],
    documentIds: base.documentIds,
    paths: [
      base.csv,
      join(files, 'small.csv'),
      join(files, 'codebook.csv'),
      join(files, 'new.prelabel'),
      join(files, 'out.csv'),
      files,
      join(dir, 'missing', 'x.csv'),
      base.path,
    ],
    strings: ['text', 'id', 'topic', 'economy', 'education', 'Ana', 'Topic', '1', 'This text is about {}.'],
  };
}

/** Every method of the contract with its near-valid payloads, in one seeded stream. */
export function payloads(pools: Pools, only?: (m: MethodName) => boolean): fc.Arbitrary<Payload> {
  const names = (Object.keys(methods) as MethodName[]).filter((m) => !only || only(m));
  return fc.oneof(...names.map((m) => nearValid(m, validArbitrary(methods[m].input as never, pools))));
}

/** What is wrong with an answer; null when it is a result or a typed error. */
export function answerProblem(answer: unknown): string | null {
  if (!answer || typeof answer !== 'object') return `not a Result: ${String(answer)}`;
  const r = answer as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return 'value' in r ? null : 'ok without a value';
  if (r.ok !== false || !r.error) return `not a Result: ${JSON.stringify(answer).slice(0, 200)}`;
  const { code, message } = r.error;
  if (!(errorCodes as readonly unknown[]).includes(code)) return `unknown error code ${String(code)}`;
  if (typeof message !== 'string' || message.trim() === '') return `${String(code)} without a message`;
  if (code === 'INTERNAL') return `INTERNAL: ${message.slice(0, 300)}`;
  if (/\n\s+at \S|\[object Object\]/.test(message)) return `${String(code)} with a stack or an object: ${message.slice(0, 300)}`;
  return null;
}

export interface FuzzFailure {
  method: string;
  mutation: string;
  at: string;
  problem: string;
  input: string;
}

export interface FuzzStats {
  payloads: number;
  methods: Set<string>;
  ok: number;
  byCode: Record<string, number>;
  /** Unmutated payloads, and how many of them the contract accepted (not INVALID_INPUT). */
  valid: number;
  validAccepted: number;
  /** Time spent per mutation kind and per method (ms), to find what makes a run slow. */
  ms: Record<string, number>;
  failures: FuzzFailure[];
}

/** Runs `runs` payloads through `send`; `afterEach` puts the world back (the project reopened). */
export async function fuzz(
  runs: number,
  seed: number,
  arb: fc.Arbitrary<Payload>,
  send: (p: Payload) => Promise<unknown>,
  afterEach: (p: Payload) => Promise<void>,
): Promise<FuzzStats> {
  const stats: FuzzStats = { payloads: 0, methods: new Set(), ok: 0, byCode: {}, valid: 0, validAccepted: 0, ms: {}, failures: [] };
  const fail = (p: Payload, problem: string) =>
    stats.failures.push({
      method: p.method,
      mutation: p.mutation,
      at: p.at,
      problem,
      input: (JSON.stringify(p.input) ?? 'undefined').slice(0, 300),
    });
  await fc.assert(
    fc.asyncProperty(arb, async (p) => {
      stats.payloads++;
      stats.methods.add(p.method);
      let timer: NodeJS.Timeout | undefined;
      const t0 = performance.now();
      try {
        const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS)));
        const answer = await Promise.race([send(p), hang]);
        if (answer === 'hang') fail(p, `no answer in ${HANG_MS / 1000} s`);
        else {
          const problem = answerProblem(answer);
          if (problem) fail(p, problem);
          const r = answer as { ok: boolean; error?: { code: string } };
          if (p.mutation === 'valid') {
            stats.valid++;
            if (r.ok || r.error?.code !== 'INVALID_INPUT') stats.validAccepted++;
          }
          if (r.ok) stats.ok++;
          else if (r.error) stats.byCode[r.error.code] = (stats.byCode[r.error.code] ?? 0) + 1;
        }
      } catch (err) {
        fail(p, `threw: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        clearTimeout(timer);
      }
      await afterEach(p);
      const spent = performance.now() - t0;
      stats.ms[p.mutation] = (stats.ms[p.mutation] ?? 0) + spent;
      stats.ms[p.method] = (stats.ms[p.method] ?? 0) + spent;
      if (({} as Record<string, unknown>).polluted !== undefined) fail(p, 'Object.prototype was polluted');
      return true;
    }),
    { seed, numRuns: runs },
  );
  return stats;
}

/** PRAGMA integrity_check of a project file, through a connection of its own. */
export function integrity(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** One line per figure, for the test's log and docs/SECURITY.md. */
export function summary(name: string, s: FuzzStats): string {
  const codes = Object.entries(s.byCode)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  return `${name}: ${s.payloads} payloads over ${s.methods.size} methods (${s.valid} unmutated, ${s.validAccepted} of them past validation): ${s.ok} results, errors ${codes}; ${s.failures.length} failures`;
}
