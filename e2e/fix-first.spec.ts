// Issue 10 ("Fix first") in a real browser: the bugs that mixed up coders and projects (5: another
// project kept the Annotate session; 6: "Ben" typed after the remembered "Ana" became "AnaBen";
// 7: Browse showed a decision Annotate had changed) and the papercuts seen on the way (Browse's
// question, its filters and its columns at 1440 px, the end of a queue with skipped documents, the
// empty codebook's buttons, the own hypothesis cut off). Bug 8 (the Electron menu) cannot run in a
// browser: main/electron/menu-events.test.ts and renderer/src/state/menu-commands.test.ts cover it.
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { shoot } from './support/screens';

const TEXTS = ['The budget cut hurts schools.', 'Parks reopen on Monday.', 'Taxes rise again next year.', 'A new library opens downtown.'];

/** The texts with ids 1..4, or with the given id before each number. */
function writeCsv(path: string, idPrefix = ''): string {
  writeFileSync(path, ['id,text', ...TEXTS.map((text, i) => `${idPrefix}${i + 1},"${text}"`)].join('\n') + '\n');
  return path;
}

/** A new project with the four texts and a question "Sentiment" (negative, positive). */
async function newProject(page: Page, name: string, csv: string) {
  await page.getByTestId('nav-projects').click();
  await page.getByTestId('new-project-name').fill(name);
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(csv);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  const textColumn = (column: string) => page.locator(`[data-testid=text-column][value="${column}"]`);
  if (!(await textColumn('text').isChecked())) await textColumn('text').check();
  if (await textColumn('id').isChecked()) await textColumn('id').uncheck();
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText(`${TEXTS.length} rows read.`);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('browse-total')).toHaveText(`${TEXTS.length} documents`, { timeout: 60_000 });

  await page.getByTestId('nav-codebook').click();
  await page.getByTestId('add-question').click();
  const form = page.getByTestId('question-form');
  await form.getByTestId('question-name').fill('Sentiment');
  await form.getByTestId('question-template').fill('This text is {}.');
  for (const label of ['negative', 'positive']) {
    await form.getByTestId('add-label').click();
    await form.getByTestId('label-item').last().getByTestId('label-name').fill(label);
  }
  await page.getByTestId('save-codebook').click();
  await expect(page.getByTestId('codebook-notice')).toHaveText(/Codebook saved\./);
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

const docShown = (page: Page) => page.getByTestId('annotate-doc');

/** Chooses the label at `place` (1-based) and accepts: the next document shows. */
async function code(page: Page, place: number) {
  const id = await docShown(page).getAttribute('data-document-id');
  await page.keyboard.press(String(place));
  await page.keyboard.press('Enter');
  await expect(docShown(page).or(page.getByTestId('annotate-done'))).not.toHaveAttribute('data-document-id', id!);
}

