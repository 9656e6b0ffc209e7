// Issue 12, encodings, in the browser: a Russian CSV saved in Windows-1251 (real XNLI rows written
// at test time) is detected as Windows-1251 with its confidence, a few lines show how it reads and
// the likeliest readings are listed, each with a line (the screenshot docs/screens/import-encoding.png);
// chosen as Windows-1252 it reads as garbage, the preview says so and offers Windows-1251, one click
// reads it right again, and the import stores the Russian text.
import { readFileSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { corpusFile, expect, test } from './fixtures';
import { shoot } from './support/screens';

test('a Windows-1251 CSV: detected with its confidence, a wrong choice shown as garbage with the right one suggested, imported right', async ({
  app: page,
}, testInfo) => {
  test.slow();
  const russian = readFileSync(corpusFile('xnli_dev/dev-ru.tsv'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t')[0]!)
    .filter((t, i, all) => t && all.indexOf(t) === i && iconv.decode(iconv.encode(t, 'windows-1251'), 'windows-1251') === t)
    .slice(0, 8);
  expect(russian).toHaveLength(8);
  const path = testInfo.outputPath('opros-1251.csv');
  writeFileSync(
    path,
    iconv.encode(`id,text\n${russian.map((t, i) => `${i + 1},"${t.replace(/"/g, '""')}"`).join('\n')}\n`, 'windows-1251'),
  );

  await page.getByTestId('new-project-name').fill('Russian survey');
  await page.getByTestId('create-project').click();
  await page.getByTestId('file-input').setInputFiles(path);

  // ---- Detected: Windows-1251, with how likely; the lines as read; the likeliest readings. ----
  const encoding = page.getByTestId('encoding');
  await expect(encoding).toHaveValue('windows-1251');
  await expect(encoding.locator('option:checked')).toHaveText(/^Windows-1251 \(detected, \d+% likely\)$/);
  await expect(encoding.locator('optgroup')).toHaveCount(16);
  await expect(encoding.locator('optgroup[label="Japanese"] option')).toHaveText(['Shift_JIS', 'EUC-JP', 'ISO-2022-JP (JIS)']);
  await expect(page.getByTestId('preview-row').first().getByTestId('preview-cell').nth(1)).toHaveText(russian[0]!);
  const advice = page.getByTestId('encoding-advice');
  await expect(advice.getByTestId('encoding-sample').locator('li').first()).toContainText(russian[0]!);
  await expect(page.getByTestId('encoding-looks-wrong')).toHaveCount(0);
  const suggestions = advice.getByTestId('encoding-suggestion');
  await expect(suggestions.first()).toHaveAttribute('data-encoding', 'windows-1251');
  await expect(suggestions.first()).toContainText('in use');
  expect(await suggestions.count()).toBeGreaterThan(1);
  await shoot(page, 'import-encoding', { height: 1100 });

  // ---- Chosen as Windows-1252: garbage, said to look wrong, Windows-1251 offered first. ----
  await encoding.selectOption('windows-1252');
  await expect(page.getByTestId('encoding-looks-wrong')).toContainText('looks garbled in Windows-1252');
  await expect(page.getByTestId('preview-row').first().getByTestId('preview-cell').nth(1)).not.toHaveText(russian[0]!);
  const better = advice.getByTestId('encoding-suggestion').first();
  await expect(better).toHaveAttribute('data-encoding', 'windows-1251');
  await expect(better).toContainText(russian[0]!);
  await better.getByTestId('use-encoding').click();
  await expect(encoding).toHaveValue('windows-1251');
  await expect(page.getByTestId('preview-row').first().getByTestId('preview-cell').nth(1)).toHaveText(russian[0]!);
  await expect(page.getByTestId('encoding-looks-wrong')).toHaveCount(0);

  // ---- Checked and imported: no problem rows, the Russian text stored. ----
  const textColumn = page.locator('[data-testid=text-column][value="text"]');
  if (!(await textColumn.isChecked())) await textColumn.check();
  await page.getByTestId('check-file').click();
  await expect(page.getByTestId('check-rows')).toHaveText('8 rows read.');
  await expect(page.getByTestId('problem-mojibake')).toHaveCount(0);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('import-result')).toContainText('Imported 8 documents', { timeout: 60_000 });
});
