// Issue 10, bug 4 in a real browser: Browse says "search is still being built" while the project's
// full-text index is incomplete (an index step was killed and another window still builds the rest,
// here played by this test holding that import's lock), and once that window is gone the core takes
// the index over, completes it, and the search finds every document.
import Database from 'better-sqlite3';
import { existsSync, unlinkSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const ROWS = 30;

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

test('bug 4: Browse says search is still being built, and finds every document once the index is complete', async ({
  app: page,
}, testInfo) => {
  const csv = testInfo.outputPath('texts.csv');
  writeFileSync(
    csv,
    ['id,text', ...Array.from({ length: ROWS }, (_, i) => `${i + 1},"A zeppelin over town number ${i + 1}"`)].join('\n') + '\n',
  );
  await page.getByTestId('new-project-name').fill('Airships');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(csv);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  const textColumn = (column: string) => page.locator(`[data-testid=text-column][value="${column}"]`);
  if (!(await textColumn('text').isChecked())) await textColumn('text').check();
  if (await textColumn('id').isChecked()) await textColumn('id').uncheck();
  await page.getByTestId('check-file').click();
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('browse-total')).toHaveText(`${ROWS} documents`, { timeout: 60_000 });
  await expect(page.getByTestId('search-index-notice')).toHaveCount(0);

  const { path } = await call<{ path: string }>(page, 'project.current', {});
  const { imports } = await call<{ imports: { id: string }[] }>(page, 'project.stats', {});
  await page.getByTestId('close-project').click();
  await expect(page.getByTestId('header-project')).toHaveText('No project open');

  // As a kill during the index step leaves the file, while another window still holds the import.
  const db = new Database(path);
  db.exec('DELETE FROM documents_fts');
  db.prepare('UPDATE imports SET search_indexed = 0, search_indexed_through = 0 WHERE id = ?').run(imports[0]!.id);
  db.close();
  const lockPath = `${path}-import-${imports[0]!.id}.lock`;
  const lock = new Database(lockPath);
  lock.pragma('journal_mode = MEMORY');
  lock.pragma('locking_mode = EXCLUSIVE');
  lock.exec('BEGIN EXCLUSIVE; COMMIT');

  await page.getByTestId('open-project-path').fill(path);
  await page.getByTestId('open-project').click();
  await page.getByTestId('nav-browse').click();
  const notice = page.getByTestId('search-index-notice');
  await expect(notice).toHaveText(`Search is still being built: ${ROWS} of ${ROWS} documents cannot be found by search yet.`);
  await page.getByTestId('browse-search').fill('zeppelin');
  await expect(page.getByTestId('browse-no-match')).toBeVisible();

  // The other window goes away: the core takes the index over and Browse asks its search again.
  lock.close();
  unlinkSync(lockPath);
  await expect(notice).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByTestId('browse-total')).toHaveText(`${ROWS} documents`);
  expect(existsSync(lockPath)).toBe(false);
  expect(await call(page, 'project.searchState', {})).toEqual({ complete: true, pending: 0, total: ROWS, building: false });
});
