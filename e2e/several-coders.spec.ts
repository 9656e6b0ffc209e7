// Issue 14's must-show as one chain in Chromium (browser mode) on 30 SemEval-2016 stance tweets
// (shared data). The Coders screen sets "every coder codes every document" with blind coders and
// downloads two coder packages; each package is opened as its own project and coded apart through
// annotate.decide under its coder's name (Ana: the gold stance; Ben: another stance on 8 known tweets,
// t2, t6, ..., t30). Both copies are merged back by upload on the Coders screen (60 decisions new).
// The built CLI's `prelabel agreement --json` on the merged file has the reliability table of those
// decisions and the percent agreement, Cohen's kappa and nominal alpha of an own computation; the
// Agreement screen shows exactly its numbers. The Adjudicate screen settles all 8 disagreements by
// keyboard only (half by a digit and Enter with the stance neither coder gave, half by a, ↓, a taking
// Ben's), axe finds nothing serious on it in the dark theme; `prelabel agreement --json` is unchanged
// afterwards (an adjudication is no coder); merging both copies again adds 0 decisions; the Export
// screen's CSV has the adjudicated label as final_label (resolution adjudicated) on every disagreement
// and the agreed label (resolution agreed) on the 22 others.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { AdjudicationPage, AgreementResult } from '../common/contract';
import { expect, test } from './fixtures';
import {
  agreementNumbers,
  agreementShown,
  call,
  cli,
  ownTwoCoders,
  seriousViolations,
  withoutTime,
  writeTweets,
} from './support/several-coders';

const DOCS = 30;
const STANCES = ['AGAINST', 'NONE', 'FAVOR'];
const CODERS = ['Ana', 'Ben'] as const;
/** Ben differs from Ana (the gold stance) on t2, t6, ..., t30: 8 of 30. */
const differs = (externalId: string) => Number(externalId.slice(1)) % 4 === 2;
const DISAGREEMENTS = Array.from({ length: DOCS }, (_, i) => `t${i + 1}`).filter(differs);

function labelOf(coder: (typeof CODERS)[number], externalId: string, gold: string): string {
  if (coder === 'Ana' || !differs(externalId)) return gold;
  // Two kinds of difference: one stance on, or two.
  return STANCES[(STANCES.indexOf(gold) + (Number(externalId.slice(1)) % 8 === 2 ? 1 : 2)) % 3]!;
}

