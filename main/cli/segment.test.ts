// The unit of analysis through the built CLI (bin/prelabel.mjs -> out/main/cli.js; build first:
// npm run build): import with a split, stats naming the units, remove and split again, the
// refusals, labels on units and an export per parent document with its rule in the manifest.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../core/test-support/temp-dir';

const tmp = useTempDir();
const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/cli.js'));

const SPEECHES = [
  ['sp-1', 'Labour', 'We will build homes. We will fix the NHS!\n\nTaxes stay low. Is that fair?'],
  ['sp-2', 'Conservative', 'Growth first.\nThen spending.\n\nBorders matter. Security matters. Order matters.'],
  ['sp-3', 'Green', 'Climate is the question of our time.'],
];

describe.skipIf(!built)(
  'prelabel segment, import --segment, export --level parent (the built CLI; skipped without out/main/cli.js)',
  () => {
    it('splits, shows, removes, refuses and exports per parent', () => {
      const dir = tmp();
      const home = join(dir, 'home');
      const cli = (...argv: string[]) => {
        const r = spawnSync(process.execPath, [join(root, 'bin/prelabel.mjs'), ...argv], {
          env: { ...process.env, PRELABEL_HOME: home },
          encoding: 'utf8',
          timeout: 60_000,
        });
        return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
      };
      const project = join(dir, 'speeches.prelabel');
      const csv = join(dir, 'speeches.csv');
      writeFileSync(csv, ['id,party,text', ...SPEECHES.map(([id, party, text]) => `${id},${party},"${text}"`)].join('\n') + '\n');
      expect(cli('init', project).code).toBe(0);

      const imported = cli(
        'import',
        project,
        csv,
        '--text-column',
        'text',
        '--id-column',
        'id',
        '--segment',
        'sentence',
        '--language',
        'en',
      );
      expect(imported.err).toBe('');
      expect(imported.out).toBe(
        'Imported 3 documents (0 rows skipped, 0 flagged); the project holds 10 coding units, 10 of them split from these documents.',
      );
      expect(cli('stats', project).out).toContain('Units:       sentences (language en): 10 units of 3 documents');

      const refused = cli('segment', project, '--unit', 'paragraph');
      expect(refused.code).not.toBe(0);
      expect(refused.err).toMatch(/split already\. To split differently, remove the split first/);
      expect(cli('segment', project, '--unit', 'sentence', '--window-size', '2').err).toMatch(
        /--window-size and --window-overlap apply to --unit window only/,
      );
      expect(cli('segment', project, '--unit', 'lines').err).toMatch(/--unit must be one of paragraph, sentence, window/);

      expect(cli('segment', project, '--remove').out).toBe('Removed the split: 10 units deleted; 3 documents are coding units again.');
      expect(cli('stats', project).out).toContain('Units:       whole documents');
      const windows = cli('segment', project, '--unit', 'window', '--window-size', '2', '--json');
      expect(windows.code).toBe(0);
      expect(JSON.parse(windows.out)).toMatchObject({ ok: true, parents: 3, segments: 6, segmentation: { unit: 'window', windowSize: 2 } });
      expect(cli('segment', project, '--list').out).toMatch(
        /windows of 2 sentences \(language auto\): 6 units of 3 documents \(speeches\.csv\)/,
      );

      const codebook = join(dir, 'codebook.json');
      writeFileSync(
        codebook,
        JSON.stringify({ questions: [{ name: 'Topic', labels: [{ name: 'economy' }, { name: 'welfare' }, { name: 'security' }] }] }),
      );
      expect(cli('codebook', project, '--set', codebook).code).toBe(0);
      const label = (doc: string, name: string) =>
        cli('label', project, '--doc', doc, '--question', 'Topic', '--label', name, '--coder', 'Ana');
      expect(label('sp-1#1', 'welfare').code).toBe(0);
      expect(label('sp-1#2', 'economy').code).toBe(0);
      expect(label('sp-2#1', 'economy').code).toBe(0);
      expect(label('sp-2#2', 'security').code).toBe(0);
      expect(label('sp-2#3', 'security').code).toBe(0);
      // Labelled units hold the split in place.
      expect(cli('segment', project, '--remove').err).toMatch(/^prelabel segment: 5 units have decisions .*so the split was not removed/);

      const out = join(dir, 'parents.csv');
      const exported = cli(
        'export',
        project,
        '--format',
        'csv',
        '--question',
        'Topic',
        '--out',
        out,
        '--level',
        'parent',
        '--aggregate',
        'majority',
      );
      expect(exported.err).toBe('');
      expect(exported.out.split('\n')[0]).toBe(
        'Exported 2 rows of "Topic" (coded, per parent document, rule majority): economy 0, welfare 0, security 1',
      );
      const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => [r.id, r.meta_party, r.units, r.decided_units, r.labels, r.label_ties])).toEqual([
        ['sp-1', 'Labour', '2', '2', '', 'economy|welfare'],
        ['sp-2', 'Conservative', '3', '3', 'security', ''],
      ]);
      const manifest = JSON.parse(readFileSync(join(dir, 'parents.csv.manifest.json'), 'utf8')) as {
        level: string;
        aggregate: { rule: string };
        segmentations: unknown[];
      };
      expect([manifest.level, manifest.aggregate.rule, manifest.segmentations]).toMatchObject([
        'parent',
        'majority',
        [{ unit: 'window', windowSize: 2, segments: 6 }],
      ]);
      expect(cli('export', project, '--format', 'csv', '--question', 'Topic', '--out', out, '--aggregate', 'any').err).toMatch(
        /--aggregate is the rule of an export at parent level/,
      );
    }, 120_000);
  },
);
