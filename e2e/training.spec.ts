// Coder training end to end in Chromium on SemEval-2016 stance tweets (shared data) imported with
// their gold stance: the Training screen draws a round of 20 against the gold labels, its button
// opens the round's blind queue in Annotate for the trainee, who codes the first two tweets by
// keyboard; the other 18 are recorded through the API (annotate.decide with the round, as Annotate
// sends them): the gold stance except every fourth tweet (the next stance), the last one skipped.
// The screen's scores, per-label table and differences (with both labels' definitions) are the
// core's training.result; the training decisions are no labels of the project; axe in both themes.
// Screenshot: docs/screens/training.png.
import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { TrainingResult, TrainingRound } from '../common/contract';
import { fmtCoef, fmtShare } from '../common/evaluation-format';
import { corpusFile, expect, test } from './fixtures';
import { parseCsv } from './support/csv';
import { shoot } from './support/screens';
import { call, expectAccessible } from './support/several-coders';

const DOCS = 40;
const STANCES = ['AGAINST', 'FAVOR', 'NONE'];

function writeStance(path: string): Map<string, string> {
  const [, ...rows] = parseCsv(readFileSync(corpusFile('semeval2016_stance/test.csv'), 'utf8'));
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const picked = rows.filter((_, i) => i % 5 === 0).slice(0, DOCS);
  writeFileSync(
    path,
    ['id,Tweet,Target,Stance', ...picked.map((r, i) => [`t${i + 1}`, quote(r[0]!), quote(r[1]!), r[2]!].join(','))].join('\n') + '\n',
  );
  return new Map(picked.map((r, i) => [`t${i + 1}`, r[2]!]));
}

