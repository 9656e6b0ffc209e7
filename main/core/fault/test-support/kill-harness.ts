// The kill harness (issue 15): SIGKILL at random moments during import, pre-label, coding through
// the dispatcher, merge and export, inside open write transactions and of a second process that
// opens the project, with every check after each kill (see the scenarios). One seed decides every
// moment and choice: a failure names it, and KILL_SEED=<seed> runs the same kills again.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { corpusFile } from '../../test-support/corpora';
import { bigCsv } from '../../test-support/child-import';
import { mulberry32 } from '../../seeded-random';
import type { Scenario, ScenarioContext } from './scenario';
import { importScenario, wordOfRandomDocument } from './scenarios/import-scenario';
import { prelabelScenario } from './scenarios/prelabel-scenario';
import { codingProjectState, codingScenario, writeTransactionScenario } from './scenarios/coding-scenario';
import { mergeScenario } from './scenarios/merge-scenario';
import { exportScenario } from './scenarios/export-scenario';

export interface KillOptions {
  seed: number;
  /** Kills to land in all (the operations' shares below; the second opener's kills come on top). */
  kills: number;
  dir: string;
  modelDir: string;
  /** Rows of the generated CSV. */
  bigRows: number;
  log?: (line: string) => void;
}

export interface KillReport {
  seed: number;
  /** Landed kills by operation. */
  kills: Record<string, number>;
  /** Tries where the operation ended before its kill (checked all the same). */
  completed: Record<string, number>;
  /** What was checked, counted. */
  figures: Record<string, number>;
  problems: string[];
  seconds: number;
}

/** Each operation's share of the kills. */
const SHARES: Record<string, number> = {
  'import (AG News corpus)': 0.14,
  'import (generated CSV)': 0.14,
  'pre-label': 0.16,
  'coding (dispatcher)': 0.18,
  'inside a write transaction': 0.12,
  merge: 0.13,
  export: 0.13,
};

export async function runKillHarness(o: KillOptions): Promise<KillReport> {
  const started = Date.now();
  const rnd = mulberry32(o.seed);
  const report: KillReport = { seed: o.seed, kills: {}, completed: {}, figures: {}, problems: [], seconds: 0 };
  let current = 'setup';
  let attempt = 0;
  const context = (name: string): ScenarioContext => {
    const dir = join(o.dir, name.replace(/[^a-z]+/gi, '-'));
    mkdirSync(dir, { recursive: true });
    return {
      dir,
      home: join(dir, 'home'),
      rnd,
      problem: (what) => report.problems.push(`${current}, try ${attempt} (seed ${o.seed}): ${what}`),
      countKill: (what) => (report.kills[what] = (report.kills[what] ?? 0) + 1),
      count: (figure, n = 1) => (report.figures[figure] = (report.figures[figure] ?? 0) + n),
    };
  };
  const agNews = corpusFile('ag_news', 'test.csv');
  const bigDir = context('big-csv').dir;
  const big = bigCsv(bigDir, o.bigRows);
  const codingCtx = context('coding');
  const coding = await codingProjectState(codingCtx, 150);
  const scenarios: Scenario[] = [
    importScenario(context('import-ag-news'), {
      name: 'import (AG News corpus)',
      file: agNews,
      flags: ['--no-header', '--text-column', '2', '--text-column', '3'],
      rows: 7600,
      probe: wordOfRandomDocument,
    }),
    importScenario(context('import-big'), {
      name: 'import (generated CSV)',
      file: big,
      flags: [],
      rows: o.bigRows,
      probe: (db, r) => {
        const k = Math.floor(r() * o.bigRows);
        const committed = db.prepare("SELECT id FROM imports WHERE status = 'committed'").pluck().all() as string[];
        const ids = committed.map(
          (i) => db.prepare('SELECT id FROM documents WHERE import_id = ? AND external_id = ?').pluck().get(i, String(k)) as number,
        );
        return committed.length ? { word: `number${k}`, ids } : null;
      },
    }),
    prelabelScenario(context('prelabel'), o.modelDir, 24),
    codingScenario(codingCtx, coding),
    writeTransactionScenario(codingCtx, coding),
    mergeScenario(context('merge'), 120, 80),
    exportScenario(context('export'), 7600),
  ];
  // KILL_ONLY=<part of a name> runs only those operations (to look into one; other moments then).
  const only = process.env.KILL_ONLY;
  if (only) scenarios.splice(0, scenarios.length, ...scenarios.filter((s) => new RegExp(only).test(s.name)));
  for (const s of scenarios) {
    current = `${s.name} setup`;
    await s.setup();
  }
  const setupSeconds = (Date.now() - started) / 1000;
  // Quotas by share, at least 3 each, then the tries in a seeded random order of operations.
  const quota = new Map(scenarios.map((s) => [s, Math.max(3, Math.floor(o.kills * SHARES[s.name]!))]));
  // What the rounding left goes to the operations in turn, so that the quotas add up to o.kills.
  for (let i = 0; [...quota.values()].reduce((a, b) => a + b, 0) < o.kills; i++) {
    const s = scenarios[i % scenarios.length]!;
    quota.set(s, quota.get(s)! + 1);
  }
  let left = [...quota.values()].reduce((a, b) => a + b, 0);
  const tries = new Map(scenarios.map((s) => [s, 0]));
  const seconds: Record<string, number> = {};
  while (left > 0) {
    const open = scenarios.filter((s) => quota.get(s)! > 0);
    const s = open[Math.floor(rnd() * open.length)]!;
    attempt = tries.get(s)! + 1;
    tries.set(s, attempt);
    current = s.name;
    if (attempt > 4 * o.kills * SHARES[s.name]! + 12) {
      report.problems.push(`${s.name}: the kill seldom lands before the operation ends (${attempt} tries)`);
      quota.set(s, 0);
      continue;
    }
    const t0 = Date.now();
    const killed = await s.killOnce();
    seconds[s.name] = (seconds[s.name] ?? 0) + (Date.now() - t0) / 1000;
    const tally = killed ? report.kills : report.completed;
    tally[s.name] = (tally[s.name] ?? 0) + 1;
    if (killed) {
      quota.set(s, quota.get(s)! - 1);
      left--;
    }
  }
  for (const s of scenarios) {
    current = `${s.name} finish`;
    attempt = 0;
    await s.finish();
  }
  report.seconds = Math.round((Date.now() - started) / 100) / 10;
  const perOperation = Object.entries(seconds).map(([k, v]) => `${k} ${v.toFixed(1)} s`);
  o.log?.(
    `kill harness, seed ${o.seed}: ${JSON.stringify(report.kills)} in ${report.seconds} s; ended first: ${JSON.stringify(report.completed)}; ${JSON.stringify(report.figures)}; setup ${setupSeconds.toFixed(1)} s, tries: ${perOperation.join(', ')}`,
  );
  return report;
}
