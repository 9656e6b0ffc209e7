// Issue 13 in a real browser: gold through the workflow and a blind validation sample. SemEval 2016
// stance tweets (a derived CSV of every 32nd row, 60 in all over the six targets, written at test time) imported with Stance as
// the gold column; labels made from the gold values in one click; pre-labelled with the generated
// tiny model; the gold kept out of Annotate (not in the page) until the project's training switch
// shows it; Browse's Gold column and filters against the test's own computation; a sample of 8
// drawn with its formula and coded by keyboard in blind mode (no suggestion on screen), a skip in it
// coded again from the sample's skipped queue; an ordinary skipped document back in its own queue.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { corpusFile, expect, test, useColorScheme } from './fixtures';
import { parseCsv } from './support/csv';
import { makeTinyModel } from './support/nli';
import { shoot } from './support/screens';

const ROWS = 60;
let modelsDir: string;
let modelDir: string;

test.beforeAll(() => {
  modelsDir = mkdtempSync(join(tmpdir(), 'prelabel-e2e-models-'));
  modelDir = makeTinyModel(join(modelsDir, 'prelabel-tiny'));
});
test.afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

interface Tweet {
  text: string;
  target: string;
  stance: string;
}

/** Every 32nd tweet (the file is sorted by target; the first rows are all AGAINST), ROWS of them, with
 * their target and stance, as a CSV (id, Tweet, Target, Stance). */
function writeTweets(path: string): Tweet[] {
  const [, ...rows] = parseCsv(readFileSync(corpusFile('semeval2016_stance/test.csv'), 'utf8'));
  const tweets = rows
    .filter((_, i) => i % 32 === 0)
    .slice(0, ROWS)
    .map(([text, target, stance]) => ({ text: text!, target: target!, stance: stance! }));
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(
    path,
    ['id,Tweet,Target,Stance', ...tweets.map((t, i) => [`t${i + 1}`, q(t.text), q(t.target), t.stance].join(','))].join('\n') + '\n',
  );
  return tweets;
}

