// Messy real files end to end: the Spanish politicians' tweets (quoted line breaks, ids that Excel
// turned into 1.4e+18 and so repeated), checked, mapped and imported with row numbers as ids, a
// tweet's line breaks shown; then an Arabic XLSX that must read right to left. And bug 3 of issue
// 10: German reviews with one bad byte are UTF-8 with one problem row, not a Windows-1252 file.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import type { DocumentPage } from '../common/contract';
import { corpusFile, expect, test } from './fixtures';
import { parseCsv } from './support/csv';
import { shoot } from './support/screens';

const TWEETS = 'politicians_tweets_sentiment_en_es_el/es_combined.csv';
const AJGT = 'ajgt_arabic_xlsx/AJGT.xlsx';
const MARC_DE = 'marc_amazon_reviews/test-de.csv';

const style = (el: Locator, property: 'direction' | 'whiteSpace') => el.evaluate((e, p) => getComputedStyle(e)[p], property);

async function documentsFromApi(page: Page, origin: string, offset: number, limit: number): Promise<DocumentPage> {
  // The page's own session cookie; a write-method call names our origin, as the page's fetch does.
  const reply = await page.request.post(`${origin}/api/call/documents.list`, { data: { offset, limit }, headers: { Origin: origin } });
  expect(reply.ok()).toBe(true);
  const body = (await reply.json()) as { ok: true; value: DocumentPage };
  expect(body.ok).toBe(true);
  return body.value;
}

