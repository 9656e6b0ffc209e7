// The unit of analysis end to end in a real browser: three documents made at test time from real
// quasi-sentences of UK manifestos (the Manifesto Project corpus), imported whole, split into
// sentences from the Import screen (preview first; once undone and split again), coded in Annotate
// with the neighbouring sentences shown around each unit (the number of them chosen and remembered
// across a reload), Browse grouped by document, the way back refused once units have decisions,
// and a parent-level export with the share rule checked row by row. Every count is computed here
// with Intl.Segmenter, independently of the app. Takes docs/screens/annotate-segment.png.
import AxeBuilder from '@axe-core/playwright';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { corpusFile, expect, test, useColorScheme } from './fixtures';
import { parseCsv } from './support/csv';
import { shoot } from './support/screens';

const FILES = ['51110_201505', '51210_201505', '51421_201505'];
const QUASI_SENTENCES = 6;
const LABELS = ['economy', 'welfare', 'other'];

interface Doc {
  id: string;
  party: string;
  text: string;
  /** The sentences Intl.Segmenter finds in the text (English rules), trimmed, empty ones dropped. */
  units: string[];
}

/** The first coded quasi-sentences of each manifesto, joined with a space into one document. */
function makeDocs(): Doc[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  return FILES.map((name) => {
    const [header, ...rows] = parseCsv(readFileSync(corpusFile(`manifesto_uk_cmp/manifestos/${name}.csv`), 'utf8'));
    const text = header!.indexOf('text');
    const code = header!.indexOf('cmp_code');
    const quasi = rows
      .filter((r) => r[code] && r[code] !== 'NA' && (r[text] ?? '').trim().length >= 40)
      .slice(0, QUASI_SENTENCES)
      .map((r) => r[text]!.replace(/\s+/g, ' ').trim());
    expect(quasi).toHaveLength(QUASI_SENTENCES);
    const joined = quasi.join(' ');
    const units = [...segmenter.segment(joined)].map((s) => s.segment.trim()).filter((s) => s !== '');
    return { id: name, party: name.slice(0, 5), text: joined, units };
  });
}

function writeCsv(path: string, docs: readonly Doc[]): void {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  writeFileSync(path, ['id,party,text', ...docs.map((d) => [d.id, d.party, quote(d.text)].join(','))].join('\n') + '\n');
}

