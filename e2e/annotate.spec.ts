// The issue's coder's day end to end in a real browser: 40 Spanish politicians' tweets, a three-label
// codebook, suggestions from the generated tiny model, then twenty documents coded with the keys
// only (accepts, changes by number and by hotkey, a skip, two undos, a reload in the middle and an
// undo across it), checked in Browse and through annotate.progress; a Browse row opens in Annotate;
// then CSV and NLI pairs exported and downloaded, and checked row by row against what the test did.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
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
/** The question's template, written by the test: each label's hypothesis is it with the label's name. */
const TEMPLATE = 'The sentiment of this tweet is {}.';

let modelsDir: string;
let modelDir: string;

test.beforeAll(() => {
  modelsDir = mkdtempSync(join(tmpdir(), 'prelabel-e2e-models-'));
  modelDir = makeTinyModel(join(modelsDir, 'prelabel-tiny'));
});

test.afterAll(() => {
  rmSync(modelsDir, { recursive: true, force: true });
});

/** The first 40 tweets with their own row number as id (the corpus' ids are Excel-mangled); returns
 * the texts written, by id. */
function writeTweets(path: string): Map<string, string> {
  const [, ...rows] = parseCsv(readFileSync(corpusFile('politicians_tweets_sentiment_en_es_el/es_combined.csv'), 'utf8'));
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const lines = rows.slice(0, DOCS).map((r, i) => [String(i + 1), quote(r[1]!), r[2]!].join(','));
  writeFileSync(path, ['tweet,text,sentiment', ...lines].join('\n') + '\n');
  return new Map(rows.slice(0, DOCS).map((r, i) => [String(i + 1), r[1]!]));
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
  await expect(page.getByTestId('browse-total')).toHaveText(`${DOCS} documents`, { timeout: 60_000 });

  await page.getByTestId('nav-codebook').click();
  await page.getByTestId('add-question').click();
  const form = page.getByTestId('question-form');
  await form.getByTestId('question-name').fill('Sentiment');
  await form.getByTestId('question-template').fill(TEMPLATE);
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
    async ([m, i]) =>
      (await fetch(`/api/call/${m}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(i) })).json(),
    [method, input] as const,
  );
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

/** Exports in the chosen format from the Export screen and downloads the data file and the
 * manifest through their links (the browser mode's authenticated route). */
async function exportAndDownload(page: Page, format: string): Promise<{ data: string; sha256: string; manifest: Record<string, unknown> }> {
  await page.getByTestId('export-format').selectOption(format);
  await page.getByTestId('export-start').click();
  const links = page.getByTestId('export-result').getByTestId('export-download');
  await expect(links).toHaveCount(2, { timeout: 30_000 });
  const read = async (index: number) => {
    const [download] = await Promise.all([page.waitForEvent('download'), links.nth(index).click()]);
    return readFileSync((await download.path())!);
  };
  const data = await read(0);
  const manifest = JSON.parse((await read(1)).toString('utf8')) as Record<string, unknown>;
  return { data: data.toString('utf8'), sha256: createHash('sha256').update(data).digest('hex'), manifest };
}

test('twenty documents coded by keyboard: accepts, changes, a skip, undos and a reload, checked in Browse and in the exported CSV and NLI pairs', async ({
  app: page,
}, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('tweets.csv');
  const texts = writeTweets(csv);
  await setUp(page, csv);

  await page.getByTestId('nav-annotate').click();
  await page.getByTestId('annotate-coder').fill('Ana');
  await expect(page.getByTestId('annotate-question').locator('option:checked')).toHaveText('Sentiment');
  await page.getByTestId('annotate-coder').press('Enter');

  const docShown = page.getByTestId('annotate-doc');
  const expectDoc = (id: number) => expect(docShown).toHaveAttribute('data-document-id', String(id));
  const chosen = page.locator('[data-testid=annotate-label][data-chosen=true]');
  const suggestedLabel = page.locator('[data-testid=annotate-label][data-suggested=true]');
  /** The final labels per document id (null: skipped). */
  const expected = new Map<number, string | null>();
  /** The suggestion on screen when each document was last decided: its label and shown percentage. */
  const suggested = new Map<number, { label: string; percent: string }>();
  /** Documents decided by Enter on the suggestion as it was, and those decided after a label key. */
  const how = new Map<number, 'accept' | 'change'>();
  const noteSet = new Map<number, string>();
  const noteSuggestion = async (id: number) => {
    await expect(suggestedLabel).toHaveCount(1);
    suggested.set(id, {
      label: (await suggestedLabel.getAttribute('data-label'))!,
      percent: (await suggestedLabel.getByTestId('annotate-score').textContent())!,
    });
  };
  const accept = async (id: number) => {
    await expectDoc(id);
    await noteSuggestion(id);
    const label = await chosen.getAttribute('data-label');
    await page.keyboard.press('Enter');
    await expect(docShown).not.toHaveAttribute('data-document-id', String(id));
    expected.set(id, label);
    how.set(id, 'accept');
  };
  const change = async (id: number, key: string, label: string) => {
    await expectDoc(id);
    await noteSuggestion(id);
    await page.keyboard.press(key);
    await expect(chosen).toHaveAttribute('data-label', label);
    await page.keyboard.press('Enter');
    await expect(docShown).not.toHaveAttribute('data-document-id', String(id));
    expected.set(id, label);
    how.set(id, 'change');
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
  noteSet.set(11, 'no 1 2 f');
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
  // Not among the items loaded after the reload: the core sends it as a queue item with its scores,
  // so it shows the suggestion and the new decision records it.
  await expect(page.getByTestId('annotate-suggestion')).toContainText('pre-selected');
  await expect(page.getByTestId('annotate-score')).toHaveText([/^\d+%$/, /^\d+%$/, /^\d+%$/]);
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
  await page.getByTestId('nav-browse').click();
  await expect(page.getByRole('button', { name: 'Browse' })).toHaveAttribute('aria-current', 'page');
  await page.getByTestId('browse-question').selectOption({ label: 'Sentiment' });
  const table = page.getByTestId('browse-table');
  const rowOf = (id: number) => table.locator(`[data-testid=doc-row][data-document-id="${id}"]`);
  /** Scrolls the virtual table to a document (in document order) so its row is rendered. */
  const scrollTo = (id: number) =>
    page.getByTestId('browse-scroll').evaluate((el, top) => (el.scrollTop = top), Math.max(0, (id - 3) * 56));
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
  await expect(page.getByTestId('browse-total')).toHaveText('19 documents');
  await page.getByTestId('filter-status').selectOption('skipped');
  await expect(page.getByTestId('browse-total')).toHaveText('1 document');
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

  // With a question chosen, Enter on the focused row codes it in Annotate and i shows its text here:
  // document 26, open, with its suggestion.
  await table.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowDown');
  await expect(table.locator('[data-testid=doc-row][aria-selected=true]')).toHaveAttribute('data-document-id', '26');
  await page.keyboard.press('i');
  await expect(page.getByTestId('doc-detail-decision')).toHaveText('Open');
  await expect(page.getByTestId('doc-detail-text')).toHaveText(texts.get('26')!);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('doc-detail')).toHaveCount(0);
  await table.focus();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('doc-detail-decision')).toHaveText('Open');
  await page.keyboard.press('Escape');
  await table.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('screen-annotate')).toBeVisible();
  await expectDoc(26);
  await expect(chosen).toHaveCount(1);
  await expect(page.getByTestId('annotate-suggestion')).toContainText('pre-selected');

  // A click on a row opens it in Annotate too: document 6, decided before the reload, so not among
  // the items loaded since; it shows its decision and the model's scores. Its details button stays
  // in Browse.
  await page.getByTestId('nav-browse').click();
  await scrollTo(6);
  await rowOf(7).getByTestId('doc-details').click();
  await expect(page.getByTestId('screen-browse')).toBeVisible();
  await expect(page.getByTestId('doc-detail-decision')).toHaveText(`${expected.get(7)} (by Ana)`);
  await rowOf(6).getByTestId('doc-text').click();
  await expect(page.getByTestId('screen-annotate')).toBeVisible();
  await expectDoc(6);
  await expect(page.getByTestId('annotate-decided')).toContainText(expected.get(6)!);
  await expect(chosen).toHaveAttribute('data-label', expected.get(6)!);
  await expect(page.getByTestId('annotate-score')).toHaveText([/^\d+%$/, /^\d+%$/, /^\d+%$/]);

  // ---- Export: CSV of the coded documents and NLI pairs, downloaded and checked row by row
  // against what the test did (expected, suggested, how, noteSet), not against the app's state. ----
  const coded = [...expected].filter((e): e is [number, string] => e[1] !== null);
  expect(coded).toHaveLength(19);
  await page.getByTestId('nav-export').click();
  await expect(page.getByTestId('screen-export')).toBeVisible();
  await expect(page.getByTestId('export-question').locator('option:checked')).toHaveText('Sentiment');
  await page.getByTestId('export-filter').selectOption('coded');

  const csvExport = await exportAndDownload(page, 'csv');
  await expect(page.getByTestId('export-rows')).toHaveText(`${coded.length} rows written.`);
  const rows = parse(csvExport.data, { columns: true }) as Record<string, string>[];
  // Every coded document once; the skipped one (8), the open ones and the two opened from Browse
  // without a decision since (26; 6 kept its earlier one) as the filter says: labels only.
  expect(rows.map((r) => r.id).sort()).toEqual(coded.map(([id]) => String(id)).sort());
  for (const [id, label] of coded) {
    const row = rows.find((r) => r.id === String(id))!;
    const shown = suggested.get(id)!;
    const outcome = label === shown.label ? 'accepted' : 'changed';
    // Enter on the pre-selected suggestion keeps it; a label key here always chose another label or
    // the same one again, which the export counts by what was chosen, not by the key.
    if (how.get(id) === 'accept') expect(outcome, `document ${id} was accepted`).toBe('accepted');
    expect(row, `document ${id}`).toMatchObject({
      text: texts.get(String(id))!,
      labels: label,
      decision: 'label',
      coder: 'Ana',
      suggestion: shown.label,
      suggestion_outcome: outcome,
      model_id: 'prelabel-tiny',
      note: noteSet.get(id) ?? '',
      flagged: id === 11 ? 'true' : 'false',
    });
    expect(`${Math.round(Number(row.suggestion_score) * 100)}%`, `document ${id}: the score shown`).toBe(shown.percent);
    expect(row.model_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Number.isNaN(Date.parse(row.decided_at!))).toBe(false);
    expect(Number(row.seconds)).toBeGreaterThanOrEqual(0);
  }
  // The changes by key: at least one chose a label other than the suggestion.
  expect(coded.filter(([id, label]) => how.get(id) === 'change' && label !== suggested.get(id)!.label).length).toBeGreaterThan(0);
  const perLabel = LABELS.map((l) => ({ label: l.name, count: coded.filter(([, label]) => label === l.name).length }));
  expect(csvExport.manifest).toMatchObject({
    format: 'csv',
    filter: 'coded',
    counts: { rows: coded.length, documents: coded.length, perLabel, decisions: { label: coded.length, skip: 0, not_codable: 0, open: 0 } },
  });
  const csvFiles = csvExport.manifest.files as { name: string; sha256: string }[];
  expect(csvFiles.map((f) => f.name)).toEqual(['Sentiment.csv']);
  expect(csvFiles[0]!.sha256).toBe(csvExport.sha256);

  await page.getByTestId('export-result').getByRole('button', { name: 'Dismiss' }).click();
  // Every label of every coded document in one file: no test split, all not_entailment pairs.
  await page.getByTestId('export-format').selectOption('nli');
  await page.getByTestId('export-test-fraction').fill('0');
  await page.getByTestId('export-nli-negatives').selectOption('all');
  const nliExport = await exportAndDownload(page, 'nli');
  await expect(page.getByTestId('export-rows')).toHaveText(`${coded.length * LABELS.length} NLI pairs written.`);
  await shoot(page, 'export');
  const pairs = nliExport.data
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; premise: string; hypothesis: string; label: string; label_name: string });
  expect(pairs).toHaveLength(coded.length * LABELS.length);
  for (const [id, label] of coded) {
    for (const l of LABELS) {
      const matching = pairs.filter((p) => p.id === String(id) && p.label_name === l.name);
      expect(matching, `document ${id}, ${l.name}`).toEqual([
        {
          id: String(id),
          premise: texts.get(String(id))!,
          hypothesis: TEMPLATE.replace('{}', l.name),
          label: l.name === label ? 'entailment' : 'not_entailment',
          label_name: l.name,
        },
      ]);
    }
  }
  expect(nliExport.manifest).toMatchObject({
    format: 'nli',
    filter: 'coded',
    counts: { rows: coded.length * LABELS.length, documents: coded.length, perLabel },
  });
  expect((nliExport.manifest.files as { sha256: string }[])[0]!.sha256).toBe(nliExport.sha256);
});
