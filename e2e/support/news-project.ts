// The AG News project of the specs that tune and check the model on coded documents (calibration,
// thresholds, hypothesis tuning): AG News test rows (shared data) written as an id,text CSV and
// imported through the Import screen, one question of the four AG News topics set through the API,
// the generated tiny model added and the question pre-labelled on the Pre-label screen; then rows
// coded through the API with their topic.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { corpusFile, expect, test } from '../fixtures';
import { parseCsv } from './csv';
import { makeTinyModel } from './nli';
import { call } from './several-coders';

export const TOPICS = ['World', 'Sports', 'Business', 'Sci/Tech'];

export interface NewsDoc {
  id: string;
  text: string;
  topic: string;
}

export interface NewsQuestion {
  id: string;
  template: string;
  labels: Array<{ id: string; name: string }>;
}

/** The generated tiny model, made once for the spec file in a temporary folder and removed after it;
 * call at the top of the file, read the folder inside a test. */
export function useTinyModel(): () => string {
  let modelsDir = '';
  let modelDir = '';
  test.beforeAll(() => {
    modelsDir = mkdtempSync(join(tmpdir(), 'prelabel-e2e-models-'));
    modelDir = makeTinyModel(join(modelsDir, 'prelabel-tiny'));
  });
  test.afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));
  return () => modelDir;
}

/** The first `count` AG News test rows: ids a1, a2, ..., the text "title. description", the topic. */
export function agNewsDocs(count: number): NewsDoc[] {
  return parseCsv(readFileSync(corpusFile('ag_news/test.csv'), 'utf8'))
    .slice(0, count)
    .map(([cls, title, description], i) => ({
      id: `a${i + 1}`,
      text: `${title!}. ${description!}`,
      topic: TOPICS[Number(cls) - 1] ?? TOPICS[0]!,
    }));
}

/** The documents as an id,text CSV (every text quoted). */
export function writeIdTextCsv(path: string, docs: readonly NewsDoc[]): void {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(path, ['id,text', ...docs.map((r) => [r.id, quote(r.text)].join(','))].join('\n') + '\n');
}

/** A new project `name` with the CSV of `documents` rows imported through the Import screen, the
 * question (the four topics as its labels) set, the model added and the question pre-labelled. */
export async function prelabelledNewsProject(
  page: Page,
  o: { name: string; csv: string; documents: number; question: { name: string; template: string; multiLabel?: boolean }; modelDir: string },
): Promise<NewsQuestion> {
  await page.getByTestId('new-project-name').fill(o.name);
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(o.csv);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  await expect(page.getByTestId('id-column')).toHaveValue('id');
  await page.getByTestId('check-file').click();
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('browse-total')).toHaveText(`${o.documents} documents`, { timeout: 60_000 });
  const codebook = await call<{ questions: NewsQuestion[] }>(page, 'codebook.set', {
    questions: [{ ...o.question, labels: TOPICS.map((name) => ({ name })) }],
  });
  await call(page, 'models.add', { path: o.modelDir });
  await page.reload();
  await page.getByTestId('nav-prelabel').click();
  await expect(page.getByTestId('prelabel-question').locator('option:checked')).toHaveText(o.question.name);
  await page.getByTestId('prelabel-start').click();
  await expect(page.getByTestId('prelabel-status')).toHaveText('Done', { timeout: 120_000 });
  return codebook.questions[0]!;
}

/** Codes each document with its topic, as Ana, through annotate.decide. */
export async function codeTopics(page: Page, question: NewsQuestion, docs: readonly NewsDoc[]): Promise<void> {
  const list = await call<{ rows: Array<{ id: number; externalId: string }> }>(page, 'documents.list', { limit: 200 });
  const idOf = new Map(list.rows.map((r) => [r.externalId, r.id]));
  const labelId = new Map(question.labels.map((l) => [l.name, l.id]));
  for (const r of docs)
    await call(page, 'annotate.decide', {
      questionId: question.id,
      documentId: idOf.get(r.id)!,
      coder: 'Ana',
      kind: 'label',
      labelIds: [labelId.get(r.topic)!],
    });
}