test('a trainee codes a training round against the gold labels and the Training screen shows the core’s result', async ({
  app: page,
}, testInfo) => {
  test.slow();
  const csv = testInfo.outputPath('stance.csv');
  const gold = writeStance(csv);

  await page.getByTestId('new-project-name').fill('Stance training');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(csv);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  const textColumn = (name: string) => page.locator(`[data-testid=text-column][value="${name}"]`);
  if (!(await textColumn('Tweet').isChecked())) await textColumn('Tweet').check();
  for (const other of ['Target', 'Stance']) if (await textColumn(other).isChecked()) await textColumn(other).uncheck();
  await page.getByTestId('gold-column').selectOption('Stance');
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText(`${DOCS} rows read.`);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('browse-total')).toHaveText(`${DOCS} documents`, { timeout: 60_000 });
  const project = await call<{ path: string }>(page, 'project.current', {});
  type Q = { id: string; labels: Array<{ id: string; name: string }> };
  const { questions } = await call<{ questions: Q[] }>(page, 'codebook.set', {
    questions: [
      {
        name: 'Stance',
        labels: STANCES.map((name) => ({
          name,
          description: `The tweet is ${name.toLowerCase()} its target.`,
          examples: [`A tweet ${name.toLowerCase()}.`],
        })),
      },
    ],
  });
  const q = questions[0]!;
  const labelId = (name: string) => q.labels.find((l) => l.name === name)!.id;

  // ---- The Training screen before any round; then a round of 20 against the gold labels. ----
  await page.reload();
  await page.getByTestId('nav-training').click();
  await expect(page.getByTestId('training-rounds')).toContainText('No training round yet: draw one above.');
  await expectAccessible(page);
  await page.getByTestId('training-trainee').fill('Tia');
  await page.getByTestId('training-master').selectOption('gold');
  await page.getByTestId('training-size').fill('20');
  await page.getByTestId('training-seed').fill('7');
  await page.getByTestId('training-draw').click();
  const round = page.getByTestId('training-round');
  await expect(round).toHaveCount(1);
  await expect(round).toContainText('Round of 20 against the gold labels, seed 7');
  await expect(round).toContainText('No coder has decided a document of this round yet.');
  const rounds = await call<TrainingRound[]>(page, 'training.rounds', { questionId: q.id });
  expect(rounds).toHaveLength(1);
  const roundId = rounds[0]!.id;
  await expect(round).toHaveAttribute('data-round-id', roundId);

  const db = new Database(project.path, { readonly: true, fileMustExist: true });
  const docs = db
    .prepare(
      'SELECT d.id, d.external_id AS ext FROM sample_documents s JOIN documents d ON d.id = s.document_id WHERE s.sample_id = ? ORDER BY s.position',
    )
    .all(roundId) as Array<{ id: number; ext: string }>;
  expect(docs).toHaveLength(20);
  // The trainee's labels: the gold stance, the next one on every fourth tweet, the last one skipped.
  const given = docs.map((d, i) =>
    i === 19 ? null : i % 4 === 0 ? STANCES[(STANCES.indexOf(gold.get(d.ext)!) + 1) % 3]! : gold.get(d.ext)!,
  );

  // ---- "Code in Annotate" opens the round's blind queue for Tia; two tweets by keyboard. ----
  await page.getByTestId('training-code').click();
  await expect(page.getByTestId('annotate-blind')).toBeVisible();
  const shown = page.getByTestId('annotate-doc');
  for (let i = 0; i < 2; i++) {
    await expect(shown).toHaveAttribute('data-document-id', String(docs[i]!.id));
    await expect(page.getByTestId('annotate-suggestion')).toHaveCount(0);
    await page.keyboard.press(String(STANCES.indexOf(given[i]!) + 1));
    await page.keyboard.press('Enter');
    await expect(shown).not.toHaveAttribute('data-document-id', String(docs[i]!.id));
  }
  for (let i = 2; i < 20; i++)
    await call(page, 'annotate.decide', {
      questionId: q.id,
      documentId: docs[i]!.id,
      coder: 'Tia',
      sampleId: roundId,
      ...(given[i] === null ? { kind: 'skip' } : { kind: 'label', labelIds: [labelId(given[i]!)] }),
    });
  // Training decisions, never labels of the project.
  expect(db.prepare("SELECT count(*) FROM annotations WHERE sample_id = ? AND role = 'training'").pluck().get(roundId)).toBe(20);
  expect(db.prepare('SELECT count(*) FROM coding_state WHERE annotation_id IS NOT NULL').pluck().get()).toBe(0);
  db.close();

  // ---- The result on the screen is the core's. ----
  const core = await call<TrainingResult>(page, 'training.result', { sampleId: roundId, coder: 'Tia' });
  expect(core.score).toMatchObject({ coded: 19, skipped: 1, percent: 14 / 19 });
  await page.getByTestId('nav-training').click();
  await expect(page.getByTestId('training-trainee')).toHaveValue('Tia');
  const row = page.locator('[data-testid=training-scores] tr[data-coder=Tia]');
  await expect(row.locator('[data-stat=coded]')).toHaveText('19');
  await expect(row.locator('[data-stat=skipped]')).toHaveText('1');
  await expect(row.locator('[data-stat=percent]')).toHaveText(fmtShare(core.score.percent));
  await expect(row.locator('[data-stat=kappa]')).toHaveText(fmtCoef(core.score.kappa));
  await expect(row.locator('[data-stat=alpha]')).toHaveText(fmtCoef(core.score.alpha));
  await row.getByTestId('training-show').click();
  await expect(page.getByTestId('training-summary')).toHaveText(
    `19 labelled, 1 skipped, 0 still open; agreement with the master ${fmtShare(core.score.percent)}, Cohen’s kappa ${fmtCoef(core.score.kappa)}, Krippendorff’s alpha ${fmtCoef(core.score.alpha)}.`,
  );
  for (const l of core.perLabel) {
    const cells = page.locator(`[data-testid=training-per-label] tr[data-label="${l.label}"]`);
    await expect(cells.locator('td')).toHaveText([
      String(l.master),
      String(l.trainee),
      String(l.both),
      fmtShare(l.percent),
      fmtCoef(l.kappa),
    ]);
  }
  const differences = page.getByTestId('training-difference');
  await expect(differences).toHaveCount(5);
  expect(core.differences.map((d) => d.externalId)).toEqual([0, 4, 8, 12, 16].map((i) => docs[i]!.ext));
  await expect(differences.first()).toHaveAttribute('data-external-id', docs[0]!.ext);
  const first = core.differences[0]!;
  await expect(differences.first()).toContainText(`Master: ${first.master[0]!.name}`);
  await expect(differences.first()).toContainText(`Tia: ${first.trainee[0]!.name}`);
  await expect(differences.first().getByTestId('training-definition')).toHaveText([
    `${first.master[0]!.name}${first.master[0]!.description}Examples:${first.master[0]!.examples[0]}`,
    `${first.trainee[0]!.name}${first.trainee[0]!.description}Examples:${first.trainee[0]!.examples[0]}`,
  ]);

  await expectAccessible(page);
  await shoot(page, 'training', { height: 1400 });

  // ---- A reliability sample drawn in Annotate, sized by Krippendorff's minimum N, named as such on
  // the Agreement screen. ----
  await page.getByTestId('nav-annotate').click();
  await page.getByTestId('annotate-stop').click();
  await page.getByTestId('sample-new').click();
  await page.getByTestId('sample-kind').selectOption('reliability');
  await page.getByTestId('sample-smallest-share').fill('20');
  await page.getByTestId('sample-alpha-min').fill('0.667');
  const plan = await call<{ n: number; text: string }>(page, 'samples.size', {
    kind: 'reliability',
    smallestShare: 0.2,
    alphaMin: 0.667,
    significance: 0.05,
  });
  await expect(page.getByTestId('sample-formula')).toHaveText(plan.text);
  expect(plan.text).toContain(`The project has only ${DOCS} documents`);
  await expect(page.getByTestId('sample-size')).toHaveValue(String(plan.n));
  await page.getByTestId('sample-size').fill('15');
  await page.getByTestId('sample-seed').fill('5');
  await page.getByTestId('sample-draw').click();
  await expect(page.getByTestId('annotate-source').locator('option:checked')).toHaveText('Reliability sample of 15 (seed 5), 0 coded');
  const samples = await call<Array<{ kind: string; size: number; sizing: { kind: string } | null }>>(page, 'samples.list', {
    questionId: q.id,
  });
  expect(samples.map((x) => [x.kind, x.size, x.sizing?.kind ?? null])).toEqual([
    ['reliability', 15, 'reliability'],
    ['training', 20, null],
  ]);
  await page.getByTestId('nav-agreement').click();
  // Training rounds are not offered: their decisions are no coder's own labels.
  await expect(page.getByTestId('agreement-sample').locator('option')).toHaveText([
    'Every document a coder decided',
    /^Reliability sample of 15 documents, seed 5/,
  ]);
});
