// The Pre-label screen's cluster card in a real browser (issue 17): a project made, sharded into 4
// and scored by the real CLI (prelabel shard, score-shard) with the generated tiny model, shard 3
// left unscored. The merge from the screen names shard 3 with the sbatch line that reruns only it
// and stores nothing; once it is scored the merge stores one run (every document scored), a second
// merge says nothing changed, and a second shard set written from the screen is then refused with
// its reason (its documents have current predictions now).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, corpusFile } from './fixtures';
import { shoot } from './support/screens';
import { makeTinyModel } from './support/nli';

const DOCS = 240;
const repoRoot = resolve(__dirname, '..');
let work: string;
let modelDir: string;

test.beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'prelabel-e2e-cluster-'));
  modelDir = makeTinyModel(join(work, 'prelabel-tiny'));
});

test.afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** The built CLI (bin/prelabel.mjs), as a person runs it on a cluster node; fails the test on a non-zero exit. */
function cli(...argv: string[]): string {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/prelabel.mjs'), ...argv], {
    env: { ...process.env, PRELABEL_HOME: join(work, 'home'), SLURM_CPUS_PER_TASK: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`prelabel ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

test('merge cluster results from the Pre-label screen: the failed shard named with its sbatch line, the merge, a second one, a refusal', async ({
  app: page,
}) => {
  test.slow();
  const project = join(work, 'news.prelabel');
  const csv = join(work, 'news.csv');
  writeFileSync(csv, readFileSync(corpusFile('ag_news/test.csv'), 'utf8').split('\n').slice(0, DOCS).join('\n') + '\n');
  cli('init', project);
  cli('import', project, csv, '--no-header', '--text-column', '2', '--text-column', '3');
  const labels = ['world politics', 'sports', 'business', 'science and technology'].map((name) => ({ name }));
  const codebook = join(work, 'codebook.json');
  writeFileSync(codebook, JSON.stringify({ questions: [{ name: 'Topic', template: 'This news story is about {}.', labels }] }));
  cli('codebook', project, '--set', codebook);
  const shards = join(work, 'shards');
  cli('shard', project, '--question', 'Topic', '--model', modelDir, '--shards', '4', '--out', shards);
  for (const i of [0, 1, 2]) cli('score-shard', join(shards, `shard-000${i}.jsonl`), '--model', modelDir);

  // The project opened in the page, the tiny model added in Models (writing shards needs it).
  await page.getByTestId('open-project-path').fill(project);
  await page.getByTestId('open-project').click();
  await expect(page.getByTestId('header-project')).not.toHaveText('No project open');
  await page.getByTestId('nav-models').click();
  await page.getByTestId('model-folder').fill(modelDir);
  await page.getByTestId('model-add').click();
  await expect(page.getByTestId('model-id')).toHaveText('prelabel-tiny');
  await page.getByTestId('nav-prelabel').click();
  await expect(page.getByTestId('prelabel-question').locator('option:checked')).toHaveText('Topic');
  const card = page.getByTestId('cluster-card');
  await expect(card).toBeVisible();

  // A second set written from the screen, for later.
  const second = join(work, 'second');
  await card.getByTestId('cluster-shards').fill('2');
  await card.getByTestId('cluster-out').fill(second);
  await card.getByTestId('cluster-write').click();
  await expect(card.getByTestId('cluster-written')).toContainText(`Wrote 2 shards of "Topic" (fp32): ${DOCS} documents`);
  expect(existsSync(join(second, 'run.sbatch'))).toBe(true);

  // Shard 3 has not run: named with the line that reruns only it; nothing stored.
  await card.getByTestId('cluster-merge-dir').fill(shards);
  await card.getByTestId('cluster-merge').click();
  const report = card.getByTestId('cluster-merge-report');
  await expect(report).toContainText('Nothing merged: 1 of 4 shards has no usable result.');
  await expect(card.getByTestId('cluster-merge-failed').locator('li')).toHaveText([
    'Shard 3: no result file (the task has not run, failed, or was stopped)',
  ]);
  await expect(card.getByTestId('cluster-merge-rerun')).toHaveText('sbatch --array=3 run.sbatch');
  await expect(page.getByTestId('count-scored')).toHaveText('0');

  // Rerun on the "cluster", merged from the screen: one run, every document scored.
  cli('score-shard', join(shards, 'shard-0003.jsonl'), '--model', modelDir);
  await card.getByTestId('cluster-merge').click();
  await expect(card.getByTestId('cluster-merge-done')).toHaveText(
    new RegExp(`^Merged 4 shards of "Topic" \\(fp32\\) as one run: ${DOCS} documents, [\\d,]+ predictions\\.$`),
  );
  await expect(page.getByTestId('count-scored')).toHaveText(String(DOCS));
  await shoot(page, 'cluster-merge', { height: 1500, scrollTo: card });

  // Again: nothing changes.
  await card.getByTestId('cluster-merge').click();
  await expect(card.getByTestId('cluster-merge-already')).toContainText('is merged already');
  await expect(card.getByTestId('cluster-merge-already')).toContainText('nothing changed');

  // The second set: its documents have current predictions now, so its merge is refused with the reason.
  for (const i of [0, 1]) cli('score-shard', join(second, `shard-000${i}.jsonl`), '--model', modelDir);
  await card.getByTestId('cluster-merge-dir').fill(second);
  await card.getByTestId('cluster-merge').click();
  await expect(card.getByTestId('cluster-merge-refused')).toContainText('already has current predictions');
  await expect(page.getByTestId('count-scored')).toHaveText(String(DOCS));
});
