// Coding by keyboard end to end in a real browser: 40 Spanish politicians' tweets, a three-label
// codebook, suggestions from the generated tiny model, then twenty documents coded with the keys
// only (accepts, changes by number and by hotkey, a skip, two undos, a reload in the middle and an
// undo across it), checked in Browse and through annotate.progress; a Browse row opens in Annotate.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { corpusFile, expect, test } from './fixtures';
import { parseCsv } from './support/csv';
import { makeTinyModel } from './support/nli';
import { shoot } from './support/screens';

const DOCS = 40;
const LABELS = [
  { name: 'negative', hotkey: 'j' },
  { name: 'neutral', hotkey: 'k' },
  { name: 'positive', hotkey: 'l' },
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

/** The first 40 tweets with their own row number as id (the corpus' ids are Excel-mangled). */
function writeTweets(path: string): void {
  const [, ...rows] = parseCsv(readFileSync(corpusFile('politicians_tweets_sentiment_en_es_el/es_combined.csv'), 'utf8'));
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const lines = rows.slice(0, DOCS).map((r, i) => [String(i + 1), quote(r[1]!), r[2]!].join(','));
  writeFileSync(path, ['tweet,text,sentiment', ...lines].join('\n') + '\n');
}

async function setUp(page: Page, csv: string) {
  await page.getByTestId('new-project-name').fill('Tweets');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(csv);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  const textColumn = (name: string) => page.locator(`[data-testid=text-column][value="${name}"]`);
  if (!(await textColumn('text').isChecked())) await textColumn('text').check();
  for (const name of ['tweet', 'sentiment']) if (await textColumn(name).isChecked()) await textColumn(name).uncheck();
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText(`${DOCS} rows read.`);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('documents-total')).toHaveText(`${DOCS} documents`, { timeout: 60_000 });

  await page.getByTestId('nav-codebook').click();
  await page.getByTestId('add-question').click();
  const form = page.getByTestId('question-form');
  await form.getByTestId('question-name').fill('Sentiment');
  for (const label of LABELS) {
    await form.getByTestId('add-label').click();
    const item = form.getByTestId('label-item').last();
    await item.getByTestId('label-name').fill(label.name);
    await item.getByTestId('label-hotkey').fill(label.hotkey);
  }
  await page.getByTestId('save-codebook').click();
  await expect(page.getByTestId('codebook-notice')).toHaveText(/Codebook saved\./);

  await page.getByTestId('nav-models').click();
  await page.getByTestId('model-folder').fill(modelDir);
  await page.getByTestId('model-add').click();
  await expect(page.getByTestId('model-id')).toHaveText('prelabel-tiny');
  await page.getByTestId('nav-prelabel').click();
  await expect(page.getByTestId('prelabel-question').locator('option:checked')).toHaveText('Sentiment');
  await page.getByTestId('prelabel-start').click();
  await expect(page.getByTestId('prelabel-status')).toHaveText('Done', { timeout: 60_000 });
}