test('bug 5 and bug 6: another project starts a fresh Annotate session, and "Ben" typed there is coded as Ben, not AnaBen', async ({
  app: page,
}, testInfo) => {
  const csv = writeCsv(testInfo.outputPath('texts.csv'));
  await newProject(page, 'Alpha', csv);
  await page.getByTestId('nav-annotate').click();
  // A project without coders: an empty name field.
  await expect(page.getByTestId('annotate-coder')).toHaveValue('');
  await expect(page.getByTestId('annotate-coder-choice')).toHaveCount(0);
  await page.getByTestId('annotate-coder').fill('Ana');
  await page.getByTestId('annotate-coder').press('Enter');
  await expect(docShown(page)).toHaveAttribute('data-document-id', '1');
  await code(page, 1);
  await expect(page.getByTestId('annotate-coding')).toContainText('Coding as Ana.');

  // Bug 5: the second project's Annotate shows the start, not Alpha's session.
  await newProject(page, 'Beta', csv);
  await page.getByTestId('nav-annotate').click();
  await expect(page.getByTestId('annotate-setup')).toBeVisible();
  await expect(page.getByTestId('annotate-coding')).toHaveCount(0);
  await expect(page.getByText('Coding as Ana.')).toHaveCount(0);

  // Bug 6: the field is empty (no "Ana" with the caret after it); typing key by key gives "Ben".
  const coder = page.getByTestId('annotate-coder');
  await expect(coder).toHaveValue('');
  await coder.click();
  await coder.pressSequentially('Ben');
  await coder.press('Enter');
  await expect(docShown(page)).toHaveAttribute('data-document-id', '1');
  await code(page, 1);
  await code(page, 2);
  await expect(page.getByTestId('annotate-error')).toHaveCount(0);
  await expect(page.getByTestId('annotate-coding')).toContainText('Coding as Ben.');
  expect((await call<{ name: string }[]>(page, 'coders.list', {})).map((c) => c.name)).toEqual(['Ben']);
  await page.getByTestId('nav-browse').click();
  await expect(page.getByTestId('doc-coder').first()).toHaveText('Ben');

  // Back in Alpha: its coders are a choice; the last coder (Ben) is not Alpha's, so nobody is
  // pre-chosen, and Ana is picked from the list.
  await page.getByTestId('nav-projects').click();
  await page.getByTestId('recent-project').filter({ hasText: 'Alpha' }).getByRole('button').first().click();
  await expect(page.getByTestId('screen-browse')).toBeVisible();
  await expect(page.getByTestId('doc-coder').first()).toHaveText('Ana');
  await page.getByTestId('nav-annotate').click();
  const choice = page.getByTestId('annotate-coder-choice');
  await expect(choice.locator('option:checked')).toHaveText('Choose a coder…');
  await expect(page.getByTestId('annotate-start')).toBeDisabled();
  await choice.selectOption({ label: 'Ana' });
  await expect(page.getByTestId('annotate-coder')).toHaveCount(0);
  await page.getByTestId('annotate-start').click();
  await expect(docShown(page)).toHaveAttribute('data-document-id', '2');
  await code(page, 2);
  expect((await call<{ name: string }[]>(page, 'coders.list', {})).map((c) => c.name)).toEqual(['Ana']);
});

test('bug 7 and the queue papercuts: Browse shows a changed decision at once, starts on the question, and the end of a queue offers the skipped documents', async ({
  app: page,
}, testInfo) => {
  const csv = writeCsv(testInfo.outputPath('texts.csv'));
  await newProject(page, 'Gamma', csv);

  // Browse starts on the project's question, so its status columns show.
  await page.getByTestId('nav-browse').click();
  await expect(page.getByTestId('browse-question').locator('option:checked')).toHaveText('Sentiment');
  await expect(page.getByTestId('doc-status').first()).toHaveText('Open');

  await page.getByTestId('nav-annotate').click();
  await page.getByTestId('annotate-coder').fill('Ana');
  await page.getByTestId('annotate-start').click();
  await expect(docShown(page)).toHaveAttribute('data-document-id', '1');
  await code(page, 1); // 1: negative
  await page.keyboard.press(' '); // 2: skipped
  await expect(docShown(page)).toHaveAttribute('data-document-id', '3');
  await code(page, 2); // 3: positive
  await page.keyboard.press(' '); // 4: skipped
  // The end of the queue does not call it coded: two documents were skipped.
  await expect(page.getByTestId('annotate-done-skipped')).toHaveText(/2 documents of this question were skipped/);
  await page.getByTestId('annotate-show-skipped').click();
  await expect(page.getByTestId('screen-browse')).toBeVisible();
  await expect(page.getByTestId('filter-status')).toHaveValue('skipped');
  await expect(page.getByTestId('doc-id')).toHaveText(['2', '4']);
  await page.getByTestId('filter-reset').click();
  await expect(page.getByTestId('doc-label').first()).toHaveText(/^negative/);
  await expect(page.getByTestId('doc-coder').first()).toHaveText('Ana');

  // Bug 7: the decision changed in Annotate shows in Browse without a reload.
  await page.getByTestId('doc-row').first().click();
  await expect(page.getByTestId('screen-annotate')).toBeVisible();
  await expect(docShown(page)).toHaveAttribute('data-document-id', '1');
  await page.keyboard.press('2');
  await page.keyboard.press('Enter');
  await expect(docShown(page)).toHaveCount(0);
  await page.getByTestId('nav-browse').click();
  await expect(page.getByTestId('doc-label').first()).toHaveText(/^positive/);
});