/** Calls the core as the page does (browser mode: same origin, the session cookie). */
async function call<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([m, i]) =>
      (await fetch(`/api/call/${m}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(i) })).json(),
    [method, input] as const,
  );
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

interface Row {
  id: number;
  externalId: string;
  gold: string | null;
  labels: string[];
  suggestion: { label: string } | null;
}

const doc = (page: Page) => page.getByTestId('annotate-doc');

/** Serious or critical axe-core violations (WCAG 2.x A and AA) in the light and the dark theme. */
async function violations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await useColorScheme(page, scheme);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    for (const v of result.violations)
      if (v.impact === 'serious' || v.impact === 'critical')
        found.push(`${scheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  await useColorScheme(page, null);
  return found;
}

/** Proportional allocation of n over the values, computed here: the floors, then one more for the
 * largest remainders (ties: the larger group, then the value). */
function largestRemainders(values: string[], n: number): Record<string, number> {
  const groups = new Map<string, number>();
  for (const v of values) groups.set(v, (groups.get(v) ?? 0) + 1);
  const exact = [...groups].map(([value, count]) => ({ value, count, share: (n * count) / values.length }));
  const sizes = new Map(exact.map((e) => [e.value, Math.floor(e.share)]));
  let left = n - [...sizes.values()].reduce((a, b) => a + b, 0);
  const order = [...exact].sort(
    (a, b) => b.share - Math.floor(b.share) - (a.share - Math.floor(a.share)) || b.count - a.count || (a.value < b.value ? -1 : 1),
  );
  for (const e of order) if (left-- > 0) sizes.set(e.value, sizes.get(e.value)! + 1);
  return Object.fromEntries(sizes);
}

test('gold through the workflow and a blind validation sample coded by keyboard', async ({ app: page }, testInfo) => {
  test.setTimeout(240_000);
  const tweets = writeTweets(testInfo.outputPath('tweets.csv'));

  // ---- Import with the gold column ----
  await page.getByTestId('new-project-name').fill('Tweets validation');
  await page.getByTestId('create-project').click();
  await page.getByTestId('file-input').setInputFiles(testInfo.outputPath('tweets.csv'));
  await expect(page.getByTestId('import-preview')).toBeVisible();
  const textColumn = (name: string) => page.locator(`[data-testid=text-column][value="${name}"]`);
  for (const name of ['Target', 'Stance']) if (await textColumn(name).isChecked()) await textColumn(name).uncheck();
  if (!(await textColumn('Tweet').isChecked())) await textColumn('Tweet').check();
  await page.getByTestId('gold-column').selectOption('Stance');
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText(`${ROWS} rows read.`);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('browse-total')).toHaveText(`${ROWS} documents`, { timeout: 60_000 });

  // ---- Codebook: a question "Position" with one label, the rest from the gold values in one click ----
  await page.getByTestId('nav-codebook').click();
  await page.getByTestId('add-question').click();
  const form = page.getByTestId('question-form');
  await form.getByTestId('question-name').fill('Position');
  await form.getByTestId('question-template').fill('The author of this tweet is {}.');
  await form.getByTestId('add-label').click();
  await form.getByTestId('label-item').last().getByTestId('label-name').fill('against');
  await page.getByTestId('save-codebook').click();
  await expect(page.getByTestId('codebook-notice')).toHaveText(/Codebook saved\./);
  const count = (stance: string) => tweets.filter((t) => t.stance === stance).length;
  await expect(page.getByTestId('codebook-gold-value').filter({ hasText: 'AGAINST' })).toContainText('a label already');
  await page.getByTestId('codebook-labels-from-gold').click();
  // New labels in order of frequency (ties by name), as the core adds them.
  const added = ['FAVOR', 'NONE'].filter((s) => count(s) > 0).sort((a, b) => count(b) - count(a) || (a < b ? -1 : 1));
  await expect(page.getByTestId('codebook-gold-done')).toContainText(`Added ${added.length} labels`);
  await expect(page.getByTestId('codebook-gold-done')).toContainText(`Kept as they are: against (${count('AGAINST')})`);
  await expect
    .poll(() =>
      page
        .getByTestId('label-item')
        .getByTestId('label-name')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    )
    .toEqual(['against', ...added]);
  await expect(page.getByTestId('codebook-gold-all-labels')).toHaveText('Every gold value names a label of this question.');
  await expect(page.getByTestId('codebook-labels-from-gold')).toHaveCount(0);
  await shoot(page, 'codebook-gold', { scrollTo: page.getByTestId('codebook-gold') });

  // ---- Pre-label with the tiny model (through the API the page uses) ----
  const codebook = await call<{ questions: { id: string; labels: { id: string; name: string }[] }[] }>(page, 'codebook.get', {});
  const question = codebook.questions[0]!;
  await call(page, 'models.add', { path: modelDir });
  await call(page, 'prelabel.start', { questionId: question.id });
  await expect
    .poll(async () => (await call<{ run: { status: string } | null }>(page, 'prelabel.status', { questionId: question.id })).run?.status, {
      timeout: 120_000,
    })
    .toBe('done');

  // ---- Annotate: the gold is not in the page, until the training switch shows it ----
  await page.getByTestId('nav-annotate').click();
  await page.getByTestId('annotate-coder').fill('Ana');
  await page.getByTestId('annotate-start').click();
  await expect(doc(page)).toBeVisible();
  await expect(page.getByTestId('annotate-suggestion')).toBeVisible();
  const firstId = Number(await doc(page).getAttribute('data-document-id'));
  const firstGold = tweets[firstId - 1]!.stance;
  await expect(page.getByTestId('annotate-meta')).toContainText('Target');
  expect(await page.content()).not.toContain('Stance');
  await expect(page.getByTestId('annotate-gold')).toHaveCount(0);
  await page.getByTestId('annotate-show-gold').check();
  await expect(page.getByTestId('annotate-gold')).toHaveText(`Gold label: ${firstGold} (shown for training)`);
  await expect(doc(page)).toHaveAttribute('data-document-id', String(firstId));
  await page.getByTestId('annotate-show-gold').uncheck();
  await expect(page.getByTestId('annotate-gold')).toHaveCount(0);
  expect(await page.content()).not.toContain('Stance');
  // The switch gives the focus back to the text, so the keys code again. An ordinary skip: it comes
  // back in the skipped queue below.
  await expect(doc(page)).toBeFocused();
  await page.keyboard.press(' ');
  await expect(doc(page)).not.toHaveAttribute('data-document-id', String(firstId));

  // ---- Browse: the Gold column and filters, against the test's own computation ----
  const rows: Row[] = (await call<{ rows: Row[] }>(page, 'browse.page', { questionId: question.id, limit: 500 })).rows;
  expect(rows.map((r) => r.gold)).toEqual(tweets.map((t) => t.stance));
  await page.getByTestId('nav-browse').click();
  await expect(page.getByTestId('doc-gold').first()).toHaveText(tweets[0]!.stance);
  const favour = question.labels.find((l) => l.name === 'FAVOR')!;
  await page.getByTestId('filter-gold').selectOption(`label:${favour.id}`);
  await expect(page.getByTestId('browse-total')).toHaveText(`${count('FAVOR')} documents`);
  await expect(page.getByTestId('doc-gold')).toHaveText(Array(count('FAVOR')).fill('FAVOR'));
  await shoot(page, 'browse-gold');
  expect(await violations(page)).toEqual([]);
  await page.getByTestId('filter-gold').selectOption('differs_suggestion');
  const differs = rows.filter((r) => r.suggestion !== null && r.suggestion.label.toLowerCase() !== r.gold!.toLowerCase()).length;
  await expect(page.getByTestId('browse-total')).toHaveText(`${differs} document${differs === 1 ? '' : 's'}`);
  await page.getByTestId('filter-reset').click();

  // ---- Draw a sample of 8 (seeded) with its formula, and code it blind by keyboard ----
  await page.getByTestId('nav-annotate').click();
  await page.getByTestId('annotate-stop').click();
  await page.getByTestId('sample-new').click();
  await expect(page.getByTestId('sample-formula')).toContainText('n0 = z^2 * p * (1 - p) / e^2 = 1.960^2 * 0.80 * 0.20 / 0.050^2 = 245.9');
  await expect(page.getByTestId('sample-formula')).toContainText(`/ ${ROWS}`);
  await page.getByTestId('sample-size').fill('8');
  await page.getByTestId('sample-seed').fill('11');
  await shoot(page, 'validation-sample-form', { height: 1100 });
  expect(await violations(page)).toEqual([]);
  await page.getByTestId('sample-draw').click();
  await expect(page.getByTestId('annotate-source').locator('option:checked')).toHaveText('Validation sample of 8 (seed 11), 0 coded');
  await page.getByTestId('annotate-start').click();
  await expect(page.getByTestId('annotate-blind')).toContainText('Blind validation sample.');
  const coded: number[] = [];
  let skippedInSample = 0;
  for (let i = 0; i < 8; i++) {
    await expect(doc(page)).toBeVisible();
    // Blind: no suggestion, no score, nothing pre-selected, no gold.
    await expect(page.getByTestId('annotate-suggestion')).toHaveCount(0);
    await expect(page.getByTestId('annotate-suggestion-hidden')).toBeVisible();
    await expect(page.locator('[data-testid=annotate-label][data-suggested=true]')).toHaveCount(0);
    await expect(page.locator('[data-testid=annotate-label][data-chosen=true]')).toHaveCount(0);
    await expect(page.getByTestId('annotate-score').filter({ hasText: '%' })).toHaveCount(0);
    expect(await page.content()).not.toContain('Stance');
    const id = Number(await doc(page).getAttribute('data-document-id'));
    // The bar and counts are the sample's (this coder's decisions in it), not the project's.
    await expect(page.getByTestId('annotate-progress-bar')).toContainText(`${i} of 8 sample documents done`);
    if (i === 0) {
      await expect(page.getByTestId('annotate-progress-detail')).toHaveText(
        '0 coded, 0 skipped in this sample (blind: nothing to accept or change)',
      );
      // The project's numbers named as such: the ordinary skip above.
      await expect(page.getByTestId('annotate-progress-question')).toHaveText(
        `The whole question: 1 of ${ROWS} documents done (0 coded, 1 skipped)`,
      );
      // Blind: no "Enter accepts"; the hint names the keys that choose, and Enter records the choice.
      await expect(page.getByTestId('annotate-keys-hint')).toHaveText(
        'Nothing is pre-selected: 1–3 or a label’s key chooses, then Enter records it · Space skips · Backspace undoes',
      );
      await shoot(page, 'validation-sample');
      expect(await violations(page)).toEqual([]);
      // Enter with no label chosen records nothing and says which keys choose one.
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('annotate-error')).toContainText(
        'Choose a label first (1–3 or the label’s key), or press Space to skip.',
      );
      await expect(doc(page)).toHaveAttribute('data-document-id', String(id));
      await expect(page.getByTestId('annotate-progress-bar')).toContainText('0 of 8 sample documents done');
      // The ? list says the same.
      await page.keyboard.press('?');
      const help = page.getByTestId('annotate-help');
      await expect(help).toHaveAttribute('data-blind', 'true');
      await expect(help.locator('[data-testid=annotate-help-key][data-key=Enter]')).toContainText('Record the label you chose');
      await expect(help).not.toContainText('Accept the chosen labels');
      await expect(help.locator('[data-testid=annotate-help-key][data-key="1 – 3"]')).toContainText('Choose the label at that place (1–3');
      await page.keyboard.press('Escape');
      await expect(help).toHaveCount(0);
      await doc(page).focus();
    }
    if (i === 2) {
      skippedInSample = id;
      await page.keyboard.press(' ');
    } else {
      await page.keyboard.press(String((i % 2) + 1));
      await page.keyboard.press('Enter');
      coded.push(id);
    }
    await expect(doc(page).or(page.getByTestId('annotate-done'))).not.toHaveAttribute('data-document-id', String(id));
  }
  await expect(page.getByTestId('annotate-done-sample')).toContainText('every document of the sample is coded or skipped');
  await expect(page.getByTestId('annotate-progress-bar')).toContainText('8 of 8 sample documents done');
  await expect(page.getByTestId('annotate-progress-detail')).toHaveText(
    '7 coded, 1 skipped in this sample (blind: nothing to accept or change)',
  );
  // Keys 1 (against) on the even documents, 2 on the odd ones, the third skipped: 3 and 4.
  await expect(page.getByTestId('annotate-label-count')).toHaveText(['against3', `${added[0]}4`, `${added[1]}0`]);
  // The sample's skipped document comes back, still blind.
  await page.getByTestId('annotate-code-skipped').click();
  await expect(doc(page)).toHaveAttribute('data-document-id', String(skippedInSample));
  await expect(page.getByTestId('annotate-blind')).toBeVisible();
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('annotate-done-review')).toHaveText('No skipped document is left.');

  // Every decision of the sample was recorded blind, with the suggestion of that moment hidden.
  const samples = await call<{ id: string; coded: number; skipped: number }[]>(page, 'samples.list', { questionId: question.id });
  expect(samples[0]).toMatchObject({ coded: 8, skipped: 0 });
  const items = (
    await call<{
      items: { document: { id: number }; decision: { blind: boolean; suggestionShown: boolean; suggestionLabelIds: string[] | null } }[];
    }>(page, 'annotate.queue', {
      questionId: question.id,
      source: 'sample',
      sampleId: samples[0]!.id,
      coder: 'Ana',
      scope: 'all',
      limit: 50,
    })
  ).items;
  expect(items.map((i) => i.document.id).sort((a, b) => a - b)).toEqual([...coded, skippedInSample].sort((a, b) => a - b));
  for (const i of items) expect(i.decision).toMatchObject({ blind: true, suggestionShown: false, suggestionLabelIds: expect.any(Array) });
  // The sample's skipped queue: its one skip, now coded; the question's numbers below.
  await expect(page.getByTestId('annotate-progress-bar')).toContainText('1 of 1 skipped documents coded');
  await expect(page.getByTestId('annotate-progress-detail')).toHaveText('1 coded, 0 still skipped');
  await expect(page.getByTestId('annotate-progress-question')).toHaveText(
    `The whole question: 9 of ${ROWS} documents done (8 coded, 1 skipped)`,
  );
  // Blind decisions had no suggestion on screen: neither "as suggested" nor "changed".
  expect(await call(page, 'annotate.progress', { questionId: question.id })).toMatchObject({
    decided: 8,
    skipped: 1,
    accepted: 0,
    changed: 0,
  });

  // ---- A second sample, stratified by Target: each target its proportional share ----
  await page.getByTestId('annotate-stop').click();
  await page.getByTestId('sample-new').click();
  await page.getByTestId('sample-size').fill('12');
  await page.getByTestId('sample-seed').fill('3');
  await page.getByTestId('sample-stratify').selectOption('Target');
  await page.getByTestId('sample-draw').click();
  await expect(page.getByTestId('annotate-source').locator('option:checked')).toHaveText(
    'Validation sample of 12 by Target (seed 3), 0 coded',
  );
  const stratified = (
    await call<{ id: string; strata: { value: string; population: number; size: number }[] }[]>(page, 'samples.list', {
      questionId: question.id,
    })
  )[0]!;
  const expected = largestRemainders(
    tweets.map((t) => t.target),
    12,
  );
  expect(Object.fromEntries(stratified.strata.map((s) => [s.value, s.size]))).toEqual(expected);
  const drawn = (
    await call<{ items: { document: { metadata: Record<string, string> } }[] }>(page, 'annotate.queue', {
      questionId: question.id,
      source: 'sample',
      sampleId: stratified.id,
      coder: 'Ana',
      scope: 'all',
      limit: 50,
    })
  ).items;
  const byTarget: Record<string, number> = {};
  for (const i of drawn) byTarget[i.document.metadata.Target!] = (byTarget[i.document.metadata.Target!] ?? 0) + 1;
  expect(byTarget).toEqual(Object.fromEntries(Object.entries(expected).filter(([, n]) => n > 0)));

  // ---- The ordinary skipped document comes back in the skipped queue ----
  await page.getByTestId('annotate-source').selectOption('skipped');
  await page.getByTestId('annotate-start').click();
  await expect(doc(page)).toHaveAttribute('data-document-id', String(firstId));
  await expect(page.getByTestId('annotate-decided')).toHaveText('Skipped before');
  await expect(page.getByTestId('annotate-suggestion')).toBeVisible();
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('annotate-done-review')).toHaveText('No skipped document is left.');
  // This decision had the suggestion on screen: as suggested when label 1 was it, changed otherwise.
  const kept = rows.find((r) => r.id === firstId)!.suggestion?.label === 'against' ? 1 : 0;
  await expect(page.getByTestId('annotate-progress-bar')).toContainText('1 of 1 skipped documents coded');
  await expect(page.getByTestId('annotate-progress-detail')).toHaveText('1 coded, 0 still skipped');
  await expect(page.getByTestId('annotate-progress-question')).toHaveText(
    `The whole question: 9 of ${ROWS} documents done (9 coded, 0 skipped)`,
  );
  expect(await call(page, 'annotate.progress', { questionId: question.id })).toMatchObject({
    decided: 9,
    skipped: 0,
    accepted: kept,
    changed: 1 - kept,
  });

  // ---- The open queue's end names the sample it leaves out, and offers it ----
  const openPage = async () =>
    (await call<{ items: { document: { id: number } }[] }>(page, 'annotate.queue', { questionId: question.id, limit: 50 })).items;
  for (let open = await openPage(); open.length > 0; open = await openPage())
    for (const i of open)
      await call(page, 'annotate.decide', {
        questionId: question.id,
        documentId: i.document.id,
        coder: 'Ben',
        kind: 'label',
        labelIds: [question.labels[0]!.id],
      });
  const left = (
    await call<{ id: string; size: number; coded: number; skipped: number }[]>(page, 'samples.list', { questionId: question.id })
  )[0]!;
  expect(left.id).toBe(stratified.id);
  await page.getByTestId('annotate-back-to-queue').click();
  // Back in the open queue: the question's own numbers, "as suggested" and "changed" among them.
  await expect(page.getByTestId('annotate-progress')).toHaveAttribute('data-source', 'queue');
  await expect(page.getByTestId('annotate-progress-detail')).toContainText(`(${kept} as suggested, `);
  await expect(page.getByTestId('annotate-progress-question')).toHaveCount(0);
  await expect(page.getByTestId('annotate-samples-left')).toHaveText(
    `Validation sample of 12 by Target (seed 3), ${left.coded} coded: ${left.size - left.coded - left.skipped} documents are still open. ` +
      'This queue leaves them out; they are coded blind in the sample’s own queue. Code the sample',
  );
  await page.getByTestId('annotate-samples-left').getByRole('button', { name: 'Code the sample' }).click();
  await expect(page.getByTestId('annotate-blind')).toContainText('Blind validation sample.');
  await expect(page.getByTestId('annotate-suggestion')).toHaveCount(0);

  // ---- Codebook: a new multi-label question from the gold values in one step, NONE left out ----
  await page.getByTestId('annotate-stop').click();
  await page.getByTestId('nav-codebook').click();
  const fresh = page.getByTestId('codebook-gold-new');
  await fresh.getByTestId('codebook-gold-new-name').fill('Position (gold)');
  await fresh.getByTestId('codebook-gold-new-multi').check();
  await fresh.locator('[data-testid="codebook-gold-candidate"][data-name="NONE"]').uncheck();
  await expect(fresh.getByTestId('codebook-gold-new-create')).toHaveText('Create the question with 2 labels');
  await shoot(page, 'codebook-gold-new', { scrollTo: fresh });
  expect(await violations(page)).toEqual([]);
  await fresh.getByTestId('codebook-gold-new-create').click();
  const made = ['AGAINST', 'FAVOR'].sort((a, b) => count(b) - count(a) || (a < b ? -1 : 1));
  await expect(page.getByTestId('codebook-gold-new-done')).toContainText(
    `Made the question “Position (gold)” with 2 labels: ${made.map((m) => `${m} (${count(m)})`).join(', ')}. Left out: NONE (${count('NONE')}).`,
  );
  await expect
    .poll(() =>
      page
        .getByTestId('label-item')
        .getByTestId('label-name')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    )
    .toEqual(made);
  // Its gold section offers the switch "an empty gold cell means none of these labels", on.
  await expect(page.getByTestId('codebook-gold-empty-none')).toBeChecked();

  // ---- Annotate it: 0 records "none of these labels", a label decision with no labels ----
  const goldQuestion = (await call<{ questions: { id: string; name: string }[] }>(page, 'codebook.get', {})).questions.find(
    (q) => q.name === 'Position (gold)',
  )!;
  await page.getByTestId('nav-annotate').click();
  await page.getByTestId('annotate-question').selectOption(goldQuestion.id);
  await page.getByTestId('annotate-start').click();
  await expect(doc(page)).toBeVisible();
  await expect(page.getByTestId('annotate-keys-hint')).toContainText('0 records none of them');
  await expect(page.getByTestId('annotate-none')).toContainText('None of these labels');
  const noneId = Number(await doc(page).getAttribute('data-document-id'));
  await doc(page).focus();
  await page.keyboard.press('0');
  await expect(doc(page)).not.toHaveAttribute('data-document-id', String(noneId));
  const none = (
    await call<{ rows: { id: number; labels: string[]; status: string }[] }>(page, 'browse.page', {
      questionId: goldQuestion.id,
      status: 'decided',
      limit: 10,
    })
  ).rows;
  expect(none.map((r) => [r.id, r.labels])).toEqual([[noneId, []]]);
});
