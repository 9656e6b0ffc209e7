// `prelabel training` (in process) on SemEval-2016 stance tweets (shared data) with their gold
// stance: a round of 20 tweets against the gold labels drawn and coded by a trainee through the
// contract (every fifth tweet given the next stance, one skipped), then the command's --json is the
// contract's result, its numbers are recomputed here from the gold column and the trainee's labels
// (plain counts, and Cohen's kappa by the stats module), and the text shows the same.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TrainingResult, TrainingRound } from '../../../common/contract';
import { fmtCoef, fmtShare } from '../../../common/evaluation-format';
import { cohenKappa } from '../../core/stats';
import { corpusFile } from '../../core/test-support/corpora';
import { makeTestCore } from '../../core/test-support/test-core';
import { useTempDir } from '../../core/test-support/temp-dir';
import { run } from '../test-support/cli-project';

const tmp = useTempDir();
const STANCES = ['AGAINST', 'FAVOR', 'NONE'];

describe('prelabel training', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it("prints the rounds with each coder's score and a trainee's result, as the contract computes and as recomputed here", async () => {
    const dir = tmp();
    const path = join(dir, 'stance.prelabel');
    expect((await run('init', path)).code).toBe(0);
    const imported = await run(
      'import',
      path,
      corpusFile('semeval2016_stance', 'test.csv'),
      '--text-column',
      'Tweet',
      '--gold-column',
      'Stance',
    );
    expect(imported.code, imported.err).toBe(0);
    const codebook = join(dir, 'codebook.json');
    writeFileSync(
      codebook,
      JSON.stringify({ questions: [{ name: 'Stance', labels: STANCES.map((name) => ({ name, description: `The tweet is ${name}.` })) }] }),
    );
    expect((await run('codebook', path, '--set', codebook)).code).toBe(0);
    expect((await run('training', path, '--question', 'Stance')).out).toBe(
      '"Stance" has no training round yet (make one on the Training screen).',
    );

    // The round and the trainee's decisions through the contract, as the Training and Annotate screens make them.
    const t = makeTestCore(join(dir, 'core'));
    await t.call('project.open', { path });
    const q = (await t.call('codebook.get', {})).questions[0]!;
    const round = await t.call('training.create', { questionId: q.id, master: { gold: true }, size: 20, seed: 14 });
    const db = new Database(path, { readonly: true });
    const docs = db
      .prepare(
        'SELECT d.id, d.external_id AS ext, d.gold_label AS gold FROM sample_documents s JOIN documents d ON d.id = s.document_id WHERE s.sample_id = ? ORDER BY s.position',
      )
      .all(round.id) as Array<{ id: number; ext: string; gold: string }>;
    db.close();
    const given = docs.map((d, i) => (i === 19 ? null : i % 5 === 0 ? STANCES[(STANCES.indexOf(d.gold) + 1) % 3]! : d.gold));
    for (const [i, d] of docs.entries())
      await t.call('annotate.decide', {
        questionId: q.id,
        documentId: d.id,
        coder: 'Tia',
        sampleId: round.id,
        ...(given[i] === null
          ? { kind: 'skip' as const }
          : { kind: 'label' as const, labelIds: [q.labels.find((l) => l.name === given[i])!.id] }),
      });
    const core = await t.call('training.result', { sampleId: round.id, coder: 'Tia' });
    await t.core.shutdown();

    const rounds = await run('training', path, '--question', 'Stance', '--json');
    expect(rounds.code, rounds.err).toBe(0);
    const listed = JSON.parse(rounds.out) as { ok: true; rounds: TrainingRound[] };
    expect(listed.rounds).toEqual([core.round]);
    const r = await run('training', path, '--question', 'Stance', '--coder', 'Tia', '--json');
    const result = JSON.parse(r.out) as TrainingResult & { ok: true };
    expect(result).toEqual({ ok: true, ...core });
    // Recomputed: 19 labelled (one skip), every fifth of them (positions 0, 5, 10, 15) differs.
    const m = docs.slice(0, 19).map((d) => d.gold);
    const tr = given.slice(0, 19) as string[];
    expect(result.score).toMatchObject({ coded: 19, skipped: 1, percent: 15 / 19 });
    expect(result.score.kappa).toBeCloseTo(cohenKappa(tr, m, STANCES)!, 12);
    expect(result.differences.map((d) => d.externalId)).toEqual([0, 5, 10, 15].map((i) => docs[i]!.ext));
    expect(result.differences[0]!.master[0]).toMatchObject({ name: docs[0]!.gold, description: `The tweet is ${docs[0]!.gold}.` });
    for (const l of result.perLabel) {
      const agree = m.filter((x, i) => (x === l.label) === (tr[i] === l.label)).length;
      expect(l.percent).toBeCloseTo(agree / 19, 12);
      expect(l).toMatchObject({ master: m.filter((x) => x === l.label).length, trainee: tr.filter((x) => x === l.label).length });
    }
    // The text says the same numbers.
    const text = (await run('training', path, '--coder', 'Tia')).out;
    expect(text).toContain(`19 labelled, 1 skipped, 0 open; agreement ${fmtShare(15 / 19)}, Cohen's kappa ${fmtCoef(result.score.kappa)}`);
    expect(text).toContain(`${docs[0]!.ext}: master ${docs[0]!.gold}, Tia ${given[0]}`);
    expect(text).toContain(`master: ${docs[0]!.gold} = The tweet is ${docs[0]!.gold}.`);
    const list = (await run('training', path)).out;
    expect(list).toContain(`Round ${round.id}: 20 documents against the gold labels, seed 14`);
    expect(list).toMatch(new RegExp(`Tia +19 +1 +${fmtShare(15 / 19).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    // One-line refusals.
    const nobody = await run('training', path, '--coder', 'Uma');
    expect(nobody.code).not.toBe(0);
    expect(nobody.err).toContain('Uma has decided no document of a training round of "Stance".');
    expect((await run('training', path, '--round', round.id)).err).toContain('--round needs --coder NAME');
  }, 120_000);
});
