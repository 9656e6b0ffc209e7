// The model's labels for the whole corpus, end to end in Chromium: 300 politicians' tweets with
// their hand-coded sentiment (-1/0/1/x) imported with the gold column, pre-labelled by the generated
// tiny model from the Pre-label screen, a few decisions made through the API; the Export screen
// says how many rows an export of all documents writes before it starts, writes the CSV, and every
// row's model label, score, per-label scores, stale flag, run, gold label and final label equal the
// test's own computation from the project file (softmax of the stored entailment logits across the
// labels, the gold value mapped by the label codes by hand); the ZIP holds the same CSV.
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { corpusFile, expect, test } from './fixtures';
import { parseCsv } from './support/csv';
import { makeTinyModel } from './support/nli';
import { call } from './support/several-coders';

const DOCS = 300;
const LABELS = [
  { name: 'negative', code: '-1' },
  { name: 'neutral', code: '0' },
  { name: 'positive', code: '1' },
];
const GOLD: Record<string, string> = { '-1': 'negative', '0': 'neutral', '1': 'positive' };

let modelsDir: string;
let modelDir: string;
test.beforeAll(() => {
  modelsDir = mkdtempSync(join(tmpdir(), 'prelabel-e2e-models-'));
  modelDir = makeTinyModel(join(modelsDir, 'prelabel-tiny'));
});
test.afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

/** The first 300 tweets with distinct ids (19 digits each), with their gold sentiment and annotator. */
function writeTweets(path: string): void {
  const [header, ...rows] = parseCsv(readFileSync(corpusFile('politicians_tweets_sentiment_en_es_el/en_combined.csv'), 'utf8'));
  expect(header).toEqual(['id', 'full_text', 'label', 'annotator']);
  const seen = new Set<string>();
  const picked = rows.filter((r) => !seen.has(r[0]!) && seen.add(r[0]!)).slice(0, DOCS);
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  writeFileSync(path, ['id,full_text,label,annotator', ...picked.map((r) => r.map(quote).join(','))].join('\n') + '\n');
}

interface Want {
  model: string;
  top: number;
  scores: number[];
  gold: string;
  human: string;
}

/** Every document's expected columns from the project file: plain SQL and the softmax done here. */
function expected(path: string, questionId: string, labelIds: string[]): Map<string, Want> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const docs = db.prepare('SELECT id, external_id AS ext, gold_label AS gold FROM documents').all() as Array<{
      id: number;
      ext: string;
      gold: string | null;
    }>;
    const logits = db
      .prepare(
        'SELECT p.document_id AS d, p.label_id AS l, p.entailment AS e FROM predictions p JOIN prelabel_runs r ON r.id = p.run_id WHERE r.question_id = ?',
      )
      .all(questionId) as Array<{ d: number; l: string; e: number }>;
    const byDoc = new Map<number, Map<string, number>>();
    for (const r of logits) byDoc.set(r.d, (byDoc.get(r.d) ?? new Map()).set(r.l, r.e));
    const decisions = new Map(
      (
        db
          .prepare("SELECT document_id AS d, label_ids AS l FROM annotations WHERE question_id = ? AND kind = 'label'")
          .all(questionId) as Array<{
          d: number;
          l: string;
        }>
      ).map((r) => [r.d, JSON.parse(r.l) as string[]]),
    );
    const name = (id: string) => LABELS[labelIds.indexOf(id)]!.name;
    return new Map(
      docs.map((d) => {
        const e = labelIds.map((l) => byDoc.get(d.id)!.get(l)!);
        const max = Math.max(...e);
        const ex = e.map((x) => Math.exp(x - max));
        const sum = ex.reduce((a, b) => a + b, 0);
        const scores = ex.map((x) => x / sum);
        const top = scores.indexOf(Math.max(...scores));
        const human = decisions.get(d.id);
        return [
          d.ext,
          {
            model: LABELS[top]!.name,
            top: scores[top]!,
            scores,
            gold: GOLD[d.gold ?? ''] ?? '',
            human: human ? human.map(name).join('|') : '',
          },
        ];
      }),
    );
  } finally {
    db.close();
  }
}

