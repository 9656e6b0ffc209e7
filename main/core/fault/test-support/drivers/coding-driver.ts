// A coder in a process of its own, as the app calls the core: it creates the core with createCore,
// opens the project and dispatches annotate.decide and annotate.undo without end. Each decision is
// acknowledged on stdout (one JSON line) only after its call returned, as the app shows "saved"
// only then; the kill harness kills this process at random and checks every acknowledged line.
// Usage: node --import tsx coding-driver.ts <project> <app folder> <seed> <coder>
import { join } from 'node:path';
import type { MethodInput, MethodName, MethodOutput } from '../../../../../common/contract';
import { createCore } from '../../../create-core';
import { mulberry32 } from '../../../seeded-random';
import type { Ack } from '../project-checks';

async function run(): Promise<void> {
  const [project, home, seed, coder] = process.argv.slice(2) as [string, string, string, string];
  const core = createCore(
    {
      dataDir: home,
      projectsDir: join(home, 'projects'),
      uploadsDir: join(home, 'uploads'),
      face: 'cli',
      writes: { chosenBy: 'caller' },
      version: 'kill-driver',
    },
    () => {},
  );
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const r = await core.dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value as MethodOutput<M>;
  };
  const ack = (a: Ack) => process.stdout.write(`${JSON.stringify(a)}\n`);
  await call('project.open', { path: project });
  const { questions } = await call('codebook.get', {});
  const documentIds = core.context.requireProject().db.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[];
  const rnd = mulberry32(Number(seed));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  process.stdout.write('ready\n');
  for (;;) {
    const question = pick(questions);
    const r = rnd();
    if (r < 0.1) {
      const { undone } = await call('annotate.undo', { questionId: question.id, coder });
      if (undone) ack({ kind: 'undo', undoes: undone.id, questionId: question.id, coder });
      continue;
    }
    const labels = question.labels.filter((l) => !l.archived);
    const kind = r < 0.2 ? 'skip' : 'label';
    const labelIds = kind === 'skip' ? [] : question.multiLabel ? labels.filter(() => rnd() < 0.5).map((l) => l.id) : [pick(labels).id];
    const d = await call('annotate.decide', {
      questionId: question.id,
      documentId: pick(documentIds),
      coder,
      kind,
      labelIds,
      ...(rnd() < 0.3 ? { note: `note ${r.toFixed(6)}` } : {}),
    });
    ack({ kind: d.kind, id: d.id, documentId: d.documentId, questionId: d.questionId, coder: d.coder, labelIds: d.labelIds });
  }
}

run().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
