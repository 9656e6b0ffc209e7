// Hypothesis "try it" end to end in Chromium on AG News rows (shared data): a single-label Topic
// question pre-labelled by the generated tiny model, 80 documents coded through the API with their
// AG News topic. In the Codebook, the tuning section tries a new template and one label's new
// hypothesis; the table shows the current wording (its macro-F1 evaluation.run's) and both variants side by
// side, with the pairs each scored (every label's for the template, only Sports' for the hypothesis);
// "Keep" makes the template the codebook's. Axe finds no serious problem.
// Screenshot: docs/screens/hypothesis-tuning.png.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvaluationResult } from '../common/contract';
import { fmtCoef } from '../common/evaluation-format';
import { corpusFile, expect, test } from './fixtures';
import { parseCsv } from './support/csv';
import { makeTinyModel } from './support/nli';
import { shoot } from './support/screens';
import { call, expectAccessible } from './support/several-coders';

const TOPICS = ['World', 'Sports', 'Business', 'Sci/Tech'];
const CODED = 80;

let modelsDir: string;
let modelDir: string;
test.beforeAll(() => {
  modelsDir = mkdtempSync(join(tmpdir(), 'prelabel-e2e-models-'));
  modelDir = makeTinyModel(join(modelsDir, 'prelabel-tiny'));
});
test.afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

function writeNews(path: string): Array<{ id: string; text: string; topic: string }> {
  const rows = parseCsv(readFileSync(corpusFile('ag_news/test.csv'), 'utf8'))
    .slice(0, 100)
    .map(([cls, title, description], i) => ({ id: `a${i + 1}`, text: `${title!}. ${description!}`, topic: TOPICS[Number(cls) - 1]! }));
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(path, ['id,text', ...rows.map((r) => [r.id, quote(r.text)].join(','))].join('\n') + '\n');
  return rows;
}

test('variants tried side by side with the current wording, and one kept', async ({ app: page }, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('news.csv');
  const rows = writeNews(csv);
  await page.getByTestId('new-project-name').fill('Tuning');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(csv);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  await page.getByTestId('check-file').click();
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('browse-total')).toHaveText(`${rows.length} documents`, { timeout: 60_000 });
  const codebook = await call<{ questions: Array<{ id: string; template: string; labels: Array<{ id: string; name: string }> }> }>(
    page,
    'codebook.set',
    { questions: [{ name: 'Topic', template: 'This news story is about {}.', labels: TOPICS.map((name) => ({ name })) }] },
  );
  const question = codebook.questions[0]!;
  await call(page, 'models.add', { path: modelDir });
  await page.reload();
  await page.getByTestId('nav-prelabel').click();
  await page.getByTestId('prelabel-start').click();
  await expect(page.getByTestId('prelabel-status')).toHaveText('Done', { timeout: 120_000 });
  const list = await call<{ rows: Array<{ id: number; externalId: string }> }>(page, 'documents.list', { limit: 200 });
  const idOf = new Map(list.rows.map((r) => [r.externalId, r.id]));
  const labelId = new Map(question.labels.map((l) => [l.name, l.id]));
  for (const r of rows.slice(0, CODED))
    await call(page, 'annotate.decide', {
      questionId: question.id,
      documentId: idOf.get(r.id)!,
      coder: 'Ana',
      kind: 'label',
      labelIds: [labelId.get(r.topic)!],
    });

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
