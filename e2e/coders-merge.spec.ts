// Coder copies end to end in Chromium (browser mode) on 30 SemEval-2016 stance tweets (shared data):
// the Coders screen switches the project to "every coder codes every document" with blind coders and
// hidden suggestions, makes two blind coder packages (downloads), each package is opened as a project
// and coded by its coder through annotate.decide (Ana: the gold stance; Ben: another stance on every
// fourth tweet), then both are merged back by upload on the Coders screen: the report says 2 x 30
// decisions new; merging again says 0 new and 60 already present; a CSV file is refused with its
// reason. The Agreement screen then shows exactly what `prelabel agreement --json` of the built CLI
// prints for the merged file. Axe in both themes; screenshot docs/screens/coders.png.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { AgreementResult } from '../common/contract';
import { fmtCoef, fmtCoefInterval, fmtShare } from '../common/evaluation-format';
import { corpusFile, expect, test, useColorScheme } from './fixtures';
import { parseCsv } from './support/csv';
import { shoot } from './support/screens';

const DOCS = 30;
const STANCES = ['AGAINST', 'NONE', 'FAVOR'];
const repoRoot = resolve(__dirname, '..');

function writeTweets(path: string): Map<string, string> {
  const [, ...rows] = parseCsv(readFileSync(corpusFile('semeval2016_stance/test.csv'), 'utf8'));
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const picked = rows.filter((_, i) => i % 5 === 0).slice(0, DOCS);
  writeFileSync(path, ['id,Tweet,Stance', ...picked.map((r, i) => [`t${i + 1}`, quote(r[0]!), r[2]!].join(','))].join('\n') + '\n');
  return new Map(picked.map((r, i) => [`t${i + 1}`, r[2]!]));
}

async function call<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([m, i]) => {
      const r = await fetch(`/api/call/${m}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(i) });
      return r.json();
    },
    [method, input] as const,
  );
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

async function expectAccessible(page: Page) {
  for (const scheme of ['dark', 'light'] as const) {
    await useColorScheme(page, scheme);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious, scheme).toEqual([]);
  }
}

function cliAgreement(home: string, project: string): AgreementResult {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/prelabel.mjs'), 'agreement', project, '--question', 'Stance', '--json'], {
    env: { ...process.env, PRELABEL_HOME: home },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`prelabel agreement failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as AgreementResult;
}

/** The agreement screen's numbers by data-stat, from the CLI's result (a single-label question). */
function expectedNumbers(r: AgreementResult): Map<string, string> {
  const e = new Map<string, string>();
  if (r.report.kind !== 'single') throw new Error('Stance is a single-label question');
  const rep = r.report;
  r.coders.forEach((c, i) => {
    for (const k of ['coded', 'labels', 'notCodable', 'skips'] as const) e.set(`coders.${i}.${k}`, String(c[k]));
  });
  const a = rep.alpha;
  const below = (th: number, x = a) => fmtShare(x.belowThresholds.find((b) => b.threshold === th)!.share);
  e.set('alpha', fmtCoef(a.alpha));
  e.set('alpha.ci', fmtCoefInterval(a.interval));
  e.set('alpha.below667', below(0.667));
  e.set('alpha.below800', below(0.8));
  e.set('alpha.pairable', String(a.pairableValues));
  e.set('alpha.units', String(a.pairableUnits));
  for (const [stat, c, share] of [
    ['fleiss', rep.fleiss, false],
    ['ac1', rep.ac1, false],
    ['percent', rep.percent, true],
  ] as const) {
    e.set(stat, share ? fmtShare(c.value) : fmtCoef(c.value));
    e.set(`${stat}.pairable`, String(c.pairableValues));
    e.set(`${stat}.units`, String(c.units));
  }
  e.set('meanKappa', fmtCoef(rep.matrix.meanKappa));
  rep.perLabel.forEach((l, i) => {
    e.set(`perLabel.${i}.alpha`, fmtCoef(l.alpha.alpha));
    e.set(`perLabel.${i}.alpha.ci`, fmtCoefInterval(l.alpha.interval));
    e.set(`perLabel.${i}.below667`, below(0.667, l.alpha));
    e.set(`perLabel.${i}.below800`, below(0.8, l.alpha));
    e.set(`perLabel.${i}.fleiss`, fmtCoef(l.fleiss.value));
    e.set(`perLabel.${i}.ac1`, fmtCoef(l.ac1.value));
    e.set(`perLabel.${i}.percent`, fmtShare(l.percent.value));
    e.set(`perLabel.${i}.pairable`, String(l.alpha.pairableValues));
  });
  const m = rep.matrix;
  m.coders.forEach((_, i) =>
    m.coders.forEach((__, j) => {
      e.set(`matrix.${i}.${j}.n`, String(m.n[i]![j]));
      if (i === j) return;
      e.set(`matrix.${i}.${j}.kappa`, fmtCoef(m.kappa[i]![j]));
      e.set(`matrix.${i}.${j}.agreement`, fmtShare(m.agreement[i]![j]));
    }),
  );
  return e;
}

test('two blind coder packages, coded apart, merge back by upload; twice adds nothing; Agreement equals the CLI', async ({
  app: page,
}, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('tweets.csv');
  const gold = writeTweets(csv);
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
  const cli = cliAgreement(testInfo.outputPath('cli-home'), project.path);
  expect(cli.coders.map((c) => [c.name, c.coded])).toEqual([
    ['Ana', DOCS],
    ['Ben', DOCS],
  ]);
  expect(cli.units).toBe(DOCS);
  await page.getByTestId('nav-agreement').click();
  await expect(page.getByTestId('agreement-overall')).toBeVisible({ timeout: 30_000 });
  const expected = expectedNumbers(cli);
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
