// Kills of `prelabel merge` (the built CLI) merging a coded package into a fresh copy of the
// project. After each kill: the file is sound and the package's decisions are all in or none (one
// transaction); merging again completes with exactly the package's decisions, once each.
import { join } from 'node:path';
import { codeRandomly } from '../../../merge/test-support/merge-fixture';
import { makeTestCore } from '../../../test-support/test-core';
import { cliArgs, cliOk, runChild } from '../kill-run';
import { integrityProblems, leftoverTemporaries, readProject, replaceProject, type Db } from '../project-checks';
import { randomDelay, secondOpener, type Scenario, type ScenarioContext } from '../scenario';
import { newsProject } from './setup-project';

const CODER = 'bea';

function decisionsOf(db: Db): string {
  const rows = db
    .prepare(
      `SELECT a.id, a.kind, a.label_ids, a.undoes_id, a.note, a.created_at, d.external_id FROM annotations a
       JOIN coders c ON c.id = a.coder_id JOIN documents d ON d.id = a.document_id WHERE c.name = ? ORDER BY a.id`,
    )
    .all(CODER);
  return JSON.stringify(rows);
}

export function mergeScenario(ctx: ScenarioContext, documents: number, decisions: number): Scenario {
  const base = join(ctx.dir, 'merge-base.prelabel');
  const pkg = join(ctx.dir, 'bea.prelabel');
  const target = join(ctx.dir, 'merge-target.prelabel');
  let expected = '';
  let duration = 1000;
  const merged = () => readProject(target, decisionsOf);
  return {
    name: 'merge',
    async setup() {
      await newsProject(ctx.home, ctx.dir, 'merge-base', documents);
      await cliOk(ctx.home, 'package', base, '--coder', CODER, '--out', pkg, '--documents', 'all');
      const t = makeTestCore(join(ctx.dir, 'coder'));
      await t.call('project.open', { path: pkg });
      const { questions } = await t.call('codebook.get', {});
      const ids = t.core.context.requireProject().db.prepare('SELECT id FROM documents').pluck().all() as number[];
      await codeRandomly(t, questions, ids, CODER, ctx.rnd, decisions);
      await t.core.shutdown();
      expected = readProject(pkg, decisionsOf);
      replaceProject(base, target);
      duration = (await cliOk(ctx.home, 'merge', target, pkg)).ms;
      if (merged() !== expected) throw new Error("an uninterrupted merge did not bring the package's decisions");
    },
    async killOnce() {
      replaceProject(base, target);
      const opener = ctx.rnd() < 0.3 ? secondOpener(ctx, target, randomDelay(ctx, duration)) : Promise.resolve();
      const r = await runChild(cliArgs('merge', target, pkg, '--json'), { home: ctx.home, killAfterMs: randomDelay(ctx, duration) });
      await opener;
      if (!r.killed && r.code !== 0) ctx.problem(`merge exited ${r.code}: ${r.stderr.trim()}`);
      readProject(target, (db) => {
        for (const p of integrityProblems(db)) ctx.problem(p);
        const now = decisionsOf(db);
        if (now !== '[]' && now !== expected) ctx.problem('a killed merge left part of the package');
        if (r.killed) ctx.count(`merge kills that left ${now === '[]' ? 'none' : 'all'} of the package's decisions`);
      });
      // Resumable: merging again brings exactly the package's decisions.
      await cliOk(ctx.home, 'merge', target, pkg);
      if (merged() !== expected) ctx.problem("merging again after the kill did not give exactly the package's decisions");
      for (const t of leftoverTemporaries(ctx.dir)) ctx.problem(`temporary file left: ${t}`);
      return r.killed;
    },
    async finish() {},
  };
}
