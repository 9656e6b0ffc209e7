// Test support for "try it": a project with the first N AG News test rows, their class (1-4) as the
// gold column, a Topic question whose labels have those codes, the generated tiny model selected,
// and the question pre-labelled by a real run.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Codebook } from '../../../../common/contract';
import { runEnd, writeAgNewsSubset } from '../../nli/test-support/prelabel-project';
import { makeTestCore, type TestCore } from '../../test-support/test-core';

export const TEMPLATE = 'This news story is about {}.';

export async function goldProject(dir: string, modelDir: string, docs: number): Promise<{ t: TestCore; codebook: Codebook; path: string }> {
  mkdirSync(dir, { recursive: true });
  const t = makeTestCore(dir);
  const path = join(dir, 'news.prelabel');
  await t.call('project.create', { name: 'news', path });
  const csv = join(dir, 'ag.csv');
  writeAgNewsSubset(csv, docs);
  const started = await t.call('import.start', {
    source: { kind: 'path', path: csv },
    options: { hasHeader: false },
    mapping: { textColumns: [2, 3], joinWith: '\n\n', goldColumn: 1 },
  });
  const imported = await t.waitForJob(started.jobId);
  if (imported.status !== 'done') throw new Error(`import failed: ${JSON.stringify(imported)}`);
  await t.call('model.select', { path: modelDir });
  const codebook = await t.call('codebook.set', {
    questions: [
      {
        name: 'Topic',
        template: TEMPLATE,
        labels: [
          { name: 'World', code: '1' },
          { name: 'Sports', code: '2' },
          { name: 'Business', code: '3' },
          { name: 'Sci/Tech', code: '4' },
        ],
      },
    ],
  });
  const from = t.events.length;
  const run = await t.call('prelabel.start', { questionId: codebook.questions[0]!.id });
  const end = await runEnd(t, run.id, from);
  if (end.status !== 'done') throw new Error(`pre-label run ended ${end.status}`);
  return { t, codebook, path };
}
