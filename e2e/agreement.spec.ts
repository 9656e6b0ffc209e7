// The Agreement screen end to end in Chromium on SemEval-2016 stance tweets (shared data): 40 tweets
// imported, an ordered single-label question (Stance) and a label-set question (Topics); three coders'
// decisions recorded through the API (double coding in the UI comes with per-coder queues): Ana and
// Ben on the same 30 tweets (Ben differs on every fourth and skips one), Cleo on 15 of them. The
// screen's every number (coders, alpha with its interval and the replicates below 0.667 and 0.8,
// Fleiss, AC1, percent agreement, pairable values, per label, the coder-by-coder matrix of all
// labels and of one label) equals `prelabel agreement --json` run by the built CLI on the same
// project file, also on a sample and for the label-set question; the downloaded matrix and long files
// are byte for byte the CLI's --matrix and --long; axe finds nothing serious in either theme.
// Before any decision the screen says so as information and passes axe too. Last, the model's
// current pre-labels as a fourth coder (the generated tiny model), checked against --with-model.
// Screenshot: docs/screens/agreement.png.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import type { AgreementResult, AlphaView, CoderMatrixView } from '../common/contract';
import { fmtCoef, fmtCoefInterval, fmtShare } from '../common/evaluation-format';
import { corpusFile, expect, test, useColorScheme } from './fixtures';
import { parseCsv } from './support/csv';
import { makeTinyModel } from './support/nli';
import { shoot } from './support/screens';
import { call } from './support/several-coders';

const DOCS = 40;
const STANCES = ['AGAINST', 'NONE', 'FAVOR'];
const TOPICS = ['economy', 'health', 'rights'];
const repoRoot = resolve(__dirname, '..');

function writeTweets(path: string): Map<string, string> {
  const [, ...rows] = parseCsv(readFileSync(corpusFile('semeval2016_stance/test.csv'), 'utf8'));
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const picked = rows.filter((_, i) => i % 7 === 0).slice(0, DOCS);
  writeFileSync(
    path,
    ['id,Tweet,Target,Stance', ...picked.map((r, i) => [`t${i + 1}`, quote(r[0]!), quote(r[1]!), r[2]!].join(','))].join('\n') + '\n',
  );
  return new Map(picked.map((r, i) => [`t${i + 1}`, r[2]!]));
}

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** No serious or critical axe violation in the dark and then the light theme. */
async function expectAccessible(page: Page) {
  for (const scheme of ['dark', 'light'] as const) {
    await useColorScheme(page, scheme);
    expect(await violations(page), scheme).toEqual([]);
  }
}

