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
import { runEnd } from '../nli/test-support/prelabel-project';
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

describe('tuning.try and a pre-label run', () => {
  it('stops with BUSY before its next group when a run starts using the model', async () => {
    codebook = await t.call('codebook.set', { questions: [question(), { name: 'Other', labels: [{ name: 'yes' }, { name: 'no' }] }] });
    const other = codebook.questions[1]!;
    const { jobId } = await t.call('tuning.try', {
      questionId: question().id,
      against: 'gold',
      variants: ['A', 'B', 'C', 'D', 'E', 'F'].map((x) => ({ template: `${x} {}.` })),
    });
    const scored = () =>
      t.events.some(
        (e) => e.event === 'job:progress' && (e.payload as { jobId: string }).jobId === jobId && (e.payload as { done: number }).done > 0,
      );
    while (!scored()) await new Promise((r) => setTimeout(r, 1));
    const from = t.events.length;
    const run = await t.call('prelabel.start', { questionId: other.id });
    const done = await t.waitForJob(jobId);
    expect(done).toMatchObject({ status: 'failed', error: { code: 'BUSY' } });
    expect(done.error!.message).toMatch(/started using the model/);
    expect((await runEnd(t, run.id, from)).status).toBe('done');
    // Refused while a run is going.
    codebook = await t.call('codebook.set', { questions: [question(), { ...other, template: 'It is {}.' }] });
    const again = await t.call('prelabel.start', { questionId: codebook.questions[1]!.id });
    const refused = await t.raw('tuning.try', { questionId: question().id, variants: [{ template: 'X {}.' }] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    await runEnd(t, again.id);
    codebook = await t.call('codebook.set', { questions: [question()] });
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
