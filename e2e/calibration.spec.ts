// The calibrated classifier end to end in Chromium on AG News rows (shared data): a single-label
// question pre-labelled by the generated tiny model, 100 documents coded through the API with their
// AG News topic. The Validation screen's calibration section measures the cross-validated benefit
// (the numbers of calibration.status's evaluation), the switch makes suggestions calibrated ("calibrated
// on 100 decisions", the queue's suggestions carry it) and switching off gives raw scores back.
// Axe finds no serious problem. Screenshot: docs/screens/calibration.png.
import type { CalibrationStatus, QueuePage } from '../common/contract';
import { expect, test } from './fixtures';
import { agNewsDocs, codeTopics, prelabelledNewsProject, useTinyModel, writeIdTextCsv } from './support/news-project';
import { shoot } from './support/screens';
import { call, expectAccessible } from './support/several-coders';

const CODED = 100;

const modelDir = useTinyModel();

test('the calibrated classifier: cross-validated benefit, the switch and its provenance', async ({ app: page }, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('news.csv');
  const rows = agNewsDocs(120);
  writeIdTextCsv(csv, rows);
  const question = await prelabelledNewsProject(page, {
    name: 'Calibration',
    csv,
    documents: rows.length,
    question: { name: 'Topic', template: 'This news is about {}.' },
    modelDir: modelDir(),
  });
  await codeTopics(page, question, rows.slice(0, CODED));

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
