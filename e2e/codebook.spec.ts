// The Codebook screen on its own: the Manifesto codebook CSV imported into a question (57 codes), a
// bad codebook file refused with the file and line, labels edited from the keyboard, and an unsaved
// draft that can be thrown away.
import { writeFileSync } from 'node:fs';
import { corpusFile, expect, test } from './fixtures';

const MANIFESTO = 'manifesto_uk_cmp/manifesto_codes.csv';

test('imports the Manifesto codebook CSV, refuses a bad one, and edits labels from the keyboard', async ({ app: page }, testInfo) => {
  await page.getByTestId('new-project-name').fill('Manifesto');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('nav-codebook').click();
  await expect(page.getByText('No questions yet. Add one to begin.')).toBeVisible();

  // A description with an unquoted comma makes four columns: refused, naming the file and the line.
  const bad = testInfo.outputPath('codes.csv');
  writeFileSync(bad, '101,Foreign Special Relationships: Positive,Favourable mentions\n102,Foreign Special Relationships: Negative,Negative mentions, unquoted\n');
  const importCard = page.getByTestId('codebook-import');
  await importCard.getByTestId('codebook-import-question').fill('Manifesto code');
  await importCard.getByTestId('codebook-import-file').setInputFiles(bad);
  await expect(importCard.getByTestId('codebook-import-error')).toContainText('codes.csv, line 2: 4 columns');
  await expect(page.getByTestId('question-item')).toHaveCount(0);

  await importCard.getByTestId('codebook-import-file').setInputFiles(corpusFile(MANIFESTO));
  await expect(page.getByTestId('codebook-notice')).toHaveText(/Labels imported into Manifesto code\./);
  await expect(importCard.getByTestId('codebook-import-error')).toHaveCount(0);
  await expect(page.getByTestId('question-item')).toHaveText(['Manifesto code57 labels']);
  const form = page.getByTestId('question-form');
  await expect(form.getByTestId('question-name')).toHaveValue('Manifesto code');
  await expect(form.getByTestId('question-template')).toHaveValue('This text is about {}.');
  const items = form.getByTestId('label-item');
  await expect(items).toHaveCount(57);
  await expect(items.first().getByTestId('label-code')).toHaveValue('101');
  await expect(items.first().getByTestId('label-name')).toHaveValue('Foreign Special Relationships: Positive');
  await expect(items.first().getByTestId('label-preview')).toHaveText('This text is about Foreign Special Relationships: Positive.');

  // From the keyboard: a new label takes the focus, Tab goes through its fields.
  await form.getByTestId('add-label').focus();
  await page.keyboard.press('Enter');
  const added = items.last();
  await expect(added.getByTestId('label-name')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Not about policy');
  await page.keyboard.press('Tab');
  await expect(added.getByTestId('label-code')).toBeFocused();
  await page.keyboard.type('000');
  await page.keyboard.press('Tab');
  await expect(added.getByTestId('label-hotkey')).toBeFocused();
  await page.keyboard.type('x');
  await page.keyboard.press('Tab');
  await page.keyboard.type('This text says nothing about policy.');
  await expect(added.getByTestId('label-preview')).toHaveText('This text says nothing about policy.');
  await expect(page.getByTestId('codebook-dirty')).toBeVisible();
  await expect(importCard.getByText('Save or discard your changes before importing.')).toBeVisible();

  // Removing keeps the keyboard in the form; Discard brings back what is stored.
  await added.getByTestId('label-remove').click();
  await expect(items).toHaveCount(57);
  await expect(form.getByTestId('add-label')).toBeFocused();
  await form.getByTestId('question-template').fill('This quasi-sentence is about');
  await expect(form.getByText('The template has no {}')).toBeVisible();
  await expect(items.first().getByTestId('label-preview')).toHaveText('This quasi-sentence is about Foreign Special Relationships: Positive');
  await page.getByTestId('discard-codebook').click();
  await expect(form.getByTestId('question-template')).toHaveValue('This text is about {}.');
  await expect(page.getByTestId('codebook-dirty')).toHaveCount(0);

  // A reload reads the stored codebook back.
  await page.reload();
  await expect(page.getByTestId('screen-codebook')).toBeVisible();
  await expect(page.getByTestId('question-form').getByTestId('label-item')).toHaveCount(57);
});
