// Control of pre-label runs end to end on a real corpus file (AG News documents, imported by the
// importer) with the generated tiny model: pause, resume and cancel with every document scored
// once, a run left running by a dead core, stale predictions after a hypothesis changes, priority
// documents first, and one run at a time.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CodebookQuestion, PrelabelProgress } from '../../../../common/contract';
import { useTempDir } from '../../test-support/temp-dir';
import { makeTestCore } from '../../test-support/test-core';
import {
  duplicatePredictions,
  isRunProgress,
  prelabelProject,
  runEnd,
  scoredDocuments,
  setQuestions,
  topicQuestion,
  until,
  type PrelabelProject,
} from '../test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../test-support/tiny-model';

const tmp = useTempDir();
let model: TinyModel;
let project: PrelabelProject | null = null;

beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => {
  model?.cleanup();
});
afterEach(async () => {
  await project?.close();
  project = null;
});

async function open(opts: { count?: number; extraTexts?: string[] } = {}): Promise<PrelabelProject> {
  project = await prelabelProject(tmp(), { ...opts, modelDir: model.dir });
  return project;
}

async function startAndFinish(p: PrelabelProject, questionId: string, priority: number[] = []) {
  const run = await p.t.call('prelabel.start', { questionId, priorityDocumentIds: priority });
  const end = await runEnd(p.t, run.id);
  return { run, end };
}

