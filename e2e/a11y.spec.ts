// Every screen checked with axe-core (WCAG 2.x A and AA rules) in both colour themes: no serious or
// critical violation anywhere. The project holds a small real corpus, so tables and lists render
// with content; screens that need a model or a codebook are checked in the state a new user sees.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusFile, expect, test, useColorScheme } from './fixtures';

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')}`,
    );
}

test('no screen has a serious or critical accessibility violation, in the light or the dark theme', async ({ app: page, server }) => {
  test.setTimeout(180_000);
  // Projects screen with nothing yet.
  const found: Record<string, string[]> = {};
  const check = async (name: string) => {
    for (const scheme of ['light', 'dark'] as const) {
      await useColorScheme(page, scheme);
      const v = await violations(page);
      if (v.length) found[`${name} (${scheme})`] = v;
    }
  };
  // The check itself: a button without a name is a critical violation that axe must report.
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.id = 'a11y-control';
    document.querySelector('main')!.append(b);
  });
  expect((await violations(page)).join('\n')).toContain('critical button-name');
  await page.evaluate(() => document.getElementById('a11y-control')!.remove());
  await check('projects');

  await page.getByTestId('new-project-name').fill('Accessible');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await check('import: choose a file');

  const rows = readFileSync(corpusFile('bbc_news/BBC News Train.csv'), 'utf8').split('\n').slice(0, 41).join('\n');
  const file = join(server.dataDir, 'bbc-40.csv');
  writeFileSync(file, rows);
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  await check('import: preview');
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toBeVisible();
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('screen-browse')).toBeVisible({ timeout: 60_000 });

  const navs = await page.locator('[data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(4)));
  expect(navs.length).toBeGreaterThanOrEqual(7);
  for (const id of navs) {
    await page.getByTestId(`nav-${id}`).click();
    await expect(page.getByTestId(`screen-${id}`)).toBeVisible();
    await page.waitForLoadState('networkidle');
    await check(id);
  }
  expect(found).toEqual({});
});
