// "Try it" on a real corpus with gold labels (the first 200 AG News test rows, class 1-4 as the
// labels' codes) and the generated tiny model: each variant's numbers equal evaluation.run on the
// same project after the variant is kept and the question pre-labelled again (a real run); the
// current wording's numbers equal evaluation.run now; nothing stored changes while trying; only the
// changed label's pairs go through the model; progress, cancel, and the non-random warning.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Codebook, EvaluationResult, JobDone, TuningResult, TuningVariant } from '../../../common/contract';
import { isRunProgress, runEnd } from '../nli/test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../nli/test-support/tiny-model';
import type { TestCore } from '../test-support/test-core';
import { goldProject, TEMPLATE } from './test-support/gold-project';

const DOCS = 200;
let root = '';
let model: TinyModel;
let t: TestCore;
let codebook: Codebook;

beforeAll(async () => {
  model = makeTinyModel(loadFixtures());
  root = mkdtempSync(join(tmpdir(), 'prelabel-tuning-'));
  ({ t, codebook } = await goldProject(join(root, 'p'), model.dir, DOCS));
}, 120_000);

afterAll(async () => {
  await t?.core.shutdown();
  await t?.core.context.engine.close();
  model?.cleanup();
  rmSync(root, { recursive: true, force: true });
});

const question = () => codebook.questions[0]!;
const labelId = (name: string) => question().labels.find((l) => l.name === name)!.id;
const db = () => t.core.context.project!.db;

async function prelabel() {
  const from = t.events.length;
  const run = await t.call('prelabel.start', { questionId: question().id });
  const end = await runEnd(t, run.id, from);
  expect(end.status).toBe('done');
}

async function tryIt(variants: TuningVariant[], against: 'gold' | 'human' = 'gold'): Promise<{ done: JobDone; result: TuningResult }> {
  const { jobId } = await t.call('tuning.try', { questionId: question().id, against, variants });
  const done = await t.waitForJob(jobId);
  if (done.status !== 'done') throw new Error(JSON.stringify(done));
  return { done, result: done.result as TuningResult };
}

function expectSameNumbers(shown: TuningResult['variants'][number], evaluated: EvaluationResult) {
  const m = evaluated.metrics!;
  expect(shown.metrics!.n).toBe(m.n);
  expect(shown.macroF1).toBe(m.macro.f1);
  expect(shown.macroF1Interval).toEqual(m.intervals.macroF1);
  expect(shown.perLabel.map((l) => [l.label, l.f1, l.precision, l.recall, l.support])).toEqual(
    m.perLabel.map((l) => [l.label, l.f1, l.precision, l.recall, l.support]),
  );
  expect(shown.metrics).toEqual(m);
}

const storedState = () => ({
  predictions: db().prepare('SELECT count(*) AS n, total(entailment) AS s FROM predictions').get(),
  state: db().prepare('SELECT group_concat(suggestion_label_id) AS s, group_concat(suggestion_hash) AS h FROM coding_state').get(),
  revisions: db().prepare('SELECT count(*) FROM codebook_revisions').pluck().get(),
  runs: db().prepare('SELECT count(*) FROM prelabel_runs').pluck().get(),
});