describe('run control', () => {
  it('pauses after the current batch, resumes with the documents not yet scored, and scores each once', async () => {
    const p = await open();
    p.engine.tuning.maxRows = 4; // one document (4 labels) a batch
    p.engine.client.setTestHooks({ runDelayMs: 20 });
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    const run = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    expect(run.status).toBe('running');
    await until(() => scoredDocuments(p.t, run.id) >= 3);
    const paused = await p.t.call('prelabel.pause', { runId: run.id });
    expect(paused.status).toBe('paused');
    const atPause = scoredDocuments(p.t, run.id);
    expect(atPause).toBeLessThan(50);
    await new Promise((r) => setTimeout(r, 100));
    expect(scoredDocuments(p.t, run.id)).toBe(atPause);
    expect(await p.t.call('prelabel.status', { questionId: question.id })).toMatchObject({ run: { status: 'paused' }, scored: atPause });

    // A start with the same hypotheses and model resumes the paused run.
    const from = p.t.events.length;
    const resumed = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    expect(resumed.id).toBe(run.id);
    const end = await runEnd(p.t, run.id, from);
    expect(end).toMatchObject({ status: 'done', done: 50, total: 50 });
    expect(scoredDocuments(p.t, run.id)).toBe(50);
    expect(duplicatePredictions(p.t, run.modelInputHash)).toBe(0);
    const progress = p.t.events
      .filter((e) => e.event === 'job:progress' && isRunProgress(e.payload))
      .map((e) => e.payload as PrelabelProgress);
    expect(progress.some((e) => e.status === 'paused')).toBe(true);
    const running = progress.filter((e) => e.status === 'running' && e.pairsPerSecond > 0);
    expect(running.length).toBeGreaterThan(0);
    expect(running.every((e) => e.etaSeconds !== null && e.etaSeconds >= 0)).toBe(true);
  });

  it('cancels (predictions kept) and a new start scores only the rest', async () => {
    const p = await open();
    p.engine.tuning.maxRows = 4;
    p.engine.client.setTestHooks({ runDelayMs: 20 });
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    const run = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    await until(() => scoredDocuments(p.t, run.id) >= 2);
    const cancelled = await p.t.call('prelabel.cancel', { runId: run.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', finishedAt: expect.any(String) });
    const kept = scoredDocuments(p.t, run.id);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(50);
    await expect(p.t.call('prelabel.resume', { runId: run.id })).rejects.toThrow(/cancelled/);
    p.engine.client.setTestHooks({});
    const { run: second, end } = await startAndFinish(p, question.id);
    expect(second.id).not.toBe(run.id);
    expect(end.status).toBe('done');
    expect(scoredDocuments(p.t, second.id)).toBe(50 - kept);
    expect(duplicatePredictions(p.t, run.modelInputHash)).toBe(0);
    const page = await p.t.call('documents.list', { offset: 0, limit: 100, questionId: question.id });
    expect(page.rows.every((r) => r.suggestion !== null)).toBe(true);
  });

  it('shows a run left running by a dead core as paused, and resumes it after a restart', async () => {
    const dir = tmp();
    const p = await open();
    p.engine.tuning.maxRows = 4;
    p.engine.client.setTestHooks({ runDelayMs: 20 });
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    const run = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    await until(() => scoredDocuments(p.t, run.id) >= 2);
    await p.close(); // closing the project pauses the run after its batch
    project = null;
    // What a killed core leaves behind: the run still marked running.
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(p.projectPath);
    const before = raw.prepare('SELECT count(*) FROM prediction_documents').pluck().get() as number;
    raw.prepare("UPDATE prelabel_runs SET status = 'running'").run();
    raw.close();

    const t = makeTestCore(dir); // same data folder: the model choice is remembered
    await t.call('project.open', { path: p.projectPath });
    project = {
      t,
      engine: t.core.context.engine,
      projectPath: p.projectPath,
      documents: p.documents,
      close: async () => {
        await t.core.shutdown();
        await t.core.context.engine.close();
      },
    };
    const status = await t.call('prelabel.status', { questionId: question.id });
    expect(status).toMatchObject({ run: { id: run.id, status: 'paused' }, scored: before });
    const resumed = await t.call('prelabel.resume', { runId: run.id });
    expect(resumed).toMatchObject({ id: run.id, status: 'running' });
    const end = await runEnd(t, run.id);
    expect(end).toMatchObject({ status: 'done', done: 50 });
    expect(duplicatePredictions(t, run.modelInputHash)).toBe(0);
    expect(t.core.context.project!.db.prepare('SELECT count(*) FROM prediction_documents WHERE run_id = ?').pluck().get(run.id)).toBe(50);
  });

  it('marks predictions stale when a hypothesis changes, and a new run makes them current again', async () => {
    const p = await open({ count: 20 });
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    const { run: first } = await startAndFinish(p, question.id);
    expect(await p.t.call('prelabel.status', { questionId: question.id })).toMatchObject({ scored: 20, stale: 0 });

    const changed: CodebookQuestion = (
      await setQuestions(p.t, [
        {
          ...topicQuestion(),
          id: question.id,
          labels: question.labels.map((l, i) => ({ id: l.id, name: l.name, hypothesis: i === 0 ? 'This text is about elections.' : null })),
        },
      ])
    ).questions[0]!;
    expect(await p.t.call('prelabel.status', { questionId: question.id })).toMatchObject({ run: { id: first.id }, scored: 0, stale: 20 });
    const page = await p.t.call('documents.list', { offset: 0, limit: 5, questionId: question.id });
    expect(page.rows.map((r) => r.suggestion)).toEqual([null, null, null, null, null]);

    const { run: second, end } = await startAndFinish(p, changed.id);
    expect(second.id).not.toBe(first.id);
    expect(second.modelInputHash).not.toBe(first.modelInputHash);
    expect(end.status).toBe('done');
    expect(await p.t.call('prelabel.status', { questionId: question.id })).toMatchObject({ run: { id: second.id }, scored: 20, stale: 0 });
    // The old run's rows are kept.
    expect(scoredDocuments(p.t, first.id)).toBe(20);
  });

  it('scores the priority documents first', async () => {
    const p = await open();
    p.engine.tuning.maxRows = 4;
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    // The longest documents would come last (shortest first): ask for them first.
    const byLength = [...p.documents].sort((a, b) => Buffer.byteLength(b.text) - Buffer.byteLength(a.text));
    const priority = byLength.slice(0, 3).map((d) => d.id);
    const order: number[] = [];
    const db = p.t.core.context.project!.db;
    const seen = new Set<number>();
    p.engine.client.setTestHooks({ runDelayMs: 15 });
    const record = () => {
      for (const id of db.prepare('SELECT document_id FROM prediction_documents').pluck().all() as number[]) {
        if (!seen.has(id)) {
          seen.add(id);
          order.push(id);
        }
      }
    };
    const started = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: priority });
    const timer = setInterval(record, 1);
    await runEnd(p.t, started.id);
    clearInterval(timer);
    record();
    expect(order.slice(0, 3)).toEqual(priority);
    expect(order).toHaveLength(50);
  });
});

describe('one run at a time', () => {
  it('refuses a second question and a model change while a run goes, and adds priority documents to the running run', async () => {
    const p = await open({ count: 20 });
    p.engine.tuning.maxRows = 4;
    p.engine.client.setTestHooks({ runDelayMs: 20 });
    const codebook = await setQuestions(p.t, [topicQuestion(), topicQuestion({ name: 'Other', labels: [{ name: 'a' }, { name: 'b' }] })]);
    const [topic, other] = codebook.questions;
    const run = await p.t.call('prelabel.start', { questionId: topic!.id, priorityDocumentIds: [] });
    await expect(p.t.call('prelabel.start', { questionId: other!.id, priorityDocumentIds: [] })).rejects.toMatchObject({ code: 'BUSY' });
    await expect(p.t.call('model.select', { path: model.dir })).rejects.toMatchObject({ code: 'BUSY' });
    const again = await p.t.call('prelabel.start', { questionId: topic!.id, priorityDocumentIds: [p.documents[19]!.id] });
    expect(again.id).toBe(run.id);
    expect((await runEnd(p.t, run.id)).status).toBe('done');
    await expect(p.t.call('prelabel.resume', { runId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
