// Export end to end in the browser mode: a project with a few decisions (written into the project's
// decision log from the test, since coding is not what this spec is about), exported from the
// Export screen as CSV and as NLI pairs, downloaded through the server's authenticated route, and
// the downloaded files checked line by line against the decisions. The screen says how many rows
// an export will write before it starts, offers the NLI options, and downloads everything as one ZIP.
import { readFileSync } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { call } from './support/several-coders';

const LONG_ID = '1234567890123456789';
const DOCS = [
  { id: LONG_ID, text: 'We fully support the new asylum law.' },
  { id: '0002', text: '=1+1 is not an argument against the law.' },
  { id: '0003', text: 'The law was debated for hours on Tuesday.' },
  { id: '0004', text: 'Nobody asked me about it.' },
];
const LABELS = ['in favour of', 'against', 'neutral towards'];

async function setUpProject(page: Page): Promise<{ path: string; questionId: string; labelIds: string[] }> {
  const project = await call<{ path: string }>(page, 'project.create', { name: 'Export e2e' });
  const csv = ['id,text', ...DOCS.map((d) => `${d.id},"${d.text.replace(/"/g, '""')}"`)].join('\n') + '\n';
  const upload = await page.evaluate(async (body) => {
    const r = await fetch('/api/upload', { method: 'POST', headers: { 'X-File-Name': 'stance.csv' }, body });
    return r.json();
  }, csv);
  const started = await call<{ jobId: string }>(page, 'import.start', {
    source: { kind: 'upload', uploadId: upload.value.uploadId },
    mapping: { textColumns: ['text'], idColumn: 'id' },
  });
  await expect.poll(async () => (await call<{ documents: number }>(page, 'project.stats', {})).documents).toBe(DOCS.length);
  expect(started.jobId).toBeTruthy();
  const codebook = await call<{ questions: { id: string; labels: { id: string; name: string }[] }[]; revisionId: string }>(
    page,
    'codebook.set',
    {
      questions: [{ name: 'Stance', template: 'The author is {} the law.', labels: LABELS.map((name) => ({ name })) }],
    },
  );
  const q = codebook.questions[0]!;
  return { path: project.path, questionId: q.id, labelIds: LABELS.map((n) => q.labels.find((l) => l.name === n)!.id) };
}

/** Decisions appended to the project's log: doc 1 in favour (as suggested), doc 2 against (the
 * suggestion said neutral), doc 3 first against then undone and coded neutral, doc 4 open. */
function writeDecisions(path: string, questionId: string, labelIds: string[]): void {
  const db = new Database(path);
  try {
    db.pragma('busy_timeout = 5000');
    const coder = randomUUID();
    db.prepare("INSERT INTO coders (id, name, created_at) VALUES (?, 'e2e coder', ?)").run(coder, new Date().toISOString());
    const docs = db.prepare('SELECT id, external_id FROM documents ORDER BY id').all() as { id: number; external_id: string }[];
    const doc = (ext: string) => docs.find((d) => d.external_id === ext)!.id;
    let second = 0;
    const at = () => new Date(Date.UTC(2026, 2, 1, 9, 0, second++)).toISOString();
    const add = db.prepare(
      'INSERT INTO annotations (id, document_id, question_id, coder_id, kind, label_ids, suggestion_label_ids, suggestion_score, undoes_id, created_at, suggestion_shown) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const decide = (ext: string, label: number, suggested: number | null) => {
      const id = randomUUID();
      add.run(
        id,
        doc(ext),
        questionId,
        coder,
        'label',
        JSON.stringify([labelIds[label]]),
        suggested === null ? null : JSON.stringify([labelIds[suggested]]),
        suggested === null ? null : 0.8,
        null,
        at(),
        suggested === null ? 0 : 1,
      );
      return id;
    };
    decide(LONG_ID, 0, 0);
    decide('0002', 1, 2);
    const wrong = decide('0003', 1, null);
    add.run(randomUUID(), doc('0003'), questionId, coder, 'undo', '[]', null, null, wrong, at(), 0);
    decide('0003', 2, null);
  } finally {
    db.close();
  }
}

async function exportAndDownload(page: Page, format: string): Promise<{ data: string; manifest: Record<string, unknown> }> {
  await page.getByTestId('export-format').selectOption(format);
  await page.getByTestId('export-start').click();
  const result = page.getByTestId('export-result');
  await expect(result).toBeVisible();
  const links = result.getByTestId('export-download');
  await expect(links).toHaveCount(2);
  const read = async (index: number) => {
    const [download] = await Promise.all([page.waitForEvent('download'), links.nth(index).click()]);
    return readFileSync((await download.path())!, 'utf8');
  };
  const data = await read(0);
  const manifest = JSON.parse(await read(1)) as Record<string, unknown>;
  return { data, manifest };
}

