// The uncertain band and Annotate's "Uncertain first" order end to end in Chromium on AG News rows
// (shared data): a single-label question pre-labelled by the generated tiny model, 10 documents coded
// through the API. The Validation screen sets the band and says which probabilities its margins are
// of; in Annotate, "Uncertain first" says what it does, and the first document served is the open one
// whose top two probabilities are closest (computed here from the suggestions' scores).
import type { QueuePage, ThresholdsResult } from '../common/contract';
import { expect, test } from './fixtures';
import { agNewsDocs, codeTopics, prelabelledNewsProject, useTinyModel, writeIdTextCsv } from './support/news-project';
import { call, expectAccessible } from './support/several-coders';

const CODED = 10;

const modelDir = useTinyModel();

test('the uncertain band set in Validation; Annotate "Uncertain first" serves the smallest margin first', async ({
  app: page,
}, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('news.csv');
  const rows = agNewsDocs(60);
  writeIdTextCsv(csv, rows);
  const question = await prelabelledNewsProject(page, {
    name: 'Uncertain',
    csv,
    documents: rows.length,
    question: { name: 'Topic', template: 'This news is about {}.' },
    modelDir: modelDir(),
  });
  await codeTopics(page, question, rows.slice(0, CODED));

  // Every open document's margin, from the scores its suggestion shows.
  const open = await call<QueuePage>(page, 'annotate.queue', { questionId: question.id, order: 'in_order', limit: 50 });
  expect(open.items).toHaveLength(rows.length - CODED);
  const margins = open.items.map((i) => {
    const s = i.suggestion!.scores.map((x) => x.score).sort((a, b) => b - a);
    return { id: i.document.id, margin: s[0]! - s[1]! };
  });
  const smallest = [...margins].sort((a, b) => a.margin - b.margin || a.id - b.id)[0]!;
  // A band that holds the smallest margin and not every document.
  const band = Math.min(0.99, Math.max(0.01, Math.ceil((smallest.margin + 1e-9) * 100) / 100));
  expect(smallest.margin).toBeLessThan(band);

  await page.getByTestId('nav-validation').click();
  await expect(page.getByTestId('validation-question').locator('option:checked')).toHaveText('Topic');
  const section = page.getByTestId('thresholds-section');
  await section.getByTestId('band-margin').fill(String(band));
  await section.getByTestId('band-set').click();
  await expect(section.getByTestId('band-current')).toHaveText(`Band: ${band}`);
  await expect(section.getByTestId('thresholds-applies-to')).toContainText('raw zero-shot probabilities');
  const report = await call<ThresholdsResult>(page, 'thresholds.get', { questionId: question.id });
  expect(report.band!.scale).toBe('raw');
  const inside = margins.filter((m) => m.margin < band).length;
  expect(report.band!.current!.corpus - report.band!.current!.coded).toBe(inside);

  await page.getByTestId('nav-annotate').click();
  await expect(page.getByTestId('annotate-start')).toBeVisible();
  await page.getByTestId('annotate-coder-choice').selectOption('coder:Ana');
  await page.getByTestId('annotate-order').selectOption({ label: 'Uncertain first' });
  await expect(page.getByTestId('annotate-uncertain-hint')).toContainText(`closer than ${band}`);
  await expectAccessible(page);
  await page.getByTestId('annotate-start').click();
  await expect(page.getByTestId('annotate-doc')).toHaveAttribute('data-document-id', String(smallest.id));
});
