// The Codebook screen on its own: the Manifesto codebook CSV imported into a question (57 codes), a
// bad codebook file refused with the file and line, labels edited from the keyboard, and an unsaved
// draft that can be thrown away; then every field of a label, reordering, archiving, the filter of
// a long codebook, and the codebook carried to a fresh project as a JSON file.
import { readFileSync, writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { corpusFile, expect, test, useColorScheme } from './fixtures';
import { shoot } from './support/screens';

const MANIFESTO = 'manifesto_uk_cmp/manifesto_codes.csv';

test('imports the Manifesto codebook CSV, refuses a bad one, and edits labels from the keyboard', async ({ app: page }, testInfo) => {
  await page.getByTestId('new-project-name').fill('Manifesto');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('nav-codebook').click();
  await expect(page.getByText('No questions yet. Add one to begin.')).toBeVisible();

  // A description with an unquoted comma makes four columns: refused, naming the file and the line.
  const bad = testInfo.outputPath('codes.csv');
  writeFileSync(
    bad,
    '101,Foreign Special Relationships: Positive,Favourable mentions\n102,Foreign Special Relationships: Negative,Negative mentions, unquoted\n',
  );
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
  await expect(items.first().getByTestId('label-preview')).toHaveText(
    'This quasi-sentence is about Foreign Special Relationships: Positive',
  );
  await page.getByTestId('discard-codebook').click();
  await expect(form.getByTestId('question-template')).toHaveValue('This text is about {}.');
  await expect(page.getByTestId('codebook-dirty')).toHaveCount(0);

  // A reload reads the stored codebook back.
  await page.reload();
  await expect(page.getByTestId('screen-codebook')).toBeVisible();
  await expect(page.getByTestId('question-form').getByTestId('label-item')).toHaveCount(57);
});

/** Serious and critical axe-core findings (WCAG 2.x A and AA) in the light and the dark theme. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await useColorScheme(page, colorScheme);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    for (const v of result.violations) {
      if (v.impact === 'serious' || v.impact === 'critical')
        found.push(
          `${colorScheme} ${v.id}: ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
        );
    }
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

/** The values of a list of inputs. */
const valuesOf = (inputs: Locator) => () => inputs.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));

async function newProjectWithManifesto(page: Page, name: string) {
  await page.getByTestId('new-project-name').fill(name);
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('nav-codebook').click();
  const importCard = page.getByTestId('codebook-import');
  await importCard.getByTestId('codebook-import-question').fill('Manifesto code');
  await importCard.getByTestId('codebook-import-file').setInputFiles(corpusFile(MANIFESTO));
  await expect(page.getByTestId('question-form').getByTestId('label-item')).toHaveCount(57);
}

