// Each distinct model input scored once ([Note: reuse of identical inputs]): AG News rows imported
// with repeats, scored with the generated tiny model. Reused logits are bit-identical to a run that
// scores every document; repeats across imports are copied from the stored run; a changed hypothesis
// reuses nothing; a paused and resumed run stores every document once with the same logits.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CodebookQuestionInput } from '../../../../common/contract';
import { useTempDir } from '../../test-support/temp-dir';
import { corpusFile } from '../../test-support/corpora';
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

const tmp = useTempDir();
let model: TinyModel;
const projects: PrelabelProject[] = [];

beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());
afterEach(async () => {
  for (const p of projects.splice(0)) await p.close();
});

const AG = () => readFileSync(corpusFile('ag_news', 'test.csv'), 'utf8').split('\n');

/** AG News rows [from, to) as a CSV without header. */
async function importRows(p: PrelabelProject, lines: string[], name: string): Promise<void> {
  const csv = join(tmp(), name);
  writeFileSync(csv, lines.join('\n') + '\n');
  const started = await p.t.call('import.start', {
    source: { kind: 'path', path: csv },
    options: { hasHeader: false },
    mapping: { textColumns: [2, 3], joinWith: '\n\n' },
  });
  const done = await p.t.waitForJob(started.jobId);
  if (done.status !== 'done') throw new Error(`import failed: ${JSON.stringify(done)}`);
}

/** 30 AG News rows, then 12 of them again (and the first one a third time): 13 repeats in 43 documents. */
async function withRepeats(reuse: boolean, question: CodebookQuestionInput = topicQuestion()): Promise<PrelabelProject> {
  const dir = join(tmp(), `reuse-${reuse ? 'on' : 'off'}`);
  mkdirSync(dir);
  const p = await prelabelProject(dir, { count: 30, modelDir: model.dir });
  projects.push(p);
  const ag = AG();
  await importRows(p, [...ag.slice(0, 12), ag[0]!], 'repeats.csv');
  p.engine.tuning.reuse = reuse;
  p.engine.tuning.maxRows = 8;
  await setQuestions(p.t, [question]);
  return p;
}

interface Row {
  external: string;
  import: string;
  label: string;
  window: number;
  entailment: number;
  neutral: number | null;
  contradiction: number;
}

