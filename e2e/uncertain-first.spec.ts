// The uncertain band and Annotate's "Uncertain first" order end to end in Chromium on AG News rows
// (shared data): a single-label question pre-labelled by the generated tiny model, 10 documents coded
// through the API. The Validation screen sets the band and says which probabilities its margins are
// of; in Annotate, "Uncertain first" says what it does, and the first document served is the open one
// whose top two probabilities are closest (computed here from the suggestions' scores).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueuePage, ThresholdsResult } from '../common/contract';
import { corpusFile, expect, test } from './fixtures';
import { parseCsv } from './support/csv';
import { makeTinyModel } from './support/nli';
import { call, expectAccessible } from './support/several-coders';

const TOPICS = ['World', 'Sports', 'Business', 'Sci/Tech'];
const CODED = 10;

let modelsDir: string;
let modelDir: string;
test.beforeAll(() => {
  modelsDir = mkdtempSync(join(tmpdir(), 'prelabel-e2e-models-'));
  modelDir = makeTinyModel(join(modelsDir, 'prelabel-tiny'));
});
test.afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

test('the uncertain band set in Validation; Annotate "Uncertain first" serves the smallest margin first', async ({
  app: page,
}, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('news.csv');
  const rows = parseCsv(readFileSync(corpusFile('ag_news/test.csv'), 'utf8'))
    .slice(0, 60)
    .map(([cls, title, description], i) => ({
      id: `a${i + 1}`,
      text: `${title!}. ${description!}`,
      topic: TOPICS[Number(cls) - 1] ?? TOPICS[0]!,
    }));
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(csv, ['id,text', ...rows.map((r) => [r.id, quote(r.text)].join(','))].join('\n') + '\n');
  await page.getByTestId('new-project-name').fill('Uncertain');
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
