// The inference process dies; the core and the run survive (issue 3, "Must show"): a SIGKILL in
// the middle of a run costs one batch, which is retried; a batch that kills the process every time
// is halved down to the one document that does it, the others are stored, and the run stops naming
// that document ([Note: crash bisection]).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp-dir';
import {
  duplicatePredictions,
  prelabelProject,
  runEnd,
  scoredDocuments,
  setQuestions,
  topicQuestion,
  until,
  type PrelabelProject,
} from '../test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../test-support/tiny-model';
import { NliTokenizer } from '../scoring/tokenizer';

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

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('inference process crashes', () => {
  it('SIGKILL in the middle of a run: the core stays up, stored predictions stay, the run completes, every document scored exactly once', async () => {
    const p = (project = await prelabelProject(tmp(), { modelDir: model.dir }));
    p.engine.tuning.maxRows = 4; // one document a batch, so the kill lands between stored batches
    p.engine.client.setTestHooks({ runDelayMs: 40 });
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    const run = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    await until(() => scoredDocuments(p.t, run.id) >= 5);
    const db = p.t.core.context.project!.db;
    const storedBefore = db
      .prepare('SELECT document_id, label_id, window, entailment FROM predictions WHERE run_id = ? ORDER BY 1, 2, 3')
      .all(run.id);
    const pid = p.engine.client.pid!;
    expect(pid).toBeGreaterThan(0);
    await until(() => p.engine.client.pendingRequests > 0);
    process.kill(pid, 'SIGKILL'); // mid-batch: a batch is in the child, which waits 40 ms before it runs it
    await until(() => !pidAlive(pid));

    // The core still answers while the run recovers.
    expect((await p.t.call('project.stats', {})).documents).toBe(50);
    const end = await runEnd(p.t, run.id);
    expect(end).toMatchObject({ status: 'done', done: 50, total: 50 });
    expect(p.engine.client.crashes).toBe(1);
    expect(p.engine.sessionStats(run.id)?.crashes).toBe(1);
    expect(p.engine.client.pid).not.toBe(pid);

    // Stored rows survived unchanged, and every (document, label, window) is there exactly once.
    const after = db
      .prepare('SELECT document_id, label_id, window, entailment FROM predictions WHERE run_id = ? ORDER BY 1, 2, 3')
      .all(run.id);
    expect(after).toEqual(expect.arrayContaining(storedBefore));
    const counts = db
      .prepare('SELECT count(*) AS n FROM predictions WHERE run_id = ? GROUP BY document_id, label_id, window')
      .pluck()
      .all(run.id) as number[];
    expect(counts).toHaveLength(50 * 4);
    expect(new Set(counts)).toEqual(new Set([1]));
    expect(duplicatePredictions(p.t, run.modelInputHash)).toBe(0);
    expect(scoredDocuments(p.t, run.id)).toBe(50);
  });

  it('a document that crashes the inference process every time is found by halving its batch: the others are stored and the run stops naming it alone', async () => {
    const marker = 'xylophone quokka zeppelin marmalade';
    // Of middling length, so that it is scored after some batches are stored (shortest go first).
    const text = `${marker} ${'The council met on Tuesday to discuss the budget for the coming year. '.repeat(3)}`.trim();
    const p = (project = await prelabelProject(tmp(), { count: 20, extraTexts: [text], modelDir: model.dir }));
    p.engine.tuning.maxRows = 64; // several documents a batch: the culprit is found by halving
    const markerDoc = p.documents.find((d) => d.text.startsWith(marker))!;
    expect(markerDoc).toBeDefined();
    const tok = NliTokenizer.fromModelDir(model.dir);
    const needle = tok.tokenize(marker);
    expect(tok.tokenize(markerDoc.text).slice(0, needle.length)).toEqual(needle);
    // [Note: inference test hooks] the child kills itself when a batch holds these tokens.
    p.engine.client.setTestHooks({ crashOnIds: needle });
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    const run = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    const end = await runEnd(p.t, run.id);
    expect(end.status).toBe('failed');
    expect(end.error).toMatch(/crashed 3 times on the same batch/);
    expect(end.error).toContain(`documents ${markerDoc.externalId} (external ids)`);
    // 3 tries of the whole batch, 1 of each half on the way down, 3 of the document alone.
    expect(p.engine.client.crashes).toBeGreaterThanOrEqual(6);
    const status = await p.t.call('prelabel.status', { questionId: question.id });
    expect(status.run).toMatchObject({ id: run.id, status: 'failed', error: end.error, finishedAt: expect.any(String) });
    // Batches before the fault are kept; the marker document is not scored.
    expect(status.scored).toBeGreaterThan(0);
    expect(status.scored).toBeLessThan(21);
    const markerRows = p.t.core.context
      .project!.db.prepare('SELECT count(*) FROM predictions WHERE document_id = ?')
      .pluck()
      .get(markerDoc.id);
    expect(markerRows).toBe(0);

    // Without the fault a new start scores the rest.
    p.engine.client.setTestHooks({});
    const again = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    expect(again.id).not.toBe(run.id);
    expect(await runEnd(p.t, again.id)).toMatchObject({ status: 'done', done: 21 });
    expect(duplicatePredictions(p.t, run.modelInputHash)).toBe(0);
  });
});
