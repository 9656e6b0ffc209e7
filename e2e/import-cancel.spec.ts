// Long imports show their progress and can be cancelled, leaving nothing behind.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { expect, test } from './fixtures';
import { shoot } from './support/screens';

/** Big enough that reading it takes seconds on a slow machine: about 60 MB. */
const ROWS = 200_000;

async function writeBigCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('id,text,source\n');
  const filler = 'Die Debatte über den Haushalt dauerte bis spät in die Nacht, und niemand wollte nachgeben. '.repeat(3);
  for (let i = 1; i <= ROWS; i++) {
    if (!out.write(`r${i},"${i}: ${filler}",generated\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

test('a running import shows its progress and can be cancelled without storing anything', async ({ app: page }, testInfo) => {
  test.slow();
  const file = testInfo.outputPath('big.csv');
  await writeBigCsv(file);

  await page.getByTestId('new-project-name').fill('Cancelled import');
  await page.getByTestId('create-project').click();
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.getByTestId('import-preview')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('id-column')).toHaveValue('id');
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText('200,000 rows read.', { timeout: 60_000 });

  await page.getByTestId('start-import').click();
  const progress = page.getByTestId('import-progress');
  await expect(progress).toContainText(/Reading big\.csv: .* of .*MB/);
  await shoot(page, 'import-progress', { height: 1000 });
  await page.getByTestId('cancel-import').click();

  await expect(page.getByTestId('import-notice')).toContainText('Import cancelled. Nothing was stored.');
  await expect(progress).toHaveCount(0);
  await expect(page.getByTestId('start-import')).toBeEnabled();
  await expect(page.getByTestId('project-document-count')).toHaveText('0 documents');
  await page.getByTestId('nav-browse').click();
  await expect(page.getByTestId('browse-empty')).toBeVisible();
});
