// Thresholds and label quality end to end in Chromium on AG News rows (shared data): a multi-label
// question pre-labelled by the generated tiny model, 100 documents coded through the API with their
// AG News topic, and six planted copies of coded texts (three exact after normalisation, three with
// one word changed) coded with another topic. The Validation screen's thresholds section shows a
// precision-recall curve per label with the numbers of thresholds.get; "Use these thresholds"
// stores them (thresholds.tune) and the table shows them in use. "Check labels" lists the planted
// pairs and the documents whose label the cross-validated calibrated model finds very unlikely (as
// labelQuality.check), and Enter on a document opens it in Annotate. Axe finds no serious problem.
// Screenshots: docs/screens/precision-recall.png and docs/screens/label-quality.png.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabelQualityResult, ThresholdsResult } from '../common/contract';
import { corpusFile, expect, test } from './fixtures';
import { parseCsv } from './support/csv';
import { makeTinyModel } from './support/nli';
import { shoot } from './support/screens';
import { call, expectAccessible } from './support/several-coders';

const TOPICS = ['World', 'Sports', 'Business', 'Sci/Tech'];
const CODED = 100;

let modelsDir: string;
let modelDir: string;
test.beforeAll(() => {
  modelsDir = mkdtempSync(join(tmpdir(), 'prelabel-e2e-models-'));
  modelDir = makeTinyModel(join(modelsDir, 'prelabel-tiny'));
});
test.afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

/** 120 AG News rows (id, text, topic) and six copies of coded rows: n1-n3 exact after normalisation, n4-n6 one word changed. */
function writeNews(path: string): Array<{ id: string; text: string; topic: string }> {
  const rows = parseCsv(readFileSync(corpusFile('ag_news/test.csv'), 'utf8'))
    .slice(0, 120)
    .map(([cls, title, description], i) => ({
      id: `a${i + 1}`,
      text: `${title!}. ${description!}`,
      topic: TOPICS[Number(cls) - 1] ?? TOPICS[0]!,
    }));
  const other = (t: string) => TOPICS[(TOPICS.indexOf(t) + 1) % TOPICS.length]!;
  const copies = [0, 1, 2].map((k) => ({ id: `n${k + 1}`, text: rows[k]!.text.toUpperCase() + ' !!', topic: other(rows[k]!.topic) }));
  const near = [3, 4, 5].map((k) => {
    const words = rows[k]!.text.split(' ');
    words[words.length - 2] = 'zebra';
    return { id: `n${k + 1}`, text: words.join(' '), topic: other(rows[k]!.topic) };
  });
  const all = [...rows, ...copies, ...near];
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(path, ['id,text', ...all.map((r) => [r.id, quote(r.text)].join(','))].join('\n') + '\n');
  return all;
}

test('precision-recall per label, tuned thresholds in use, and near-identical texts coded differently opened in Annotate', async ({
  app: page,
}, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('news.csv');
  const rows = writeNews(csv);
  await page.getByTestId('new-project-name').fill('Thresholds');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(csv);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  await expect(page.getByTestId('id-column')).toHaveValue('id');
  await page.getByTestId('check-file').click();
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('browse-total')).toHaveText(`${rows.length} documents`, { timeout: 60_000 });
  const codebook = await call<{ questions: Array<{ id: string; labels: Array<{ id: string; name: string }> }> }>(page, 'codebook.set', {
    questions: [{ name: 'Topics', multiLabel: true, template: 'This news is about {}.', labels: TOPICS.map((name) => ({ name })) }],
  });
  const question = codebook.questions[0]!;
  await call(page, 'models.add', { path: modelDir });
  await page.reload();
  await page.getByTestId('nav-prelabel').click();
  await expect(page.getByTestId('prelabel-question').locator('option:checked')).toHaveText('Topics');
  await page.getByTestId('prelabel-start').click();
  await expect(page.getByTestId('prelabel-status')).toHaveText('Done', { timeout: 120_000 });

  // Code the first 100 rows and the six copies with their topic (the copies with another one).
  const page1 = await call<{ rows: Array<{ id: number; externalId: string }> }>(page, 'documents.list', { limit: 200 });
  const idOf = new Map(page1.rows.map((r) => [r.externalId, r.id]));
  const labelId = new Map(question.labels.map((l) => [l.name, l.id]));
  for (const r of [...rows.slice(0, CODED), ...rows.slice(120)])
    await call(page, 'annotate.decide', {
      questionId: question.id,
      documentId: idOf.get(r.id)!,
      coder: 'Ana',
      kind: 'label',
      labelIds: [labelId.get(r.topic)!],
    });

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
