// Issue 12, section 2, in real Chromium through the browser mode: a folder picked with the
// directory picker is uploaded and imported, one document per .txt file with its path as id
// (bug 5); the "decode HTML entities" option reads the preview again, decoded (bug 4); and the SMS
// corpus's spilled texts are a problem class that joins them back by default (bug 3).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { DocumentPage } from '../common/contract';
import { corpusFile, expect, test } from './fixtures';

async function documentsFromApi(page: Page, origin: string, offset: number, limit: number): Promise<DocumentPage> {
  const reply = await page.request.post(`${origin}/api/call/documents.list`, { data: { offset, limit }, headers: { Origin: origin } });
  expect(reply.ok()).toBe(true);
  return ((await reply.json()) as { value: DocumentPage }).value;
}

async function newProject(page: Page, name: string) {
  await page.getByTestId('new-project-name').fill(name);
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
}

async function checkAndImport(page: Page) {
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-result')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('screen-browse')).toBeVisible({ timeout: 60_000 });
}

test('bug 5: a folder picked in the browser is imported, one document per .txt file, its path the id', async ({ app: page, server }) => {
  // A folder made now from three BBC News texts, one in a subfolder, with a file that is no text.
  const [, ...lines] = readFileSync(corpusFile('bbc_news/BBC News Train.csv'), 'utf8').split('\n');
  const texts = lines.slice(0, 3).map((l) => l.slice(1, l.lastIndexOf('","')));
  const root = mkdtempSync(join(tmpdir(), 'prelabel-folder-'));
  const folder = join(root, 'BBC speeches');
  mkdirSync(join(folder, 'business'), { recursive: true });
  writeFileSync(join(folder, 'news-10.txt'), texts[0]!);
  writeFileSync(join(folder, 'news-2.txt'), texts[1]!);
  writeFileSync(join(folder, 'business', 'news-1.txt'), texts[2]!);
  writeFileSync(join(folder, 'cover.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
  try {
    await newProject(page, 'Folder import');
    await page.getByTestId('folder-input').setInputFiles(folder);
    const preview = page.getByTestId('import-preview');
    await expect(preview.getByRole('heading', { level: 2 })).toContainText('BBC speeches');
    await expect(page.getByTestId('import-notice')).toContainText('1 file that is not a .txt file was left out.');
    await expect(page.getByTestId('format')).toHaveValue('folder');
    await expect(page.getByTestId('preview-table').locator('thead th')).toHaveText(['file', 'text']);
    await page.getByTestId('id-column').selectOption('file');
    await checkAndImport(page);
    await expect(page.getByTestId('browse-total')).toHaveText('3 documents');
    const docs = await documentsFromApi(page, server.origin, 0, 10);
    expect(docs.rows.map((d) => d.externalId)).toEqual(['news-2.txt', 'news-10.txt', 'business/news-1.txt']);
    expect(texts[1]!.startsWith(docs.rows[0]!.text)).toBe(true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('bug 4: "decode HTML entities" reads the preview again, decoded, and the posts are stored decoded', async ({ app: page, server }) => {
  await newProject(page, 'Entities');
  await page.getByTestId('file-input').setInputFiles(corpusFile('political_social_media_bias/political_social_media.csv'));
  const option = page.getByTestId('decode-entities');
  await expect(option).not.toBeChecked();
  await expect(page.getByTestId('entities-hint')).toHaveText('5 cells of the preview hold HTML entities such as &amp;.');
  const fifth = page.getByTestId('preview-row').nth(4).getByTestId('preview-cell').nth(1);
  await expect(fifth).toContainText('#innovation &amp; protect #privacy');
  await option.check();
  await expect(fifth).toContainText('#innovation & protect #privacy');
  await expect(option).toBeChecked();
  await checkAndImport(page);
  const docs = await documentsFromApi(page, server.origin, 0, 20);
  expect(docs.rows[4]!.text).toContain('#innovation & protect #privacy');
  expect(docs.rows.some((d) => d.text.includes('&amp;'))).toBe(false);

  // The next import into this project proposes the same choice.
  await page.getByTestId('nav-import').click();
  await page.getByTestId('file-input').setInputFiles(corpusFile('political_social_media_bias/political_social_media.csv'));
  await expect(page.getByTestId('decode-entities')).toBeChecked();
  await expect(page.getByTestId('preview-row').nth(4).getByTestId('preview-cell').nth(1)).toContainText('& protect');
});

test('bug 3: SMS texts that held a comma are a problem class, joined back into the text by default', async ({ app: page, server }) => {
  await newProject(page, 'SMS');
  await page.getByTestId('file-input').setInputFiles(corpusFile('sms_spam_nonutf8/spam.csv'));
  await expect(page.getByTestId('preview-table').locator('thead th')).toHaveText([
    'Response',
    'Message',
    'Column 3',
    'Column 4',
    'Column 5',
  ]);
  await page.getByTestId('check-file').click();
  const spill = page.getByTestId('problem-text_spill');
  await expect(spill).toBeVisible({ timeout: 60_000 });
  await expect(spill.getByTestId('problem-rows')).toContainText('Rows 96, 282, 445');
  await expect(spill.getByTestId('choice-join')).toBeChecked();
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('screen-browse')).toBeVisible({ timeout: 60_000 });
  const docs = await documentsFromApi(page, server.origin, 95, 1);
  expect(docs.rows[0]!.text).toMatch(/FML, PO Box 5249, MK17 92H\. 450Ppw 16"$/);
  expect(docs.rows[0]!.metadata['Column 3']).toBe('');
});
