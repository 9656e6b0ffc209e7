// Pre-labelling end to end in a real browser with the generated tiny model: a codebook made in the
// Codebook screen (a hotkey clash refused with the core's sentence), the model added in Models, a
// run whose suggestions appear in the Documents table while it goes, paused (and really still) and
// resumed to the end, the NLI playground, and the stale warning after a template change.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { shoot } from './support/screens';
import { makeTinyModel, writeNewsCsv } from './support/nli';

/** Enough that the run lasts seconds on the tiny model (about 15 s on two cores), so it can be
 * watched and paused. */
const DOCS = 2000;
const LABELS = [
  { name: 'World', code: '1', hotkey: 'w' },
  { name: 'Sports', code: '2', hotkey: 's' },
  { name: 'Business', code: '3', hotkey: 'b' },
  { name: 'Science', code: '4', hotkey: 't', hypothesis: 'This text is about science or technology.' },
];

let modelsDir: string;
let modelDir: string;

test.beforeAll(() => {
  modelsDir = mkdtempSync(join(tmpdir(), 'prelabel-e2e-models-'));
  modelDir = makeTinyModel(join(modelsDir, 'prelabel-tiny'));
});

test.afterAll(() => {
  rmSync(modelsDir, { recursive: true, force: true });
});

async function importNews(page: Page, file: string) {
  await page.getByTestId('new-project-name').fill('AG News topics');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  const textColumn = (name: string) => page.locator(`[data-testid=text-column][value="${name}"]`);
  for (const name of ['title', 'description']) if (!(await textColumn(name).isChecked())) await textColumn(name).check();
  if (await textColumn('topic').isChecked()) await textColumn('topic').uncheck();
  await page.getByTestId('gold-column').selectOption('topic');
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText(`${DOCS.toLocaleString('en')} rows read.`);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('screen-browse')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('browse-total')).toHaveText(`${DOCS.toLocaleString('en')} documents`);
  await page.getByTestId('import-result').getByRole('button', { name: 'Dismiss' }).click();
}

async function fillLabel(item: Locator, label: (typeof LABELS)[number]) {
  await item.getByTestId('label-name').fill(label.name);
  await item.getByTestId('label-code').fill(label.code);
  await item.getByTestId('label-hotkey').fill(label.hotkey);
  if (label.hypothesis) await item.getByTestId('label-hypothesis').fill(label.hypothesis);
}

/** The values of a list of inputs. */
const valuesOf = (inputs: Locator) => () => inputs.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));

/** The number in "123 of 1,000 documents scored". */
async function scoredSoFar(progress: Locator): Promise<number> {
  const text = (await progress.textContent()) ?? '';
  const m = /([\d,]+) of [\d,]+ documents? scored/.exec(text);
  if (!m) throw new Error(`No progress in "${text}"`);
  return Number(m[1]!.replace(/,/g, ''));
}