describe('tuning.try on AG News with gold and the tiny model', () => {
  it('shows for each variant the numbers evaluation.run gives after keeping it and pre-labelling again', async () => {
    const sports = labelId('Sports');
    const variants: TuningVariant[] = [
      { name: 'about', template: 'This text is about {}.' },
      { name: 'sports hypothesis', hypotheses: { [sports]: 'This text is about a game or an athlete.' } },
    ];
    const before = storedState();
    const progress: number[] = [];
    const from = t.events.length;
    const { result } = await tryIt(variants);
    for (const e of t.events.slice(from))
      if (e.event === 'job:progress' && (e.payload as { kind: string }).kind === 'tuning')
        progress.push((e.payload as { done: number }).done);
    // Nothing stored changed: predictions, the coding state, the codebook, the runs.
    expect(storedState()).toEqual(before);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(DOCS * 4 + DOCS);

    expect(result.documents).toEqual({ withTruth: DOCS, used: DOCS, noCurrentPrediction: 0 });
    expect(result.variants.map((v) => [v.name, v.pairsScored, v.pairsReused])).toEqual([
      ['Current wording', 0, DOCS * 4],
      ['about', DOCS * 4, 0],
      // Only the changed label's pairs went through the model.
      ['sports hypothesis', DOCS, DOCS * 3],
    ]);
    expect(result.variants[2]!.hypotheses.filter((h) => h.changed).map((h) => h.label)).toEqual(['Sports']);
    // Gold on every unit is random: no non-random warning.
    expect(result.source.random).toBe(true);

    // The current wording: evaluation.run now.
    expectSameNumbers(result.variants[0]!, await t.call('evaluation.run', { questionId: question().id, against: 'gold' }));

    const original: TuningVariant = { template: TEMPLATE, hypotheses: { [sports]: null } };
    for (const [i, variant] of variants.entries()) {
      codebook = await t.call('tuning.keep', { questionId: question().id, variant });
      await prelabel();
      const evaluated = await t.call('evaluation.run', { questionId: question().id, against: 'gold' });
      expectSameNumbers(result.variants[i + 1]!, evaluated);
      codebook = await t.call('tuning.keep', { questionId: question().id, variant: original });
    }
    // The variants differ from the current wording (the comparison is not vacuous).
    expect(new Set(result.variants.map((v) => JSON.stringify(v.perLabel.map((l) => l.f1)))).size).toBeGreaterThan(1);
  }, 180_000);

  it('keeping a variant is a codebook revision that makes the old predictions stale', async () => {
    const revisions = db().prepare('SELECT count(*) FROM codebook_revisions').pluck().get() as number;
    const hashBefore = await t.core.context.engine.currentHash(db(), question());
    codebook = await t.call('tuning.keep', { questionId: question().id, variant: { template: 'The topic is {}.' } });
    expect(question().template).toBe('The topic is {}.');
    expect(db().prepare('SELECT count(*) FROM codebook_revisions').pluck().get()).toBe(revisions + 1);
    const summary = db().prepare('SELECT summary FROM codebook_revisions ORDER BY created_at DESC, rowid DESC LIMIT 1').pluck().get();
    expect(summary).toMatch(/^Kept the tried wording/);
    const hashAfter = await t.core.context.engine.currentHash(db(), question());
    expect(hashAfter).not.toBe(hashBefore);
    const status = await t.call('prelabel.status', { questionId: question().id });
    expect(status.scored).toBe(0);
    codebook = await t.call('tuning.keep', { questionId: question().id, variant: { template: TEMPLATE } });
  });

  it('against human decisions: warns that the coded documents are not a random sample', async () => {
    const ids = db().prepare('SELECT id, gold_label AS g FROM documents ORDER BY id LIMIT 40').all() as Array<{ id: number; g: string }>;
    const byCode = new Map(question().labels.map((l) => [l.code, l.id]));
    for (const d of ids)
      await t.call('annotate.decide', {
        questionId: question().id,
        documentId: d.id,
        coder: 'ana',
        kind: 'label',
        labelIds: [byCode.get(d.g)!],
      });
    const { result } = await tryIt([{ template: 'This text is about {}.' }], 'human');
    expect(result.documents.used).toBe(40);
    expect(result.source.random).toBe(false);
    expect(result.warnings[0]).toMatch(/not a random sample/);
    expectSameNumbers(result.variants[0]!, await t.call('evaluation.run', { questionId: question().id, against: 'human' }));
  });

  it('is cancelled by job.cancel and refuses bad variants in one line', async () => {
    const { jobId } = await t.call('tuning.try', {
      questionId: question().id,
      against: 'gold',
      variants: ['A', 'B', 'C', 'D', 'E', 'F'].map((x) => ({ template: `${x} {}.` })),
    });
    // Cancelled once the first group of pairs is scored.
    while (
      !t.events.some(
        (e) =>
          e.event === 'job:progress' &&
          (e.payload as { jobId: string; done: number }).jobId === jobId &&
          (e.payload as { done: number }).done > 0,
      )
    )
      await new Promise((r) => setTimeout(r, 1));
    await t.call('job.cancel', { jobId });
    expect((await t.waitForJob(jobId)).status).toBe('cancelled');
    const bad = await t.raw('tuning.try', { questionId: question().id, variants: [{ template: 'No placeholder.' }] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((bad as { error: { message: string } }).error.message).toMatch(/has no \{\}/);
    const unknown = await t.raw('tuning.try', {
      questionId: question().id,
      variants: [{ hypotheses: { '123e4567-e89b-42d3-a456-426614174009': 'x' } }],
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('tuning.try and a pre-label run at the same time', () => {
  // [Note: try it and a run share the model]: the run waits for the variants between its groups.
  const variants: TuningVariant[] = ['A', 'B', 'C'].map((x) => ({ name: x, template: `${x} {}.` }));
  const more: TuningVariant[] = [...variants, ...['D', 'E', 'F'].map((x) => ({ name: x, template: `${x} {}.` }))];
  const OTHER = { template: 'The story is {}.', labels: [{ name: 'good news' }, { name: 'bad news' }] };
  const other = (name: string) => codebook.questions.find((q) => q.name === name)!;
  const numbers = (r: TuningResult) =>
    r.variants.map((v) => [v.name, v.pairsScored, v.pairsReused, v.macroF1, v.macroF1Interval, v.perLabel, v.metrics]);
  /** A question's stored logits by document, label name and window. */
  const logitsOf = (name: string) => {
    const q = other(name);
    const names = new Map(q.labels.map((l) => [l.id, l.name]));
    const rows = db()
      .prepare(
        `SELECT p.document_id AS d, p.label_id AS l, p.window AS w, p.entailment AS e, p.neutral AS n, p.contradiction AS c
         FROM predictions p JOIN prelabel_runs r ON r.id = p.run_id WHERE r.question_id = ?`,
      )
      .all(q.id) as Array<{ d: number; l: string; w: number; e: number; n: number; c: number }>;
    return rows.map((r) => ({ ...r, l: names.get(r.l)! })).sort((x, y) => x.d - y.d || x.l.localeCompare(y.l) || x.w - y.w);
  };
  const scoring = async (jobId: string) => {
    const started = () =>
      t.events.some(
        (e) => e.event === 'job:progress' && (e.payload as { jobId: string }).jobId === jobId && (e.payload as { done: number }).done > 0,
      );
    while (!started()) await new Promise((r) => setTimeout(r, 1));
  };
  const eventIndex = (from: number, is: (e: (typeof t.events)[number]) => boolean) => t.events.findIndex((e, i) => i >= from && is(e));
  let alone: TuningResult;
  let expected: ReturnType<typeof logitsOf>;

  beforeAll(async () => {
    // Every run of this block goes through the model (no copies of identical inputs).
    t.core.context.engine.tuning.reuse = false;
    codebook = await t.call('codebook.set', {
      questions: [question(), ...['Other', 'Other 2', 'Other 3', 'Other 4'].map((name) => ({ name, ...OTHER }))],
    });
    // Each alone: the variants, then a run.
    alone = (await tryIt(more)).result;
    const run = await t.call('prelabel.start', { questionId: other('Other').id });
    expect((await runEnd(t, run.id)).status).toBe('done');
    expected = logitsOf('Other');
    expect(expected).toHaveLength(DOCS * 2);
  }, 120_000);

  afterAll(async () => {
    t.core.context.engine.tuning.reuse = true;
    codebook = await t.call('codebook.set', { questions: [question()] });
  });

  it('a run started while variants are tried waits for them; both end with what each gives alone', async () => {
    const from = t.events.length;
    const { jobId } = await t.call('tuning.try', { questionId: question().id, against: 'gold', variants: more });
    await scoring(jobId);
    const run = await t.call('prelabel.start', { questionId: other('Other 2').id });
    // The engine knows the job: the precision and the model are not changed under it.
    expect(await t.raw('prelabel.setPrecision', { precision: 'fp32' })).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    expect(await t.raw('model.select', { path: model.dir })).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    const done = await t.waitForJob(jobId);
    const end = await runEnd(t, run.id, from);
    expect(done.status).toBe('done');
    expect(numbers(done.result as TuningResult)).toEqual(numbers(alone));
    expect(end.status).toBe('done');
    expect(logitsOf('Other 2')).toEqual(expected);
    // The run scored nothing until the variants were done.
    const tried = eventIndex(from, (e) => e.event === 'job:done' && (e.payload as JobDone).jobId === jobId);
    const firstScored = eventIndex(from, (e) => e.event === 'job:progress' && isRunProgress(e.payload, run.id) && e.payload.done > 0);
    expect(tried).toBeGreaterThan(-1);
    expect(firstScored).toBeGreaterThan(tried);
  }, 60_000);

  it('cancelling the variants leaves the run to finish; cancelling the waiting run leaves the variants to finish', async () => {
    let from = t.events.length;
    const first = await t.call('tuning.try', { questionId: question().id, against: 'gold', variants: more });
    await scoring(first.jobId);
    const run = await t.call('prelabel.start', { questionId: other('Other 3').id });
    await t.call('job.cancel', { jobId: first.jobId });
    expect((await t.waitForJob(first.jobId)).status).toBe('cancelled');
    expect((await runEnd(t, run.id, from)).status).toBe('done');
    expect(logitsOf('Other 3')).toEqual(expected);

    from = t.events.length;
    const second = await t.call('tuning.try', { questionId: question().id, against: 'gold', variants: more });
    await scoring(second.jobId);
    const waiting = await t.call('prelabel.start', { questionId: other('Other 4').id });
    // Cancelled while it waits for its turn: it ends at once, having scored nothing.
    const cancelled = await t.call('prelabel.cancel', { runId: waiting.id });
    expect(cancelled.status).toBe('cancelled');
    expect(t.events.some((e) => e.event === 'job:done' && (e.payload as JobDone).jobId === second.jobId)).toBe(false);
    expect(await t.call('prelabel.status', { questionId: other('Other 4').id })).toMatchObject({ scored: 0 });
    const done = await t.waitForJob(second.jobId);
    expect(done.status).toBe('done');
    expect(numbers(done.result as TuningResult)).toEqual(numbers(alone));
  }, 60_000);
});

describe('tuning.try on a multi-label question', () => {
  it('equals evaluation.run after keeping the variant and pre-labelling again', async () => {
    const topic = question();
    codebook = await t.call('codebook.set', {
      questions: [
        topic,
        { name: 'Topics', multiLabel: true, template: TEMPLATE, labels: topic.labels.map((l) => ({ name: l.name, code: l.code })) },
      ],
    });
    const multi = () => codebook.questions[1]!;
    const run = await t.call('prelabel.start', { questionId: multi().id });
    expect((await runEnd(t, run.id)).status).toBe('done');
    const world = multi().labels[0]!.id;
    const variant: TuningVariant = { hypotheses: { [world]: 'This text is about world politics.' } };
    const { jobId } = await t.call('tuning.try', { questionId: multi().id, against: 'gold', variants: [variant] });
    const done = await t.waitForJob(jobId);
    const result = done.result as TuningResult;
    expect(result.multiLabel).toBe(true);
    expect(result.variants[1]!.pairsScored).toBe(DOCS);
    expectSameNumbers(result.variants[0]!, await t.call('evaluation.run', { questionId: multi().id, against: 'gold' }));
    codebook = await t.call('tuning.keep', { questionId: multi().id, variant });
    const again = await t.call('prelabel.start', { questionId: multi().id });
    expect((await runEnd(t, again.id)).status).toBe('done');
    expectSameNumbers(result.variants[1]!, await t.call('evaluation.run', { questionId: multi().id, against: 'gold' }));
    codebook = await t.call('codebook.set', { questions: [question()] });
  }, 120_000);
});

describe('tuning.suggest', () => {
  it('offers known templates and, for a label, its description as a hypothesis', async () => {
    const s = await t.call('tuning.suggest', { questionId: question().id });
    expect(s.language).toBe('en');
    expect(s.suggestions.map((x) => x.variant.template)).toContain('This text is about {}.');
    expect(s.suggestions.map((x) => x.variant.template)).not.toContain(question().template);
    const withDescription = question().labels.map((l) =>
      l.name === 'Sports' ? { ...l, description: 'Games, athletes and competitions. Not the business of sport.' } : l,
    );
    codebook = await t.call('codebook.set', { questions: [{ ...question(), labels: withDescription }] });
    const forLabel = await t.call('tuning.suggest', { questionId: question().id, labelId: labelId('Sports') });
    expect(forLabel.suggestions[0]).toMatchObject({
      why: 'from the description',
      example: 'This text is about games, athletes and competitions.',
    });
  });
});
