// Two cores on one project file (as two processes would be: each has its own lease token) with the
// generated tiny model: the second start of a question being pre-labelled is refused in one line and
// leaves the first run alone; the lease is given back when the run ends; a lease left by a dead
// process is taken over and its run resumed, each document scored once.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PrelabelProgress } from '../../../../common/contract';
import { physicalCores } from '../inference/cpu-cores';
import { machineLoad, procStatProbe } from '../inference/machine-load';
import { machineUsedBy } from '../test-support/machine-used-by';
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
  // The thread choices measured here are kept whatever else the test machine runs (busy or not:
  // thread-calibration.test.ts).
  machineLoad.probe = machineUsedBy(0);
});
afterAll(() => {
  machineLoad.probe = procStatProbe;
  model?.cleanup();
});
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
    // Slow enough (13 batches, over 3 s) that the run still goes while a loaded machine opens the second core.
    p.engine.client.setTestHooks({ runDelayMs: 250 });
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

/** A lease planted as the process `pid` on this host holds it now. */
function plantLease(t: TestCore, questionId: string, pid: number): void {
  const lease = { pid, host: hostname(), token: `planted-${pid}`, since: '2026-01-01T00:00:00.000Z', heartbeat: Date.now() };
  t.core.context
    .project!.db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
    .run(`prelabel_lease:${questionId}`, JSON.stringify(lease));
}

describe('pause and cancel of a run owned by another process', () => {
  const host = hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const refusal = (action: string, pid: number, since = '\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z') =>
    new RegExp(
      `^This run is being pre-labelled by process ${pid} on ${host} since ${since}; ${action === 'pause' ? 'pause it in that process' : 'pause it in that process first'} \\(a CLI run pauses on Ctrl\\+C or kill -TERM ${pid}\\)${action === 'pause' ? '' : ', then cancel it here'}\\.$`,
    );

  it('are refused in one line naming the owner (pid, host, since) while it scores; the run goes on to the end', async () => {
    const p = await first();
    p.engine.tuning.maxRows = 4;
    p.engine.client.setTestHooks({ runDelayMs: 100 });
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    // The other process is ready before the run starts: the run is surely going when it asks.
    const other = await second(p.projectPath);
    const run = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    await until(() => scoredDocuments(p.t, run.id) >= 1);

    const pause = other.call('prelabel.pause', { runId: run.id });
    await expect(pause).rejects.toMatchObject({ code: 'BUSY' });
    await expect(pause).rejects.toThrow(refusal('pause', process.pid));
    await expect(other.call('prelabel.cancel', { runId: run.id })).rejects.toThrow(refusal('cancel', process.pid));
    expect((await other.call('prelabel.status', { questionId: question.id })).run).toMatchObject({ id: run.id, status: 'running' });

    expect(await runEnd(p.t, run.id)).toMatchObject({ status: 'done', done: 50 });
    expect(duplicatePredictions(p.t, run.modelInputHash)).toBe(0);
    // Its owner gone (done, lease given back), the run is the other's to see as it is.
    expect(await other.call('prelabel.pause', { runId: run.id })).toMatchObject({ status: 'done' });
  });

  it('a lease held by another live pid refuses them; once that process is dead they work as before', async () => {
    const p = await first();
    p.engine.tuning.maxRows = 4;
    p.engine.client.setTestHooks({ runDelayMs: 20 });
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    const run = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    await until(() => scoredDocuments(p.t, run.id) >= 2);
    await p.t.call('prelabel.pause', { runId: run.id });
    const db = p.t.core.context.project!.db;
    db.prepare("UPDATE prelabel_runs SET status = 'running' WHERE id = ?").run(run.id);
    // Another process on this host that runs now (a sleeping child) holds the question's lease.
    const owner = spawn('sleep', ['60'], { stdio: 'ignore' });
    const exited = new Promise((r) => owner.once('exit', r));
    try {
      plantLease(p.t, question.id, owner.pid!);
      const other = await second(p.projectPath);
      await expect(other.call('prelabel.pause', { runId: run.id })).rejects.toThrow(
        refusal('pause', owner.pid!, '2026-01-01T00:00:00\\.000Z'),
      );
      await expect(other.call('prelabel.cancel', { runId: run.id })).rejects.toMatchObject({ code: 'BUSY' });
      expect(db.prepare('SELECT status FROM prelabel_runs WHERE id = ?').pluck().get(run.id)).toBe('running');
      owner.kill('SIGKILL');
      await exited;
      // A dead owner's lease no longer holds: pause and cancel do what they did before.
      expect(await other.call('prelabel.pause', { runId: run.id })).toMatchObject({ status: 'paused' });
      expect(await other.call('prelabel.cancel', { runId: run.id })).toMatchObject({ status: 'cancelled' });
    } finally {
      owner.kill('SIGKILL');
    }
  });
});

describe('thread choice of a run', () => {
  it('says "measuring threads (n of m)" in the progress of the run to be while it measures, before it scores', async () => {
    const p = await first();
    const t = await second(p.projectPath, tmp());
    t.core.context.engine.tuning.threadCalibrationMs = 200;
    const [question, other] = (await setQuestions(t, [topicQuestion(), topicQuestion({ name: 'B' })])).questions;
    const from = t.events.length;
    const run = await t.call('prelabel.start', { questionId: question!.id, priorityDocumentIds: [] });
    await runEnd(t, run.id, from);
    const progress = t.events
      .slice(from)
      .filter((e) => e.event === 'job:progress' && isRunProgress(e.payload))
      .map((e) => e.payload as PrelabelProgress);
    const measuring = progress.filter((e) => e.measuring);
    const cores = physicalCores();
    expect(measuring.map((e) => e.measuring)).toEqual(Array.from({ length: cores }, (_, i) => ({ step: i + 1, steps: cores })));
    // They are the run's (its id, its question), come before any document is scored, and say none was.
    expect(measuring.every((e) => e.jobId === run.id && e.questionId === question!.id && e.status === 'running' && e.done === 0)).toBe(
      true,
    );
    expect(progress.findIndex((e) => !e.measuring)).toBe(cores);
    expect(progress.at(-1)).toMatchObject({ status: 'done', threadSource: 'calibrated' });
    // The next run of the model measures nothing.
    const next = t.events.length;
    const again = await t.call('prelabel.start', { questionId: other!.id, priorityDocumentIds: [] });
    await runEnd(t, again.id, next);
    expect(t.events.slice(next).some((e) => e.event === 'job:progress' && isRunProgress(e.payload) && e.payload.measuring)).toBe(false);
  });

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
      const first = t.events.find((e) => e.event === 'job:progress' && isRunProgress(e.payload, run.id) && !e.payload.measuring)!.payload;
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