test('export "all": the model label and scores of every tweet, gold and final labels, counted before and zipped after', async ({
  app: page,
}, testInfo) => {
  test.slow();
  const csvPath = testInfo.outputPath('tweets.csv');
  writeTweets(csvPath);

  await page.getByTestId('new-project-name').fill('Tweets export');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(csvPath);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  const textColumn = (name: string) => page.locator(`[data-testid=text-column][value="${name}"]`);
  if (!(await textColumn('full_text').isChecked())) await textColumn('full_text').check();
  for (const other of ['id', 'label', 'annotator']) if (await textColumn(other).isChecked()) await textColumn(other).uncheck();
  await page.getByTestId('gold-column').selectOption('label');
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText(`${DOCS} rows read.`);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('browse-total')).toHaveText(`${DOCS} documents`, { timeout: 60_000 });
  const project = await call<{ path: string }>(page, 'project.current', {});
  const codebook = await call<{ questions: Array<{ id: string; labels: Array<{ id: string; name: string }> }> }>(page, 'codebook.set', {
    questions: [{ name: 'Sentiment', template: 'The sentiment of this tweet is {}.', labels: LABELS }],
  });
  const question = codebook.questions[0]!;
  const labelIds = LABELS.map((l) => question.labels.find((x) => x.name === l.name)!.id);
  await call(page, 'models.add', { path: modelDir });
  await page.reload();
  await page.getByTestId('nav-prelabel').click();
  await expect(page.getByTestId('prelabel-question').locator('option:checked')).toHaveText('Sentiment');
  await page.getByTestId('prelabel-start').click();
  await expect(page.getByTestId('prelabel-status')).toHaveText('Done', { timeout: 120_000 });

  // Ten human decisions (every 30th document, the three labels in turn).
  const db = new Database(project.path, { readonly: true, fileMustExist: true });
  const ids = db.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[];
  db.close();
  for (let i = 0; i < ids.length; i += 30)
    await call(page, 'annotate.decide', {
      questionId: question.id,
      documentId: ids[i],
      coder: 'Ana',
      kind: 'label',
      labelIds: [labelIds[(i / 30) % 3]],
    });

  await page.getByTestId('nav-export').click();
  await expect(page.getByTestId('export-question').locator('option:checked')).toHaveText('Sentiment');
  await page.getByTestId('export-format').selectOption('csv');
  await page.getByTestId('export-filter').selectOption('all');
  await expect(page.getByTestId('export-count')).toHaveText(`${DOCS} rows will be written.`);
  await page.getByTestId('export-start').click();
  const links = page.getByTestId('export-result').getByTestId('export-download');
  await expect(links).toHaveCount(2, { timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), links.nth(0).click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  const rows = parse(csv, { columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(DOCS);
  expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['meta_annotator', 'score_negative', 'score_neutral', 'score_positive']));

  const want = expected(project.path, question.id, labelIds);
  let human = 0;
  let gold = 0;
  for (const r of rows) {
    const w = want.get(r.id!)!;
    expect(r.model_label, r.id).toBe(w.model);
    expect(Number(r.model_score)).toBeCloseTo(w.top, 10);
    LABELS.forEach((l, k) => expect(Number(r[`score_${l.name}`])).toBeCloseTo(w.scores[k]!, 10));
    expect(r.model_stale).toBe('false');
    expect(r.model_run_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.gold_label).toBe(w.gold);
    expect(r.labels).toBe(w.human);
    expect([r.final_label, r.final_label_source]).toEqual(w.human ? [w.human, 'human'] : [w.model, 'model']);
    if (w.human) human++;
    if (w.gold) gold++;
  }
  expect(human).toBe(10);
  expect(gold).toBeGreaterThan(280);

  // One ZIP of the CSV and the manifest; the manifest names the run with the template it was made with.
  const [zipDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download-zip').click()]);
  const zipped = unzipSync(readFileSync((await zipDownload.path())!));
  expect(new TextDecoder().decode(zipped['Sentiment.csv'])).toBe(csv);
  const manifest = JSON.parse(new TextDecoder().decode(zipped['manifest.json'])) as {
    runs: Array<{ template: string; precision: string; tokenizerSha256: string; current: boolean }>;
    counts: { model: { current: number; final: { human: number; model: number } } };
  };
  expect(manifest.runs).toHaveLength(1);
  expect(manifest.runs[0]).toMatchObject({ template: 'The sentiment of this tweet is {}.', precision: 'fp32', current: true });
  expect(manifest.runs[0]!.tokenizerSha256).toMatch(/^[0-9a-f]{64}$/);
  expect(manifest.counts.model).toMatchObject({ current: DOCS, final: { human: 10, model: DOCS - 10 } });
});
