// Coder training (issue 14, item 6) on real project files through the contract: a round drawn from
// an expert's decisions, coded by a trainee in its sample queue (decisions with the role 'training',
// never project labels), scored against a case computed by hand here and against the stats module;
// a round drawn from the gold labels; the master's labels kept with the round; one-line refusals.
import { afterEach, describe, expect, it } from 'vitest';
import { cohenKappa, krippendorffAlpha } from '../stats';
import { codingProject, type CodingProject } from '../coding/test-support/coding-fixture';
import { evaluationProject, type EvaluationProject } from '../evaluation/test-support/evaluation-project';
import { useTempDir } from '../test-support/temp-dir';

const tmp = useTempDir();
let open: Array<CodingProject | EvaluationProject> = [];
afterEach(async () => {
  for (const p of open) await p.t.core.shutdown();
  open = [];
});

const NAMES = ['favor', 'against', 'none'];
const STANCE = {
  name: 'Stance',
  labels: NAMES.map((name) => ({ name, description: `Defines ${name}.`, examples: [`An example of ${name}.`] })),
};

async function expertProject() {
  const p = await codingProject(tmp(), 12, [STANCE]);
  open.push(p);
  const q = p.codebook.questions[0]!;
  const id = (name: string) => q.labels.find((l) => l.name === name)!.id;
  // The expert Eve: document i is favor, against, none, favor, ... (4 of each).
  for (let i = 1; i <= 12; i++)
    await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: p.documentIds[i - 1]!,
      coder: 'Eve',
      kind: 'label',
      labelIds: [id(NAMES[(i - 1) % 3]!)],
    });
  return { p, q, id };
}

