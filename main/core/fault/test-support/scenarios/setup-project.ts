// Projects for the kill scenarios, made with the built CLI as a person would: the first N AG News
// test rows (a real shared corpus) and a codebook of a single-label and a multi-label question.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAgNewsSubset } from '../../../nli/test-support/prelabel-project';
import { cliOk } from '../kill-run';

export const CODEBOOK = {
  questions: [
    {
      name: 'Topic',
      template: 'This news story is about {}.',
      labels: [{ name: 'politics' }, { name: 'sports' }, { name: 'business' }, { name: 'science' }],
    },
    { name: 'Tone', multiLabel: true, template: 'The tone of this text is {}.', labels: [{ name: 'neutral' }, { name: 'alarming' }] },
  ],
};

/** Creates `<dir>/<name>.prelabel` with `count` AG News documents and the codebook. */
export async function newsProject(home: string, dir: string, name: string, count: number): Promise<string> {
  const project = join(dir, `${name}.prelabel`);
  const csv = join(dir, `${name}.csv`);
  const codebook = join(dir, `${name}-codebook.json`);
  writeAgNewsSubset(csv, count);
  writeFileSync(codebook, JSON.stringify(CODEBOOK));
  await cliOk(home, 'init', project);
  await cliOk(home, 'import', project, csv, '--no-header', '--text-column', '2', '--text-column', '3');
  await cliOk(home, 'codebook', project, '--set', codebook);
  return project;
}
