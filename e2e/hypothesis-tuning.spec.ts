// Hypothesis "try it" end to end in Chromium on AG News rows (shared data): a single-label Topic
// question pre-labelled by the generated tiny model, 80 documents coded through the API with their
// AG News topic. In the Codebook, the tuning section tries a new template and one label's new
// hypothesis; the table shows the current wording (its macro-F1 evaluation.run's) and both variants side by
// side, with the pairs each scored (every label's for the template, only Sports' for the hypothesis);
// "Keep" makes the template the codebook's. Axe finds no serious problem.
// Screenshot: docs/screens/hypothesis-tuning.png.
import type { EvaluationResult } from '../common/contract';
import { fmtCoef } from '../common/evaluation-format';
import { expect, test } from './fixtures';
import { agNewsDocs, codeTopics, prelabelledNewsProject, useTinyModel, writeIdTextCsv } from './support/news-project';
import { shoot } from './support/screens';
import { call, expectAccessible } from './support/several-coders';

const CODED = 80;

const modelDir = useTinyModel();

test('variants tried side by side with the current wording, and one kept', async ({ app: page }, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('news.csv');
  const rows = agNewsDocs(100);
  writeIdTextCsv(csv, rows);
  const question = await prelabelledNewsProject(page, {
    name: 'Tuning',
    csv,
    documents: rows.length,
    question: { name: 'Topic', template: 'This news story is about {}.' },
    modelDir: modelDir(),
  });
  await codeTopics(page, question, rows.slice(0, CODED));

  const variants = [
    { name: 'This text is about {}.', template: 'This text is about {}.' },
    { name: 'Sports: This text is about a game or an athlete.' },
  ];

  await page.getByTestId('nav-codebook').click();
  const section = page.getByTestId('hypothesis-tuning');
  await expect(section).toBeVisible();
  await section.getByTestId('tuning-template').fill('This text is about {}.');
  await section.getByRole('button', { name: 'Add a variant' }).click();
  const second = section.getByTestId('tuning-row').nth(1);
  await second.locator('select').first().selectOption('label');
  await second.locator('select').nth(1).selectOption({ label: 'Sports' });
  await second.getByTestId('tuning-hypothesis').fill('This text is about a game or an athlete.');
  await section.getByTestId('tuning-try').click();
  const table = section.getByTestId('tuning-table');
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table.locator('thead th')).toHaveText(['', 'Current wording', ...variants.map((v) => v.name)]);

  // The current wording's macro-F1 is evaluation.run's; the template variant scored every label's
  // pairs of the coded documents, the hypothesis variant only the Sports pairs.
  const evaluated = await call<EvaluationResult>(page, 'evaluation.run', { questionId: question.id, against: 'human' });
  await expect(section.getByTestId('tuning-macro').first()).toHaveText(fmtCoef(evaluated.metrics!.macro.f1));
  await expect(section.getByTestId('tuning-macro')).toHaveText([/^\d\.\d+$/, /^\d\.\d+$/, /^\d\.\d+$/]);
  await expect(table.locator('tbody tr').filter({ hasText: 'Pairs scored' }).locator('td')).toHaveText([
    '0',
    String(CODED * 4),
    String(CODED),
  ]);
  await expect(section.getByTestId('tuning-documents')).toContainText(`${CODED} documents`);
  await expect(section).toContainText('not a random sample');
  await expectAccessible(page);
  await shoot(page, 'hypothesis-tuning', { height: 1600, scrollTo: section });

  await section.getByTestId('tuning-keep').first().click();
  await expect(section).toContainText('is now the codebook’s wording');
  const after = await call<{ questions: Array<{ template: string }> }>(page, 'codebook.get', {});
  expect(after.questions[0]!.template).toBe('This text is about {}.');
});
