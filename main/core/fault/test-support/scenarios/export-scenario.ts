// Kills of `prelabel export` (the built CLI) at random moments. After each kill the file at the
// export's name is absent or complete (equal to an uninterrupted export's); after the next export
// to the same folder, no temporary file is left there, beside the project or in the app folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestCore } from '../../../test-support/test-core';
import { cliArgs, cliOk, runChild } from '../kill-run';
import { TEMPORARY, leftoverTemporaries } from '../project-checks';
import { randomDelay, type Scenario, type ScenarioContext } from '../scenario';
import { newsProject } from './setup-project';

const FORMATS = ['csv', 'jsonl'] as const;

export function exportScenario(ctx: ScenarioContext, documents: number): Scenario {
  const project = join(ctx.dir, 'export.prelabel');
  const out = join(ctx.dir, 'exports');
  const reference = new Map<string, { bytes: Buffer; ms: number }>();
  const args = (format: string, file: string) =>
    ['export', project, '--format', format, '--question', 'Topic', '--filter', 'all', '--out', join(out, file)] as const;
  return {
    name: 'export',
    async setup() {
      await newsProject(ctx.home, ctx.dir, 'export', documents);
      // Some decisions, so the export writes labels as well as texts.
      const t = makeTestCore(join(ctx.dir, 'export-coder'));
      await t.call('project.open', { path: project });
      const topic = (await t.call('codebook.get', {})).questions[0]!;
      const ids = t.core.context.requireProject().db.prepare('SELECT id FROM documents LIMIT 200').pluck().all() as number[];
      for (const [i, id] of ids.entries())
        await t.call('annotate.decide', {
          questionId: topic.id,
          documentId: id,
          coder: 'ana',
          kind: 'label',
          labelIds: [topic.labels[i % 4]!.id],
        });
      await t.core.shutdown();
      mkdirSync(out, { recursive: true });
      for (const f of FORMATS) {
        const ms = (await cliOk(ctx.home, ...args(f, `reference.${f}`))).ms;
        reference.set(f, { bytes: readFileSync(join(out, `reference.${f}`)), ms });
      }
    },
    async killOnce() {
      const format = FORMATS[Math.floor(ctx.rnd() * FORMATS.length)]!;
      const file = join(out, `data.${format}`);
      const ref = reference.get(format)!;
      // Two kills in five at a random moment of the whole command, the others within 60 ms after
      // the export began writing its temporary file.
      const whileWriting = ctx.rnd() < 0.6;
      const delay = randomDelay(ctx, whileWriting ? 60 : ref.ms);
      const r = await runChild(cliArgs(...args(format, `data.${format}`)), {
        home: ctx.home,
        killAfterMs: whileWriting ? null : delay,
        killWhen: whileWriting ? () => (readdirSync(out).some((n) => TEMPORARY.test(n)) ? delay : null) : undefined,
      });
      if (r.killed && whileWriting) ctx.count('export kills after its temporary file appeared');
      if (!r.killed && r.code !== 0) ctx.problem(`export exited ${r.code}: ${r.stderr.trim()}`);
      if (existsSync(file) && !readFileSync(file).equals(ref.bytes)) ctx.problem(`a killed export left an incomplete ${file}`);
      // The next operation: the same export again, to completion.
      await cliOk(ctx.home, ...args(format, `data.${format}`));
      if (!readFileSync(file).equals(ref.bytes)) ctx.problem(`the export after the kill differs from an uninterrupted one (${format})`);
      for (const t of leftoverTemporaries(ctx.dir)) ctx.problem(`temporary file left: ${t}`);
      rmSync(file);
      return r.killed;
    },
    async finish() {},
  };
}
