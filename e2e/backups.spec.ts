// Backups and exports to share in the browser: the Projects screen makes a backup, restores it after
// a confirmation (the codebook comes back as it was, the project as it was kept as a backup); the
// Export screen offers labels only with the formats it is written in; both screens pass axe.
import { expect, test } from './fixtures';
import { call, expectAccessible } from './support/several-coders';

interface Q {
  id: string;
  name: string;
}

test('a backup made on the Projects screen is restored after a confirmation, and the Export screen offers labels only', async ({
  app: page,
}) => {
  await page.getByTestId('new-project-name').fill('Backed up');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('project-name')).toHaveText('Backed up');
  await call(page, 'codebook.set', {
    questions: [
      {
        name: 'Stance',
        labels: [
          { name: 'favour', code: '1' },
          { name: 'against', code: '2' },
        ],
      },
    ],
  });

  // A new project opens its Import screen; the backups are on the Projects screen.
  await page.getByTestId('nav-projects').click();
  const card = page.getByTestId('backups-card');
  await expect(card).toContainText('No backup yet.');
  await page.getByTestId('backup-now').click();
  await expect(page.getByTestId('backups-notice')).toContainText('Backup made:');
  await expect(page.getByTestId('backup-item')).toHaveCount(1);
  await expect(page.getByTestId('backup-item')).toContainText('made by hand');

  await call(page, 'codebook.set', { questions: [{ name: 'Topic', labels: [{ name: 'economy' }] }] });
  await page.getByTestId('backup-restore').click();
  const confirm = page.getByTestId('backup-confirm');
  await expect(confirm).toContainText('the project as it is now is kept as a backup first');
  await expectAccessible(page);
  // Declining restores nothing.
  await page.getByTestId('backup-confirm-no').click();
  await expect(confirm).toHaveCount(0);
  expect((await call<{ questions: Q[] }>(page, 'codebook.get', {})).questions.map((q) => q.name)).toEqual(['Topic']);

  await page.getByTestId('backup-restore').click();
  await page.getByTestId('backup-confirm-yes').click();
  await expect(page.getByTestId('backups-notice')).toContainText('Restored the backup of');
  expect((await call<{ questions: Q[] }>(page, 'codebook.get', {})).questions.map((q) => q.name)).toEqual(['Stance']);
  await expect(page.getByTestId('backup-item')).toHaveCount(2);
  await expect(page.getByTestId('backup-item').first()).toContainText('before a restore');
  await expect(page.getByTestId('project-name')).toHaveText('Backed up');

  await page.getByTestId('nav-export').click();
  await page.getByTestId('export-format').selectOption('xlsx');
  await page.getByTestId('export-labels-only').check();
  await expect(page.getByTestId('export-format')).toHaveValue('csv');
  const formats = await page
    .getByTestId('export-format')
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(formats).toEqual(['csv', 'csv-excel', 'jsonl']);
  await expectAccessible(page);
});