test('two blind coders in two copies, merged by upload; Agreement = CLI; every disagreement adjudicated by keyboard; the export has the adjudicated labels', async ({
  app: page,
}, testInfo) => {
  test.slow();
  expect(DISAGREEMENTS).toHaveLength(8);
  const csv = testInfo.outputPath('tweets.csv');
  const gold = writeTweets(csv, DOCS, 6);
  const home = testInfo.outputPath('cli-home');
  const agreementJson = (path: string) => JSON.parse(cli(home, 'agreement', path, '--question', 'Stance', '--json')) as AgreementResult;

  // ---- A project of 30 tweets with one question. ----
  await page.getByTestId('new-project-name').fill('Stance several coders');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(csv);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  const textColumn = (name: string) => page.locator(`[data-testid=text-column][value="${name}"]`);
  if (!(await textColumn('Tweet').isChecked())) await textColumn('Tweet').check();
  if (await textColumn('Stance').isChecked()) await textColumn('Stance').uncheck();
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText(`${DOCS} rows read.`);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('browse-total')).toHaveText(`${DOCS} documents`, { timeout: 60_000 });
  const project = await call<{ path: string; id: string }>(page, 'project.current', {});
  type Q = { id: string; labels: Array<{ id: string; name: string }> };
  const { questions } = await call<{ questions: Q[] }>(page, 'codebook.set', {
    questions: [{ name: 'Stance', template: 'The stance of this tweet is {}.', labels: STANCES.map((name) => ({ name })) }],
  });
  const stance = questions[0]!;
  const labelId = (name: string) => stance.labels.find((l) => l.name === name)!.id;

  // ---- Coders screen: every coder codes every document, blind; one package per coder. ----
  await page.reload();
  await page.getByTestId('nav-coders').click();
  await page.getByTestId('coders-mode-every').check();
  await page.getByTestId('coders-blind').check();
  await page.getByTestId('coders-save-settings').click();
  await expect(page.getByTestId('coders-settings-saved')).toBeVisible();
  expect(await call(page, 'annotate.settings', {})).toMatchObject({ mode: 'every', blindCoders: true });
  const packages: string[] = [];
  for (const coder of CODERS) {
    await page.getByTestId('coders-package-coder').fill(coder);
    await page.getByTestId('coders-package-documents').selectOption('all');
    await expect(page.getByTestId('coders-package-blind')).toBeChecked();
    await page.getByTestId('coders-package-make').click();
    await expect(page.getByTestId('coders-package-written')).toContainText(
      `Package for ${coder}: ${DOCS} documents, 0 of their own decisions, blind.`,
    );
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('coders-package-download').click()]);
    const path = testInfo.outputPath(download.suggestedFilename());
    await download.saveAs(path);
    packages.push(path);
  }

  // ---- Each coder codes their own copy (a project of its own), blind, through the API. ----
  for (const [k, path] of packages.entries()) {
    const coder = CODERS[k]!;
    const opened = await call<{ id: string }>(page, 'project.open', { path });
    expect(opened.id).not.toBe(project.id);
    expect(await call(page, 'annotate.settings', {})).toMatchObject({ mode: 'every', blindCoders: true });
    const queue = await call<{ items: Array<{ document: { id: number; externalId: string } }> }>(page, 'annotate.queue', {
      questionId: stance.id,
      coder,
      limit: 50,
    });
    expect(queue.items).toHaveLength(DOCS);
    for (const { document: d } of queue.items) {
      const label = labelOf(coder, d.externalId, gold.get(d.externalId)!);
      await call(page, 'annotate.decide', { questionId: stance.id, documentId: d.id, coder, kind: 'label', labelIds: [labelId(label)] });
    }
  }
  await call(page, 'project.open', { path: project.path });

  // ---- Both copies merged by upload on the Coders screen. ----
  const merge = async (total: string) => {
    await page.getByTestId('nav-coders').click();
    await page.getByTestId('coders-merge-files').setInputFiles(packages);
    await page.getByTestId('coders-merge-run').click();
    await expect(page.getByTestId('coders-merge-total')).toHaveText(total, { timeout: 30_000 });
    await expect(page.getByTestId('coders-merge-no-conflicts')).toBeVisible();
  };
  await page.reload();
  await merge('2 copies: 60 decisions new, 0 already present, 0 conflicts.');
  for (const coder of CODERS)
    await expect(page.locator(`[data-stat="${coder}.Stance"]`)).toHaveText(`${DOCS} of ${DOCS} decided, 0 skipped`);

  // ---- The built CLI on the merged file: the decisions as coded, numbers as computed by hand. ----
  const before = agreementJson(project.path);
  expect(before.table.coders).toEqual([...CODERS]);
  expect(before.units).toBe(DOCS);
  const expectedRows = before.table.documents.map((d) => CODERS.map((c) => labelOf(c, d.externalId, gold.get(d.externalId)!)));
  expect(before.table.values).toEqual(expectedRows);
  if (before.report.kind !== 'single') throw new Error('Stance is a single-label question');
  const own = ownTwoCoders(expectedRows.map(([a, b]) => [a!, b!] as const));
  expect(own.percent).toBeCloseTo(22 / 30, 12);
  expect(before.report.percent.value).toBeCloseTo(own.percent, 12);
  expect(before.report.matrix.kappa[0]![1]).toBeCloseTo(own.kappa, 12);
  expect(before.report.alpha.alpha).toBeCloseTo(own.alpha, 12);

  // ---- The Agreement screen shows exactly what the CLI prints. ----
  await page.getByTestId('nav-agreement').click();
  await expect(page.getByTestId('agreement-overall')).toBeVisible({ timeout: 30_000 });
  const expected = agreementNumbers(before);
  await expect(async () => {
    const shown = await agreementShown(page);
    expect([...shown.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [stat, text] of shown) expect([stat, text]).toEqual([stat, expected.get(stat)]);
  }).toPass({ timeout: 15_000 });

  // ---- The Adjudicate screen: every disagreement, keyboard only. ----
  const listed = await call<AdjudicationPage>(page, 'adjudication.list', { questionId: stance.id, status: 'all', limit: 100 });
  expect(listed.counts).toEqual({ open: 8, settled: 0, total: 8 });
  expect(listed.units.map((u) => u.externalId).sort()).toEqual([...DISAGREEMENTS].sort());
  await page.getByTestId('nav-adjudication').click();
  await expect(page.getByTestId('adjudication-progress')).toHaveText('0 of 8 settled');
  await page.getByTestId('adjudication-adjudicator').fill('Dana');
  await expect(page.getByTestId('adjudication-doc')).toHaveAttribute('data-external-id', listed.units[0]!.externalId);
  expect(await seriousViolations(page, 'dark'), 'axe on the Adjudicate screen, dark theme').toEqual([]);
  await page.getByTestId('adjudication-doc').focus();
  const settledAs = new Map<string, string>();
  for (const [n, unit] of listed.units.entries()) {
    await expect(page.getByTestId('adjudication-doc')).toHaveAttribute('data-external-id', unit.externalId);
    await expect(page.getByTestId('adjudication-position')).toHaveText(`Disagreement ${n + 1} of 8`);
    const given = CODERS.map((c) => labelOf(c, unit.externalId, gold.get(unit.externalId)!));
    if (n % 2 === 0) {
      // The stance neither coder gave: its digit, then Enter.
      const third = STANCES.find((s) => !given.includes(s))!;
      await page.keyboard.press(String(STANCES.indexOf(third) + 1));
      await expect(page.getByTestId('adjudication-label').nth(STANCES.indexOf(third))).toHaveAttribute('data-chosen', 'true');
      await page.keyboard.press('Enter');
      settledAs.set(unit.externalId, third);
    } else {
      // a: the first coder's row (Ana); ↓ Ben's; a takes Ben's label.
      await page.keyboard.press('a');
      await expect(page.locator('[data-coder-row="Ana"]')).toBeFocused();
      await page.keyboard.press('ArrowDown');
      await expect(page.locator('[data-coder-row="Ben"]')).toBeFocused();
      await page.keyboard.press('a');
      settledAs.set(unit.externalId, given[1]!);
    }
    await expect(page.getByTestId('adjudication-progress')).toHaveText(`${n + 1} of 8 settled`);
  }
  await expect(page.getByTestId('adjudication-notice')).toHaveText(/Every disagreement is settled\./);
  const after = await call<AdjudicationPage>(page, 'adjudication.list', { questionId: stance.id, status: 'all', limit: 100 });
  expect(after.counts).toEqual({ open: 0, settled: 8, total: 8 });
  expect(after.units.map((u) => [u.externalId, u.adjudication?.labels, u.adjudication?.coder])).toEqual(
    after.units.map((u) => [u.externalId, [settledAs.get(u.externalId)], 'Dana']),
  );

  // ---- An adjudication is no coder: the agreement is what it was. ----
  expect(withoutTime(agreementJson(project.path))).toEqual(withoutTime(before));

  // ---- Merging both copies again adds nothing. ----
  await merge('2 copies: 0 decisions new, 60 already present, 0 conflicts.');

  // ---- The Export screen's CSV: adjudicated labels on the disagreements, the agreed label elsewhere. ----
  await page.getByTestId('nav-export').click();
  await page.getByTestId('export-format').selectOption('csv');
  await page.getByTestId('export-filter').selectOption('all');
  await page.getByTestId('export-start').click();
  const links = page.getByTestId('export-result').getByTestId('export-download');
  await expect(links).toHaveCount(2);
  const [exported] = await Promise.all([page.waitForEvent('download'), links.nth(0).click()]);
  const rows = parse(readFileSync((await exported.path())!, 'utf8'), { columns: true }) as Record<string, string>[];
  expect(rows.map((r) => r.id).sort()).toEqual([...gold.keys()].sort());
  for (const r of rows) {
    const id = r.id!;
    const adjudicated = settledAs.get(id);
    if (adjudicated)
      expect([id, r.final_label, r.final_label_resolution, r.coder, r.coders]).toEqual([id, adjudicated, 'adjudicated', 'Dana', '2']);
    else expect([id, r.final_label, r.final_label_resolution, r.coders]).toEqual([id, gold.get(id), 'agreed', '2']);
  }
  expect(rows.filter((r) => r.final_label_resolution === 'adjudicated')).toHaveLength(8);
});
