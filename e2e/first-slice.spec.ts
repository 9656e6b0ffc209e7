// The first slice end to end in a real browser: create a project, upload and import a real corpus,
// page through every document in the virtual table, come back after a reload, and refuse a bad file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { corpusFile, expect, test } from './fixtures';
import { parseCsv } from './support/csv';
import { shoot } from './support/screens';

const BBC = 'bbc_news/BBC News Train.csv';
const BBC_ROWS = 1490;
/** The virtual table must never hold a page's worth of rows in the DOM. */
const MAX_ROWS_IN_DOM = 200;

/** Enough of a text to identify it, with runs of spaces collapsed as the browser shows them. */
const head = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 80);

async function createProject(page: Page, name: string) {
  await page.getByTestId('new-project-name').fill(name);
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('project-name')).toHaveText(name);
}

async function uploadAndPreview(page: Page, file: string) {
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(file);
}

test('imports a real corpus and shows every document in the virtual table', async ({ app: page, server }) => {
  const csv = parseCsv(readFileSync(corpusFile(BBC), 'utf8'));
  const [header, ...rows] = csv;
  expect(header).toEqual(['Text', 'Category']);
  expect(rows).toHaveLength(BBC_ROWS);
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;

  // A new project lands on the import screen, since it holds nothing yet.
  await createProject(page, 'BBC News');
  await expect(page.getByTestId('project-document-count')).toHaveText('0 documents');

  await uploadAndPreview(page, corpusFile(BBC));
  const preview = page.getByTestId('import-preview');
  await expect(preview).toBeVisible();
  await expect(preview.getByRole('heading', { level: 2 })).toContainText('BBC News Train.csv');
  await expect(page.getByTestId('preview-table').locator('thead th')).toHaveText(['Text', 'Category']);
  await expect(page.getByTestId('preview-row').first()).toContainText(head(first[0]!));
  await expect(page.getByTestId('preview-row').first()).toContainText(first[1]!);
  await expect(page.getByTestId('delimiter')).toHaveValue(',');
  await expect(page.getByTestId('has-header')).toBeChecked();
  // Suggestions: Text is the text; the file has no id column; Category is kept as metadata.
  await expect(page.locator('[data-testid=text-column][value="Text"]')).toBeChecked();
  await expect(page.locator('[data-testid=text-column][value="Category"]')).not.toBeChecked();
  await expect(page.getByTestId('id-column')).toHaveValue('');
  await expect(page.getByTestId('metadata-columns')).toHaveText('Category');

  // Without a header the first row becomes data and the columns are numbered; back again.
  await page.getByTestId('has-header').uncheck();
  await expect(page.getByTestId('preview-table').locator('thead th')).toHaveText(['Column 1', 'Column 2']);
  await expect(page.getByTestId('preview-row').first()).toContainText('Category');
  await page.getByTestId('has-header').check();
  await expect(page.getByTestId('preview-table').locator('thead th')).toHaveText(['Text', 'Category']);
  await expect(page.locator('[data-testid=text-column][value="Text"]')).toBeChecked();
  // Nothing is stored before the check has read the whole file and Import is pressed.
  await expect(page.getByTestId('start-import')).toBeDisabled();
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText('1,490 rows read.');
  await shoot(page, 'import', { height: 1000 });

  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('screen-browse')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('import-result')).toContainText('Imported 1,490 documents from BBC News Train.csv.');
  await expect(page.getByTestId('browse-total')).toHaveText('1,490 documents');
  await expect(page.getByTestId('project-document-count')).toHaveText('1,490 documents');

  const table = page.getByTestId('browse-table');
  const rowAt = (i: number) => table.locator(`[data-testid=doc-row][data-index="${i}"]`);
  await expect(rowAt(0).getByTestId('doc-text')).toContainText(head(first[0]!));
  await expect(rowAt(0).getByTestId('doc-id')).toHaveText('1');
  // Browse rows carry no metadata: the detail panel beside the table shows it.
  await rowAt(0).click();
  await expect(page.getByTestId('doc-detail-meta')).toContainText(`Category${first[1]}`);
  await page.getByTestId('doc-detail-close').click();
  await shoot(page, 'documents');

  // To the very end with the keyboard: the last document shows, and the DOM stays small.
  await table.focus();
  await page.keyboard.press('End');
  await expect(rowAt(BBC_ROWS - 1)).toHaveAttribute('aria-selected', 'true');
  await expect(rowAt(BBC_ROWS - 1).getByTestId('doc-text')).toContainText(head(last[0]!));
  await expect(rowAt(BBC_ROWS - 1).getByTestId('doc-id')).toHaveText(String(BBC_ROWS));
  await expect(rowAt(BBC_ROWS - 1)).toBeInViewport();
  const inDom = await table.getByTestId('doc-row').count();
  expect(inDom).toBeGreaterThan(0);
  expect(inDom).toBeLessThan(MAX_ROWS_IN_DOM);

  // Arrow and page keys move the selection; Home goes back to the top.
  await page.keyboard.press('ArrowUp');
  await expect(rowAt(BBC_ROWS - 2)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('PageUp');
  await expect(table.locator('[data-testid=doc-row][aria-selected=true]')).toBeInViewport();
  await page.keyboard.press('Home');
  await expect(rowAt(0)).toHaveAttribute('aria-selected', 'true');
  await expect(rowAt(0)).toBeInViewport();

  // Scrolling the middle into view fetches the pages there.
  await page.getByTestId('browse-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  const middle = table.locator('[data-testid=doc-row]:not(.doc-row-loading)').nth(5);
  await expect(middle.getByTestId('doc-text')).not.toBeEmpty();
  expect(await table.getByTestId('doc-row').count()).toBeLessThan(MAX_ROWS_IN_DOM);

  // A reload keeps the open project and the screen.
  await page.reload();
  await expect(page.getByTestId('project-name')).toHaveText('BBC News');
  await expect(page.getByTestId('screen-browse')).toBeVisible();
  await expect(page.getByTestId('browse-total')).toHaveText('1,490 documents');
  await expect(rowAt(0).getByTestId('doc-text')).toContainText(head(first[0]!));

  // Closed, the project waits in the recent list; one click opens it on its documents.
  await page.getByTestId('close-project').click();
  await expect(page.getByTestId('screen-projects')).toBeVisible();
  await expect(page.getByTestId('header-project')).toHaveText('No project open');
  const recent = page.getByTestId('recent-project').filter({ hasText: 'BBC News' });
  await expect(recent).toHaveCount(1);
  await expect(recent).toContainText(join(server.dataDir));
  await shoot(page, 'projects');
  await page.reload();
  await expect(page.getByTestId('screen-projects')).toBeVisible();
  await recent.getByRole('button').first().click();
  await expect(page.getByTestId('screen-browse')).toBeVisible();
  await expect(page.getByTestId('browse-total')).toHaveText('1,490 documents');
  await expect(rowAt(BBC_ROWS - 1)).toHaveCount(0); // back at the top, not the whole table
  await expect(rowAt(0).getByTestId('doc-text')).toContainText(head(first[0]!));

  await page.emulateMedia({ colorScheme: 'dark' });
  await shoot(page, 'documents-dark');
});

test('a binary file named .csv is refused with a readable message and nothing is stored', async ({ app: page }, testInfo) => {
  await createProject(page, 'Refusals');

  // Three good rows first, so "unchanged" means something.
  const good = testInfo.outputPath('three.csv');
  writeFileSync(good, 'id,text,party\na1,"Erste Rede, mit Komma",SPD\na2,مرحبا بالعالم,X\na3,中文文本,Y\n');
  await uploadAndPreview(page, good);
  await expect(page.getByTestId('id-column')).toHaveValue('id');
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText('3 rows read.');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('browse-total')).toHaveText('3 documents');
  await expect(page.getByTestId('doc-text').nth(1)).toHaveText('مرحبا بالعالم');
  await expect(page.getByTestId('doc-text').nth(1)).toHaveAttribute('dir', 'auto');

  // A zip archive renamed to .csv.
  const bad = testInfo.outputPath('spreadsheet.csv');
  writeFileSync(bad, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0x08, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 0x00, 0x01, 0x02, 0x03]));
  await page.getByTestId('nav-import').click();
  await uploadAndPreview(page, bad);
  const error = page.getByTestId('import-error');
  await expect(error).toContainText('spreadsheet.csv does not look like a text file');
  await expect(error).not.toContainText(/\bat \S+:\d+/); // no stack trace
  await expect(page.getByTestId('import-preview')).toHaveCount(0);
  await expect(page.getByTestId('drop-zone')).toBeVisible();
  await shoot(page, 'import-error');

  await expect(page.getByTestId('project-document-count')).toHaveText('3 documents');
  await page.getByTestId('nav-browse').click();
  await expect(page.getByTestId('browse-total')).toHaveText('3 documents');
});
