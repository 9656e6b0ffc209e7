// Two cores on one project file (as two processes would be: each has its own lease token) with the
// generated tiny model: the second start of a question being pre-labelled is refused in one line and
// leaves the first run alone; the lease is given back when the run ends; a lease left by a dead
// process is taken over and its run resumed, each document scored once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp-dir';
import { makeTestCore, type TestCore } from '../../test-support/test-core';
import { settingsFile } from '../../models/model-settings';
import { machineKey } from '../inference/thread-calibration';
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
const closers: Array<() => Promise<void>> = [];

beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function first(): Promise<PrelabelProject> {
  const p = await prelabelProject(tmp(), { modelDir: model.dir });
  closers.push(() => p.close());
  return p;
}

async function second(projectPath: string, dataDir = tmp()): Promise<TestCore> {
  const t = makeTestCore(dataDir);
  closers.push(async () => {
    await t.core.shutdown();
    await t.core.context.engine.close();
  });
  await t.call('project.open', { path: projectPath });
  await t.call('model.select', { path: model.dir });
  t.core.context.engine.tuning.threadCalibrationMs = 0;
  return t;
}

const leaseRow = (t: TestCore, questionId: string) =>
  t.core.context.project!.db.prepare('SELECT value FROM project_meta WHERE key = ?').pluck().get(`prelabel_lease:${questionId}`) as
    string | undefined;

describe('run lease', () => {
  it('refuses a second start of a question being pre-labelled, in one line, and leaves the first run running', async () => {
    const p = await first();
    p.engine.tuning.maxRows = 4;
    p.engine.client.setTestHooks({ runDelayMs: 20 });
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    const run = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    await until(() => scoredDocuments(p.t, run.id) >= 1);

    const other = await second(p.projectPath);
    // Opening the project did not take the live run for an orphan.
    expect((await other.call('prelabel.status', { questionId: question.id })).run).toMatchObject({ id: run.id, status: 'running' });
    const refused = other.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    await expect(refused).rejects.toMatchObject({ code: 'BUSY' });
    await expect(refused).rejects.toThrow(
      new RegExp(
        `^Question "Topic" is being pre-labelled by process ${process.pid} since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z; wait for it or stop it\\.$`,
      ),
    );
    await expect(other.call('prelabel.resume', { runId: run.id })).rejects.toMatchObject({ code: 'BUSY' });

    const end = await runEnd(p.t, run.id);
    expect(end).toMatchObject({ status: 'done', done: 50 });
    expect(leaseRow(p.t, question.id)).toBeUndefined();
    const runs = p.t.core.context.project!.db.prepare('SELECT count(*) FROM prelabel_runs').pluck().get();
    expect(runs).toBe(1);
    expect(duplicatePredictions(p.t, run.modelInputHash)).toBe(0);
    // Once the first is done the second may start (nothing is left: the same run, done at once).
    const again = await other.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    expect(again).toMatchObject({ id: run.id, status: 'done' });
  });

  it('takes over the lease of a dead process and resumes its run, each document scored once', async () => {
    const p = await first();
    p.engine.tuning.maxRows = 4;
    p.engine.client.setTestHooks({ runDelayMs: 20 });
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    const run = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    await until(() => scoredDocuments(p.t, run.id) >= 3);
    await p.t.call('prelabel.pause', { runId: run.id });
    // What a SIGKILLed process leaves: its run marked running and its lease (a pid that no longer runs).
    const db = p.t.core.context.project!.db;
    db.prepare("UPDATE prelabel_runs SET status = 'running' WHERE id = ?").run(run.id);
    const dead = {
      pid: 2 ** 22 + 12345,
      host: (await import('node:os')).hostname(),
      token: 'dead',
      since: '2026-01-01T00:00:00.000Z',
      heartbeat: Date.now(),
    };
    db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?)').run(`prelabel_lease:${question.id}`, JSON.stringify(dead));

    const other = await second(p.projectPath);
    const resumed = await other.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    expect(resumed).toMatchObject({ id: run.id, status: 'running' });
    expect(JSON.parse(leaseRow(other, question.id)!)).toMatchObject({ pid: process.pid });
    expect(await runEnd(other, run.id)).toMatchObject({ status: 'done', done: 50 });
    expect(duplicatePredictions(other, run.modelInputHash)).toBe(0);
    expect(other.core.context.project!.db.prepare('SELECT count(*) FROM prediction_documents WHERE run_id = ?').pluck().get(run.id)).toBe(
      50,
    );
  });
});

describe('thread choice of a run', () => {
  it('the playground measures on the first use of a model and stores the choice', async () => {
    const p = await first();
    const dir = tmp();
    const t = await second(p.projectPath, dir);
    t.core.context.engine.tuning.threadCalibrationMs = 300;
    const sha = (await t.call('model.current', {}))!.sha256;
    const r = await t.call('nli.playground', { premise: 'The match ended two to one.', hypothesis: 'This text is about sports.' });
    expect(r.entailment).toBeGreaterThan(0);
    const stored = JSON.parse(readFileSync(settingsFile(t.core.context.config.dataDir), 'utf8')).threadChoices[machineKey()][sha];
    expect(t.core.context.engine.client.loadedModel!.threads).toBe(stored.threads);
  });

  it('measures on the first run of a model, reuses the choice later, and --threads wins without being stored', async () => {
    const p = await first();
    const dir = tmp();
    const t = await second(p.projectPath, dir);
    const dataDir = t.core.context.config.dataDir;
    expect(dataDir).toBe(join(dir, 'data'));
    t.core.context.engine.tuning.threadCalibrationMs = 300;
    const [a, b, c] = (await setQuestions(t, [topicQuestion(), topicQuestion({ name: 'B' }), topicQuestion({ name: 'C' })])).questions;
    const sourceOf = async (questionId: string, threads?: number) => {
      const run = await t.call('prelabel.start', { questionId, priorityDocumentIds: [], ...(threads ? { threads } : {}) });
      await runEnd(t, run.id);
      const first = t.events.find((e) => e.event === 'job:progress' && isRunProgress(e.payload, run.id))!.payload;
      return first as { threads: number; threadSource: string };
    };
    const sha = (await t.call('model.current', {}))!.sha256;
    const measured = await sourceOf(a!.id);
    expect(measured.threadSource).toBe('calibrated');
    const stored = JSON.parse(readFileSync(settingsFile(dataDir), 'utf8')).threadChoices[machineKey()][sha];
    expect(stored.threads).toBe(measured.threads);
    expect(stored.measured.length).toBeGreaterThanOrEqual(1);
    expect(await sourceOf(b!.id)).toMatchObject({ threadSource: 'stored', threads: measured.threads });
    const before = readFileSync(settingsFile(dataDir), 'utf8');
    expect(await sourceOf(c!.id, 3)).toMatchObject({ threadSource: 'override', threads: 3 });
    expect(readFileSync(settingsFile(dataDir), 'utf8')).toBe(before);
  });
});
