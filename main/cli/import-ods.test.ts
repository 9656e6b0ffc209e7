// OpenDocument spreadsheets on the command line, through the built CLI (bin/prelabel.mjs ->
// out/main/cli.js; build first: npm run build): `prelabel import` detects a hand-built .ods, guesses
// its text column on the first visible sheet, reads another sheet with --sheet (multi-paragraph
// cells, numbers as stored, a repeated row as often as it stands), and refuses an unknown
// sheet, a CSV given as --format ods and an .odt renamed .ods, each in one line.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { zipBuffer } from '../core/test-support/zip-writer';
import { useTempDir } from '../core/test-support/temp-dir';
import { ProjectStore } from '../core/store/project-store';
import { contentXml, odsEntries, row, table, textCell, textTable, writeOds } from '../core/imports/test-support/ods-files';

const tmp = useTempDir();
const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/cli.js'));

function documents(project: string): { row_number: number; external_id: string; text: string; metadata: string }[] {
  const store = ProjectStore.open(project);
  try {
    return store.db.prepare('SELECT row_number, external_id, text, metadata FROM documents ORDER BY id').all() as never;
  } finally {
    store.close();
  }
}

describe.skipIf(!built)(
  `prelabel import of .ods (the built CLI)${built ? '' : ' [skipped: out/main/cli.js is missing; run npm run build first]'}`,
  () => {
    it('imports the first visible sheet or the one named, and refuses what is no spreadsheet', { timeout: 120_000 }, () => {
      const dir = tmp();
      const cli = (...argv: string[]) => {
        const r = spawnSync(process.execPath, [join(root, 'bin/prelabel.mjs'), ...argv], {
          env: { ...process.env, PRELABEL_HOME: join(dir, 'home') },
          encoding: 'utf8',
          timeout: 60_000,
        });
        return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
      };
      const hidden = '<style:style style:name="ta9" style:family="table"><style:table-properties table:display="false"/></style:style>';
      const number = (v: string, shown: string) =>
        `<table:table-cell office:value-type="float" office:value="${v}"><text:p>${shown}</text:p></table:table-cell>`;
      const ods = writeOds(
        join(dir, 'umfrage.ods'),
        contentXml(
          table('Notizen', [row([textCell('nicht importieren')])], 'table:style-name="ta9"') +
            textTable('Antworten', [
              ['id', 'antwort', 'land'],
              ['a1', 'Die Steuern sind zu hoch.', 'DE'],
              ['a2', 'Mehr Busse\nauf dem Land.', 'AT'],
              ['a3', 'Keine Meinung', 'CH'],
            ]) +
            table('Zahlen', [
              row([textCell('nr'), textCell('text')]),
              row(['<table:table-cell table:number-columns-repeated="2"/>'], 'table:number-rows-repeated="4"'),
              row([number('1234.5', '1.234,50'), textCell('erste Zeile\nzweite Zeile')]),
              row([number('0.25', '25 %'), textCell('noch eine')], 'table:number-rows-repeated="2"'),
            ]),
          hidden,
        ),
      );
      const project = join(dir, 'p.prelabel');
      expect(cli('init', project).code).toBe(0);

      const guessed = cli('import', project, ods, '--json');
      expect(guessed.code, guessed.err).toBe(0);
      expect(JSON.parse(guessed.out.split('\n').pop()!)).toMatchObject({ ok: true, imported: 3 });
      expect(documents(project).map((d) => [d.external_id, d.text, JSON.parse(d.metadata)])).toEqual([
        ['a1', 'Die Steuern sind zu hoch.', { land: 'DE' }],
        ['a2', 'Mehr Busse\nauf dem Land.', { land: 'AT' }],
        ['a3', 'Keine Meinung', { land: 'CH' }],
      ]);

      const second = join(dir, 'q.prelabel');
      expect(cli('init', second).code).toBe(0);
      const zahlen = cli('import', second, ods, '--sheet', 'Zahlen', '--text-column', 'text');
      expect(zahlen.code, zahlen.err).toBe(0);
      expect(zahlen.out).toContain('Imported 3 documents');
      expect(documents(second).map((d) => [d.row_number, d.text, JSON.parse(d.metadata)])).toEqual([
        [1, 'erste Zeile\nzweite Zeile', { nr: '1234.5' }],
        [2, 'noch eine', { nr: '0.25' }],
        [3, 'noch eine', { nr: '0.25' }],
      ]);

      const unknown = cli('import', second, ods, '--sheet', 'Daten', '--text-column', 'text');
      expect(unknown.code).not.toBe(0);
      expect(unknown.err).toContain('umfrage.ods has no sheet named "Daten". Its sheets are: Notizen, Antworten, Zahlen.');
      const csv = join(dir, 'daten.csv');
      writeFileSync(csv, 'text\nhallo\n');
      const asOds = cli('import', second, csv, '--format', 'ods', '--text-column', 'text');
      expect(asOds.code).not.toBe(0);
      expect(asOds.err).toContain('daten.csv is not an OpenDocument spreadsheet (.ods files are ZIP archives, and this one is not).');
      const odt = join(dir, 'brief.ods');
      writeFileSync(odt, zipBuffer(odsEntries(contentXml(''), 'application/vnd.oasis.opendocument.text')));
      const text = cli('import', second, odt, '--text-column', 'text');
      expect(text.code).not.toBe(0);
      expect(text.err).toContain('brief.ods is a text document (.odt), not a spreadsheet');
      expect(text.err.trim().split('\n').length).toBe(1);
    });
  },
);