test('messy tweets and an Arabic workbook: detection, problems, mapping, line breaks and right-to-left text', async ({
  app: page,
  server,
}) => {
  test.slow();
  const [header, ...tweets] = parseCsv(readFileSync(corpusFile(TWEETS), 'utf8'));
  expect(header).toEqual(['id', 'full_text', 'label', 'annotator']);
  expect(tweets).toHaveLength(1000);

  await page.getByTestId('new-project-name').fill('Messy imports');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();

  // ---- The Spanish tweets: every detection shown, each one a control. ----
  await page.getByTestId('file-input').setInputFiles(corpusFile(TWEETS));
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByRole('heading', { level: 2 })).toContainText('es_combined.csv');
  await expect(page.getByTestId('preview-table').locator('thead th')).toHaveText(['id', 'full_text', 'label', 'annotator']);
  await expect(page.getByTestId('format')).toHaveValue('csv');
  await expect(page.getByTestId('encoding')).toHaveValue('utf-8');
  await expect(page.getByTestId('delimiter')).toHaveValue(',');
  await expect(page.getByTestId('quote')).toHaveValue('double');
  await expect(page.getByTestId('has-header')).toBeChecked();
  await expect(page.getByTestId('sheet')).toHaveCount(0);
  await expect(page.getByTestId('fact-bom')).toContainText('None');
  await expect(page.getByTestId('fact-line-endings')).toContainText('LF');
  await expect(page.getByTestId('encoding').locator('option:checked')).toHaveText('UTF-8 (detected)');
  // The ids as stored: strings exactly as written, never numbers.
  await expect(page.getByTestId('preview-row').first().getByTestId('preview-cell').first()).toHaveText(tweets[0]![0]!);
  await expect(page.getByTestId('preview-cell').first()).toHaveCSS('white-space', 'pre-wrap');

  // An override re-reads the preview; back to the detected setting.
  await page.getByTestId('delimiter').selectOption(';');
  await expect(page.getByTestId('preview-table').locator('thead th')).not.toHaveText(['id', 'full_text', 'label', 'annotator']);
  await page.getByTestId('delimiter').selectOption(',');
  await expect(page.getByTestId('preview-table').locator('thead th')).toHaveText(['id', 'full_text', 'label', 'annotator']);

  // The mapping: text full_text, id id, gold label; annotator (and the gold column) kept as metadata.
  const textColumn = (name: string) => page.locator(`[data-testid=text-column][value="${name}"]`);
  if (!(await textColumn('full_text').isChecked())) await textColumn('full_text').check();
  for (const other of ['id', 'label', 'annotator']) await expect(textColumn(other)).not.toBeChecked();
  await page.getByTestId('id-column').selectOption('id');
  await page.getByTestId('gold-column').selectOption('label');
  await expect(page.getByTestId('metadata-columns').locator('li')).toHaveText(['label', 'annotator']);
  await expect(page.getByTestId('start-import')).toBeDisabled();
  await expect(page.getByTestId('import-hint')).toContainText('Check the file before importing');
  await shoot(page, 'import-detection', { height: 1250 });

  // ---- The check: duplicate ids, said to be Excel's scientific notation, must be decided. ----
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText('1,000 rows read.');
  const duplicates = page.getByTestId('problem-duplicate_id');
  await expect(duplicates).toBeVisible();
  await expect(duplicates.getByTestId('problem-summary')).toContainText('scientific notation');
  await expect(duplicates.getByTestId('problem-summary')).toContainText('1.4e+18');
  await expect(duplicates.getByTestId('problem-rows')).toContainText(/^Rows \d/);
  for (const choice of ['rownumber', 'skip', 'cancel']) await expect(duplicates.getByTestId(`choice-${choice}`)).not.toBeChecked();
  await expect(page.getByTestId('start-import')).toBeDisabled();
  await expect(page.getByTestId('import-hint')).toContainText('Repeated ids');
  const examples = duplicates.getByText(/Show \d+ examples/);
  await examples.click();
  await expect(duplicates.locator('details li').first()).toContainText(/^Row \d+ repeats the id \S+ of row \d+\.$/);
  await examples.click();
  await expect(duplicates.locator('details li').first()).toBeHidden();

  // The gold values with their counts, mapped to label names.
  const gold = page.getByTestId('gold-mapping');
  await expect(gold.getByTestId('gold-value')).toHaveCount(4);
  const goldLabel = (value: string) => gold.locator(`[data-testid=gold-value][data-value="${value}"]`).getByTestId('gold-label');
  await goldLabel('-1').fill('negative');
  await goldLabel('0').fill('neutral');
  await goldLabel('1').fill('positive');

  await duplicates.getByLabel('Keep every row and use row numbers as ids').check();
  await expect(page.getByTestId('start-import')).toBeEnabled();
  await expect(page.getByTestId('import-hint')).toHaveCount(0);
  await shoot(page, 'import-problems', { height: 1000, scrollTo: page.getByTestId('import-check') });

  // A change of the mapping needs a new check; nothing was stored meanwhile.
  await page.getByTestId('gold-column').selectOption('');
  await expect(page.getByTestId('check-result')).toHaveCount(0);
  await expect(page.getByTestId('start-import')).toBeDisabled();
  await expect(page.getByTestId('project-document-count')).toHaveText('0 documents');
  await page.getByTestId('gold-column').selectOption('label');
  await page.getByTestId('check-file').click();
  await page.getByTestId('problem-duplicate_id').getByTestId('choice-rownumber').check();
  await goldLabel('-1').fill('negative');

  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('screen-browse')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('import-result')).toContainText('Imported 1,000 documents from es_combined.csv.');
  await expect(page.getByTestId('import-result-skipped')).toHaveText('None skipped.');
  await expect(page.getByTestId('import-result-flagged')).toContainText('93 rows flagged');
  await expect(page.getByTestId('browse-total')).toHaveText('1,000 documents');

  // Row numbers are the ids; the mangled id is kept as metadata.
  const table = page.getByTestId('browse-table');
  const rowAt = (i: number) => table.locator(`[data-testid=doc-row][data-index="${i}"]`);
  await expect(rowAt(0).getByTestId('doc-id')).toHaveText('1');

  // ---- A tweet with line breaks: found through the API, opened, shown with its breaks. ----
  const stored = await documentsFromApi(page, server.origin, 0, 1000);
  const withBreak = stored.rows.findIndex((r) => r.text.includes('\n'));
  expect(withBreak).toBeGreaterThanOrEqual(0);
  expect(stored.rows[withBreak]!.text).toBe(tweets[withBreak]![1]);

  await page.getByTestId('browse-scroll').evaluate((el, top) => (el.scrollTop = top), withBreak * 56);
  await rowAt(withBreak).click();
  const detail = page.getByTestId('doc-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(`Document ${withBreak + 1}`);
  const detailText = detail.getByTestId('doc-detail-text');
  expect(await detailText.innerText()).toContain('\n');
  expect(await style(detailText, 'whiteSpace')).toBe('pre-wrap');
  await expect(detailText).toHaveAttribute('dir', 'auto');
  await expect(detail.getByTestId('doc-detail-meta')).toContainText('id (given)');
  await expect(detail.getByTestId('doc-detail-meta')).toContainText(tweets[withBreak]![0]!);
  await shoot(page, 'document-detail');

  // The keyboard: the detail follows the selection, Escape closes it, Enter opens it again.
  await expect(table).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(`Document ${withBreak + 2}`);
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(detail).toBeVisible();
  await detail.getByTestId('doc-detail-close').click();
  await expect(detail).toHaveCount(0);
  await expect(table).toBeFocused();

  // ---- The Arabic workbook: one sheet, "1"; read right to left. ----
  await page.getByTestId('nav-import').click();
  await page.getByTestId('file-input').setInputFiles(corpusFile(AJGT));
  await expect(preview.getByRole('heading', { level: 2 })).toContainText('AJGT.xlsx');
  await expect(page.getByTestId('format')).toHaveValue('xlsx');
  await expect(page.getByTestId('sheet')).toHaveValue('1');
  await expect(page.getByTestId('sheet').locator('option')).toHaveText(['1 (detected)']);
  await expect(page.getByTestId('delimiter')).toHaveCount(0);
  await expect(page.getByTestId('encoding')).toHaveCount(0);
  await expect(page.getByTestId('preview-table').locator('thead th')).toHaveText(['ID', 'Feed', 'Sentiment']);
  const arabicCell = page.getByTestId('preview-row').first().locator('td').nth(1);
  expect(await style(arabicCell, 'direction')).toBe('rtl');

  if (!(await textColumn('Feed').isChecked())) await textColumn('Feed').check();
  await page.getByTestId('id-column').selectOption('ID');
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText('1,800 rows read.');
  await expect(page.getByTestId('check-result')).toContainText('No problems found.');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('import-result')).toContainText('Imported 1,800 documents from AJGT.xlsx.', { timeout: 60_000 });
  await expect(page.getByTestId('browse-total')).toHaveText('2,800 documents');

  // The last document is Arabic: right to left in the table and in the detail; a Spanish one is not.
  await table.focus();
  await page.keyboard.press('End');
  const last = rowAt(2799).getByTestId('doc-text');
  await expect(last).toBeVisible();
  expect(await style(last, 'direction')).toBe('rtl');
  await page.keyboard.press('Enter');
  expect(await style(detail.getByTestId('doc-detail-text'), 'direction')).toBe('rtl');
  await shoot(page, 'document-detail-rtl');
  await page.keyboard.press('Home');
  await expect(rowAt(0).getByTestId('doc-text')).toBeVisible();
  expect(await style(rowAt(0).getByTestId('doc-text'), 'direction')).toBe('ltr');
});

