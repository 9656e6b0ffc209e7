// Thresholds and label quality end to end in Chromium on AG News rows (shared data): a multi-label
// question pre-labelled by the generated tiny model, 100 documents coded through the API with their
// AG News topic, and six planted copies of coded texts (three exact after normalisation, three with
// one word changed) coded with another topic. The Validation screen's thresholds section shows a
// precision-recall curve per label with the numbers of thresholds.get; "Use these thresholds"
// stores them (thresholds.tune) and the table shows them in use. "Check labels" lists the planted
// pairs and the documents whose label the cross-validated calibrated model finds very unlikely (as
// labelQuality.check), and Enter on a document opens it in Annotate. Axe finds no serious problem.
// Screenshots: docs/screens/precision-recall.png and docs/screens/label-quality.png.
import type { LabelQualityResult, ThresholdsResult } from '../common/contract';
import { expect, test } from './fixtures';
import { agNewsDocs, codeTopics, prelabelledNewsProject, TOPICS, useTinyModel, writeIdTextCsv, type NewsDoc } from './support/news-project';
import { shoot } from './support/screens';
import { call, expectAccessible } from './support/several-coders';

const CODED = 100;

const modelDir = useTinyModel();

/** 120 AG News rows (id, text, topic) and six copies of coded rows: n1-n3 exact after normalisation, n4-n6 one word changed. */
function writeNews(path: string): NewsDoc[] {
  const rows = agNewsDocs(120);
  const other = (t: string) => TOPICS[(TOPICS.indexOf(t) + 1) % TOPICS.length]!;
  const copies = [0, 1, 2].map((k) => ({ id: `n${k + 1}`, text: rows[k]!.text.toUpperCase() + ' !!', topic: other(rows[k]!.topic) }));
  const near = [3, 4, 5].map((k) => {
    const words = rows[k]!.text.split(' ');
    words[words.length - 2] = 'zebra';
    return { id: `n${k + 1}`, text: words.join(' '), topic: other(rows[k]!.topic) };
  });
  const all = [...rows, ...copies, ...near];
  writeIdTextCsv(path, all);
  return all;
}

test('precision-recall per label, tuned thresholds in use, and near-identical texts coded differently opened in Annotate', async ({
  app: page,
}, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('news.csv');
  const rows = writeNews(csv);
  const question = await prelabelledNewsProject(page, {
    name: 'Thresholds',
    csv,
    documents: rows.length,
    question: { name: 'Topics', multiLabel: true, template: 'This news is about {}.' },
    modelDir: modelDir(),
  });
  // Code the first 100 rows and the six copies with their topic (the copies with another one).
  await codeTopics(page, question, [...rows.slice(0, CODED), ...rows.slice(120)]);

  await page.getByTestId('nav-validation').click();
  await expect(page.getByTestId('validation-question').locator('option:checked')).toHaveText('Topics');
  const section = page.getByTestId('thresholds-section');
  await expect(section.getByTestId('thresholds-label')).toHaveCount(TOPICS.length);
  const shown = await call<ThresholdsResult>(page, 'thresholds.get', { questionId: question.id });
  expect(shown.documents).toBe(CODED + 6);
  await expect(section.getByTestId('thresholds-documents')).toContainText(`${CODED + 6} coded documents`);
  const thresholdCells = section.locator('[data-testid=thresholds-table] tbody tr td:nth-child(5)');
  await expect(thresholdCells).toHaveText(shown.labels.map((l) => (l.chosen ? l.chosen.threshold.toFixed(3) : '–')));
  await section.getByTestId('thresholds-use').click();
  await expect(section.getByTestId('thresholds-stored')).toContainText(`on ${CODED + 6} documents`);
  const tuned = await call<ThresholdsResult>(page, 'thresholds.get', { questionId: question.id });
  expect(tuned.stored?.current).toBe(true);
  await expect(section.locator('[data-testid=thresholds-table] tbody tr td:nth-child(10)')).toHaveText(
    tuned.labels.map((l) => (l.inUse === null ? '0.5' : l.inUse.toFixed(3))),
  );
  await expectAccessible(page);
  await shoot(page, 'precision-recall', { height: 1500, scrollTo: section });

  const quality = page.getByTestId('label-quality-section');
  await quality.getByTestId('quality-similarity').fill('0.7');
  await quality.getByTestId('quality-run').click();
  const checked = await call<LabelQualityResult>(page, 'labelQuality.check', { questionId: question.id, minSimilarity: 0.7 });
  const pairs = checked.duplicates.pairs.map((p) => [p.a.externalId, p.b.externalId].sort().join('-'));
  for (const planted of ['a1-n1', 'a2-n2', 'a3-n3', 'a4-n4', 'a5-n5', 'a6-n6']) expect(pairs).toContain(planted);
  await expect(quality.getByTestId('quality-pair')).toHaveCount(checked.duplicates.pairs.length);
  // The cross-validated model's strong disagreements: the same list as labelQuality.check's, or its reason.
  const m = checked.disagreements;
  if (m.reason) await expect(quality.getByTestId('quality-model-none')).toContainText(m.reason);
  else {
    expect(m.judged).toBe(CODED + 6);
    await expect(quality.getByTestId('quality-model-summary')).toContainText(`${m.total} of ${m.judged} coded documents`);
    await expect(quality.getByTestId('quality-model-item')).toHaveCount(m.items.length);
  }
  await expect(quality.getByTestId('quality-summary')).toContainText(`${CODED + 6} coded documents; ${checked.duplicates.total} pair`);
  await expectAccessible(page);
  await shoot(page, 'label-quality', { height: 1500, scrollTo: quality });

  // Enter on the first document opens it in Annotate (once a coder starts).
  const first = checked.duplicates.pairs[0]!.a;
  await quality.getByTestId('quality-pair').first().getByTestId('quality-open').first().focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('annotate-start')).toBeVisible();
  await page.getByTestId('annotate-coder-choice').selectOption('coder:Ana');
  await page.getByTestId('annotate-start').click();
  await expect(page.getByTestId('annotate-doc')).toHaveAttribute('data-document-id', String(first.documentId));
});
