// The projects screen: readable errors from the core, and recent projects whose file is gone.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

test('opening something that is not a project shows the core’s sentence, not a stack trace', async ({ app: page, server }) => {
  const missing = join(server.dataDir, 'nowhere', 'study.prelabel');
  await page.getByTestId('open-project-path').fill(missing);
  await page.getByTestId('open-project').click();
  const error = page.getByTestId('projects-error');
  await expect(error).toContainText(`The project file ${missing} does not exist.`);

  const notes = join(server.dataDir, 'notes.prelabel');
  writeFileSync(notes, 'just some notes, not a database\n'.repeat(20));
  await page.getByTestId('open-project-path').fill(notes);
  await page.getByTestId('open-project').click();
  await expect(error).toContainText('notes.prelabel is not a Prelabel project');
  await expect(error).not.toContainText(/\bat \S+:\d+/);
  await expect(page.getByTestId('header-project')).toHaveText('No project open');

  // A second project with the same name is refused in words, too.
  await page.getByTestId('new-project-name').fill('Twice');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('project-name')).toHaveText('Twice');
  await page.getByTestId('close-project').click();
  await page.getByTestId('new-project-name').fill('Twice');
  await page.getByTestId('create-project').click();
  await expect(error).toContainText('already exists');
});

test('a recent project whose file is gone is greyed out and can be forgotten', async ({ app: page }) => {
  await page.getByTestId('new-project-name').fill('Gone soon');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('project-name')).toHaveText('Gone soon');
  await page.getByTestId('close-project').click();

  const item = page.getByTestId('recent-project').filter({ hasText: 'Gone soon' });
  const path = await item.locator('.recent-path').textContent();
  expect(path).toMatch(/Gone soon\.prelabel$/);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });

  await page.reload();
  await expect(item).toContainText('File not found');
  await expect(item.locator('.recent-open')).toBeDisabled();
  await item.getByRole('button', { name: 'Forget Gone soon' }).click();
  await expect(page.getByTestId('recent-project')).toHaveCount(0);
  await expect(page.getByText('No recent projects yet.')).toBeVisible();
});