describe('a training round against an expert coder', () => {
  it('scores the trainee as computed by hand and by the stats module, lists the differences with both definitions', async () => {
    const { p, q, id } = await expertProject();
    const round = await p.t.call('training.create', { questionId: q.id, master: { coder: 'Eve' }, size: 12, seed: 9 });
    expect(round).toMatchObject({ size: 12, population: 12, seed: 9, master: { kind: 'coder', coder: 'Eve' }, scores: [] });
    // The trainee Tia: the master's label except documents 1 (favor -> against), 2 (against -> favor),
    // 3 (none -> favor); document 12 skipped, 11 left open.
    const tia: Record<number, string> = { 1: 'against', 2: 'favor', 3: 'favor' };
    for (let i = 1; i <= 12; i++) {
      if (i === 11) continue;
      await p.t.call('annotate.decide', {
        questionId: q.id,
        documentId: p.documentIds[i - 1]!,
        coder: 'Tia',
        sampleId: round.id,
        ...(i === 12 ? { kind: 'skip' as const } : { kind: 'label' as const, labelIds: [id(tia[i] ?? NAMES[(i - 1) % 3]!)] }),
      });
    }
    const r = await p.t.call('training.result', { sampleId: round.id, coder: 'Tia' });
    // By hand over documents 1..10: 7 agree; master favor 4, against 3, none 3; trainee 5, 3, 2.
    // kappa = (0.7 - 0.35) / 0.65; alpha: n = 20 values (f 9, a 6, n 5), D_o = 6/20,
    // D_e = (400 - 142) / 380, alpha = 1 - 0.3 * 380 / 258 = 144 / 258.
    expect(r.score).toMatchObject({ coder: 'Tia', coded: 10, skipped: 1, percent: 0.7 });
    expect(r.open).toBe(1);
    expect(r.score.kappa).toBeCloseTo(0.35 / 0.65, 12);
    expect(r.score.alpha).toBeCloseTo(144 / 258, 12);
    // The same by the stats module on the two columns.
    const m = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => NAMES[(i - 1) % 3]!);
    const t = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => tia[i] ?? NAMES[(i - 1) % 3]!);
    expect(r.score.kappa).toBeCloseTo(cohenKappa(t, m, NAMES)!, 12);
    expect(r.score.alpha).toBeCloseTo(
      krippendorffAlpha(
        m.map((x, i) => [x, t[i]!]),
        { level: 'nominal', categories: NAMES },
      ).alpha!,
      12,
    );
    // Per label, by hand: favor 7/10, p_e 0.5 -> 0.4; against 8/10, p_e 0.58 -> 0.22/0.42; none 9/10, p_e 0.62 -> 0.28/0.38.
    const per = Object.fromEntries(r.perLabel.map((l) => [l.label, l]));
    expect(per.favor).toMatchObject({ master: 4, trainee: 5, both: 3, percent: 0.7 });
    expect(per.favor!.kappa).toBeCloseTo(0.4, 12);
    expect(per.against).toMatchObject({ master: 3, trainee: 3, both: 2, percent: 0.8 });
    expect(per.against!.kappa).toBeCloseTo(0.22 / 0.42, 12);
    expect(per.none).toMatchObject({ master: 3, trainee: 2, both: 2, percent: 0.9 });
    expect(per.none!.kappa).toBeCloseTo(0.28 / 0.38, 12);
    // The differences: documents 1, 2, 3 in the round's order, each with both definitions.
    expect(r.differences.map((d) => d.externalId).sort()).toEqual(['doc-1', 'doc-2', 'doc-3']);
    const d1 = r.differences.find((d) => d.externalId === 'doc-1')!;
    expect(d1.master).toEqual([
      {
        id: id('favor'),
        name: 'favor',
        description: 'Defines favor.',
        includeRules: '',
        excludeRules: '',
        examples: ['An example of favor.'],
      },
    ]);
    expect(d1.trainee[0]).toMatchObject({ name: 'against', description: 'Defines against.', examples: ['An example of against.'] });
    expect(d1.text).toContain('Item 1:');
    // The rounds list every coder's score; the trainee's decisions are training, never project labels.
    const rounds = await p.t.call('training.rounds', { questionId: q.id });
    expect(rounds.map((x) => x.id)).toEqual([round.id]);
    expect(rounds[0]!.scores).toEqual([r.score]);
    const roles = p
      .db()
      .prepare("SELECT DISTINCT a.role FROM annotations a JOIN coders c ON c.id = a.coder_id WHERE c.name = 'Tia'")
      .pluck()
      .all();
    expect(roles).toEqual(['training']);
    const tiaState = p
      .db()
      .prepare("SELECT count(*) FROM coder_state s JOIN coders c ON c.id = s.coder_id WHERE c.name = 'Tia'")
      .pluck()
      .get();
    expect(tiaState).toBe(0);
    // The master's labels are those of the round's drawing: Eve changing her mind later changes nothing.
    await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: p.documentIds[0]!,
      coder: 'Eve',
      kind: 'label',
      labelIds: [id('against')],
    });
    expect((await p.t.call('training.result', { sampleId: round.id, coder: 'Tia' })).score).toEqual(r.score);
    // A coder who has not started: everything open, no numbers.
    expect((await p.t.call('training.result', { sampleId: round.id, coder: 'Uma' })).score).toEqual({
      coder: 'Uma',
      coded: 0,
      skipped: 0,
      percent: null,
      kappa: null,
      alpha: null,
    });
  });

  it('draws the same documents from the same seed, refuses a size above the documents with a master label and an unknown expert', async () => {
    const { p, q } = await expertProject();
    const a = await p.t.call('training.create', { questionId: q.id, master: { coder: 'Eve' }, size: 5, seed: 4 });
    const b = await p.t.call('training.create', { questionId: q.id, master: { coder: 'Eve' }, size: 5, seed: 4 });
    const docs = (sid: string) =>
      p.db().prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position').pluck().all(sid);
    expect(docs(a.id)).toEqual(docs(b.id));
    await expect(p.t.call('training.create', { questionId: q.id, master: { coder: 'Eve' }, size: 13, seed: 4 })).rejects.toThrow(
      'A training round of 13 documents cannot be drawn from the 12 with a master label: choose at most 12.',
    );
    await expect(p.t.call('training.create', { questionId: q.id, master: { coder: 'Zed' }, size: 5, seed: 4 })).rejects.toThrow(
      'The coder "Zed" has labelled no document of "Stance": name a coder who has, or use the gold labels as the master.',
    );
    await expect(p.t.call('training.create', { questionId: q.id, master: { gold: true }, size: 5, seed: 4 })).rejects.toThrow(
      'No document has a gold label that names a label of "Stance"',
    );
    // A validation sample is no training round.
    const s = await p.t.call('samples.create', { questionId: q.id, seed: 1, size: 3 });
    await expect(p.t.call('training.result', { sampleId: s.id, coder: 'Tia' })).rejects.toThrow(
      'This training round is not in the project',
    );
  });
});

