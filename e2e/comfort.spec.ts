// App-wide comforts: the colour theme follows the system unless the coder picks one (and keeps it
// after a reload), and a file dropped anywhere on the window opens in the Import screen.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test, corpusFile } from './fixtures';
import { shoot } from './support/screens';

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const LIGHT_BG = 'rgb(245, 246, 248)';
const DARK_BG = 'rgb(18, 21, 27)';

test('the theme follows the system, and a picked theme wins over it and survives a reload', async ({ app: page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background(page)).toBe(LIGHT_BG);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background(page)).toBe(DARK_BG);

  const theme = page.getByTestId('theme-switch');
  await expect(theme).toHaveAccessibleName('Colour theme');
  await theme.selectOption('light');
  expect(await background(page)).toBe(LIGHT_BG); // the system says dark; the coder said light
  await page.reload();
  await expect(page.getByTestId('theme-switch')).toHaveValue('light');
  expect(await background(page)).toBe(LIGHT_BG);

  await page.getByTestId('theme-switch').selectOption('dark');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background(page)).toBe(DARK_BG);
  await shoot(page, 'projects-dark');

  await page.getByTestId('theme-switch').selectOption('system');
  expect(await background(page)).toBe(LIGHT_BG);
  expect(await page.evaluate(() => document.documentElement.hasAttribute('data-theme'))).toBe(false);
});

/** Drags a file over the page and drops it on `selector`, the way the browser does (one DataTransfer). */
async function dropFile(page: Page, selector: string, name: string, content: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ([n, c]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([c], n, { type: 'text/csv' }));
      return dt;
    },
    [name, content] as const,
  );
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent(selector, 'dragover', { dataTransfer: transfer });
  await expect(page.getByTestId('window-drop')).toBeVisible();
  await page.dispatchEvent(selector, 'drop', { dataTransfer: transfer });
}

test('a file dropped anywhere on the window opens in the Import screen of the open project', async ({ app: page }) => {
  const csv = readFileSync(corpusFile('bbc_news/BBC News Train.csv'), 'utf8').split('\n').slice(0, 31).join('\n');

  // Without a project the overlay says what to do first, and the drop does nothing.
  await dropFile(page, '[data-testid="screen-projects"]', 'bbc.csv', csv);
  await expect(page.getByTestId('window-drop')).toBeHidden();
  await expect(page.getByTestId('screen-projects')).toBeVisible();

  await page.getByTestId('new-project-name').fill('Dropped');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('project-name')).toHaveText('Dropped');
  await page.getByTestId('nav-codebook').click();
  await expect(page.getByTestId('screen-codebook')).toBeVisible();

  await dropFile(page, '[data-testid="screen-codebook"]', 'bbc.csv', csv);
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await expect(page.getByTestId('preview-table')).toContainText('Category');
  await expect(page.getByTestId('preview-table')).toContainText('worldcom ex-boss');
});