test('Browse filters: the question stays when nothing matches, and Min % applies as typed', async ({ app: page }, testInfo) => {
  const csv = writeCsv(testInfo.outputPath('texts.csv'));
  await newProject(page, 'Delta', csv);
  await page.getByTestId('nav-browse').click();
  await expect(page.getByTestId('doc-row')).toHaveCount(TEXTS.length);
  // No document is scored: a lower bound of 50 % finds none, without Enter or leaving the field.
  await page.getByTestId('filter-min-confidence').click();
  await page.getByTestId('filter-min-confidence').pressSequentially('50');
  await expect(page.getByTestId('browse-no-match')).toBeVisible();
  await expect(page.getByTestId('filter-min-confidence')).toBeFocused();
  await expect(page.getByTestId('browse-question')).toBeVisible();
  await page.getByTestId('filter-reset').click();
  await expect(page.getByTestId('doc-row')).toHaveCount(TEXTS.length);
  await page.getByTestId('browse-search').fill('zzzzqq');
  await expect(page.getByTestId('browse-no-match')).toBeVisible();
  await expect(page.getByTestId('browse-question')).toBeVisible();
  // "No question" stays chosen once the coder picks it.
  await page.getByTestId('filter-reset').click();
  await page.getByTestId('browse-question').selectOption({ label: 'No question' });
  await expect(page.getByTestId('doc-status')).toHaveCount(0);
  await page.getByTestId('nav-codebook').click();
  await page.getByTestId('nav-browse').click();
  await expect(page.getByTestId('browse-question').locator('option:checked')).toHaveText('No question');
});

test('Browse at 1440 x 900: every column header and the Id and Decided columns show whole', async ({ app: page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  // Ids as tweets and reviews have them: longer than a row number.
  const csv = writeCsv(testInfo.outputPath('texts.csv'), 'es-tweet-2024-0000');
  await newProject(page, 'Epsilon', csv);
  await page.getByTestId('nav-annotate').click();
  await page.getByTestId('annotate-coder').fill('Ana');
  await page.getByTestId('annotate-start').click();
  await code(page, 1);
  await page.getByTestId('nav-browse').click();
  await expect(page.getByTestId('doc-coder').first()).toHaveText('Ana');
  await page.getByTestId('import-result').getByRole('button').click();
  await expect(page.getByTestId('doc-id').first()).toHaveText('es-tweet-2024-00001');
  await shoot(page, 'browse-1440');
  const cut = await page.evaluate(() => {
    const frame = document.querySelector('[data-testid=browse-scroll]')!.getBoundingClientRect();
    const cells = [
      ...document.querySelectorAll('.doc-row-head [role=columnheader], [data-testid=doc-row]:first-child [role=gridcell]'),
    ] as HTMLElement[];
    return cells
      .filter((c) => {
        const r = c.getBoundingClientRect();
        // Cut: wider content than the cell (text ellipsised or clipped), or beyond the table's frame.
        const inner = [...c.querySelectorAll('*')].some(
          (e) => (e as HTMLElement).scrollWidth > (e as HTMLElement).clientWidth + 1 && getComputedStyle(e).overflow !== 'visible',
        );
        return c.scrollWidth > c.clientWidth + 1 || inner || r.right > frame.right + 1;
      })
      .map((c) => c.textContent);
  });
  expect(cut).toEqual([]);
});

test('the empty codebook offers nothing to save, and a long own hypothesis is shown whole', async ({ app: page }) => {
  await page.getByTestId('new-project-name').fill('Zeta');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('nav-codebook').click();
  await expect(page.getByTestId('add-question')).toBeVisible();
  await expect(page.getByTestId('save-codebook')).toHaveCount(0);
  await expect(page.getByTestId('discard-codebook')).toHaveCount(0);
  await page.getByTestId('add-question').click();
  await expect(page.getByTestId('save-codebook')).toBeEnabled();

  const form = page.getByTestId('question-form');
  await form.getByTestId('add-label').click();
  const hypothesis = form.getByTestId('label-hypothesis');
  const long =
    'This statement criticises the government for cutting the budget of public schools and universities in the poorer regions of the country.';
  await hypothesis.fill(long);
  await expect(hypothesis).toHaveValue(long);
  const box = await hypothesis.evaluate((el) => ({
    scroll: el.scrollHeight,
    client: el.clientHeight,
    scrollW: el.scrollWidth,
    clientW: el.clientWidth,
  }));
  expect(box.scroll).toBeLessThanOrEqual(box.client + 1);
  expect(box.scrollW).toBeLessThanOrEqual(box.clientW + 1);
  // Enter keeps it one sentence.
  await hypothesis.press('End');
  await hypothesis.press('Enter');
  await expect(hypothesis).toHaveValue(long);
});