/** A run's rows keyed by the document's text, label name and window. */
function rowsByText(p: PrelabelProject, runId: string): Map<string, Row[]> {
  const rows = p.t.core.context
    .project!.db.prepare(
      `SELECT d.text, l.name AS label, p.window, p.entailment, p.neutral, p.contradiction FROM predictions p
       JOIN documents d ON d.id = p.document_id JOIN labels l ON l.id = p.label_id
       WHERE p.run_id = ? ORDER BY d.id, l.name, p.window`,
    )
    .all(runId) as Array<Row & { text: string }>;
  const out = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.text}\u0000${r.label}\u0000${r.window}`;
    out.set(key, [...(out.get(key) ?? []), r]);
  }
  return out;
}

async function runToEnd(p: PrelabelProject, from = p.t.events.length) {
  const questionId = (await p.t.call('codebook.get', {})).questions[0]!.id;
  const run = await p.t.call('prelabel.start', { questionId, priorityDocumentIds: [] });
  const end = await runEnd(p.t, run.id, from);
  return { run, end, stats: p.engine.sessionStats(run.id)! };
}

const bits = (r: Row) =>
  [r.entailment, r.neutral, r.contradiction].map((v) => (v === null ? 'null' : Buffer.from(new Float64Array([v]).buffer).toString('hex')));

describe('each distinct model input scored once', () => {
  it('repeated texts in one run reuse the first one’s logits, bit-identical to scoring every document', async () => {
    const off = await withRepeats(false);
    const on = await withRepeats(true);
    const a = await runToEnd(off);
    const b = await runToEnd(on);
    expect(a.end).toMatchObject({ status: 'done', done: 43, total: 43 });
    expect(b.end).toMatchObject({ status: 'done', done: 43, total: 43 });
    expect(a.stats).toMatchObject({ documents: 43, pairs: 43 * 4, reusedDocuments: 0, reusedPairs: 0 });
    expect(b.stats).toMatchObject({ documents: 43, pairs: 30 * 4, reusedDocuments: 13, reusedPairs: 13 * 4 });
    expect(scoredDocuments(on.t, b.run.id)).toBe(43);
    expect(duplicatePredictions(on.t, b.run.modelInputHash)).toBe(0);
    const x = rowsByText(off, a.run.id);
    const y = rowsByText(on, b.run.id);
    expect([...y.keys()].sort()).toEqual([...x.keys()].sort());
    let repeated = 0;
    for (const [key, rows] of y) {
      const want = x.get(key)!;
      expect(rows).toHaveLength(want.length);
      if (rows.length > 1) repeated++;
      // Every copy of a text carries exactly the logits the model gave it when every document was scored.
      for (let i = 0; i < rows.length; i++) expect(bits(rows[i]!)).toEqual(bits(want[i]!));
    }
    expect(repeated).toBe(12 * 4);
    // The coding state's suggestions of the copies are there too.
    const page = await on.t.call('documents.list', {
      offset: 0,
      limit: 100,
      questionId: (await on.t.call('codebook.get', {})).questions[0]!.id,
    });
    expect(page.rows.every((r) => r.suggestion)).toBe(true);
    const stored = on.t.core.context
      .project!.db.prepare('SELECT count(DISTINCT input_hash), count(input_hash) FROM prediction_documents WHERE run_id = ?')
      .raw()
      .get(b.run.id);
    expect(stored).toEqual([30, 43]);
  });

  it('documents imported again later are copied from the stored run; new texts are scored', async () => {
    const p = await prelabelProject(tmp(), { count: 20, modelDir: model.dir });
    projects.push(p);
    await setQuestions(p.t, [topicQuestion()]);
    const first = await runToEnd(p);
    expect(first.stats).toMatchObject({ pairs: 80, reusedDocuments: 0 });
    const ag = AG();
    await importRows(p, ag.slice(5, 25), 'again.csv'); // 15 seen, 5 new
    const second = await runToEnd(p);
    expect(second.end).toMatchObject({ status: 'done', done: 40, total: 40 });
    expect(second.run.id).not.toBe(first.run.id);
    expect(second.stats).toMatchObject({ documents: 20, pairs: 5 * 4, reusedDocuments: 15, reusedPairs: 15 * 4 });
    const x = rowsByText(p, first.run.id);
    const y = rowsByText(p, second.run.id);
    let copied = 0;
    for (const [key, rows] of y) {
      const want = x.get(key);
      if (!want) continue;
      copied++;
      expect(bits(rows[0]!)).toEqual(bits(want[0]!));
    }
    expect(copied).toBe(15 * 4);
    expect(duplicatePredictions(p.t, second.run.modelInputHash)).toBe(0);
  });

  it('a changed hypothesis reuses nothing: every pair goes to the model again', async () => {
    const p = await withRepeats(true);
    const first = await runToEnd(p);
    expect(first.stats.reusedDocuments).toBe(13);
    const cb = await p.t.call('codebook.get', {});
    const q = cb.questions[0]!;
    await p.t.call('codebook.set', {
      questions: [
        { id: q.id, name: q.name, template: 'This text talks about {}.', labels: q.labels.map((l) => ({ id: l.id, name: l.name })) },
      ],
    });
    const second = await runToEnd(p);
    expect(second.run.modelInputHash).not.toBe(first.run.modelInputHash);
    // Only the repeats inside the new run are reused, none of the first run's logits.
    expect(second.stats).toMatchObject({ documents: 43, pairs: 30 * 4, reusedDocuments: 13 });
    const reusedFromFirst = p.t.core.context
      .project!.db.prepare(
        `SELECT count(*) FROM predictions a JOIN predictions b ON a.document_id = b.document_id AND a.label_id = b.label_id
         WHERE a.run_id = ? AND b.run_id = ? AND a.entailment = b.entailment`,
      )
      .pluck()
      .get(first.run.id, second.run.id);
    expect(reusedFromFirst).toBe(0);
  });

  it('long documents in windows: a repeat gets every window of the first', async () => {
    const p = await withRepeats(true, topicQuestion({ longText: 'windows' }));
    p.engine.tuning.maxLength = 32;
    p.engine.tuning.windowOverlap = 4;
    const run = await runToEnd(p);
    expect(run.end.status).toBe('done');
    expect(run.stats.reusedDocuments).toBe(13);
    const windows = p.t.core.context
      .project!.db.prepare('SELECT max(windows) FROM prediction_documents WHERE run_id = ?')
      .pluck()
      .get(run.run.id) as number;
    expect(windows).toBeGreaterThan(2);
    for (const rows of rowsByText(p, run.run.id).values()) {
      for (const r of rows) expect(bits(r)).toEqual(bits(rows[0]!));
    }
  });

  it('paused and resumed: every document stored once, the repeats equal to their first', async () => {
    const p = await withRepeats(true);
    p.engine.tuning.maxRows = 4; // one document a batch
    p.engine.client.setTestHooks({ runDelayMs: 20 });
    const questionId = (await p.t.call('codebook.get', {})).questions[0]!.id;
    const run = await p.t.call('prelabel.start', { questionId, priorityDocumentIds: [] });
    await until(() => scoredDocuments(p.t, run.id) >= 8);
    expect((await p.t.call('prelabel.pause', { runId: run.id })).status).toBe('paused');
    const atPause = scoredDocuments(p.t, run.id);
    expect(atPause).toBeLessThan(43);
    p.engine.client.setTestHooks({});
    const from = p.t.events.length;
    const resumed = await p.t.call('prelabel.start', { questionId, priorityDocumentIds: [] });
    expect(resumed.id).toBe(run.id);
    expect(await runEnd(p.t, run.id, from)).toMatchObject({ status: 'done', done: 43, total: 43 });
    expect(scoredDocuments(p.t, run.id)).toBe(43);
    expect(duplicatePredictions(p.t, run.modelInputHash)).toBe(0);
    const rows = rowsByText(p, run.id);
    let repeated = 0;
    for (const list of rows.values()) {
      if (list.length > 1) repeated++;
      for (const r of list) expect(bits(r)).toEqual(bits(list[0]!));
    }
    expect(repeated).toBe(12 * 4);
  });
});
