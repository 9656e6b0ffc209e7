// The Adjudicate screen end to end in Chromium on 30 SemEval-2016 stance tweets (shared data): Ana
// and Ben code all 30 through the API (Ben differs from Ana on every third tweet, with a note), Cleo
// on every fourth (differing on one that Ana and Ben agree on), so there are disagreements of two
// sizes. The screen lists them in the order of adjudication.list and of the built CLI's `prelabel
// disagreements --json`; a named adjudicator settles every one by keyboard only (a digit and Enter,
// or a on a coder's row, ↓ to the next coder, a), undoes one with Backspace and settles it again;
// the progress reads "n of m settled". The disagreements CSV downloads byte for byte as the CLI's
// --out writes it; the Export screen's CSV has the adjudicated labels as final_label (resolution
// adjudicated, 2 or 3 coders). Axe finds nothing serious in either theme. Screenshot:
// docs/screens/adjudication.png.
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import type { AdjudicationPage, AdjudicationUnit } from '../common/contract';
import { expect, test } from './fixtures';
import { shoot } from './support/screens';
import { call, cli, expectAccessible, writeTweets } from './support/several-coders';

const DOCS = 30;
const STANCES = ['AGAINST', 'NONE', 'FAVOR'];

test('the Adjudicate screen settles every disagreement by keyboard, and the export has the adjudicated labels', async ({
  app: page,
}, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('tweets.csv');
  const gold = writeTweets(csv, DOCS, 9);
  const home = testInfo.outputPath('cli-home');

  await page.getByTestId('new-project-name').fill('Stance adjudication');
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
  const project = await call<{ path: string }>(page, 'project.current', {});
  type Q = { id: string; labels: Array<{ id: string; name: string }> };
  const { questions } = await call<{ questions: Q[] }>(page, 'codebook.set', {
    questions: [{ name: 'Stance', template: 'The stance of this tweet is {}.', labels: STANCES.map((name) => ({ name })) }],
  });
  const stance = questions[0]!;
  const labelId = (name: string) => stance.labels.find((l) => l.name === name)!.id;

  // ---- Decisions through the API: Ana, Ben and (on every fourth) Cleo. ----
  const db = new Database(project.path, { readonly: true, fileMustExist: true });
  const docs = db.prepare('SELECT id, external_id AS ext FROM documents ORDER BY id').all() as Array<{ id: number; ext: string }>;
  db.close();
  const decide = (coder: string, documentId: number, label: string, note?: string) =>
    call(page, 'annotate.decide', {
      questionId: stance.id,
      documentId,
      coder,
      kind: 'label',
      labelIds: [labelId(label)],
      ...(note ? { note } : {}),
    });
  const other = (g: string, k = 1) => STANCES[(STANCES.indexOf(g) + k) % 3]!;
  for (const [i, d] of docs.entries()) {
    const g = gold.get(d.ext)!;
    await decide('Ana', d.id, g);
    await decide('Ben', d.id, i % 3 === 0 ? other(g) : g, i % 3 === 0 ? `reads it as ${other(g)}` : undefined);
    if (i % 4 === 0) await decide('Cleo', d.id, i % 8 === 0 ? other(g, 2) : g);
  }

  // ---- The screen's order is adjudication.list's and the CLI's. ----
  const listed = await call<AdjudicationPage>(page, 'adjudication.list', { questionId: stance.id, status: 'all', limit: 500 });
  const expectedOpen = docs.filter((_, i) => i % 3 === 0 || i % 8 === 0).length;
  expect(listed.counts).toEqual({ open: expectedOpen, settled: 0, total: expectedOpen });
  const fromCli = JSON.parse(cli(home, 'disagreements', project.path, '--question', 'Stance', '--json')) as { units: AdjudicationUnit[] };
  expect(fromCli.units.map((u) => u.externalId)).toEqual(listed.units.map((u) => u.externalId));
  // Three coders with three labels come first (disagreement 1, three label sets), then two against one at 2/3 last.
  expect(listed.units.map((u) => u.disagreement)).toEqual([...listed.units.map((u) => u.disagreement)].sort((a, b) => b - a));
  expect(listed.units.at(-1)!.disagreement).toBeCloseTo(2 / 3, 12);

  await page.reload();
  await page.getByTestId('nav-adjudication').click();
  await expect(page.getByTestId('adjudication-screen')).toBeVisible();
  await expect(page.getByTestId('adjudication-progress')).toHaveText(`0 of ${expectedOpen} settled`);
  await expect(page.getByTestId('adjudication-gold-policy')).toHaveText(
    'Gold labels are not shown: the project does not show gold while coding.',
  );
  await page.getByTestId('adjudication-adjudicator').fill('Dana');
  await expect(page.getByTestId('adjudication-doc')).toHaveAttribute('data-external-id', listed.units[0]!.externalId);
  await expectAccessible(page);
  await shoot(page, 'adjudication', { height: 1000 });

  // ---- Every disagreement by keyboard: the focus on the text, then keys only. ----
  await page.getByTestId('adjudication-doc').focus();
  await page.keyboard.press('?');
  await expect(page.getByTestId('adjudication-help')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('adjudication-help')).toHaveCount(0);
  await page.getByTestId('adjudication-doc').focus();
  const settledAs = new Map<string, string>();
  for (const [n, unit] of listed.units.entries()) {
    const doc = page.getByTestId('adjudication-doc');
    await expect(doc).toHaveAttribute('data-external-id', unit.externalId);
    await expect(page.getByTestId('adjudication-position')).toHaveText(`Disagreement ${n + 1} of ${expectedOpen}`);
    await expect(page.getByTestId('adjudication-coder')).toHaveCount(unit.coders.length);
    if (n % 2 === 0) {
      // The gold stance: its digit, then Enter.
      const g = gold.get(unit.externalId)!;
      await page.keyboard.press(String(STANCES.indexOf(g) + 1));
      await expect(page.getByTestId('adjudication-label').nth(STANCES.indexOf(g))).toHaveAttribute('data-chosen', 'true');
      await page.keyboard.press('Enter');
      settledAs.set(unit.externalId, g);
    } else {
      // a goes to the first coder's row (Ana), ↓ to Ben's, a takes Ben's label.
      await page.keyboard.press('a');
      await expect(page.locator('[data-coder-row="Ana"]')).toBeFocused();
      await page.keyboard.press('ArrowDown');
      await expect(page.locator('[data-coder-row="Ben"]')).toBeFocused();
      await page.keyboard.press('a');
      settledAs.set(unit.externalId, unit.coders.find((c) => c.coder === 'Ben')!.labels[0]!);
    }
    await expect(page.getByTestId('adjudication-progress')).toHaveText(`${n + 1} of ${expectedOpen} settled`);
  }
  await expect(page.getByTestId('adjudication-notice')).toHaveText(/Every disagreement is settled\./);
  await expect(page.getByTestId('adjudication-status')).toHaveAttribute('data-settled', 'true');

  // Backspace undoes Dana's latest adjudication: that document is open again; a digit and Enter settle it.
  const last = listed.units.at(-1)!;
  await page.keyboard.press('Backspace');
  await expect(page.getByTestId('adjudication-progress')).toHaveText(`${expectedOpen - 1} of ${expectedOpen} settled`);
  await expect(page.getByTestId('adjudication-doc')).toHaveAttribute('data-external-id', last.externalId);
  await expect(page.getByTestId('adjudication-status')).toHaveText('Open: no adjudication yet.');
  await page.keyboard.press('3');
  await page.keyboard.press('Enter');
  settledAs.set(last.externalId, STANCES[2]!);
  await expect(page.getByTestId('adjudication-progress')).toHaveText(`${expectedOpen} of ${expectedOpen} settled`);
  await expect(page.getByTestId('adjudication-status')).toHaveText(`Settled: ${STANCES[2]} by Dana`);
  // j/k move back and forth over the settled list.
  await page.keyboard.press('k');
  await expect(page.getByTestId('adjudication-position')).toHaveText(`Disagreement ${expectedOpen - 1} of ${expectedOpen}`);
  await page.keyboard.press('j');
  await expect(page.getByTestId('adjudication-position')).toHaveText(`Disagreement ${expectedOpen} of ${expectedOpen}`);
  await expectAccessible(page);

  // ---- The disagreements CSV: byte for byte the CLI's --out. ----
  const cliCsv = testInfo.outputPath('meeting.csv');
  cli(home, 'disagreements', project.path, '--question', 'Stance', '--out', cliCsv);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('adjudication-download').click()]);
  expect(download.suggestedFilename()).toBe('disagreements-Stance.csv');
  const downloaded = readFileSync((await download.path())!, 'utf8');
  expect(downloaded).toBe(readFileSync(cliCsv, 'utf8'));
  const meeting = parse(downloaded, { columns: true }) as Record<string, string>[];
  expect(meeting.map((r) => [r.document_id, r.adjudicated_label, r.adjudicator])).toEqual(
    listed.units.map((u) => [u.externalId, settledAs.get(u.externalId), 'Dana']),
  );
  expect(meeting.find((r) => r['Ben: note'])!['Ben: note']).toMatch(/^reads it as /);

  // ---- The Export screen's CSV: the adjudicated labels are the final labels. ----
  await page.getByTestId('nav-export').click();
  await page.getByTestId('export-format').selectOption('csv');
  await page.getByTestId('export-filter').selectOption('all');
  await page.getByTestId('export-start').click();
  const links = page.getByTestId('export-result').getByTestId('export-download');
  await expect(links).toHaveCount(2);
  const [exported] = await Promise.all([page.waitForEvent('download'), links.nth(0).click()]);
  const rows = parse(readFileSync((await exported.path())!, 'utf8'), { columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(DOCS);
  for (const r of rows) {
    const id = r.id!;
    const adjudicated = settledAs.get(id);
    if (adjudicated) expect([r.id, r.final_label, r.final_label_resolution, r.coder]).toEqual([id, adjudicated, 'adjudicated', 'Dana']);
    else expect([r.id, r.final_label, r.final_label_resolution]).toEqual([id, gold.get(id), 'agreed']);
  }
  expect(rows.filter((r) => r.coders === '3')).toHaveLength(docs.filter((_, i) => i % 4 === 0).length);
});
