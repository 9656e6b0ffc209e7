// Import limits on the command line, through the built CLI (bin/prelabel.mjs -> out/main/cli.js;
// build first: npm run build): a workbook whose cells repeat one long text is refused in one line
// before anything is written (past the limit) or imported with a warning naming its size; a FIFO
// and JSON nested 100,000 deep end in one line each, not a hang or a stack
// (main/core/imports/text-size.ts, regular-file.ts, lossless-json.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../core/test-support/temp-dir';
import { ProjectStore } from '../core/store/project-store';
import { bombXlsx, sharedXml, sheetXml } from '../core/imports/test-support/zip-bombs';

const tmp = useTempDir();
const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/cli.js'));

function documentCount(project: string): number {
  const store = ProjectStore.open(project);
  try {
    return (store.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  } finally {
    store.close();
  }
}

/** A header "text", then `rows` rows all pointing to one shared string of 1,000,000 letters. */
function workbook(path: string, rows: number): void {
  const cells = ['<row r="1"><c r="A1" t="s"><v>0</v></c></row>'];
  for (let r = 2; r <= rows + 1; r++) cells.push(`<row r="${r}"><c r="A${r}" t="s"><v>1</v></c></row>`);
  writeFileSync(path, bombXlsx({ sheet: sheetXml(cells.join('')), sharedStrings: sharedXml(['text', 'a'.repeat(1_000_000)]) }));
}

describe.skipIf(!built)(
  `prelabel import limits (the built CLI)${built ? '' : ' [skipped: out/main/cli.js is missing; run npm run build first]'}`,
  () => {
    it(
      'warns with the size, refuses past the limit unless --allow-large-text, and refuses a FIFO and deep JSON in one line',
      { timeout: 120_000 },
      () => {
        const dir = tmp();
        const cli = (...argv: string[]) => {
          const r = spawnSync(process.execPath, [join(root, 'bin/prelabel.mjs'), ...argv], {
            env: { ...process.env, PRELABEL_HOME: join(dir, 'home') },
            encoding: 'utf8',
            timeout: 60_000,
          });
          return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
        };
        const project = join(dir, 'p.prelabel');
        expect(cli('init', project).code).toBe(0);

        const amplified = join(dir, 'amplified.xlsx');
        workbook(amplified, 300);
        const refused = cli('import', project, amplified, '--text-column', 'text');
        expect(refused.code).not.toBe(0);
        expect(refused.err).toMatch(
          /^prelabel import: amplified\.xlsx unpacks to more than 300 MB of text from a file of [\d.]+ KB .* --allow-large-text/,
        );
        expect(refused.err.split('\n')).toHaveLength(1);
        expect(documentCount(project)).toBe(0);

        const thirty = join(dir, 'thirty.xlsx');
        workbook(thirty, 30);
        const warned = cli('import', project, thirty, '--text-column', 'text');
        expect(warned.code, warned.err).toBe(0);
        expect(warned.err).toMatch(/^Warning: thirty\.xlsx holds at least 30 MB of text in a file of [\d.]+ KB \([\d,]+ times its size/m);
        expect(warned.out).toContain('Imported 30 documents');

        const fifo = join(dir, 'pipe.csv');
        execFileSync('mkfifo', [fifo]);
        const started = Date.now();
        const pipe = cli('import', project, fifo);
        expect(pipe.code).not.toBe(0);
        expect(pipe.err).toBe(
          'prelabel import: pipe.csv is a named pipe (FIFO), not a file: Prelabel imports regular files only. Save the data to a file and import that.',
        );
        expect(Date.now() - started).toBeLessThan(30_000);

        const deep = join(dir, 'deep.jsonl');
        writeFileSync(deep, `{"text": "a"}\n{"text": "b", "x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`);
        const nested = cli('import', project, deep);
        expect(nested.code).not.toBe(0);
        expect(nested.err.split('\n').pop()).toMatch(
          /^prelabel import: deep\.jsonl: the JSON is nested deeper than 1000 levels at line 2, column \d+;/,
        );
        expect(documentCount(project)).toBe(30);
      },
    );
  },
);
