// [Note: writes in large transactions]: scored groups are written several at a time, and progress
// counts only what is written; pausing writes what is held, so a resumed run stores each document once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PrelabelProgress } from '../../../../common/contract';
import { useTempDir } from '../../test-support/temp-dir';
import {
  duplicatePredictions,
  isRunProgress,
  prelabelProject,
  runEnd,
  scoredDocuments,
  setQuestions,
  topicQuestion,
  type PrelabelProject,
} from '../test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../test-support/tiny-model';

const tmp = useTempDir();
let model: TinyModel;
let project: PrelabelProject | null = null;

beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());
afterEach(async () => {
  await project?.close();
  project = null;
});

describe('writes in large transactions', () => {
  it('stores groups of one document in writes of ten documents; every document once, progress only of what is written', async () => {
    const p = (project = await prelabelProject(tmp(), { modelDir: model.dir }));
    p.engine.tuning.maxRows = 4; // one document (4 labels) a group
    p.engine.tuning.writeRows = 40; // ten groups a write
    p.engine.tuning.writeIntervalMs = 60_000;
    p.engine.tuning.progressIntervalMs = 0;
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    const db = p.t.core.context.project!.db;
    const run = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    const end = await runEnd(p.t, run.id);
    expect(end).toMatchObject({ status: 'done', done: 50, total: 50 });
    const progress = p.t.events
      .filter((e) => e.event === 'job:progress' && isRunProgress(e.payload, run.id))
      .map((e) => e.payload as PrelabelProgress);
    const done = [...new Set(progress.filter((e) => e.status === 'running').map((e) => e.done))];
    // Progress moves by whole writes of ten documents.
    expect(done.length).toBeGreaterThan(1);
    for (const d of done) expect(d % 10).toBe(0);
    expect(scoredDocuments(p.t, run.id)).toBe(50);
    expect(db.prepare('SELECT count(*) FROM predictions WHERE run_id = ?').pluck().get(run.id)).toBe(200);
    expect(p.engine.sessionStats(run.id)).toMatchObject({ documents: 50, pairs: 200, batches: 50 });
  });

  it('a pause writes what is held: the resumed run stores each document once', async () => {
    const p = (project = await prelabelProject(tmp(), { modelDir: model.dir }));
    p.engine.tuning.maxRows = 4;
    p.engine.tuning.writeRows = 1_000_000;
    p.engine.tuning.writeIntervalMs = 60_000; // nothing is written until the pause
    p.engine.client.setTestHooks({ runDelayMs: 20 });
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    const run = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    await new Promise((r) => setTimeout(r, 300));
    expect(scoredDocuments(p.t, run.id)).toBe(0);
    expect((await p.t.call('prelabel.pause', { runId: run.id })).status).toBe('paused');
    const atPause = scoredDocuments(p.t, run.id);
    expect(atPause).toBeGreaterThan(0);
    expect(atPause).toBeLessThan(50);
    p.engine.client.setTestHooks({});
    const from = p.t.events.length;
    await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    expect(await runEnd(p.t, run.id, from)).toMatchObject({ status: 'done', done: 50, total: 50 });
    expect(scoredDocuments(p.t, run.id)).toBe(50);
    expect(duplicatePredictions(p.t, run.modelInputHash)).toBe(0);
  });
});
