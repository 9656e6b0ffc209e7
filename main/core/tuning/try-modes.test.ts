// "Try it" on a project in int8 and on a question scored hierarchically, on the first 120 AG News
// test rows with their gold classes and the generated tiny model: the numbers of each variant equal
// evaluation.run after the variant is kept and the question pre-labelled again (a real run, int8 or
// hierarchical as before); int8 variants are scored with the project's int8 file; a hierarchical
// variant is scored in the run's two calls, reusing what it can ([Note: hierarchical try]).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Codebook, CodebookQuestion, EvaluationResult, TuningResult, TuningVariant } from '../../../common/contract';
import { DEFAULT_TUNING } from '../nli/runs/run-tuning';
import { runEnd } from '../nli/test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../nli/test-support/tiny-model';
import type { TestCore } from '../test-support/test-core';
import { goldProject, TEMPLATE } from './test-support/gold-project';

const DOCS = 120;
let root = '';
let model: TinyModel;
let t: TestCore;
let codebook: Codebook;

beforeAll(async () => {
  model = makeTinyModel(loadFixtures());
  root = mkdtempSync(join(tmpdir(), 'prelabel-try-modes-'));
  ({ t, codebook } = await goldProject(join(root, 'p'), model.dir, DOCS));
}, 120_000);

afterAll(async () => {
  await t?.core.shutdown();
  await t?.core.context.engine.close();
  model?.cleanup();
  rmSync(root, { recursive: true, force: true });
});

const db = () => t.core.context.project!.db;
const byName = (name: string) => codebook.questions.find((q) => q.name === name)!;
const labelOf = (q: CodebookQuestion, name: string) => q.labels.find((l) => l.name === name)!.id;

async function prelabel(questionId: string, options: { hierarchical?: boolean; topParents?: number } = {}) {
  const from = t.events.length;
  const run = await t.call('prelabel.start', { questionId, ...options });
  expect((await runEnd(t, run.id, from)).status).toBe('done');
  return run.id;
}

async function tryIt(questionId: string, variants: TuningVariant[]): Promise<TuningResult> {
  const { jobId } = await t.call('tuning.try', { questionId, against: 'gold', variants });
  const done = await t.waitForJob(jobId);
  if (done.status !== 'done') throw new Error(JSON.stringify(done));
  return done.result as TuningResult;
}

function expectSameNumbers(shown: TuningResult['variants'][number], evaluated: EvaluationResult) {
  expect(shown.metrics!.n).toBe(evaluated.metrics!.n);
  expect(shown.macroF1).toBe(evaluated.metrics!.macro.f1);
  expect(shown.metrics).toEqual(evaluated.metrics);
}

const storedState = () => ({
  predictions: db().prepare('SELECT count(*) AS n, total(entailment) AS s FROM predictions').get(),
  state: db().prepare('SELECT group_concat(suggestion_label_id) AS s, group_concat(suggestion_hash) AS h FROM coding_state').get(),
  revisions: db().prepare('SELECT count(*) FROM codebook_revisions').pluck().get(),
});

/** Each variant kept in turn, the question pre-labelled again and evaluated: the variant's numbers. */
async function keepEach(
  q: CodebookQuestion,
  result: TuningResult,
  variants: TuningVariant[],
  original: TuningVariant,
  after?: (i: number, runId: string) => void,
) {
  for (const [i, variant] of variants.entries()) {
    codebook = await t.call('tuning.keep', { questionId: q.id, variant });
    const runId = await prelabel(q.id);
    expectSameNumbers(result.variants[i + 1]!, await t.call('evaluation.run', { questionId: q.id, against: 'gold' }));
    after?.(i, runId);
    codebook = await t.call('tuning.keep', { questionId: q.id, variant: original });
  }
}

