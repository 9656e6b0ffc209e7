// Kills of a coder's process (the coding driver: createCore and the dispatcher, as the app calls
// them) at random moments, and of a writer inside an open write transaction, on one project. After
// each kill: the file is sound, every acknowledged decision is in the log exactly as acknowledged,
// at most one decision a kill was saved without its acknowledgement (the call in flight), and
// nothing of the uncommitted transaction is left.
import { cliOk, driverArgs, runChild } from '../kill-run';
import { TXN_MARKER, integrityProblems, leftoverTemporaries, logRows, missingAcks, readProject, type Ack } from '../project-checks';
import { randomDelay, reopen, secondOpener, type Scenario, type ScenarioContext } from '../scenario';
import { newsProject } from './setup-project';

export interface CodingProjectState {
  project: string;
  acks: Ack[];
  kills: number;
  documents: number;
}

function checkCoding(ctx: ScenarioContext, s: CodingProjectState): void {
  readProject(s.project, (db) => {
    for (const p of integrityProblems(db)) ctx.problem(p);
    for (const p of missingAcks(db, s.acks)) ctx.problem(p);
    const unacknowledged = logRows(db) - s.acks.length;
    if (unacknowledged < 0 || unacknowledged > s.kills)
      ctx.problem(`${unacknowledged} decisions without acknowledgement after ${s.kills} kills`);
    const marker = db.prepare('SELECT count(*) FROM imports WHERE source_name = ?').pluck().get(TXN_MARKER) as number;
    if (marker !== 0) ctx.problem('the killed write transaction left its import');
    const documents = db.prepare('SELECT count(*) FROM documents').pluck().get() as number;
    if (documents !== s.documents) ctx.problem(`${documents} documents after the killed transaction, ${s.documents} before`);
  });
  for (const t of leftoverTemporaries(ctx.dir)) ctx.problem(`temporary file left: ${t}`);
}

export async function codingProjectState(ctx: ScenarioContext, documents: number): Promise<CodingProjectState> {
  return { project: await newsProject(ctx.home, ctx.dir, 'coding', documents), acks: [], kills: 0, documents };
}

export function codingScenario(ctx: ScenarioContext, s: CodingProjectState): Scenario {
  let tries = 0;
  const coder = () => ['ana', 'ben'][tries % 2]!;
  return {
    name: 'coding (dispatcher)',
    async setup() {},
    async killOnce() {
      tries++;
      const seed = Math.floor(ctx.rnd() * 2 ** 31);
      // Mostly while it codes (a random moment after it is ready), one in six while it starts
      // (tsx, the core, opening the project).
      const early = ctx.rnd() < 1 / 6;
      const delay = randomDelay(ctx, early ? 2000 : 1500);
      const r = await runChild(driverArgs('coding-driver.ts', s.project, ctx.home, String(seed), coder()), {
        home: ctx.home,
        killAfterMs: early ? delay : null,
        onLine: (line) => (line === 'ready' ? delay : null),
      });
      for (const line of r.lines) if (line.startsWith('{')) s.acks.push(JSON.parse(line) as Ack);
      if (!r.killed) ctx.problem(`the coding driver stopped by itself (${r.code}): ${r.stderr.trim()}`);
      s.kills++;
      checkCoding(ctx, s);
      return r.killed;
    },
    async finish() {
      await reopen(ctx, s.project);
      checkCoding(ctx, s);
      ctx.count('acknowledged decisions (each checked after every later kill)', s.acks.length);
    },
  };
}

export function writeTransactionScenario(ctx: ScenarioContext, s: CodingProjectState): Scenario {
  let begun = 0;
  return {
    name: 'inside a write transaction',
    async setup() {},
    async killOnce() {
      const rows = 1 + randomDelay(ctx, 40_000);
      // Killed a random moment after BEGIN: while writing, or holding the open transaction; half the
      // time a second process opens the project meanwhile.
      const delay = randomDelay(ctx, 2500);
      let opener: Promise<void> = Promise.resolve();
      const withOpener = ctx.rnd() < 0.5;
      const openAt = randomDelay(ctx, delay + 1);
      const r = await runChild(driverArgs('write-txn-driver.ts', s.project, String(rows)), {
        home: ctx.home,
        killAfterMs: null,
        onLine: (line) => {
          if (line !== 'begun') return null;
          if (withOpener) opener = secondOpener(ctx, s.project, openAt, 0.3);
          return delay;
        },
      });
      await opener;
      if (!r.killed) ctx.problem(`the writer stopped by itself (${r.code}): ${r.stderr.trim()}`);
      if (r.lines.includes('begun')) {
        begun++;
        ctx.count(r.lines.includes('holding') ? 'kills holding an open transaction' : 'kills while writing in a transaction');
      }
      checkCoding(ctx, s);
      return r.killed;
    },
    async finish() {
      if (begun === 0) ctx.problem('no kill landed inside the write transaction');
      await cliOk(ctx.home, 'stats', s.project);
      checkCoding(ctx, s);
    },
  };
}
