// `prelabel agreement` through the built CLI (bin/prelabel.mjs -> out/main/cli.js; build first: npm
// run build) on a real corpus (SemEval-2016 stance tweets, shared data): two coders code the same 30
// documents with `prelabel label` (one differs from the other on every fourth, one skip), then
// --json is checked against the decisions made, and the --matrix file, read back, gives the same
// alpha through the stats module; the --long file gives it through NLTK's AnnotationTask (Debian's
// python3-nltk) when installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fmtCoef } from '../../common/evaluation-format';
import { corpusFile } from '../core/test-support/corpora';
import { useTempDir } from '../core/test-support/temp-dir';
import { krippendorffAlpha } from '../core/stats';

const tmp = useTempDir();
const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/cli.js'));
const PYTHON = '/usr/bin/python3';
const nltk = spawnSync(PYTHON, ['-c', 'import nltk; print(nltk.__version__)'], { encoding: 'utf8' });
const nltkVersion = nltk.status === 0 ? nltk.stdout.trim() : null;
if (built && !nltkVersion)
  console.warn('[agreement CLI] the NLTK check is skipped: /usr/bin/python3 cannot import nltk (apt-get install python3-nltk).');

const STANCES = ['AGAINST', 'FAVOR', 'NONE'];

/** Reads back the RFC 4180 files the command writes (no field holds a comma or a quote here). */
function readCsv(path: string): string[][] {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\r\n')).toBe(true);
  return text
    .slice(0, -2)
    .split('\r\n')
    .map((l) => l.split(','));
}

describe.skipIf(!built)('prelabel agreement (the built CLI; skipped without out/main/cli.js)', () => {
  it('reports two coders’ agreement on 30 tweets and writes the reliability data that recomputes it', () => {
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
    const imported = cli(
      'import',
      project,
      corpusFile('semeval2016_stance', 'test.csv'),
      '--text-column',
      'Tweet',
      '--gold-column',
      'Stance',
    );
    expect(imported.err).toBe('');
    const codebook = join(dir, 'codebook.json');
    writeFileSync(codebook, JSON.stringify({ questions: [{ name: 'Stance', labels: STANCES.map((name) => ({ name })) }] }));
    expect(cli('codebook', project, '--set', codebook).code).toBe(0);

    const db = new Database(project, { readonly: true });
    const docs = db.prepare('SELECT external_id AS id, gold_label AS gold FROM documents ORDER BY documents.id LIMIT 30').all() as Array<{
      id: string;
      gold: string;
    }>;
    db.close();
    expect(docs).toHaveLength(30);
    // Ana codes the gold label; Ben the next stance on every fourth tweet, and skips the last one.
    const expected: (string | null)[][] = docs.map((d, i) => {
      const other = STANCES[(STANCES.indexOf(d.gold) + 1) % 3]!;
      return [d.gold, i === 29 ? null : i % 4 === 0 ? other : d.gold];
    });
    for (const [i, d] of docs.entries()) {
      const ana = cli('label', project, '--doc', d.id, '--question', 'Stance', '--label', expected[i]![0]!, '--coder', 'Ana');
      expect(ana.code, ana.err).toBe(0);
      const ben = expected[i]![1]
        ? cli('label', project, '--doc', d.id, '--question', 'Stance', '--label', expected[i]![1]!, '--coder', 'Ben')
        : cli('label', project, '--doc', d.id, '--question', 'Stance', '--skip', '--coder', 'Ben');
      expect(ben.code, ben.err).toBe(0);
    }

    const matrix = join(dir, 'matrix.csv');
    const long = join(dir, 'long.csv');
    const run = cli('agreement', project, '--question', 'Stance', '--json', '--matrix', matrix, '--long', long, '--seed', '5');
    expect(run.err).toBe('');
    const r = JSON.parse(run.out);
    expect(r.ok).toBe(true);
    expect(r.units).toBe(30);
    expect(r.codedByTwoOrMore).toBe(29);
    expect(r.coders).toEqual([
      { name: 'Ana', model: false, coded: 30, labels: 30, notCodable: 0, skips: 0 },
      { name: 'Ben', model: false, coded: 29, labels: 29, notCodable: 0, skips: 1 },
    ]);
    expect(r.table.documents.map((d: { externalId: string }) => d.externalId)).toEqual(docs.map((d) => d.id));
    expect(r.table.values).toEqual(expected);
    const alpha = krippendorffAlpha(expected, { level: 'nominal', categories: STANCES }).alpha!;
    expect(r.report.alpha.alpha).toBeCloseTo(alpha, 12);
    expect(r.report.alpha.pairableValues).toBe(58);
    expect(r.bootstrap).toEqual({ replicates: 2000, seed: 5, confidence: 0.95 });
    const pair = r.report.matrix.pairs[0];
    expect(pair).toMatchObject({ a: 'Ana', b: 'Ben', n: 29 });
    expect(pair.agreement).toBeCloseTo(expected.filter((row) => row[1] !== null && row[0] === row[1]).length / 29, 12);

    // The matrix file, read back: the same table and the same alpha through the stats module.
    const m = readCsv(matrix);
    expect(m[0]).toEqual(['document_id', 'Ana', 'Ben']);
    expect(m.slice(1).map((row) => row[0])).toEqual(docs.map((d) => d.id));
    const reread = m.slice(1).map((row) => row.slice(1).map((v) => (v === '' ? null : v)));
    expect(reread).toEqual(expected);
    expect(krippendorffAlpha(reread, { level: 'nominal' }).alpha).toBeCloseTo(r.report.alpha.alpha, 12);
    // The long file: one row per value.
    const l = readCsv(long);
    expect(l[0]).toEqual(['document_id', 'coder', 'label']);
    expect(l).toHaveLength(1 + 59);

    // Plain text: the same alpha as --json, written as evaluate writes coefficients.
    const text = cli('agreement', project, '--seed', '5');
    expect(text.code).toBe(0);
    expect(text.out).toContain(`Krippendorff's alpha (nominal)  ${fmtCoef(r.report.alpha.alpha)}`);
    expect(text.out).toContain('2 coders on 30 documents, 29 coded by two or more');

    const wrong = cli('agreement', project, '--question', 'Topic');
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toContain('The project has no question named "Topic". Its questions: "Stance".');

    if (!nltkVersion) return;
    const script = [
      'import csv, sys',
      'from nltk.metrics.agreement import AnnotationTask',
      "rows = list(csv.DictReader(open(sys.argv[1], newline='')))",
      "print(repr(AnnotationTask(data=[(r['coder'], r['document_id'], r['label']) for r in rows]).alpha()))",
    ].join('\n');
    const py = spawnSync(PYTHON, ['-c', script, long], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    expect(Number(py.stdout.trim())).toBeCloseTo(r.report.alpha.alpha, 10);
  }, 600_000);
});
