// Kills of `prelabel prelabel` (the built CLI, with the generated tiny model) at random moments.
// After each kill the file is sound, no (document, label, window) is stored twice and every stored
// logit equals an uninterrupted run's; the next run resumes; the last one completes the project
// with logits equal to the uninterrupted run's, each pair once.
import { join } from 'node:path';
import { cliArgs, cliOk, runChild } from '../kill-run';
import { integrityProblems, leftoverTemporaries, readProject, removeProject, replaceProject, type Db } from '../project-checks';
import { randomDelay, type Scenario, type ScenarioContext } from '../scenario';
import { newsProject } from './setup-project';

/** Every stored prediction by document, question, label and window: its logits. */
function predictions(db: Db): Map<string, string[]> {
  const rows = db
    .prepare(
      `SELECT d.external_id || '|' || q.name || '|' || l.name || '|' || p.window AS k,
              json_array(p.entailment, p.neutral, p.contradiction) AS v
       FROM predictions p JOIN documents d ON d.id = p.document_id JOIN labels l ON l.id = p.label_id
       JOIN questions q ON q.id = l.question_id`,
    )
    .all() as { k: string; v: string }[];
  const byKey = new Map<string, string[]>();
  for (const r of rows) byKey.set(r.k, [...(byKey.get(r.k) ?? []), r.v]);
  return byKey;
}

export function prelabelScenario(ctx: ScenarioContext, modelDir: string, documents: number): Scenario {
  const base = join(ctx.dir, 'base.prelabel');
  const project = join(ctx.dir, 'runs.prelabel');
  const args = ['prelabel', project, '--model', modelDir, '--threads', '1', '--json'];
  let reference = new Map<string, string[]>();
  let duration = 3000;
  const check = (complete: boolean) =>
    readProject(project, (db) => {
      for (const p of integrityProblems(db)) ctx.problem(p);
      const stored = predictions(db);
      for (const [key, values] of stored) {
        if (values.length > 1) ctx.problem(`prediction ${key} stored ${values.length} times`);
        const want = reference.get(key)?.[0];
        if (values[0] !== want) ctx.problem(`prediction ${key} is ${values[0]}, the uninterrupted run gave ${want}`);
      }
      if (!complete && stored.size > 0 && stored.size < reference.size) ctx.count('pre-label kills with part of the predictions stored');
      if (complete && stored.size !== reference.size)
        ctx.problem(`the resumed runs stored ${stored.size} of ${reference.size} predictions`);
      return stored.size;
    });
  return {
    name: 'pre-label',
    async setup() {
      const made = await newsProject(ctx.home, ctx.dir, 'base', documents);
      if (made !== base) throw new Error('unexpected project path');
      const ref = join(ctx.dir, 'reference.prelabel');
      replaceProject(base, ref);
      duration = (await cliOk(ctx.home, 'prelabel', ref, '--model', modelDir, '--threads', '1')).ms;
      reference = readProject(ref, predictions);
      removeProject(ref);
      replaceProject(base, project);
    },
    async killOnce() {
      const r = await runChild(cliArgs(...args), { home: ctx.home, killAfterMs: randomDelay(ctx, duration) });
      if (!r.killed && r.code !== 0) ctx.problem(`prelabel exited ${r.code}: ${r.stderr.trim()}`);
      const stored = check(!r.killed);
      for (const t of leftoverTemporaries(ctx.dir)) ctx.problem(`temporary file left: ${t}`);
      // A run that completed leaves nothing to kill: start again from the unlabelled project.
      if (stored === reference.size) replaceProject(base, project);
      return r.killed;
    },
    async finish() {
      await cliOk(ctx.home, ...args);
      check(true);
    },
  };
}