/** Calls the core as the page does (browser mode: same origin, the session cookie). */
async function call<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([m, i]) => (await fetch(`/api/call/${m}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(i) })).json(),
    [method, input] as const,
  );
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

test('twenty documents coded by keyboard: accepts, changes, a skip, undos and a reload, checked in Browse', async ({ app: page }, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('tweets.csv');
  writeTweets(csv);
  await setUp(page, csv);

  await page.getByTestId('nav-annotate').click();
  await page.getByTestId('annotate-coder').fill('Ana');
  await expect(page.getByTestId('annotate-question').locator('option:checked')).toHaveText('Sentiment');
  await page.getByTestId('annotate-coder').press('Enter');

  const docShown = page.getByTestId('annotate-doc');
  const expectDoc = (id: number) => expect(docShown).toHaveAttribute('data-document-id', String(id));
  const chosen = page.locator('[data-testid=annotate-label][data-chosen=true]');
  /** The final labels per document id (null: skipped). */
  const expected = new Map<number, string | null>();
  const accept = async (id: number) => {
    await expectDoc(id);
    const label = await chosen.getAttribute('data-label');
    await page.keyboard.press('Enter');
    await expect(docShown).not.toHaveAttribute('data-document-id', String(id));
    expected.set(id, label);
  };
  const change = async (id: number, key: string, label: string) => {
    await expectDoc(id);
    await page.keyboard.press(key);
    await expect(chosen).toHaveAttribute('data-label', label);
    await page.keyboard.press('Enter');
    await expect(docShown).not.toHaveAttribute('data-document-id', String(id));
    expected.set(id, label);
  };

  await expectDoc(1);
  await expect(page.getByTestId('annotate-suggestion')).toContainText('pre-selected');
  await expect(chosen).toHaveCount(1);
  await expect(page.getByTestId('annotate-score')).toHaveText([/^\d+%$/, /^\d+%$/, /^\d+%$/]);
  await page.evaluate(() => ((window as unknown as { __PRELABEL_PERF__: boolean }).__PRELABEL_PERF__ = true));
  for (let id = 1; id <= 5; id++) await accept(id);
  await change(6, '1', 'negative');
  await change(7, 'l', 'positive');
  await expectDoc(8);
  await page.keyboard.press(' ');
  await expectDoc(9);
  expected.set(8, null);
  await accept(9);
  await accept(10);
  expect(await page.evaluate(() => performance.getEntriesByName('annotate:commit').length)).toBeGreaterThanOrEqual(9);

  // Two undos: back to 10, then to 9, each with the labels it had.
  await expectDoc(11);
  await page.keyboard.press('Backspace');
  await expectDoc(10);
  await expect(chosen).toHaveAttribute('data-label', expected.get(10)!);
  await page.keyboard.press('Control+z');
  await expectDoc(9);
  await change(9, '2', 'neutral');
  await accept(10); // the document shown before the undos comes back next
  // The ? overlay lists the keys; Escape closes it. The note field takes keys as text.
  await page.keyboard.press('?');
  await expect(page.getByTestId('annotate-help')).toContainText('Skip the document');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('annotate-help')).toHaveCount(0);
  await page.keyboard.press('n');
  await page.keyboard.type('no 1 2 f');
  await expect(page.getByTestId('annotate-note')).toHaveValue('no 1 2 f');
  await page.keyboard.press('Escape');
  await page.keyboard.press('f');
  await expect(page.getByTestId('annotate-flagged')).toBeVisible();
  await accept(11);
  await accept(12);
  await expectDoc(13);
  await shoot(page, 'annotate');

  // A reload: the session goes on where the queue stands, and the decision before it can be undone.
  await page.reload();
  await expectDoc(13);
  await page.keyboard.press('Backspace');
  await expectDoc(12);
  await expect(chosen).toHaveAttribute('data-label', expected.get(12)!);
  await accept(12);
  for (let id = 13; id <= 20; id++) await accept(id);
  await expectDoc(21);

  // ---- The core's count. ----
  const codebook = await call<{ questions: { id: string; name: string }[] }>(page, 'codebook.get', {});
  const questionId = codebook.questions.find((q) => q.name === 'Sentiment')!.id;
  const progress = await call<{ total: number; decided: number; skipped: number }>(page, 'annotate.progress', { questionId });
  expect(progress).toMatchObject({ total: DOCS, decided: 19, skipped: 1 });
  await expect(page.getByTestId('annotate-progress-bar')).toContainText(`20 of ${DOCS} documents done`);

  // ---- Browse: every document's state. ----
  await page.getByTestId('nav-documents').click();
  await expect(page.getByRole('button', { name: 'Browse' })).toHaveAttribute('aria-current', 'page');
  await page.getByTestId('documents-question').selectOption({ label: 'Sentiment' });
  const table = page.getByTestId('documents-table');
  const rowOf = (id: number) => table.locator(`[data-testid=doc-row][data-document-id="${id}"]`);
  /** Scrolls the virtual table to a document (in document order) so its row is rendered. */
  const scrollTo = (id: number) => page.getByTestId('documents-scroll').evaluate((el, top) => (el.scrollTop = top), Math.max(0, (id - 3) * 56));
  for (const [id, label] of expected) {
    await scrollTo(id);
    await expect(rowOf(id).getByTestId('doc-status')).toHaveAttribute('data-status', label === null ? 'skipped' : 'decided');
    await expect(rowOf(id).getByTestId('doc-label')).toContainText(label ?? '');
    await expect(rowOf(id).getByTestId('doc-coder')).toHaveText('Ana');
  }
  await scrollTo(11);
  await expect(rowOf(11).getByTestId('doc-flag')).toHaveAttribute('data-flagged', 'true');
  await scrollTo(21);
  await expect(rowOf(21).getByTestId('doc-status')).toHaveAttribute('data-status', 'open');
  await page.getByTestId('filter-status').selectOption('decided');
  await expect(page.getByTestId('documents-total')).toHaveText('19 documents');
  await page.getByTestId('filter-status').selectOption('skipped');
  await expect(page.getByTestId('documents-total')).toHaveText('1 document');
  await expect(rowOf(8)).toBeVisible();
  await page.getByTestId('filter-status').selectOption('any');
  await page.getByTestId('filter-label').selectOption({ label: 'negative' });
  await expect(rowOf(6)).toBeVisible();
  await page.getByTestId('filter-label').selectOption('');
  await page.getByTestId('sort-confidence').click();
  await expect(table.getByRole('columnheader', { name: /Suggestion/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByTestId('sort-document').click();
  await expect(table.getByRole('columnheader', { name: /Id/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(rowOf(1)).toHaveAttribute('data-index', '0');
  await shoot(page, 'browse');

  // A row opens in Annotate (Ctrl+Enter on the selected row): document 26, with its suggestion.
  await table.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowDown');
  await expect(table.locator('[data-testid=doc-row][aria-selected=true]')).toHaveAttribute('data-document-id', '26');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('screen-annotate')).toBeVisible();
  await expectDoc(26);
  await expect(chosen).toHaveCount(1);
});
