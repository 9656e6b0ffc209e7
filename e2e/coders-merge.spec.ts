// Coder copies end to end in Chromium (browser mode) on 30 SemEval-2016 stance tweets (shared data):
// the Coders screen switches the project to "every coder codes every document" with blind coders and
// hidden suggestions, makes two blind coder packages (downloads), each package is opened as a project
// and coded by its coder through annotate.decide (Ana: the gold stance; Ben: another stance on every
// fourth tweet), then both are merged back by upload on the Coders screen: the report says 2 x 30
// decisions new; merging again says 0 new and 60 already present; a CSV file is refused with its
// reason. The Agreement screen then shows exactly what `prelabel agreement --json` of the built CLI
// prints for the merged file. Axe in both themes; screenshot docs/screens/coders.png.
import type { AgreementResult } from '../common/contract';
import { expect, test } from './fixtures';
import { shoot } from './support/screens';
import { agreementNumbers, call, cli as cliRun, expectAccessible, writeTweets } from './support/several-coders';

const DOCS = 30;
const STANCES = ['AGAINST', 'NONE', 'FAVOR'];

test('two blind coder packages, coded apart, merge back by upload; twice adds nothing; Agreement equals the CLI', async ({
  app: page,
}, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('tweets.csv');
  const gold = writeTweets(csv, DOCS, 5);
  await page.getByTestId('new-project-name').fill('Stance coders');
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

  // ---- Settings: every coder codes every document, blind, no suggestions. ----
  await page.reload();
  await page.getByTestId('nav-coders').click();
  await page.getByTestId('coders-mode-every').check();
  await page.getByTestId('coders-blind').check();
  await page.getByTestId('coders-hide-suggestions').check();
  await page.getByTestId('coders-save-settings').click();
  await expect(page.getByTestId('coders-settings-saved')).toBeVisible();
  expect(await call(page, 'annotate.settings', {})).toMatchObject({ mode: 'every', blindCoders: true, hideSuggestions: true });

  // ---- Two blind packages, made and downloaded on the screen. ----
  const packages: string[] = [];
  for (const coder of ['Ana', 'Ben']) {
    await page.getByTestId('coders-package-coder').fill(coder);
    await page.getByTestId('coders-package-documents').selectOption('all');
    await expect(page.getByTestId('coders-package-blind')).toBeChecked();
    await page.getByTestId('coders-package-make').click();
    await expect(page.getByTestId('coders-package-written')).toContainText(
      `Package for ${coder}: ${DOCS} documents, 0 of their own decisions, blind.`,
    );
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('coders-package-download').click()]);
    expect(download.suggestedFilename()).toBe(`Stance-coders-${coder}.prelabel`);
    const path = testInfo.outputPath(download.suggestedFilename());
    await download.saveAs(path);
    packages.push(path);
  }

  // ---- Each coder codes their package as its own project (offline, elsewhere). ----
  for (const [k, path] of packages.entries()) {
    const opened = await call<{ id: string }>(page, 'project.open', { path });
    // A package is a project of its own (its own id), made from this one.
    expect(opened.id).not.toBe(project.id);
    const queue = await call<{ items: Array<{ document: { id: number; externalId: string } }> }>(page, 'annotate.queue', {
      questionId: stance.id,
      coder: k === 0 ? 'Ana' : 'Ben',
      limit: 50,
    });
    expect(queue.items).toHaveLength(DOCS);
    for (const [i, item] of queue.items.entries()) {
      const g = gold.get(item.document.externalId)!;
      const label = k === 1 && i % 4 === 0 ? STANCES[(STANCES.indexOf(g) + 1) % 3]! : g;
      await call(page, 'annotate.decide', {
        questionId: stance.id,
        documentId: item.document.id,
        coder: k === 0 ? 'Ana' : 'Ben',
        kind: 'label',
        labelIds: [stance.labels.find((l) => l.name === label)!.id],
      });
    }
  }
  await call(page, 'project.open', { path: project.path });

  // ---- Merge both by upload; then again: nothing new. ----
  await page.reload();
  await page.getByTestId('nav-coders').click();
  await page.getByTestId('coders-merge-files').setInputFiles(packages);
  await page.getByTestId('coders-merge-run').click();
  await expect(page.getByTestId('coders-merge-total')).toHaveText('2 copies: 60 decisions new, 0 already present, 0 conflicts.', {
    timeout: 30_000,
  });
  await expect(page.locator('[data-stat="copies.0.decisionsNew"]')).toHaveText('30');
  await expect(page.locator('[data-stat="copies.1.decisionsNew"]')).toHaveText('30');
  await expect(page.getByTestId('coders-merge-no-conflicts')).toBeVisible();
  await expect(page.getByTestId('coders-progress-row')).toHaveCount(2);
  await expect(page.locator('[data-stat="Ana.Stance"]')).toHaveText(`${DOCS} of ${DOCS} decided, 0 skipped`);
  await expect(page.locator('[data-stat="Ben.Stance"]')).toHaveText(`${DOCS} of ${DOCS} decided, 0 skipped`);
  await expectAccessible(page);
  await shoot(page, 'coders', { height: 2100, scrollTo: page.getByTestId('coders-screen') });
  await page.getByTestId('coders-merge-files').setInputFiles(packages);
  await page.getByTestId('coders-merge-run').click();
  await expect(page.getByTestId('coders-merge-total')).toHaveText('2 copies: 0 decisions new, 60 already present, 0 conflicts.', {
    timeout: 30_000,
  });

  // A file that is no Prelabel project is refused with its reason, nothing merged.
  await page.getByTestId('coders-merge-files').setInputFiles(csv);
  await page.getByTestId('coders-merge-run').click();
  await expect(page.getByTestId('coders-error')).toHaveText(
    'Not merged: tweets.csv is not a Prelabel project (it is not an SQLite database).',
  );

  // ---- The Agreement screen shows what the built CLI computes on the merged file. ----
  const cli = JSON.parse(
    cliRun(testInfo.outputPath('cli-home'), 'agreement', project.path, '--question', 'Stance', '--json'),
  ) as AgreementResult;
  expect(cli.coders.map((c) => [c.name, c.coded])).toEqual([
    ['Ana', DOCS],
    ['Ben', DOCS],
  ]);
  expect(cli.units).toBe(DOCS);
  await page.getByTestId('nav-agreement').click();
  await expect(page.getByTestId('agreement-overall')).toBeVisible({ timeout: 30_000 });
  const expected = agreementNumbers(cli);
  await expect(async () => {
    const shown = new Map(
      (
        await page
          .locator('[data-testid=agreement-screen] [data-stat]')
          .evaluateAll((els) => els.map((el) => [el.getAttribute('data-stat')!, (el.textContent ?? '').trim()] as const))
      ).map(([k, v]) => [k, v]),
    );
    expect([...shown.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [stat, text] of shown) expect([stat, text]).toEqual([stat, expected.get(stat)]);
  }).toPass({ timeout: 15_000 });
});
