// What every kill scenario shares: its folder and app folder, the seeded random stream, the reopen
// through the core that the next session of a person would do, and a second process (the built
// CLI's `stats`) that opens the project at a random moment, itself killed now and then.
import { join } from 'node:path';
import { makeTestCore } from '../../test-support/test-core';
import { cliArgs, runChild } from './kill-run';

export interface ScenarioContext {
  dir: string;
  /** The app folder of every process of the scenario (PRELABEL_HOME). */
  home: string;
  rnd: () => number;
  /** Records a problem found after a kill; the harness reports them all with the seed. */
  problem: (what: string) => void;
  /** Counts a kill of another process than the operation's (the second process that opens). */
  countKill: (what: string) => void;
  /** Adds to a figure of the report (acknowledged decisions checked, second processes...). */
  count: (figure: string, n?: number) => void;
}

export interface Scenario {
  /** The operation killed, as the figures name it. */
  name: string;
  setup(): Promise<void>;
  /** One try: the operation is started and killed at a random moment, then every check runs.
   * Returns whether the kill landed (false: the operation ended first). */
  killOnce(): Promise<boolean>;
  /** The operation run to completion after all the kills, with its final checks. */
  finish(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens the project through the core, as the app's next session would (a pending import of a dead
 * process is purged, an unfinished search index completed), and waits for the index. */
export async function reopen(ctx: ScenarioContext, path: string): Promise<void> {
  const t = makeTestCore(join(ctx.dir, 'reopen'));
  try {
    await t.call('project.open', { path });
    for (let i = 0; i < 1200; i++) {
      if ((await t.call('project.searchState', {})).complete) return;
      await sleep(25);
    }
    ctx.problem(`the search index of ${path} was not complete 30 s after reopening`);
  } finally {
    await t.core.shutdown();
  }
}

/**
 * A second process opening the project (the built CLI's `stats`) `afterMs` from now, killed at a
 * random moment with probability `killRate`. Its answer must be the stats or one line of error.
 */
export async function secondOpener(ctx: ScenarioContext, path: string, afterMs: number, killRate = 0.3): Promise<void> {
  const kill = ctx.rnd() < killRate ? Math.floor(ctx.rnd() * 600) : null;
  await sleep(afterMs);
  const r = await runChild(cliArgs('stats', path, '--json'), { home: ctx.home, killAfterMs: kill });
  ctx.count('second processes opening the project');
  if (r.killed) {
    ctx.countKill('open (second process)');
    return;
  }
  if (r.code === 0) {
    try {
      JSON.parse(r.lines.join('\n'));
    } catch {
      ctx.problem(`a second process's stats printed no JSON: ${r.lines.join(' ').slice(0, 200)}`);
    }
  } else if (r.stderr.trim().split('\n').length !== 1) {
    ctx.problem(`a second process opening the project failed with more than one line: ${r.stderr.slice(0, 400)}`);
  }
}

/** A delay in [0, span) ms from the seeded stream. */
export function randomDelay(ctx: ScenarioContext, span: number): number {
  return Math.floor(ctx.rnd() * span);
}