test('bug 3: one bad byte in UTF-8 German reviews is one problem row shown with \uFFFD, to keep or skip', async ({
  app: page,
}, testInfo) => {
  // The corpus with 0xFF put into row 4,001 (the review of index 4000), before its first space.
  const bytes = readFileSync(corpusFile(MARC_DE));
  const rowStart = bytes.indexOf('\n4000,') + 1;
  expect(rowStart).toBeGreaterThan(0);
  const at = bytes.indexOf(' ', rowStart);
  const damaged = testInfo.outputPath('reviews-de-damaged.csv');
  writeFileSync(damaged, Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at)]));

  await page.getByTestId('new-project-name').fill('Damaged reviews');
  await page.getByTestId('create-project').click();
  await page.getByTestId('file-input').setInputFiles(damaged);
  await expect(page.getByTestId('encoding')).toHaveValue('utf-8');
  const textColumn = page.locator('[data-testid=text-column][value="Column 2"]');
  if (!(await textColumn.isChecked())) await textColumn.check();
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText('5,000 rows read.');

  const bad = page.getByTestId('problem-invalid_utf8');
  await expect(bad.getByRole('heading', { level: 3 })).toHaveText('Invalid bytes (shown as \uFFFD)');
  await expect(bad.getByTestId('problem-rows')).toHaveText('Rows 4,001');
  await expect(bad.getByTestId('problem-summary')).toContainText('not valid UTF-8');
  await expect(page.getByTestId('problem-mojibake')).toHaveCount(0);
  await bad.getByText('Show 1 example').click();
  await expect(bad.locator('details li')).toHaveText(/^Row 4001: ".*\uFFFD.*" in "Column 2"/);
  await expect(bad.getByTestId('choice-keep')).toBeChecked();
  await bad.getByTestId('choice-skip').check();

  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('import-result')).toContainText('Imported 4,999 documents', { timeout: 60_000 });
  await expect(page.getByTestId('import-result-skipped')).toHaveText('1 row skipped as you chose.');
});