function cliAgreement(home: string, project: string, question: string, ...flags: string[]): AgreementResult {
  const r = spawnSync(
    process.execPath,
    [join(repoRoot, 'bin/prelabel.mjs'), 'agreement', project, '--question', question, ...flags, '--json'],
    { env: { ...process.env, PRELABEL_HOME: home }, encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`prelabel agreement failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as AgreementResult;
}

/** What the screen should show, by data-stat, from the CLI's result (the matrix: the one on show). */
function expectedNumbers(r: AgreementResult, matrix: CoderMatrixView): Map<string, string> {
  const e = new Map<string, string>();
  r.coders.forEach((c, i) => {
    e.set(`coders.${i}.coded`, String(c.coded));
    e.set(`coders.${i}.labels`, String(c.labels));
    e.set(`coders.${i}.notCodable`, String(c.notCodable));
    e.set(`coders.${i}.skips`, String(c.skips));
  });
  const below = (a: AlphaView<unknown>, th: number) => fmtShare(a.belowThresholds.find((x) => x.threshold === th)!.share);
  const alpha = (stat: string, a: AlphaView<unknown>) => {
    e.set(stat, fmtCoef(a.alpha));
    e.set(`${stat}.ci`, fmtCoefInterval(a.interval));
    e.set(`${stat}.below667`, below(a, 0.667));
    e.set(`${stat}.below800`, below(a, 0.8));
    e.set(`${stat}.pairable`, String(a.pairableValues));
    e.set(`${stat}.units`, String(a.pairableUnits));
  };
  const coef = (stat: string, c: { value: number | null; pairableValues: number; units: number }, share = false) => {
    e.set(stat, share ? fmtShare(c.value) : fmtCoef(c.value));
    e.set(`${stat}.pairable`, String(c.pairableValues));
    e.set(`${stat}.units`, String(c.units));
  };
  const rep = r.report;
  if (rep.kind === 'single') {
    alpha('alpha', rep.alpha);
    if (rep.alphaOrdinal) alpha('alphaOrdinal', rep.alphaOrdinal);
    coef('fleiss', rep.fleiss);
    coef('ac1', rep.ac1);
    coef('percent', rep.percent, true);
    e.set('meanKappa', fmtCoef(rep.matrix.meanKappa));
  } else {
    alpha('alphaMasi', rep.alphaMasi);
    alpha('alphaJaccard', rep.alphaJaccard);
    coef('exactSet', rep.exactSet, true);
  }
  rep.perLabel.forEach((l, i) => {
    e.set(`perLabel.${i}.alpha`, fmtCoef(l.alpha.alpha));
    e.set(`perLabel.${i}.alpha.ci`, fmtCoefInterval(l.alpha.interval));
    e.set(`perLabel.${i}.below667`, below(l.alpha, 0.667));
    e.set(`perLabel.${i}.below800`, below(l.alpha, 0.8));
    e.set(`perLabel.${i}.fleiss`, fmtCoef(l.fleiss.value));
    e.set(`perLabel.${i}.ac1`, fmtCoef(l.ac1.value));
    e.set(`perLabel.${i}.percent`, fmtShare(l.percent.value));
    e.set(`perLabel.${i}.pairable`, String(l.alpha.pairableValues));
  });
  matrix.coders.forEach((_, i) =>
    matrix.coders.forEach((__, j) => {
      e.set(`matrix.${i}.${j}.n`, String(matrix.n[i]![j]));
      if (i === j) return;
      e.set(`matrix.${i}.${j}.kappa`, fmtCoef(matrix.kappa[i]![j]));
      e.set(`matrix.${i}.${j}.agreement`, fmtShare(matrix.agreement[i]![j]));
    }),
  );
  return e;
}

/** The screen shows exactly the CLI's numbers: every data-stat on screen is one of them, and each of them is on screen. */
async function expectScreenIs(page: Page, cli: AgreementResult, matrix: CoderMatrixView) {
  // The screen may still be showing the previous answer for a moment: compare until it shows this one.
  const expected = expectedNumbers(cli, matrix);
  await expect(async () => {
    const shown = new Map(
      (
        await page
          .locator('[data-testid=agreement-screen] [data-stat]')
          .evaluateAll((els) => els.map((el) => [el.getAttribute('data-stat')!, el.textContent ?? ''] as const))
      ).map(([k, v]) => [k, v.trim()]),
    );
    expect([...shown.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [stat, text] of shown) expect([stat, text]).toEqual([stat, expected.get(stat)]);
  }).toPass({ timeout: 15_000 });
  const humans = cli.coders.filter((c) => !c.model).length;
  await expect(page.getByTestId('agreement-summary')).toHaveText(
    `${humans} coders${cli.model ? ' and the model' : ''} on ${cli.units} documents, ${cli.codedByTwoOrMore} coded by two or more.`,
  );
  await expect(page.getByTestId('agreement-bootstrap')).toHaveText(
    `95% intervals by a seeded bootstrap over documents (${cli.bootstrap.replicates} replicates, seed ${cli.bootstrap.seed}).`,
  );
  await expect(page.getByTestId('agreement-notes').locator('li')).toHaveText(cli.notes);
}

test('the Agreement screen shows the numbers of prelabel agreement --json and downloads its files', async ({ app: page }, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('tweets.csv');
  const gold = writeTweets(csv);
  const home = testInfo.outputPath('cli-home');

  await page.getByTestId('new-project-name').fill('Stance agreement');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(csv);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  const textColumn = (name: string) => page.locator(`[data-testid=text-column][value="${name}"]`);
  if (!(await textColumn('Tweet').isChecked())) await textColumn('Tweet').check();
  for (const other of ['Target', 'Stance']) if (await textColumn(other).isChecked()) await textColumn(other).uncheck();
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText(`${DOCS} rows read.`);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('browse-total')).toHaveText(`${DOCS} documents`, { timeout: 60_000 });
  const project = await call<{ path: string }>(page, 'project.current', {});
  type Q = { id: string; name: string; labels: Array<{ id: string; name: string }> };
  const { questions } = await call<{ questions: Q[] }>(page, 'codebook.set', {
    questions: [
      { name: 'Stance', ordered: true, template: 'The stance of this tweet is {}.', labels: STANCES.map((name) => ({ name })) },
      { name: 'Topics', multiLabel: true, template: 'This tweet is about {}.', labels: TOPICS.map((name) => ({ name })) },
    ],
  });
  const [stance, topics] = questions as [Q, Q];
  const labelId = (q: Q, name: string) => q.labels.find((l) => l.name === name)!.id;

  // ---- What a new user sees: a question nobody has coded yet, said as information; axe in both themes. ----
  await page.reload();
  await page.getByTestId('nav-agreement').click();
  await expect(page.getByTestId('agreement-nothing')).toHaveText(
    'No coder has decided a document of "Stance" yet: agreement needs the decisions of at least two coders.',
  );
  await expect(page.getByTestId('agreement-error')).toHaveCount(0);
  await expectAccessible(page);

  // ---- Decisions: Ana and Ben on the first 30 tweets, Cleo on 15 of them. ----
  const db = new Database(project.path, { readonly: true, fileMustExist: true });
  const docs = db.prepare('SELECT id, external_id AS ext FROM documents ORDER BY id LIMIT 30').all() as Array<{ id: number; ext: string }>;
  db.close();
  const decide = (q: Q, coder: string, documentId: number, labels: string[] | null) =>
    call(page, 'annotate.decide', {
      questionId: q.id,
      documentId,
      coder,
      ...(labels ? { kind: 'label', labelIds: labels.map((l) => labelId(q, l)) } : { kind: 'skip' }),
    });
  for (const [i, d] of docs.entries()) {
    const g = gold.get(d.ext)!;
    const next = STANCES[(STANCES.indexOf(g) + 1) % 3]!;
    await decide(stance, 'Ana', d.id, [g]);
    await decide(stance, 'Ben', d.id, i === 29 ? null : [i % 4 === 0 ? next : g]);
    if (i % 2 === 0) await decide(stance, 'Cleo', d.id, [i % 6 === 0 ? next : g]);
    const set = TOPICS.filter((_, k) => (i >> k) & 1);
    await decide(topics, 'Ana', d.id, set);
    await decide(topics, 'Ben', d.id, i % 5 === 0 ? TOPICS.filter((_, k) => (i >> (k + 1)) & 1) : set);
  }
  const sample = await call<{ id: string }>(page, 'samples.create', { questionId: stance.id, seed: 3, size: 20 });

  // ---- The screen on every decided document: the CLI's numbers, the matrix of all labels. ----
  await page.reload();
  await page.getByTestId('nav-agreement').click();
  await expect(page.getByTestId('agreement-question').locator('option:checked')).toHaveText('Stance');
  await expect(page.getByTestId('agreement-overall')).toBeVisible({ timeout: 30_000 });
  const matrixFile = testInfo.outputPath('matrix.csv');
  const longFile = testInfo.outputPath('long.csv');
  const all = cliAgreement(home, project.path, 'Stance', '--matrix', matrixFile, '--long', longFile);
  expect(all.units).toBe(30);
  expect(all.coders.map((c) => [c.name, c.coded, c.skips])).toEqual([
    ['Ana', 30, 0],
    ['Ben', 29, 1],
    ['Cleo', 15, 0],
  ]);
  if (all.report.kind !== 'single') throw new Error('Stance is a single-label question');
  expect(all.report.alphaOrdinal).toBeDefined();
  await expectScreenIs(page, all, all.report.matrix);
  await expect(page.getByTestId('agreement-matrix-table').locator('tbody th')).toHaveText(['Ana', 'Ben', 'Cleo']);

  // One label's matrix (given or not).
  await page.getByTestId('agreement-matrix-of').selectOption({ label: 'Label “NONE” (given or not)' });
  await expectScreenIs(page, all, all.report.perLabel.find((l) => l.label === 'NONE')!.matrix);
  await page.getByTestId('agreement-matrix-of').selectOption('all');

  // The reliability data: byte for byte what --matrix and --long wrote.
  for (const [button, file, name] of [
    ['agreement-download-matrix', matrixFile, 'agreement-Stance-matrix.csv'],
    ['agreement-download-long', longFile, 'agreement-Stance-long.csv'],
  ] as const) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
    expect(download.suggestedFilename()).toBe(name);
    expect(readFileSync((await download.path())!, 'utf8')).toBe(readFileSync(file, 'utf8'));
  }

  // ---- Axe in both themes; the screenshot in the light theme. ----
  await expectAccessible(page);
  await shoot(page, 'agreement', { height: 1500, scrollTo: page.getByTestId('agreement-coders') });

  // ---- On the sample's 20 documents. ----
  await page.getByTestId('agreement-sample').selectOption(sample.id);
  const onSample = cliAgreement(home, project.path, 'Stance', '--sample', sample.id);
  expect(onSample.units).toBe(20);
  await expect(page.getByTestId('agreement-sample-line')).toContainText('Reliability sample of 20 documents drawn with seed 3');
  if (onSample.report.kind !== 'single') throw new Error('Stance is a single-label question');
  await expectScreenIs(page, onSample, onSample.report.matrix);

  // ---- The label-set question: MASI and Jaccard, one label's matrix at a time. ----
  await page.getByTestId('agreement-question').selectOption({ label: 'Topics' });
  await expect(page.getByTestId('agreement-no-samples')).toBeVisible();
  const sets = cliAgreement(home, project.path, 'Topics');
  if (sets.report.kind !== 'multi') throw new Error('Topics is a label-set question');
  await expect(page.locator('[data-stat=alphaMasi]')).toBeVisible();
  await expectScreenIs(page, sets, sets.report.perLabel[0]!.matrix);
  await expectAccessible(page);

  // ---- The model as one more coder: Stance pre-labelled by the generated tiny model. ----
  await call(page, 'models.add', { path: makeTinyModel(testInfo.outputPath('prelabel-tiny')) });
  // The screens read the model set through the API afresh.
  await page.reload();
  await page.getByTestId('nav-prelabel').click();
  await page.getByTestId('prelabel-question').selectOption({ label: 'Stance' });
  await page.getByTestId('prelabel-start').click();
  await expect(page.getByTestId('prelabel-status')).toHaveText('Done', { timeout: 120_000 });
  await page.getByTestId('nav-agreement').click();
  await page.getByTestId('agreement-question').selectOption({ label: 'Stance' });
  await page.getByTestId('agreement-include-model').check();
  const withModel = cliAgreement(home, project.path, 'Stance', '--with-model');
  expect(withModel.model!.predicted).toBe(30);
  expect(withModel.coders.map((c) => [c.name, c.model])).toEqual([
    ['Ana', false],
    ['Ben', false],
    ['Cleo', false],
    ['model', true],
  ]);
  await expect(page.getByTestId('agreement-model-line')).toHaveText(
    `Model: 30 of 30 documents have a current pre-label; ${withModel.model!.staleOnly} only stale ones, left out.`,
  );
  if (withModel.report.kind !== 'single') throw new Error('Stance is a single-label question');
  await expectScreenIs(page, withModel, withModel.report.matrix);
});