describe('a training round of a label-set question', () => {
  it('scores exact sets, alpha with the MASI distance (the stats module), no overall kappa, each label as given or not', async () => {
    const TOPICS = { name: 'Topics', multiLabel: true, labels: ['economy', 'health', 'climate'].map((name) => ({ name })) };
    const p = await codingProject(tmp(), 8, [TOPICS]);
    open.push(p);
    const q = p.codebook.questions[0]!;
    const ids = (names: string[]) => names.map((n) => q.labels.find((l) => l.name === n)!.id);
    const eve = [['economy'], ['health'], ['economy', 'health'], [], ['climate'], ['economy', 'climate'], ['health'], ['economy']];
    const tia = [['economy'], ['health', 'climate'], ['economy'], [], ['climate'], ['climate', 'economy'], ['economy'], ['economy']];
    for (let i = 0; i < 8; i++)
      await p.t.call('annotate.decide', {
        questionId: q.id,
        documentId: p.documentIds[i]!,
        coder: 'Eve',
        kind: 'label',
        labelIds: ids(eve[i]!),
      });
    const round = await p.t.call('training.create', { questionId: q.id, master: { coder: 'Eve' }, size: 8, seed: 2 });
    for (let i = 0; i < 8; i++)
      await p.t.call('annotate.decide', {
        questionId: q.id,
        documentId: p.documentIds[i]!,
        coder: 'Tia',
        sampleId: round.id,
        kind: 'label',
        labelIds: ids(tia[i]!),
      });
    const r = await p.t.call('training.result', { sampleId: round.id, coder: 'Tia' });
    // Exact sets: documents 1, 4, 5, 6, 8 agree (5 of 8); "none of these labels" ([]) is a value.
    expect(r.score).toMatchObject({ coded: 8, percent: 5 / 8, kappa: null });
    const sorted = (x: string[]) => [...x].sort();
    expect(r.score.alpha).toBeCloseTo(
      krippendorffAlpha(
        eve.map((e, i) => [sorted(e), sorted(tia[i]!)]),
        { level: 'masi' },
      ).alpha!,
      12,
    );
    // health by hand: master on 2, 3, 7; trainee on 2 only -> agree on 6 of 8; kappa (0.75 - p_e) / (1 - p_e),
    // p_e = 3/8 * 1/8 + 5/8 * 7/8 = 38/64.
    const health = r.perLabel.find((l) => l.label === 'health')!;
    expect(health).toMatchObject({ master: 3, trainee: 1, both: 1, percent: 0.75 });
    expect(health.kappa).toBeCloseTo((0.75 - 38 / 64) / (1 - 38 / 64), 12);
    expect(r.differences.map((d) => d.externalId)).toEqual(expect.arrayContaining(['doc-2', 'doc-3', 'doc-7']));
    expect(r.differences).toHaveLength(3);
    expect(r.differences.find((d) => d.externalId === 'doc-2')!.trainee.map((l) => l.name)).toEqual(['health', 'climate']);
  });
});

describe('a training round against the gold labels', () => {
  it('is drawn from the documents with gold only; a trainee who gives the gold label everywhere scores 1', async () => {
    // 40 documents, every second one with a gold stance.
    const p = await evaluationProject(tmp(), 40, 7, 2);
    open.push(p);
    const q = p.single;
    const round = await p.t.call('training.create', { questionId: q.id, master: { gold: true }, size: 20, seed: 1 });
    expect(round).toMatchObject({ population: 20, size: 20, master: { kind: 'gold' } });
    const gold = p
      .db()
      .prepare('SELECT d.id, d.gold_label FROM sample_documents s JOIN documents d ON d.id = s.document_id WHERE s.sample_id = ?')
      .all(round.id) as Array<{ id: number; gold_label: string | null }>;
    expect(gold.every((g) => g.gold_label !== null)).toBe(true);
    for (const g of gold)
      await p.t.call('annotate.decide', {
        questionId: q.id,
        documentId: g.id,
        coder: 'Tia',
        sampleId: round.id,
        kind: 'label',
        labelIds: [q.labels.find((l) => l.name === g.gold_label)!.id],
      });
    const r = await p.t.call('training.result', { sampleId: round.id, coder: 'Tia' });
    expect(r.score).toMatchObject({ coded: 20, percent: 1, kappa: 1, alpha: 1 });
    expect(r.differences).toEqual([]);
    // The documents stay open in the ordinary queue: training is never a label of the project.
    const progress = await p.t.call('annotate.progress', { questionId: q.id });
    expect(progress.decided).toBe(0);
    await expect(p.t.call('training.create', { questionId: q.id, master: { gold: true }, size: 21, seed: 1 })).rejects.toThrow(
      'cannot be drawn from the 20 with a master label',
    );
  });
});
