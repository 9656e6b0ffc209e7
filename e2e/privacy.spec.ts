// True deletion in the browser: Browse deletes the documents a search finds and then a selected
// document, each after the core's counts and a typed confirmation; the marker texts are then in no
// byte of the project file, its -wal or -shm; the confirmation passes axe in both themes.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { expect, test } from './fixtures';
import { call, expectAccessible } from './support/several-coders';

function markerCount(projectPath: string, marker: string): number {
  const dir = dirname(projectPath);
  const files = readdirSync(dir)
    .filter((n) => n === basename(projectPath) || n.startsWith(`${basename(projectPath)}-`))
    .map((n) => join(dir, n));
  const backups = `${projectPath}.backups`;
  if (existsSync(backups)) for (const n of readdirSync(backups)) files.push(join(backups, n));
  let count = 0;
  for (const f of files) {
    const bytes = readFileSync(f);
    for (let at = bytes.indexOf(marker); at !== -1; at = bytes.indexOf(marker, at + 1)) count++;
  }
  return count;
}

test('Browse deletes the documents a search finds and a selected document for good, after a typed confirmation', async ({
  app: page,
}, testInfo) => {
  await page.getByTestId('new-project-name').fill('Private');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('project-name')).toHaveText('Private');
  const csv = testInfo.outputPath('private.csv');
  writeFileSync(
    csv,
    'id,text\np1,"E2EMARKONE confidential interview about housing"\np2,"A public speech on rail fares"\np3,"E2EMARKTWO confidential interview about wages"\np4,"Budget debate in parliament"\np5,"DELMARK single document to delete"\np6,"Another public text"\n',
  );
  await page.getByTestId('file-input').setInputFiles(csv);
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText('6 rows read.');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('browse-total')).toHaveText('6 documents');
  const project = await call<{ path: string }>(page, 'project.current', {});
  expect(markerCount(project.path, 'E2EMARK')).toBeGreaterThan(0);

  // The search's matches: counted by the core, deleted only once "delete" is typed.
  await page.getByTestId('browse-search').fill('confidential');
  await expect(page.getByTestId('browse-total')).toHaveText('2 documents');
  await page.getByTestId('browse-delete-matches').click();
  const confirm = page.getByTestId('delete-confirm');
  await expect(page.getByTestId('delete-plan')).toContainText('2 documents');
  await expect(confirm).toContainText('This cannot be undone.');
  await expect(page.getByTestId('delete-run')).toBeDisabled();
  await expectAccessible(page);
  await page.getByTestId('delete-typed').fill('delete');
  await page.getByTestId('delete-run').click();
  await expect(page.getByTestId('delete-done')).toContainText('the file rewritten (VACUUM)');
  await page.getByTestId('delete-close').click();
  await page.getByTestId('browse-search').fill('');
  await expect(page.getByTestId('browse-total')).toHaveText('4 documents');
  expect(markerCount(project.path, 'E2EMARK')).toBe(0);

  // One selected document.
  const row = page.getByTestId('doc-row').filter({ hasText: 'DELMARK' });
  await row.click();
  await page.getByTestId('browse-delete-document').click();
  await expect(page.getByTestId('delete-plan')).toContainText('1 document');
  await page.getByTestId('delete-typed').fill('delete');
  await page.getByTestId('delete-run').click();
  await expect(page.getByTestId('delete-done')).toBeVisible();
  await page.getByTestId('delete-close').click();
  await expect(page.getByTestId('browse-total')).toHaveText('3 documents');
  await expect(page.getByTestId('doc-text')).toHaveText([
    'A public speech on rail fares',
    'Budget debate in parliament',
    'Another public text',
  ]);
  expect(markerCount(project.path, 'DELMARK')).toBe(0);
});