describe('tuning.try on a hierarchically scored question', () => {
  /** Each document's labels in a run's rows, by name. */
  const askedIn = (q: CodebookQuestion, runId: string) => {
    const names = new Map(q.labels.map((l) => [l.id, l.name]));
    const out = new Map<number, string[]>();
    for (const r of db()
      .prepare('SELECT document_id AS d, label_id AS l FROM predictions WHERE run_id = ? ORDER BY d, l')
      .all(runId) as Array<{
      d: number;
      l: string;
    }>)
      out.set(r.d, [...(out.get(r.d) ?? []), names.get(r.l)!].sort());
    return out;
  };

  it('scores a child and a parent hypothesis in the two calls and equals evaluation.run after keeping them', async () => {
    codebook = await t.call('codebook.set', {
      questions: [
        byName('Topic'),
        {
          name: 'Topic tree',
          template: TEMPLATE,
          labels: [
            { name: 'public affairs' },
            { name: 'World', code: '1', parent: 'public affairs' },
            { name: 'Business', code: '3', parent: 'public affairs' },
            { name: 'leisure and science' },
            { name: 'Sports', code: '2', parent: 'leisure and science' },
            { name: 'Sci/Tech', code: '4', parent: 'leisure and science' },
          ],
        },
      ],
    });
    const tree = () => byName('Topic tree');
    const firstRun = await prelabel(tree().id, { hierarchical: true, topParents: 1 });
    const before = askedIn(tree(), firstRun);
    // Every document was asked both parents and the two labels under one of them.
    expect([...before.values()].every((l) => l.length === 4)).toBe(true);
    const sports = labelOf(tree(), 'Sports');
    const leisure = labelOf(tree(), 'leisure and science');
    // Not longer than the longest hypothesis now, so no other label's pairs change (truncate mode anyway).
    const variants: TuningVariant[] = [
      { name: 'child', hypotheses: { [sports]: 'This news story is about a game.' } },
      { name: 'parent', hypotheses: { [leisure]: 'This news story is about sport or science.' } },
    ];
    const state = storedState();
    const result = await tryIt(tree().id, variants);
    expect(storedState()).toEqual(state);
    expect(result.documents.used).toBe(DOCS);
    expectSameNumbers(result.variants[0]!, await t.call('evaluation.run', { questionId: tree().id, against: 'gold' }));
    // The child: only its own pairs, where the run asked it (one window each in truncate mode).
    const askedSports = [...before.values()].filter((l) => l.includes('Sports')).length;
    expect(askedSports).toBeGreaterThan(0);
    expect(result.variants[1]).toMatchObject({ pairsScored: askedSports, pairsReused: DOCS * 4 - askedSports });

    const original: TuningVariant = { hypotheses: { [sports]: null, [leisure]: null } };
    let flipped = -1;
    await keepEach(tree(), result, variants, original, (i, runId) => {
      if (i !== 1) return;
      // The parent: its own pairs, and the two labels below the parent of each document whose top
      // parent changed under the variant (as the run of the kept variant asked them).
      const after = askedIn(tree(), runId);
      flipped = [...after].filter(([d, l]) => l.join() !== before.get(d)!.join()).length;
      expect(result.variants[2]!.pairsScored).toBe(DOCS + 2 * flipped);
    });
    // The parent variant changed the top parent of some documents (the test is not vacuous).
    expect(flipped).toBeGreaterThan(0);
    expect(new Set(result.variants.map((v) => v.macroF1)).size).toBeGreaterThan(1);
  }, 180_000);
});

