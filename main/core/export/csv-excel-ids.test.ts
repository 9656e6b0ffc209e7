// [Note: long ids in Excel] on a real corpus: 999 tweets whose ids have 19 digits (politicians'
// tweets, en), exported as plain CSV and as CSV for Excel, each opened by LibreOffice Calc (soffice
// --headless, its CSV import as a user gets it: UTF-8, comma, quote, no other option) and saved
// again as CSV. Plain CSV comes back with every id rounded (1.23456789012346E+018); CSV for Excel
// with every id intact. Runs where LibreOffice is installed (Debian: libreoffice-calc-nogui).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../test-support/corpora';
import { useTempDir } from '../test-support/temp-dir';
import { runExport } from './export-job';
import { decide, makeExportProject } from './test-support/export-project';

const tmp = useTempDir();

function hasSoffice(): boolean {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/** The file as LibreOffice Calc reads it and writes it back as CSV. */
function throughCalc(file: string, dir: string): string {
  const out = join(dir, 'calc');
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${join(dir, 'lo-profile')}`,
      '--headless',
      '--infilter=CSV:44,34,76,1',
      '--convert-to',
      'csv',
      '--outdir',
      out,
      file,
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
  return readFileSync(join(out, file.split('/').pop()!), 'utf8');
}

describe.runIf(hasSoffice())('CSV for Excel in LibreOffice Calc', () => {
  it('keeps every 19-digit tweet id intact, where plain CSV has every one rounded', async () => {
    const rows = parse(readFileSync(corpusFile('politicians_tweets_sentiment_en_es_el', 'en_combined.csv')), { columns: true }) as Array<{
      id: string;
      full_text: string;
    }>;
    const seen = new Set<string>();
    const docs = rows.filter((r) => !seen.has(r.id) && seen.add(r.id)).map((r) => ({ id: r.id, text: r.full_text }));
    expect(docs).toHaveLength(999);
    expect(docs.every((d) => /^\d{19}$/.test(d.id))).toBe(true);
    const p = makeExportProject(tmp(), docs);
    p.docs.forEach((id, i) => decide(p, { documentId: id, labels: [Object.values(p.label)[i % 3]!] }));
    const ids = docs.map((d) => d.id);
    const back = {} as Record<'csv' | 'csv-excel', string[]>;
    for (const format of ['csv', 'csv-excel'] as const) {
      const dir = join(tmp(), format);
      mkdirSync(dir);
      const path = join(dir, 'tweets.csv');
      await runExport({
        projectPath: p.path,
        exportId: format,
        questionId: p.question.id,
        format,
        filter: 'all',
        seed: 1,
        testFraction: 0.2,
        target: { kind: 'file', path },
        appVersion: 'test',
        signal: new AbortController().signal,
        onProgress: () => {},
      });
      const read = parse(throughCalc(path, dir), { columns: true, bom: true }) as Array<Record<string, string>>;
      back[format] = read.map((r) => r.id!);
    }
    const intact = (got: string[]) => got.filter((id, i) => id === ids[i]).length;
    expect(intact(back.csv)).toBe(0);
    expect(back.csv[0]).toMatch(/^1\.\d+E\+018$/);
    expect(intact(back['csv-excel'])).toBe(999);
  }, 180_000);
});