test('exports CSV and NLI pairs from the Export screen and downloads them in the browser', async ({ app: page }) => {
  const { path, questionId, labelIds } = await setUpProject(page);
  writeDecisions(path, questionId, labelIds);

  await page.getByTestId('nav-export').click();
  await expect(page.getByTestId('screen-export')).toBeVisible();
  await expect(page.getByTestId('export-question')).toHaveValue(questionId);

  // ---- CSV of the coded documents: the rows are counted before the export ----
  await page.getByTestId('export-format').selectOption('csv');
  await expect(page.getByTestId('export-count')).toHaveText('3 rows will be written.');
  await page.getByTestId('export-filter').selectOption('all');
  await expect(page.getByTestId('export-count')).toHaveText('4 rows will be written.');
  await page.getByTestId('export-filter').selectOption('coded');
  await expect(page.getByTestId('export-count')).toHaveText('3 rows will be written.');
  const csv = await exportAndDownload(page, 'csv');
  await expect(page.getByTestId('export-rows')).toHaveText('3 rows written.');
  const rows = parse(csv.data, { columns: true }) as Record<string, string>[];
  expect(rows.map((r) => [r.id, r.labels, r.suggestion_outcome])).toEqual([
    [LONG_ID, 'in favour of', 'accepted'],
    ['0002', 'against', 'changed'],
    ['0003', 'neutral towards', ''],
  ]);
  expect(rows[1]!.text).toBe('=1+1 is not an argument against the law.');
  expect(rows.every((r) => r.coder === 'e2e coder')).toBe(true);
  // Never pre-labelled: the final label is the human's, the model columns empty.
  expect(rows.map((r) => [r.final_label, r.final_label_source, r.model_label, r.model_stale])).toEqual([
    ['in favour of', 'human', '', ''],
    ['against', 'human', '', ''],
    ['neutral towards', 'human', '', ''],
  ]);
  const files = csv.manifest.files as { name: string; sha256: string }[];
  expect(files[0]!.name).toBe('Stance.csv');
  expect(csv.manifest).toMatchObject({ format: 'csv', filter: 'coded', counts: { rows: 3 } });

  // ---- One ZIP of the data file and the manifest, each as the export wrote it ----
  const [zipDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download-zip').click()]);
  expect(zipDownload.suggestedFilename()).toBe('Stance.zip');
  const zipped = unzipSync(readFileSync((await zipDownload.path())!));
  expect(Object.keys(zipped)).toEqual(['Stance.csv', 'manifest.json']);
  expect(createHash('sha256').update(zipped['Stance.csv']!).digest('hex')).toBe(files[0]!.sha256);
  expect(new TextDecoder().decode(zipped['Stance.csv'])).toBe(csv.data);

  // ---- NLI pairs: balanced by default (one not_entailment pair per entailment pair); all: 3 x 3 ----
  await page.getByTestId('export-result').getByRole('button', { name: 'Dismiss' }).click();
  // Only coded documents can be training rows: with NLI pairs "All documents" turns into "Coded" and
  // is no longer offered, and the hint says why.
  await page.getByTestId('export-filter').selectOption('all');
  await page.getByTestId('export-format').selectOption('nli');
  await expect(page.getByTestId('export-filter')).toHaveValue('coded');
  await expect(page.getByTestId('export-filter').locator('option')).toHaveText([
    'Coded',
    'Accepted as suggested',
    'Changed from the suggestion',
  ]);
  await expect(page.getByTestId('export-format-hint')).toContainText('“All documents” is not offered for this format.');
  // Each label has one coded document: round(0.2 x 1) = 0 go to test.
  await expect(page.getByTestId('export-count')).toHaveText(
    '6 NLI pairs will be written, from 3 documents. Split: 3 documents for training, 0 for test.',
  );
  await page.getByTestId('export-nli-negatives').selectOption('all');
  await expect(page.getByTestId('export-count')).toHaveText(
    '9 NLI pairs will be written, from 3 documents. Split: 3 documents for training, 0 for test.',
  );
  const nli = await exportAndDownload(page, 'nli');
  await expect(page.getByTestId('export-rows')).toHaveText('9 NLI pairs written.');
  const pairs = nli.data
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; hypothesis: string; label: string; label_name: string });
  expect(pairs).toHaveLength(9);
  expect(pairs.filter((p) => p.label === 'entailment').map((p) => `${p.id} ${p.label_name}`)).toEqual([
    `${LONG_ID} in favour of`,
    '0002 against',
    '0003 neutral towards',
  ]);
  expect(pairs[0]!.hypothesis).toBe('The author is in favour of the law.');
  expect(nli.manifest).toMatchObject({ format: 'nli', counts: { rows: 9, documents: 3 }, nli: { negatives: 'all', labels: 'text' } });
});

test('the download route refuses names outside a finished export', async ({ app: page }) => {
  const status = await page.evaluate(async () => {
    const urls = ['/api/export/00000000-0000-4000-8000-000000000000/x.csv', '/api/export/..%2F..%2Fetc%2Fpasswd/x', '/api/export/x'];
    return Promise.all(urls.map(async (u) => (await fetch(u)).status));
  });
  expect(status).toEqual([404, 404, 404]);
});