describe('tuning.try on a project in int8', () => {
  const topic = () => byName('Topic');
  const lastRunModel = (runId: string) => db().prepare('SELECT model_sha256 FROM prelabel_runs WHERE id = ?').pluck().get(runId);
  let int8Sha = '';
  let variants: TuningVariant[] = [];
  let original: TuningVariant = {};

  beforeAll(async () => {
    const switched = await t.call('prelabel.setPrecision', { precision: 'int8', questionId: topic().id, minAgreement: 0, sampleSize: 20 });
    expect(switched.state.effective).toBe('int8');
    int8Sha = switched.check!.int8Sha256;
    const sportsId = labelOf(topic(), 'Sports');
    variants = [
      { name: 'about', template: 'This text is about {}.' },
      { name: 'sports', hypotheses: { [sportsId]: 'This news story is about a game.' } },
    ];
    original = { template: TEMPLATE, hypotheses: { [sportsId]: null } };
  }, 60_000);

  afterAll(async () => {
    t.core.context.engine.tuning.maxRows = DEFAULT_TUNING.maxRows;
    await t.call('prelabel.setPrecision', { precision: 'fp32' });
  });

  it('scores the variants with the int8 file and equals evaluation.run after keeping them (one pair a batch)', async () => {
    // Dynamic int8 quantises each batch's activations with one scale ([Note: int8 agreement check]),
    // so an int8 logit depends a little on the pairs batched with it; one pair a batch, in the run
    // and in "try it", leaves only what the variant changes.
    t.core.context.engine.tuning.maxRows = 1;
    expect(lastRunModel(await prelabel(topic().id))).toBe(int8Sha);
    const result = await tryIt(topic().id, variants);
    expect(result.modelSha256).toBe(int8Sha);
    expect(result.variants.map((v) => v.pairsScored)).toEqual([0, DOCS * 4, DOCS]);
    expectSameNumbers(result.variants[0]!, await t.call('evaluation.run', { questionId: topic().id, against: 'gold' }));
    await keepEach(topic(), result, variants, original, (_, runId) => expect(lastRunModel(runId)).toBe(int8Sha));
    expect(new Set(result.variants.map((v) => v.macroF1)).size).toBeGreaterThan(1);
  }, 180_000);

  it('with the batching of a run, differs from evaluation.run after keeping by the batch effect of int8 only, and says so', async () => {
    // Variants not tried above, so every run below scores anew at the default batching.
    t.core.context.engine.tuning.maxRows = DEFAULT_TUNING.maxRows;
    const sportsId = labelOf(topic(), 'Sports');
    const fresh: TuningVariant[] = [
      { name: 'on', template: 'This text is on {}.' },
      { name: 'match', hypotheses: { [sportsId]: 'This news story is about a match.' } },
    ];
    const result = await tryIt(topic().id, fresh);
    expect(result.modelSha256).toBe(int8Sha);
    expect(result.warnings.some((w) => w.startsWith('Scored with the int8 model'))).toBe(true);
    expectSameNumbers(result.variants[0]!, await t.call('evaluation.run', { questionId: topic().id, against: 'gold' }));
    for (const [i, variant] of fresh.entries()) {
      codebook = await t.call('tuning.keep', { questionId: topic().id, variant });
      const runId = await prelabel(topic().id);
      expect(db().prepare('SELECT count(*) FROM predictions WHERE run_id = ?').pluck().get(runId)).toBe(DOCS * 4);
      const evaluated = (await t.call('evaluation.run', { questionId: topic().id, against: 'gold' })).metrics!;
      const shown = result.variants[i + 1]!.metrics!;
      // The same documents; the labels differ only where int8's per-batch scale moved a close call
      // (with the random-weight tiny model about 6% of 120 documents for a one-label variant).
      expect(shown.n).toBe(evaluated.n);
      if (shown.kind !== 'single' || evaluated.kind !== 'single') throw new Error('single-label metrics expected');
      expect(Math.abs(shown.accuracy - evaluated.accuracy)).toBeLessThanOrEqual(0.1);
      codebook = await t.call('tuning.keep', { questionId: topic().id, variant: original });
    }
    // fp32 back: the fp32 predictions are current again, and try it scores with the fp32 file.
    await t.call('prelabel.setPrecision', { precision: 'fp32' });
    const fp32 = await tryIt(topic().id, [fresh[1]!]);
    expect(fp32.modelSha256).not.toBe(int8Sha);
    expect(fp32.warnings.some((w) => w.startsWith('Scored with the int8 model'))).toBe(false);
    expectSameNumbers(fp32.variants[0]!, await t.call('evaluation.run', { questionId: topic().id, against: 'gold' }));
  }, 180_000);
});
