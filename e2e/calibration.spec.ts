// The calibrated classifier end to end in Chromium on AG News rows (shared data): a single-label
// question pre-labelled by the generated tiny model, 100 documents coded through the API with their
// AG News topic. The Validation screen's calibration section measures the cross-validated benefit
// (the numbers of calibration.status's evaluation), the switch makes suggestions calibrated ("calibrated
// on 100 decisions", the queue's suggestions carry it) and switching off gives raw scores back.
// Axe finds no serious problem. Screenshot: docs/screens/calibration.png.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CalibrationStatus, QueuePage } from '../common/contract';
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

test('the calibrated classifier: cross-validated benefit, the switch and its provenance', async ({ app: page }, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('news.csv');
  const rows = parseCsv(readFileSync(corpusFile('ag_news/test.csv'), 'utf8'))
    .slice(0, 120)
    .map(([cls, title, description], i) => ({
      id: `a${i + 1}`,
      text: `${title!}. ${description!}`,
      topic: TOPICS[Number(cls) - 1] ?? TOPICS[0]!,
    }));
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(csv, ['id,text', ...rows.map((r) => [r.id, quote(r.text)].join(','))].join('\n') + '\n');
  await page.getByTestId('new-project-name').fill('Calibration');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(csv);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  await expect(page.getByTestId('id-column')).toHaveValue('id');
  await page.getByTestId('check-file').click();
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('browse-total')).toHaveText(`${rows.length} documents`, { timeout: 60_000 });
  const codebook = await call<{ questions: Array<{ id: string; labels: Array<{ id: string; name: string }> }> }>(page, 'codebook.set', {
    questions: [{ name: 'Topic', template: 'This news is about {}.', labels: TOPICS.map((name) => ({ name })) }],
  });
  const question = codebook.questions[0]!;
  await call(page, 'models.add', { path: modelDir });
  await page.reload();
  await page.getByTestId('nav-prelabel').click();
  await expect(page.getByTestId('prelabel-question').locator('option:checked')).toHaveText('Topic');
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

  await page.getByTestId('nav-validation').click();
  await expect(page.getByTestId('validation-question').locator('option:checked')).toHaveText('Topic');
  const section = page.getByTestId('calibration-section');
  await expect(section.getByTestId('calibration-provenance')).toHaveText(
    `Suggestions: raw zero-shot scores (${CODED} decisions to learn from).`,
  );
  await section.getByTestId('calibration-measure').click();
  await expect(section.getByTestId('calibration-benefit')).toBeVisible({ timeout: 60_000 });
  const status = await call<CalibrationStatus>(page, 'calibration.status', { questionId: question.id });
  const e = status.evaluation!;
  expect(e.decisions).toBe(CODED);
  await expect(section.getByTestId('calibration-summary')).toContainText(
    `Cross-validated on ${CODED} decisions, 5 folds by document (seed 1).`,
  );
  const pts = (x: number | null) => (x === null ? '–' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`);
  const d = e.difference.accuracy;
  await expect(section.getByTestId('calibration-difference-accuracy')).toHaveText(`${pts(d.estimate)} [${pts(d.lower)}, ${pts(d.upper)}]`);

  // The switch answers once calibration.set has fitted the model (click, then its state follows).
  await section.getByTestId('calibration-switch').click();
  await expect(section.getByTestId('calibration-switch')).toBeChecked();
  await expect(section.getByTestId('calibration-provenance')).toContainText(`Suggestions: calibrated on ${CODED} decisions (fitted `);
  const queue = await call<QueuePage>(page, 'annotate.queue', { questionId: question.id, order: 'least_confident', limit: 5 });
  expect(queue.items.length).toBe(5);
  for (const item of queue.items) expect(item.suggestion?.calibrated?.decisions).toBe(CODED);
  await expectAccessible(page);
  await shoot(page, 'calibration', { height: 1400, scrollTo: section });

  await section.getByTestId('calibration-switch').click();
  await expect(section.getByTestId('calibration-switch')).not.toBeChecked();
  await expect(section.getByTestId('calibration-provenance')).toHaveText(
    `Suggestions: raw zero-shot scores (${CODED} decisions to learn from).`,
  );
  const raw = await call<QueuePage>(page, 'annotate.queue', { questionId: question.id, order: 'least_confident', limit: 1 });
  expect(raw.items[0]!.suggestion?.calibrated).toBeUndefined();
});