test('edits every field of a label, reorders, archives and filters the Manifesto codebook, and carries it to a fresh project as JSON', async ({
  app: page,
}, testInfo) => {
  test.slow();
  await newProjectWithManifesto(page, 'Manifesto editor');
  const form = page.getByTestId('question-form');
  const items = form.getByTestId('label-item');
  const names = valuesOf(items.getByTestId('label-name'));

  // ---- Type-to-filter: 57 labels get the box; it matches names, codes and descriptions. ----
  const filter = form.getByTestId('label-filter');
  await filter.fill('welfare');
  await expect(form.getByTestId('label-filter-count')).toHaveText('2 of 57 labels');
  await expect.poll(names).toEqual(['Welfare State Expansion', 'Welfare State Limitation']);
  await expect(items.first().getByTestId('label-up')).toBeDisabled();
  // A code comes first; the descriptions that cite it follow.
  await filter.fill('504');
  await expect(form.getByTestId('label-filter-count')).toHaveText('3 of 57 labels');
  await expect(items.first().getByTestId('label-code')).toHaveValue('504');
  await filter.fill('xylophone');
  await expect(form.getByTestId('labels-none-match')).toHaveText('No label matches “xylophone”.');
  await filter.press('Escape');
  await expect(filter).toHaveValue('');
  await expect(items).toHaveCount(57);

  // ---- A parent for the welfare codes: a new label at the end. ----
  await form.getByTestId('add-label').click();
  await expect(items.last().getByTestId('label-name')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Welfare and Quality of Life');
  await items.last().getByTestId('label-code').fill('5');

  // ---- Every field of label 504, from the filtered list. ----
  await filter.fill('504');
  const welfare = items.first();
  await welfare.getByTestId('label-name').fill('Welfare state expansion');
  await welfare.getByTestId('label-code').fill('504');
  await welfare.getByTestId('label-hotkey').fill('w');
  await welfare.getByTestId('label-hypothesis').fill('This quasi-sentence asks for more public social services.');
  await expect(welfare.getByTestId('label-preview')).toHaveText('This quasi-sentence asks for more public social services.');
  await welfare.getByTestId('label-details-toggle').click();
  await expect(welfare.getByTestId('label-details-toggle')).toHaveAttribute('aria-expanded', 'true');
  const details = welfare.getByTestId('label-details');
  await details
    .getByTestId('label-description')
    .fill('Favourable mentions of public social services.\nAlso: health care, child care, pensions.');
  await details.getByTestId('label-include').fill('Calls to introduce, keep or expand a public social service.');
  await details.getByTestId('label-exclude').fill('Education (506) and labour groups (701).');
  await details.getByTestId('label-example-add').click();
  await expect(details.getByTestId('label-example')).toBeFocused();
  await page.keyboard.type('We will build 40 new hospitals.');
  await details.getByTestId('label-example-add').click();
  await details.getByTestId('label-example').nth(1).fill('Pensions will rise with earnings.');
  await details.getByTestId('label-example-add').click();
  await details.getByTestId('label-example-remove').nth(2).click();
  await expect(details.getByTestId('label-example')).toHaveCount(2);
  await details.getByTestId('label-colour-on').check();
  await details.getByTestId('label-colour').fill('#e15759');
  await details.getByTestId('label-parent').selectOption('Welfare and Quality of Life');
  await shoot(page, 'codebook-editor', { height: 1300, scrollTo: form });
  expect(await accessibilityProblems(page)).toEqual([]);
  // Escape closes the panel and gives the focus back to the button that opened it.
  await details.getByTestId('label-include').press('Escape');
  await expect(welfare.getByTestId('label-details')).toHaveCount(0);
  await expect(welfare.getByTestId('label-details-toggle')).toBeFocused();
  await expect(welfare.getByTestId('label-description-summary')).toContainText('Favourable mentions of public social services.');
  await filter.fill('');
  await expect(items).toHaveCount(58);

  // A key used twice is named beside the field before the save; f is kept for coding.
  await items.first().getByTestId('label-hotkey').fill('w');
  await expect(items.first().getByTestId('label-hotkey-problem')).toHaveText(
    'The key w is also used by Welfare state expansion. Give each label its own key.',
  );
  await expect(items.first().getByTestId('label-hotkey')).toHaveAttribute('aria-invalid', 'true');
  await items.first().getByTestId('label-hotkey').fill('f');
  await expect(items.first().getByTestId('label-hotkey-problem')).toContainText('The key f is kept for coding');
  await items.first().getByTestId('label-hotkey').fill('');
  await expect(form.getByTestId('label-hotkey-problem')).toHaveCount(0);

  // ---- Reorder: by keyboard, and by dragging a row's number onto another row. ----
  await items.first().getByTestId('label-down').focus();
  await page.keyboard.press('Enter');
  await expect
    .poll(async () => (await names()).slice(0, 3))
    .toEqual(['Foreign Special Relationships: Negative', 'Foreign Special Relationships: Positive', 'Anti-Imperialism']);
  await items.nth(2).locator('.label-handle').dragTo(items.first());
  await expect
    .poll(async () => (await names()).slice(0, 3))
    .toEqual(['Anti-Imperialism', 'Foreign Special Relationships: Negative', 'Foreign Special Relationships: Positive']);

  // ---- Archive: the label leaves the list for the archived section, and can come back. ----
  await items.nth(1).getByTestId('label-archive').click();
  await expect(items).toHaveCount(57);
  const archived = form.getByTestId('archived-label');
  await expect(archived).toHaveText(['102 Foreign Special Relationships: NegativeRestore']);
  await expect(form.getByTestId('add-label')).toBeFocused();
  await items.first().getByTestId('label-hotkey').fill('w');
  expect(await accessibilityProblems(page)).toEqual([]);
  await items.first().getByTestId('label-hotkey').fill('');
  await form.getByTestId('question-ordered').check();
  await page.getByTestId('save-codebook').click();
  await expect(page.getByTestId('codebook-notice')).toHaveText(/Codebook saved\./);

  // A label removed after the save is deleted (nothing refers to it yet): no archived-instead note.
  await items.nth(1).getByTestId('label-remove').click();
  await expect(items).toHaveCount(56);
  await page.getByTestId('save-codebook').click();
  await expect(page.getByTestId('codebook-notice').locator('.notice-body')).toHaveText('Codebook saved.');

  // ---- Export: the saved codebook as JSON, with every field. ----
  const downloading = page.waitForEvent('download');
  await page.getByTestId('codebook-export').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('Manifesto-editor-codebook.json');
  const file = testInfo.outputPath('manifesto-codebook.json');
  await download.saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8')) as {
    questions: { name: string; ordered: boolean; labels: Record<string, unknown>[] }[];
  };
  expect(exported.questions).toHaveLength(1);
  expect(exported.questions[0]!.ordered).toBe(true);
  expect(exported.questions[0]!.labels).toHaveLength(57);
  expect(exported.questions[0]!.labels.find((l) => l.code === '504')).toMatchObject({
    name: 'Welfare state expansion',
    hotkey: 'w',
    hypothesis: 'This quasi-sentence asks for more public social services.',
    description: 'Favourable mentions of public social services.\nAlso: health care, child care, pensions.',
    includeRules: 'Calls to introduce, keep or expand a public social service.',
    excludeRules: 'Education (506) and labour groups (701).',
    examples: ['We will build 40 new hospitals.', 'Pensions will rise with earnings.'],
    color: '#e15759',
    parent: 'Welfare and Quality of Life',
    archived: false,
  });
  expect(exported.questions[0]!.labels.find((l) => l.code === '102')).toMatchObject({ archived: true });

  // ---- Import into a fresh project: a broken file is refused by line, the export is taken whole. ----
  await page.getByTestId('close-project').click();
  await page.getByTestId('new-project-name').fill('Manifesto copy');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('nav-codebook').click();
  await expect(page.getByText('No questions yet. Add one to begin.')).toBeVisible();
  const fileCard = page.getByTestId('codebook-file');
  const broken = testInfo.outputPath('broken.json');
  writeFileSync(broken, '{\n  "questions": [\n    { "name": "Stance", "labels": [], }\n  ]\n}\n');
  await fileCard.getByTestId('codebook-import-json').setInputFiles(broken);
  await expect(fileCard.getByTestId('codebook-import-json-error')).toContainText(
    'The codebook was not replaced: broken.json, line 3, column',
  );
  await fileCard.getByTestId('codebook-import-json').setInputFiles(file);
  await expect(fileCard.getByTestId('codebook-import-json-confirm')).toContainText('manifesto-codebook.json (1 question, 57 labels)');
  await expect(fileCard.getByTestId('codebook-import-json-replace')).toBeFocused();
  expect(await accessibilityProblems(page)).toEqual([]);
  await fileCard.getByTestId('codebook-import-json-replace').click();
  await expect(page.getByTestId('codebook-notice').locator('.notice-body')).toHaveText(
    'The codebook now comes from manifesto-codebook.json.',
  );
  await expect(page.getByTestId('question-item')).toHaveText(['Manifesto code56 labels']);
  await expect(form.getByTestId('question-ordered')).toBeChecked();
  await expect(form.getByTestId('archived-label')).toHaveCount(1);
  await form.getByTestId('label-filter').fill('504');
  await items.first().getByTestId('label-details-toggle').click();
  await expect(items.first().getByTestId('label-hotkey')).toHaveValue('w');
  await expect(items.first().getByTestId('label-parent')).toHaveValue('Welfare and Quality of Life');
  await expect(items.first().getByTestId('label-colour')).toHaveValue('#e15759');
  await expect(items.first().getByTestId('label-example')).toHaveCount(2);
});
