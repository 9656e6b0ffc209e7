// `prelabel coders` and `prelabel label --adjudicate` through the built CLI (bin/prelabel.mjs ->
// out/main/cli.js; build first: npm run build), on SemEval-2016 stance tweets of the shared data:
// two coders code the same tweets independently (mode every), disagree, the majority rule and an
// adjudication settle the project's label, and the refusals come in one line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../core/test-support/temp-dir';
import { corpusFile } from '../core/test-support/corpora';

const tmp = useTempDir();
const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/cli.js'));

describe.skipIf(!built)('prelabel coders (the built CLI; skipped without out/main/cli.js)', () => {
  it('sets independent, blind coding and the resolution rule; label --adjudicate settles a disagreement', () => {
    const dir = tmp();
    const cli = (...argv: string[]) => {
      const r = spawnSync(process.execPath, [join(root, 'bin/prelabel.mjs'), ...argv], {
        env: { ...process.env, PRELABEL_HOME: join(dir, 'home') },
        encoding: 'utf8',
        timeout: 120_000,
      });
      return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
    };
    const project = join(dir, 'stance.prelabel');
    expect(cli('init', project).code).toBe(0);
    // The first ten tweets (one per line in this file), with their header.
    const csv = join(dir, 'stance.csv');
    writeFileSync(csv, readFileSync(corpusFile('semeval2016_stance/test.csv'), 'utf8').split('\n').slice(0, 11).join('\n') + '\n');
    const imported = cli('import', project, csv, '--text-column', 'Tweet');
    expect(imported.code, imported.err).toBe(0);
    const codebook = join(dir, 'codebook.json');
    writeFileSync(
      codebook,
      JSON.stringify({ questions: [{ name: 'Stance', labels: [{ name: 'FAVOR' }, { name: 'AGAINST' }, { name: 'NONE' }] }] }),
    );
    expect(cli('codebook', project, '--set', codebook).code).toBe(0);

    const shown = cli('coders', project);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toContain('Mode:         shared');
    expect(shown.out).toContain('Coders:       none has decided anything yet');
    const set = cli('coders', project, '--mode', 'every', '--blind', 'on', '--resolution', 'majority', '--json');
    expect(set.code, set.err).toBe(0);
    expect(JSON.parse(set.out).settings).toMatchObject({
      mode: 'every',
      blindCoders: true,
      hideSuggestions: false,
      resolution: { rule: 'majority' },
    });

    const label = (coder: string, doc: string, l: string, ...more: string[]) =>
      cli('label', project, '--doc', doc, '--question', 'Stance', '--label', l, '--coder', coder, ...more);
    for (const doc of ['1', '2', '3']) {
      const r = label('Ana', doc, 'AGAINST');
      expect(r.code, r.err).toBe(0);
    }
    expect(label('Ben', '1', 'AGAINST').code).toBe(0);
    expect(label('Ben', '2', 'FAVOR').code).toBe(0);
    expect(label('Cleo', '2', 'FAVOR').code).toBe(0);
    const final = () =>
      Object.fromEntries(
        (
          new Database(project, { readonly: true })
            .prepare(
              `SELECT d.external_id AS doc, l.name AS label, s.resolution FROM coding_state s JOIN documents d ON d.id = s.document_id
               JOIN labels l ON l.id = s.label_id ORDER BY d.id`,
            )
            .all() as { doc: string; label: string; resolution: string }[]
        ).map((r) => [r.doc, `${r.label} (${r.resolution})`]),
      );
    // Document 2: Ben and Cleo against Ana: the majority.
    expect(final()).toEqual({ '1': 'AGAINST (agreed)', '2': 'FAVOR (rule)', '3': 'AGAINST (single)' });
    const adjudicated = label('Dana', '2', 'NONE', '--adjudicate', '--note', 'sarcasm');
    expect(adjudicated.code, adjudicated.err).toBe(0);
    expect(adjudicated.out).toBe('Document 2: NONE (Stance, adjudicated by Dana) with a note');
    expect(final()).toMatchObject({ '2': 'NONE (adjudicated)' });
    // Undone and made again: --undo --adjudicate takes back Dana's adjudication, not a decision of hers.
    const undone = cli('label', project, '--question', 'Stance', '--coder', 'Dana', '--undo', '--adjudicate');
    expect(undone.code, undone.err).toBe(0);
    expect(final()).toMatchObject({ '2': 'FAVOR (rule)' });
    expect(label('Dana', '2', 'NONE', '--adjudicate', '--note', 'sarcasm').code).toBe(0);

    const progress = JSON.parse(cli('coders', project, '--json').out).coders as Array<{ coder: string; questions: { decided: number }[] }>;
    expect(Object.fromEntries(progress.map((c) => [c.coder, c.questions[0]!.decided]))).toEqual({ Ana: 3, Ben: 2, Cleo: 1, Dana: 0 });
    const text = cli('coders', project).out;
    expect(text).toContain('Disagreement: the majority (a tie: the latest of the tied), unless adjudicated');
    expect(text).toContain('  Ana: Stance 3 of 10');

    for (const [argv, message] of [
      [['--mode', 'all'], '--mode takes shared or every, not "all".'],
      [['--blind', 'yes'], '--blind takes on or off, not "yes".'],
      [['--resolution', 'lead'], '--resolution lead needs --lead NAME (the lead coder).'],
      [['--lead', 'Ana'], '--lead goes with --resolution lead.'],
    ] as const) {
      const r = cli('coders', project, ...argv);
      expect([r.code, r.err]).toEqual([1, `prelabel coders: ${message}`]);
    }
    const skipAdjudicated = cli('label', project, '--doc', '2', '--question', 'Stance', '--skip', '--coder', 'Dana', '--adjudicate');
    expect([skipAdjudicated.code, skipAdjudicated.err]).toEqual([
      1,
      'prelabel label: --adjudicate settles a disagreement with labels; it cannot be a skip.',
    ]);
  });
});
