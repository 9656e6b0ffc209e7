// `prelabel evaluate` and `prelabel report` through the built CLI (bin/prelabel.mjs -> out/main/cli.js;
// build first: npm run build) on a project made by the test: --json is evaluation.run's result, the
// text names the same numbers, and the report file names exactly the numbers of --json.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fmtCoef, fmtShare } from '../../common/evaluation-format';
import type { EvaluationResult } from '../../common/contract';
import { evaluationProject, storeSeededRun } from '../core/evaluation/test-support/evaluation-project';
import { expectedNumbers, reportNumbers } from '../core/report/test-support/report-numbers';
import { mulberry32 } from '../core/seeded-random';
import { useTempDir } from '../core/test-support/temp-dir';

const tmp = useTempDir();
const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/cli.js'));

const strip = ({ generatedAt: _g, tookMs: _t, ...rest }: EvaluationResult & { ok?: boolean }) => rest;

describe.skipIf(!built)('prelabel evaluate and report (the built CLI; skipped without out/main/cli.js)', () => {
  it('prints the evaluation as --json and as tables, and writes a report with the same numbers', async () => {
    const dir = tmp();
    const p = await evaluationProject(dir, 80, 7);
    storeSeededRun(p, 0, 2);
    const rng = mulberry32(3);
    for (const d of p.ids.slice(0, 50))
      await p.t.call('annotate.decide', {
        questionId: p.single.id,
        documentId: d,
        coder: 'ana',
        kind: 'label',
        labelIds: [p.single.labels[Math.floor(rng() * 3)]!.id],
      });
    const inProcess = await p.t.call('evaluation.run', {
      questionId: p.single.id,
      against: 'gold',
      groupBy: 'lang',
      bootstrap: { replicates: 300, seed: 5 },
    });
    await p.t.core.shutdown();

    const cli = (...argv: string[]) => {
      const r = spawnSync(process.execPath, [join(root, 'bin/prelabel.mjs'), ...argv], {
        env: { ...process.env, PRELABEL_HOME: join(dir, 'home') },
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
    };
    const flags = ['--question', 'Stance', '--against', 'gold', '--group-by', 'lang', '--replicates', '300', '--seed', '5'];
    const json = cli('evaluate', p.path, ...flags, '--json');
    expect(json.code, json.err).toBe(0);
    const result = JSON.parse(json.out) as EvaluationResult & { ok: boolean };
    expect(result.ok).toBe(true);
    const { ok: _ok, ...fromCli } = strip(result);
    expect(fromCli).toEqual(strip(inProcess));

    const text = cli('evaluate', p.path, ...flags);
    expect(text.code, text.err).toBe(0);
    const m = result.metrics!;
    if (m.kind !== 'single') throw new Error('single-label expected');
    expect(text.out).toMatch(new RegExp(`accuracy +${fmtShare(m.accuracy).replace('.', '\\.')} +\\[`));
    expect(text.out).toContain(fmtCoef(m.kappa));
    expect(text.out).toMatch(/Warning: Gold labels|Confusion matrix/);

    const out = join(dir, 'report.html');
    const written = cli('report', p.path, ...flags, '--out', out, '--json');
    expect(written.code, written.err).toBe(0);
    expect(JSON.parse(written.out)).toMatchObject({ ok: true, path: out, name: 'report.html' });
    const named = reportNumbers(readFileSync(out, 'utf8'));
    for (const [stat, value] of expectedNumbers(result)) expect([stat, named.get(stat)]).toEqual([stat, value]);

    const refused = cli('evaluate', p.path, '--question', 'Nope');
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/no question named "Nope".*"Stance", "Topics"/);
    const badAgainst = cli('evaluate', p.path, '--question', 'Stance', '--against', 'coders');
    expect(badAgainst.err).toMatch(/--against must be one of human, gold, sample/);
  });

  it('refuses an unknown --group-by column and gold that does not exist in one line (exit 1); --coder takes one coder; no stray space in the Model line', async () => {
    const dir = tmp();
    const p = await evaluationProject(dir, 40, 3, 1000);
    storeSeededRun(p, 0, 2);
    const rng = mulberry32(4);
    for (const [coder, docs] of [
      ['alice', p.ids.slice(0, 20)],
      ['carol', p.ids.slice(10, 30)],
    ] as const)
      for (const d of docs)
        await p.t.call('annotate.decide', {
          questionId: p.single.id,
          documentId: d,
          coder,
          kind: 'label',
          labelIds: [p.single.labels[Math.floor(rng() * 3)]!.id],
        });
    await p.t.core.shutdown();
    const cli = (...argv: string[]) => {
      const r = spawnSync(process.execPath, [join(root, 'bin/prelabel.mjs'), ...argv], {
        env: { ...process.env, PRELABEL_HOME: join(dir, 'home') },
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
    };
    const column = cli('evaluate', p.path, '--question', 'Stance', '--group-by', 'meta_labels');
    expect(column.code).toBe(1);
    expect(column.err.split('\n')).toHaveLength(1);
    expect(column.err).toMatch(/no metadata column "meta_labels".*The columns: "lang"/);
    for (const command of ['evaluate', 'report']) {
      const gold = cli(
        command,
        p.path,
        '--question',
        'Stance',
        '--against',
        'gold',
        ...(command === 'report' ? ['--out', join(dir, 'r.html')] : []),
      );
      expect([command, gold.code]).toEqual([command, 1]);
      expect(gold.err).toMatch(/"Stance" has no gold labels/);
      expect(gold.err.split('\n')).toHaveLength(1);
    }
    expect(existsSync(join(dir, 'r.html'))).toBe(false);

    const all = cli('evaluate', p.path, '--question', 'Stance');
    expect(all.code, all.err).toBe(0);
    expect(all.out).toContain(
      "Truth: each document's current label, by carol (20), alice (10); 10 documents decided by more than one coder.",
    );
    expect(all.out).toMatch(
      /Warning: 10 of these documents were decided by more than one coder \(carol, alice\); the project's current label counts/,
    );
    expect(all.out).not.toMatch(/ ,/);
    const alice = JSON.parse(cli('evaluate', p.path, '--question', 'Stance', '--coder', 'alice', '--json').out) as EvaluationResult;
    expect([alice.documents.used, alice.truthCoders]).toEqual([
      20,
      { coder: 'alice', coders: [{ name: 'alice', documents: 20 }], multiCoder: 0 },
    ]);
    const nobody = cli('evaluate', p.path, '--question', 'Stance', '--coder', 'dave');
    expect([nobody.code, nobody.err]).toEqual([
      1,
      'prelabel evaluate: No coder named "dave" has decisions in "Stance". Its coders: "alice", "carol".',
    ]);
  });
});