async function call<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([m, i]) =>
      (await fetch(`/api/call/${m}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(i) })).json(),
    [method, input] as const,
  );
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function importWhole(page: Page, csv: string, count: number): Promise<void> {
  await page.getByTestId('new-project-name').fill('Manifestos');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('screen-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(csv);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  const textColumn = (name: string) => page.locator(`[data-testid=text-column][value="${name}"]`);
  if (!(await textColumn('text').isChecked())) await textColumn('text').check();
  for (const name of ['id', 'party']) if (await textColumn(name).isChecked()) await textColumn(name).uncheck();
  await expect(page.getByTestId('import-segment-unit')).toHaveValue('document');
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText(`${count} rows read.`);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('browse-total')).toHaveText(`${count} documents`, { timeout: 60_000 });
}

/** Splits into English sentences from the Import screen, after checking the preview. */
async function splitIntoSentences(page: Page, docs: readonly Doc[]): Promise<void> {
  const section = page.getByTestId('segments-section');
  await expect(section).toBeVisible();
  await section.getByTestId('segments-unit').selectOption('sentence');
  await section.getByTestId('segments-language').selectOption('en');
  const first = docs[0]!;
  await expect(section.getByTestId('segments-preview-count')).toHaveText(
    `The first document, ${first.id}, becomes ${first.units.length} units:`,
  );
  await expect(section.getByTestId('segments-preview-unit')).toHaveText(first.units.slice(0, 8));
  await section.getByTestId('segments-start').click();
  const total = docs.reduce((n, d) => n + d.units.length, 0);
  await expect(section.getByTestId('segments-notice').locator('.notice-body')).toHaveText(
    `Split ${docs.length} documents into ${total} units. Annotate and Browse now show the units.`,
    { timeout: 60_000 },
  );
  await expect(section.getByTestId('segmentation')).toContainText(
    `Sentences of manifestos.csv: ${total} units from ${docs.length} documents`,
  );
}

test('manifesto documents split into sentences: each unit coded with its neighbours, Browse by document, exported per document with the share rule', async ({
  app: page,
}, testInfo) => {
  test.slow();
  const docs = makeDocs();
  const total = docs.reduce((n, d) => n + d.units.length, 0);
  const [first] = docs as [Doc, Doc, Doc];
  expect(first.units.length).toBeGreaterThanOrEqual(4);
  const csv = testInfo.outputPath('manifestos.csv');
  writeCsv(csv, docs);
  await importWhole(page, csv, docs.length);

  // ---- Split, back to whole documents (nothing decided yet), split again ----
  await page.getByTestId('nav-import').click();
  await splitIntoSentences(page, docs);
  await page.getByTestId('segments-undo').click();
  await expect(page.getByTestId('segments-notice').locator('.notice-body')).toHaveText(
    `Back to whole documents: ${docs.length} documents are coding units again (${total} units removed).`,
  );
  await expect(page.getByTestId('segments-current')).toContainText('Whole documents: nothing is split.');
  await splitIntoSentences(page, docs);

  await call(page, 'codebook.set', {
    questions: [{ name: 'Topic', template: 'This sentence is about {}.', labels: LABELS.map((name) => ({ name })) }],
  });
  // The page reads the codebook written behind its back afresh.
  await page.reload();

  // ---- Annotate: a unit with its neighbours ----
  await page.getByTestId('nav-annotate').click();
  await page.getByTestId('annotate-coder').fill('Ana');
  await page.getByTestId('annotate-coder').press('Enter');
  const heading = page.getByTestId('annotate-doc-id');
  const unit = page.getByTestId('annotate-unit');
  const before = page.getByTestId('annotate-context-before').getByTestId('annotate-context-unit');
  const after = page.getByTestId('annotate-context-after').getByTestId('annotate-context-unit');
  const n = first.units.length;
  await expect(heading).toHaveText(`Segment 1 of ${n} of ${first.id}`);
  await expect(unit).toHaveText(first.units[0]!);
  await expect(before).toHaveCount(0);
  await expect(after).toHaveText([first.units[1]!]);
  await expect(page.getByTestId('annotate-meta')).toContainText(first.party);

  /** Codes the unit on screen with the label at `place` (1-based) by the keys alone. */
  const code = async (index: number, place: number) => {
    await expect(heading).toHaveText(`Segment ${index + 1} of ${n} of ${first.id}`);
    await page.keyboard.press(String(place));
    await page.keyboard.press('Enter');
    await expect(heading).not.toHaveText(`Segment ${index + 1} of ${n} of ${first.id}`);
  };
  await code(0, 1);
  await expect(before).toHaveText([first.units[0]!]);
  await expect(after).toHaveText([first.units[2]!]);

  // Two neighbours each side; the keys code at once after the choice, and a reload keeps it.
  await page.getByTestId('annotate-context-size').selectOption('2');
  await expect(before).toHaveText([first.units[0]!]);
  await expect(after).toHaveText([first.units[2]!, first.units[3]!]);
  await code(1, 2);
  await expect(before).toHaveText([first.units[0]!, first.units[1]!]);
  await page.reload();
  await expect(heading).toHaveText(`Segment 3 of ${n} of ${first.id}`);
  await expect(page.getByTestId('annotate-context-size')).toHaveValue('2');
  await expect(before).toHaveText([first.units[0]!, first.units[1]!]);
  await page.evaluate(() => document.fonts.ready);
  await shoot(page, 'annotate-segment');
  // The context is secondary but readable: no contrast (or other) violation in either theme.
  for (const scheme of ['light', 'dark'] as const) {
    await useColorScheme(page, scheme);
    expect(await axeViolations(page), scheme).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  for (let i = 2; i < n; i++) await code(i, 1);
  await expect(heading).toHaveText(`Segment 1 of ${docs[1]!.units.length} of ${docs[1]!.id}`);
  await expect(before).toHaveCount(0);

  // ---- Browse grouped by document ----
  await page.getByTestId('nav-browse').click();
  await expect(page.getByTestId('browse-total')).toHaveText(`${total} documents`);
  await page.getByTestId('browse-group-by-parent').check();
  const rows = page.getByTestId('doc-row');
  await expect(rows.first().getByTestId('doc-parent')).toHaveText(first.id);
  const shown = Math.min(total, 8);
  const parents = await rows.getByTestId('doc-parent').allTextContents();
  const positions = await rows.getByTestId('doc-position').allTextContents();
  const expectedRows = docs.flatMap((d) => d.units.map((_, i) => [d.id, `unit ${i + 1} of ${d.units.length}`]));
  expect(parents.slice(0, shown).map((p, i) => [p, positions[i]])).toEqual(expectedRows.slice(0, shown));
  await expect(rows.nth(1).getByTestId('doc-status')).toHaveAttribute('data-status', 'decided');

  // ---- The way back is refused while units have decisions ----
  await page.getByTestId('nav-import').click();
  await page.getByTestId('segments-undo').click();
  await expect(page.getByTestId('segments-error')).toContainText(/decision/i);
  await expect(page.getByTestId('segmentation')).toHaveCount(1);

  // ---- Export per document with the share rule ----
  await page.getByTestId('nav-export').click();
  await page.getByTestId('export-level').selectOption('parent');
  await page.getByTestId('export-aggregate').selectOption('share');
  await expect(page.getByTestId('export-aggregate-hint')).toHaveText(
    'Per label the share of decided units that have it, as a number column; the labels column holds those above one half.',
  );
  await page.getByTestId('export-filter').selectOption('all');
  await page.getByTestId('export-start').click();
  const links = page.getByTestId('export-result').getByTestId('export-download');
  await expect(links).toHaveCount(2, { timeout: 30_000 });
  const read = async (index: number) => {
    const [download] = await Promise.all([page.waitForEvent('download'), links.nth(index).click()]);
    return readFileSync((await download.path())!, 'utf8');
  };
  const out = parse(await read(0), { columns: true }) as Record<string, string>[];
  const manifest = JSON.parse(await read(1)) as Record<string, unknown>;
  expect(out.map((r) => [r.id, r.meta_party, r.text])).toEqual(docs.map((d) => [d.id, d.party, d.text]));
  // The first document: every unit economy but the second (welfare).
  const row = out[0]!;
  expect([row.units, row.decided_units, row.labels]).toEqual([String(n), String(n), 'economy']);
  expect(Number(row['share:economy'])).toBeCloseTo((n - 1) / n, 6);
  expect(Number(row['share:welfare'])).toBeCloseTo(1 / n, 6);
  expect(Number(row['share:other'])).toBe(0);
  expect(out.slice(1).map((r) => [r.decided_units, r.labels])).toEqual([
    ['0', ''],
    ['0', ''],
  ]);
  expect(manifest).toMatchObject({ level: 'parent', aggregate: { rule: 'share' } });
  expect(JSON.stringify(manifest.segmentations)).toContain('sentence');
});
