// Validation end to end in Chromium on SemEval-2016 stance tweets with their gold stance: imported
// with the gold column, pre-labelled by the generated tiny model, a blind validation sample drawn and
// coded by keyboard in its blind queue, ordinary documents coded by keyboard. The Validation screen's
// every number (against the coded documents, the blind sample and gold, broken down by target)
// equals `prelabel evaluate --json` run by the built CLI on the same project file; its point
// estimates (accuracy, confusion, per label, macro/weighted F1, kappa, the model's count) equal the
// test's own count from the file; the methods report names the same numbers; axe finds no contrast
// problem in either theme. Screenshots: the screen in the light and the dark theme, and the report.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import type { EvaluationResult } from '../common/contract';
import { fmtPoints, fmtShare } from '../common/evaluation-format';
import { expectedNumbers, reportNumbers } from '../main/core/report/test-support/report-numbers';
import { corpusFile, expect, test } from './fixtures';
import { parseCsv } from './support/csv';
import { heatProblems, heatSteps } from './support/heat-colours';
import { expectTruthAndAnchoring } from './support/validation-source';
import { makeTinyModel } from './support/nli';
import { ownNumbers } from './support/own-metrics';
import { shoot } from './support/screens';
import { call } from './support/several-coders';

const DOCS = 400;
const LABELS = [
  { name: 'AGAINST', hotkey: 'j' },
  { name: 'FAVOR', hotkey: 'k' },
  { name: 'NONE', hotkey: 'l' },
];
const repoRoot = resolve(__dirname, '..');

let modelsDir: string;
let modelDir: string;

test.beforeAll(() => {
  modelsDir = mkdtempSync(join(tmpdir(), 'prelabel-e2e-models-'));
  modelDir = makeTinyModel(join(modelsDir, 'prelabel-tiny'));
});

test.afterAll(() => {
  rmSync(modelsDir, { recursive: true, force: true });
});

/** Every 4th tweet of the test set (all six targets), with an id; the gold stance by id. */
function writeStance(path: string): Map<string, string> {
  const [, ...rows] = parseCsv(readFileSync(corpusFile('semeval2016_stance/test.csv'), 'utf8'));
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const picked = rows.filter((_, i) => i % 4 === 0).slice(0, DOCS);
  writeFileSync(
    path,
    ['id,Tweet,Target,Stance', ...picked.map((r, i) => [`t${i + 1}`, quote(r[0]!), quote(r[1]!), r[2]!].join(','))].join('\n') + '\n',
  );
  return new Map(picked.map((r, i) => [`t${i + 1}`, r[2]!]));
}

/** Serious and critical axe-core violations (WCAG 2.x A and AA), as in a11y.spec.ts. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Every number on the Validation screen by its data-stat (a confusion cell: its count). */
async function screenNumbers(page: Page): Promise<Map<string, string>> {
  const pairs = await page
    .locator('[data-testid=validation-screen] [data-stat]')
    .evaluateAll((els) =>
      els.map(
        (el) =>
          [el.getAttribute('data-stat')!, (el.firstChild?.nodeType === 3 ? el.firstChild.textContent : el.textContent) ?? ''] as const,
      ),
    );
  return new Map(pairs.map(([k, v]) => [k, v.trim()]));
}

