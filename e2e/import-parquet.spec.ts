// Parquet end to end in the browser mode: a Parquet file made at test time from French MARC reviews
// (with a nested column of tokens, as Hugging Face datasets have) is previewed like a workbook,
// refused with the nested column as the text, checked and imported with the reviews as the text;
// then a few decisions are written into the project's log and the Export screen writes Parquet,
// downloaded and read back by an independent Parquet reader (arrow-rs in parquet-wasm).
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Field, List, Table, Utf8, vectorFromArray } from 'apache-arrow';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { readArrowParquet, writeArrowParquet } from '../main/core/test-support/parquet-files';
import { corpusFile, expect, test } from './fixtures';
import { call } from './support/several-coders';

const MARC_FR = 'marc_amazon_reviews/test-fr.csv';
const ROWS = 1200;

test('a Parquet file is previewed, checked and imported, and the Export screen writes Parquet', async ({ app: page }, testInfo) => {
  test.slow();
  const reviews = (parse(readFileSync(corpusFile(MARC_FR))) as string[][]).slice(0, ROWS);
  mkdirSync(testInfo.outputDir, { recursive: true });
  const path = join(testInfo.outputDir, 'avis.parquet');
  writeArrowParquet(
    path,
    new Table({
      review_id: vectorFromArray(
        reviews.map((r) => `fr-${r[0]}`),
        new Utf8(),
      ),
      review: vectorFromArray(
        reviews.map((r) => r[1]!),
        new Utf8(),
      ),
      stars: vectorFromArray(
        reviews.map((r) => r[2]!),
        new Utf8(),
      ),
      tokens: vectorFromArray(
        reviews.map((r) => r[1]!.split(' ').slice(0, 3)),
        new List(new Field('item', new Utf8(), true)),
      ),
    }),
    { codec: 'zstd', rowGroupRows: 500 },
  );

  await page.getByTestId('new-project-name').fill('Parquet');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();

  // ---- The preview: read as Parquet, no encoding or delimiter to choose, the header as column names. ----
  await page.getByTestId('file-input').setInputFiles(path);
  await expect(page.getByTestId('import-preview').getByRole('heading', { level: 2 })).toContainText('avis.parquet');
  await expect(page.getByTestId('format')).toHaveValue('parquet');
  await expect(page.getByTestId('format').locator('option:checked')).toHaveText('Parquet (.parquet) (detected)');
  for (const control of ['encoding', 'delimiter', 'quote', 'sheet', 'has-header']) await expect(page.getByTestId(control)).toHaveCount(0);
  await expect(page.getByTestId('preview-table').locator('thead th')).toHaveText(['review_id', 'review', 'stars', 'tokens']);
  const firstRow = page.getByTestId('preview-row').first().getByTestId('preview-cell');
  await expect(firstRow.nth(1)).toHaveText(reviews[0]![1]!);
  await expect(firstRow.nth(3)).toHaveText(JSON.stringify(reviews[0]![1]!.split(' ').slice(0, 3)));

  // ---- The nested column as the text is refused with a message naming it. ----
  const textColumn = (name: string) => page.locator(`[data-testid=text-column][value="${name}"]`);
  await expect(textColumn('review')).toBeChecked();
  await textColumn('tokens').check();
  await textColumn('review').uncheck();
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('import-error')).toContainText('The column "tokens" holds lists (a nested column)');
  await page.getByTestId('import-error').getByRole('button', { name: 'Dismiss' }).click();

  // ---- Mapped right: checked, imported, every review stored. ----
  await textColumn('review').check();
  await textColumn('tokens').uncheck();
  await page.getByTestId('id-column').selectOption('review_id');
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText(`${ROWS.toLocaleString('en')} rows read.`);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('import-result')).toContainText(`Imported ${ROWS.toLocaleString('en')} documents from avis.parquet.`, {
    timeout: 60_000,
  });
  await expect(page.getByTestId('browse-total')).toHaveText(`${ROWS.toLocaleString('en')} documents`);

  // ---- A question and three decisions, then the Parquet export from the Export screen. ----
  const projectPath = (await call<{ path: string }>(page, 'project.current', {})).path;
  const codebook = await call<{ questions: { id: string; labels: { id: string; name: string }[] }[] }>(page, 'codebook.set', {
    questions: [{ name: 'Ton', template: 'The review is {}.', labels: [{ name: 'positive' }, { name: 'négative' }] }],
  });
  const question = codebook.questions[0]!;
  const db = new Database(projectPath);
  try {
    db.pragma('busy_timeout = 5000');
    const coder = randomUUID();
    db.prepare("INSERT INTO coders (id, name, created_at) VALUES (?, 'e2e coder', ?)").run(coder, new Date().toISOString());
    const docs = db.prepare('SELECT id FROM documents ORDER BY row_number LIMIT 3').pluck().all() as number[];
    docs.forEach((doc, i) =>
      db
        .prepare(
          "INSERT INTO annotations (id, document_id, question_id, coder_id, kind, label_ids, suggestion_score, created_at) VALUES (?, ?, ?, ?, 'label', ?, ?, ?)",
        )
        .run(
          randomUUID(),
          doc,
          question.id,
          coder,
          JSON.stringify([question.labels[i % 2]!.id]),
          0.5 + i / 10,
          new Date(Date.UTC(2026, 2, 1, 9, 0, i)).toISOString(),
        ),
    );
  } finally {
    db.close();
  }

  // The page loaded the (empty) codebook when the project opened: a reload reads the new one.
  await page.reload();
  await page.getByTestId('nav-export').click();
  await expect(page.getByTestId('screen-export')).toBeVisible();
  await page.getByTestId('export-format').selectOption('parquet');
  await expect(page.getByTestId('export-format-hint')).toContainText('pandas');
  await page.getByTestId('export-start').click();
  const result = page.getByTestId('export-result');
  await expect(result).toBeVisible();
  await expect(page.getByTestId('export-rows')).toHaveText('3 rows written.');
  const links = result.getByTestId('export-download');
  await expect(links).toHaveCount(2);
  const [download] = await Promise.all([page.waitForEvent('download'), links.nth(0).click()]);
  expect(download.suggestedFilename()).toBe('Ton.parquet');
  const table = readArrowParquet(readFileSync((await download.path())!));
  const rows = table.toArray().map((r) => r.toJSON() as Record<string, unknown>);
  expect(rows.map((r) => [r.id, r.text, r.labels, r.meta_stars])).toEqual(
    reviews.slice(0, 3).map((r, i) => [`fr-${r[0]}`, r[1], i % 2 ? 'négative' : 'positive', r[2]]),
  );
  expect(rows.map((r) => r.suggestion_score)).toEqual([0.5, 0.6, 0.7]);
  expect(String(table.schema.fields.find((f) => f.name === 'decided_at')!.type)).toBe('Timestamp<MILLISECOND, UTC>');
});