test('a pre-label run with the tiny model: suggestions appear while it goes, it pauses, resumes and finishes', async ({
  app: page,
}, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('ag-news.csv');
  const news = writeNewsCsv(csv, DOCS);
  await importNews(page, csv);

  // ---- Codebook: one question, four labels, a hotkey clash refused by the core. ----
  await page.getByTestId('nav-codebook').click();
  await expect(page.getByTestId('screen-codebook')).toBeVisible();
  await page.getByTestId('add-question').click();
  const form = page.getByTestId('question-form');
  await form.getByTestId('question-name').fill('Topic');
  await expect(form.getByTestId('question-template')).toHaveValue('This text is about {}.');
  for (const label of LABELS) {
    await form.getByTestId('add-label').click();
    const item = form.getByTestId('label-item').last();
    await expect(item.getByTestId('label-name')).toBeFocused();
    await fillLabel(item, label);
  }
  const items = form.getByTestId('label-item');
  await expect(items.getByTestId('label-preview')).toHaveText([
    'This text is about World.',
    'This text is about Sports.',
    'This text is about Business.',
    'This text is about science or technology.',
  ]);
  // Reordering: Business up and back down again.
  await items.nth(2).getByTestId('label-up').click();
  await expect.poll(valuesOf(items.getByTestId('label-name'))).toEqual(['World', 'Business', 'Sports', 'Science']);
  await items.nth(1).getByTestId('label-down').click();
  await expect.poll(valuesOf(items.getByTestId('label-name'))).toEqual(['World', 'Sports', 'Business', 'Science']);

  // Two labels on one key: the core refuses and says which.
  await items.nth(1).getByTestId('label-hotkey').fill('w');
  await page.getByTestId('save-codebook').click();
  await expect(page.getByTestId('codebook-error')).toContainText('Labels "World" and "Sports" of "Topic" both have the hotkey "w"');
  await items.nth(1).getByTestId('label-hotkey').fill('s');
  await page.getByTestId('save-codebook').click();
  await expect(page.getByTestId('codebook-notice')).toHaveText(/Codebook saved\./);
  await expect(page.getByTestId('codebook-error')).toHaveCount(0);
  await expect(page.getByTestId('question-item')).toHaveText(['Topic4 labels']);
  await page.getByTestId('screen-codebook').evaluate((el) => (el.scrollTop = 0));
  await shoot(page, 'codebook', { height: 1360 });

  // ---- The model: none yet, so the pre-label screen leads to Models, where the tiny model is added. ----
  await page.getByTestId('nav-prelabel').click();
  await expect(page.getByTestId('model-line-none')).toBeVisible();
  await expect(page.getByTestId('prelabel-start')).toBeDisabled();
  await page.getByTestId('model-line-go').click();
  await expect(page.getByTestId('screen-models')).toBeVisible();
  await page.getByTestId('model-folder').fill(modelDir);
  await page.getByTestId('model-add').click();
  await expect(page.getByTestId('model-id')).toHaveText('prelabel-tiny');
  await expect(page.getByTestId('model-path-shown')).toHaveText(modelDir);
  await expect(page.getByTestId('model-sha')).toHaveText(/^[0-9a-f]{12}$/);
  await expect(page.getByTestId('model-add-error')).toHaveCount(0);
  await page.getByTestId('nav-prelabel').click();
  await expect(page.getByTestId('model-line-id')).toHaveText('prelabel-tiny');

  // ---- The run: started here, watched in the Documents table, paused, resumed. ----
  await expect(page.getByTestId('prelabel-question')).toHaveValue(/.+/);
  await expect(page.getByTestId('prelabel-question').locator('option:checked')).toHaveText('Topic');
  await expect(page.getByTestId('prelabel-status')).toHaveText('Not run yet');
  await page.getByTestId('prelabel-start').click();
  await expect(page.getByTestId('prelabel-status')).toHaveText('Running');

  // Straight to the table: suggestions come in while the run goes, the rows in view first.
  await page.getByTestId('nav-browse').click();
  const table = page.getByTestId('browse-table');
  await expect(page.getByTestId('browse-question').locator('option:checked')).toHaveText('Topic');
  await expect(table.getByRole('columnheader', { name: 'Suggestion' })).toBeVisible();
  const strip = page.getByTestId('prelabel-strip');
  const scored = table.locator('[data-testid=doc-suggestion][data-scored=true]');
  await expect(scored.first()).toBeVisible();
  await expect(strip.getByTestId('prelabel-status')).toHaveText('Running');
  await expect(scored.first()).toHaveText(new RegExp(`^(${LABELS.map((l) => l.name).join('|')})\\s*\\d+%$`));
  await strip.getByTestId('prelabel-pause').click();
  await expect(strip.getByTestId('prelabel-status')).toHaveText('Paused');
  const stripProgress = strip.getByTestId('prelabel-progress');
  const atPause = await scoredSoFar(stripProgress);
  expect(atPause).toBeGreaterThan(0);
  expect(atPause).toBeLessThan(DOCS);
  // Paused means still: nothing more is scored.
  await page.waitForTimeout(1500);
  expect(await scoredSoFar(stripProgress)).toBe(atPause);
  await expect(table.locator('[data-testid=doc-suggestion][data-scored=true]').first()).toBeVisible();

  // Resumed, the run goes on where it stopped; the pre-label screen shows its speed and time left.
  await strip.getByTestId('prelabel-resume').click();
  await expect(strip.getByTestId('prelabel-status')).toHaveText('Running');
  await page.getByTestId('nav-prelabel').click();
  await expect(page.getByTestId('prelabel-status')).toHaveText('Running');
  const progress = page.getByTestId('prelabel-progress');
  await expect(progress).toContainText(/pairs\/s · (a few seconds|less than a minute|about \d+ min) left/);
  expect(await scoredSoFar(progress)).toBeGreaterThanOrEqual(atPause);
  await shoot(page, 'prelabel');

  // Done: every document is scored, and the table shows a suggestion down to the last row.
  await expect(page.getByTestId('prelabel-status')).toHaveText('Done', { timeout: 120_000 });
  await expect(page.getByTestId('count-documents')).toHaveText(DOCS.toLocaleString('en'));
  await expect(page.getByTestId('count-scored')).toHaveText(DOCS.toLocaleString('en'));
  await expect(page.getByTestId('count-stale')).toHaveText('0');
  await expect(page.getByTestId('prelabel-stale')).toHaveCount(0);
  await expect(progress).toContainText(`${DOCS.toLocaleString('en')} of ${DOCS.toLocaleString('en')} documents scored`);
  await page.getByTestId('nav-browse').click();
  await expect(strip).toHaveCount(0);
  await table.focus();
  await page.keyboard.press('End');
  const lastRow = table.locator(`[data-testid=doc-row][data-index="${DOCS - 1}"]`);
  await expect(lastRow.getByTestId('doc-suggestion')).toHaveAttribute('data-scored', 'true');
  await page.keyboard.press('Home');
  // With a question chosen Enter codes the row in Annotate; i shows its whole text here.
  await page.keyboard.press('i');
  const detail = page.getByTestId('doc-detail');
  await expect(detail.getByTestId('doc-detail-gold')).toHaveText(news[0]!.topic);
  await expect(detail.getByTestId('doc-detail-suggestion')).toHaveText(/^(World|Sports|Business|Science)\s*\d+(\.\d)?%$/);
  await expect(detail.getByTestId('doc-detail-text')).toHaveAttribute('data-complete', 'true');
  await expect(detail.getByTestId('doc-detail-text')).toContainText(news[0]!.title);
  await shoot(page, 'documents-suggestions');

  // ---- The playground: three probabilities that add up to 100%. ----
  await page.getByTestId('nav-playground').click();
  await page.getByTestId('playground-premise').fill(`${news[1]!.title} ${news[1]!.description}`);
  await page.getByTestId('playground-from-codebook').selectOption({ label: 'Topic: Science — This text is about science or technology.' });
  await expect(page.getByTestId('playground-hypothesis')).toHaveValue('This text is about science or technology.');
  await page.getByTestId('playground-run').click();
  const values = page.getByTestId('playground-result').getByTestId('prob-value');
  await expect(values).toHaveCount(3);
  const percents = (await values.allTextContents()).map((v) => Number(v.replace('%', '')));
  for (const p of percents) expect(p).toBeGreaterThanOrEqual(0);
  expect(Math.abs(percents.reduce((a, b) => a + b, 0) - 100)).toBeLessThan(0.25);
  await shoot(page, 'playground');

  // ---- A new template makes every prediction stale, and the screens say so. ----
  await page.getByTestId('nav-codebook').click();
  await page.getByTestId('question-template').fill('This news story is about {}.');
  await expect(page.getByTestId('label-preview').first()).toHaveText('This news story is about World.');
  await page.getByTestId('save-codebook').click();
  await expect(page.getByTestId('codebook-notice')).toBeVisible();
  await page.getByTestId('nav-prelabel').click();
  await expect(page.getByTestId('prelabel-stale')).toHaveText(
    `The hypotheses or the model changed since ${DOCS.toLocaleString('en')} documents were scored: run again to update them.`,
  );
  await expect(page.getByTestId('count-scored')).toHaveText('0');
  await expect(page.getByTestId('prelabel-start')).toHaveText('Run again');
  await page.getByTestId('nav-browse').click();
  await expect(table.locator('[data-testid=doc-suggestion]').first()).toHaveAttribute('data-scored', 'false');
});