function cliEvaluate(home: string, project: string, ...flags: string[]): EvaluationResult {
  const r = spawnSync(
    process.execPath,
    [join(repoRoot, 'bin/prelabel.mjs'), 'evaluate', project, '--question', 'Stance', ...flags, '--json'],
    {
      env: { ...process.env, PRELABEL_HOME: home },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (r.status !== 0) throw new Error(`prelabel evaluate failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as EvaluationResult;
}

/** The screen shows exactly the CLI's numbers: every data-stat on screen is one of them, and equal. */
async function expectScreenIs(page: Page, cli: EvaluationResult) {
  const expected = expectedNumbers(cli);
  const shown = await screenNumbers(page);
  expect(shown.size).toBeGreaterThan(40);
  for (const [stat, text] of shown) expect([stat, text]).toEqual([stat, expected.get(stat)]);
  // The numbers inside sentences: sample sizes, the bootstrap, the corpus, the anchoring gap.
  await expect(page.getByTestId('validation-counts')).toContainText(
    `${cli.documents.used} of ${cli.documents.withTruth} documents with a truth are used; ${cli.documents.dropped.noCurrentPrediction} have no current prediction (${cli.documents.dropped.staleOnly} only stale ones). ${cli.corpus.units} units, ${cli.corpus.withCurrentPrediction} with a current prediction.`,
  );
  await expect(page.getByTestId('validation-summary')).toContainText(
    `n = ${cli.metrics!.n} documents; 95% intervals by a seeded bootstrap (${cli.bootstrap.replicates} replicates, seed ${cli.bootstrap.seed}).`,
  );
  await expect(page.getByTestId('validation-prevalence')).toContainText(
    `N = ${cli.prevalence!.corpusN} units, n = ${cli.prevalence!.sampleN} labelled.`,
  );
  for (const g of cli.prevalence!.groups ?? [])
    await expect(page.getByTestId('validation-prevalence')).toContainText(`= ${g.group}: N = ${g.corpusN}, n = ${g.sampleN}`);
  if (cli.anchoring?.gap !== null && cli.anchoring?.gap !== undefined)
    await expect(page.getByTestId('validation-anchoring')).toContainText(
      `Acceptance minus blind accuracy: ${fmtPoints(cli.anchoring.gap)} points.`,
    );
  // Which documents were used, how they were drawn, and the same warnings.
  await expect(page.getByTestId('validation-source')).toContainText(cli.source.description);
  await expectTruthAndAnchoring(page, cli);
  if (cli.warnings.length) await expect(page.getByTestId('validation-warnings').locator('li')).toHaveText(cli.warnings);
  else await expect(page.getByTestId('validation-warnings')).toHaveCount(0);
}

test('the Validation screen names the numbers of prelabel evaluate --json, and the report does too', async ({
  app: page,
  context,
}, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('stance.csv');
  const gold = writeStance(csv);
  const home = testInfo.outputPath('cli-home');

  // ---- Import with the gold column, a codebook whose labels are the gold values, the tiny model. ----
  await page.getByTestId('new-project-name').fill('Stance validation');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(csv);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  const textColumn = (name: string) => page.locator(`[data-testid=text-column][value="${name}"]`);
  if (!(await textColumn('Tweet').isChecked())) await textColumn('Tweet').check();
  for (const other of ['Target', 'Stance']) if (await textColumn(other).isChecked()) await textColumn(other).uncheck();
  await page.getByTestId('gold-column').selectOption('Stance');
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText(`${DOCS} rows read.`);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('browse-total')).toHaveText(`${DOCS} documents`, { timeout: 60_000 });
  const project = await call<{ path: string }>(page, 'project.current', {});
  const codebook = await call<{ questions: Array<{ id: string; labels: Array<{ id: string; name: string }> }> }>(page, 'codebook.set', {
    questions: [{ name: 'Stance', template: 'The stance of this tweet is {}.', labels: LABELS }],
  });
  const question = codebook.questions[0]!;
  await call(page, 'models.add', { path: modelDir });
  // The screens read the codebook and the model set through the API afresh.
  await page.reload();
  await page.getByTestId('nav-prelabel').click();
  await expect(page.getByTestId('prelabel-question').locator('option:checked')).toHaveText('Stance');
  await page.getByTestId('prelabel-start').click();
  await expect(page.getByTestId('prelabel-status')).toHaveText('Done', { timeout: 120_000 });

  // ---- A blind validation sample of 60 (drawn through the API), coded by keyboard in its blind
  // Annotate queue with the gold stance (a careful coder). ----
  const sample = await call<{ id: string }>(page, 'samples.create', { questionId: question.id, seed: 11, size: 60 });
  const db = new Database(project.path, { readonly: true, fileMustExist: true });
  const externalId = new Map(
    (db.prepare('SELECT id, external_id AS ext FROM documents').all() as Array<{ id: number; ext: string }>).map((d) => [d.id, d.ext]),
  );
  const hotkey = new Map(LABELS.map((l) => [l.name, l.hotkey]));
  const docShown = page.getByTestId('annotate-doc');
  const annotateDone = page.getByTestId('annotate-done');
  await page.getByTestId('nav-annotate').click();
  await page.getByTestId('annotate-coder').fill('Ben');
  await page.getByTestId('annotate-source').selectOption(`sample:${sample.id}`);
  await page.getByTestId('annotate-start').click();
  await expect(page.getByTestId('annotate-blind')).toBeVisible();
  for (let i = 0; i < 60; i++) {
    await expect(docShown).toHaveAttribute('data-document-id', /\d+/);
    await expect(page.getByTestId('annotate-suggestion')).toHaveCount(0);
    const id = (await docShown.getAttribute('data-document-id'))!;
    await page.keyboard.press(hotkey.get(gold.get(externalId.get(Number(id))!)!)!);
    await page.keyboard.press('Enter');
    await expect(docShown.or(annotateDone)).not.toHaveAttribute('data-document-id', id);
  }
  await expect(page.getByTestId('annotate-done-sample')).toBeVisible();
  // Recorded as blind decisions of the sample, made without the suggestion.
  expect(
    db.prepare('SELECT COUNT(*) FROM annotations WHERE sample_id = ? AND blind = 1 AND suggestion_shown = 0').pluck().get(sample.id),
  ).toBe(60);

  // ---- Ordinary coding by keyboard: 24 documents, accepting (Enter) or choosing by hotkey. Ben is
  // a coder of the project now: Ana is a new one. ----
  await page.getByTestId('annotate-stop').click();
  await page.getByTestId('annotate-coder-choice').selectOption('new');
  await page.getByTestId('annotate-coder').fill('Ana');
  await page.getByTestId('annotate-source').selectOption('queue');
  await page.getByTestId('annotate-start').click();
  for (let i = 0; i < 24; i++) {
    await expect(docShown).toHaveAttribute('data-document-id', /\d+/);
    await expect(page.getByTestId('annotate-suggestion')).toBeVisible();
    const id = (await docShown.getAttribute('data-document-id'))!;
    if (i % 3 !== 0) await page.keyboard.press(LABELS[i % 3]!.hotkey);
    await page.keyboard.press('Enter');
    await expect(docShown).not.toHaveAttribute('data-document-id', id);
  }

  // ---- The Validation screen against the coded documents (the default). ----
  await page.getByTestId('nav-validation').click();
  await expect(page.getByTestId('validation-summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('validation-random')).toHaveText(/Not a random sample/);
  const human = cliEvaluate(home, project.path, '--against', 'human');
  expect(human.documents.used).toBe(84);
  await expectScreenIs(page, human);

  // The test's own numbers from the project file: truth from the current decisions, the model's label
  // as the argmax of each document's entailment logits (softmax keeps the order).
  const names = new Map(question.labels.map((l) => [l.id, l.name]));
  const logits = db
    .prepare(
      'SELECT p.document_id AS d, p.label_id AS l, p.entailment AS e FROM predictions p JOIN prelabel_runs r ON r.id = p.run_id WHERE r.question_id = ?',
    )
    .all(question.id) as Array<{ d: number; l: string; e: number }>;
  const top = new Map<number, { l: string; e: number }>();
  for (const x of logits) if (!top.has(x.d) || x.e > top.get(x.d)!.e) top.set(x.d, x);
  const pairsOf = (rows: Array<{ d: number; l: string }>) =>
    rows.map((t) => ({ truth: names.get((JSON.parse(t.l) as string[])[0]!)!, model: names.get(top.get(t.d)!.l)! }));
  const coded = db
    .prepare("SELECT document_id AS d, label_ids AS l FROM coding_state WHERE question_id = ? AND kind = 'label'")
    .all(question.id) as Array<{ d: number; l: string }>;
  const own = ownNumbers(
    pairsOf(coded),
    LABELS.map((l) => l.name),
  );
  // The model's count of each label over the corpus (the naive prevalence).
  LABELS.forEach((l, i) =>
    own.set(`prevalence.${i}.naive`, fmtShare([...top.values()].filter((x) => names.get(x.l) === l.name).length / DOCS)),
  );
  const shown = await screenNumbers(page);
  expect(own.size).toBeGreaterThan(25);
  for (const [stat, text] of own) expect([stat, shown.get(stat)]).toEqual([stat, text]);

  // Readable in both themes: the heatmap's shades, the plots and the tables pass axe's contrast rules.
  await page.getByTestId('theme-switch').selectOption('light');
  expect(await violations(page)).toEqual([]);
  await shoot(page, 'validation', { height: 1800, scrollTo: page.getByTestId('validation-confusion') });
  const light = await heatSteps(page);
  await page.getByTestId('theme-switch').selectOption('dark');
  expect(await violations(page)).toEqual([]);
  // Neighbouring heatmap steps differ visibly (19% and 52% looked alike in the dark theme: CIE76 dE
  // 3.4-4.2 between steps), and the text stays readable on every step.
  expect([...heatProblems('light', light, 4), ...heatProblems('dark', await heatSteps(page), 6)]).toEqual([]);
  await shoot(page, 'validation-dark', { height: 1800, scrollTo: page.getByTestId('validation-confusion') });
  await page.getByTestId('theme-switch').selectOption('light');

  // ---- One coder's decisions as the truth (Ben coded the blind sample, Ana the rest). ----
  await page.getByTestId('validation-coder').selectOption('Ana');
  await expect(page.getByTestId('validation-truth-coders')).toContainText('Truth: the decisions of Ana');
  await expectScreenIs(page, cliEvaluate(home, project.path, '--against', 'human', '--coder', 'Ana'));
  await page.getByTestId('validation-coder').selectOption('');

  // ---- Against the blind sample: random, PPI valid. ----
  await page.getByTestId('validation-against').selectOption('sample');
  await expect(page.getByTestId('validation-random')).toHaveText(/Random sample/);
  const blind = cliEvaluate(home, project.path, '--against', 'sample');
  expect(blind.source.sample!.id).toBe(sample.id);
  await expectScreenIs(page, blind);
  const sampleCoded = db
    .prepare("SELECT document_id AS d, label_ids AS l FROM annotations WHERE sample_id = ? AND kind = 'label'")
    .all(sample.id) as Array<{ d: number; l: string }>;
  const shownBlind = await screenNumbers(page);
  for (const [stat, text] of ownNumbers(
    pairsOf(sampleCoded),
    LABELS.map((l) => l.name),
  ))
    expect([stat, shownBlind.get(stat)]).toEqual([stat, text]);

  // ---- Against gold, broken down by target. ----
  await page.getByTestId('validation-against').selectOption('gold');
  await page.getByTestId('validation-group-by').selectOption('Target');
  await expect(page.getByTestId('validation-groups')).toBeVisible();
  const byGold = cliEvaluate(home, project.path, '--against', 'gold', '--group-by', 'Target');
  expect(byGold.documents.used).toBe(DOCS);
  await expectScreenIs(page, byGold);

  // ---- The methods report: downloaded, self-contained, the same numbers. ----
  await page.getByTestId('validation-report').click();
  const link = page.getByTestId('validation-report-download');
  await expect(link).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const html = readFileSync((await download.path())!, 'utf8');
  const named = reportNumbers(html);
  for (const [stat, text] of expectedNumbers(byGold)) expect([stat, named.get(stat)]).toEqual([stat, text]);
  const reportPage = await context.newPage();
  await reportPage.setViewportSize({ width: 1100, height: 2400 });
  await reportPage.setContent(html);
  expect(await violations(reportPage)).toEqual([]);
  await reportPage.screenshot({ path: join(repoRoot, 'docs/screens/report.png') });
  await reportPage.close();
  db.close();
});
