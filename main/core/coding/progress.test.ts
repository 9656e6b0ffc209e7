import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CodebookQuestion, CodingProgress } from '../../../common/contract';
import { useTempDir } from '../test-support/temp-dir';
import type { Db } from '../store/project-db';
import { codingProject, storeRun, MODEL_SHA } from './test-support/coding-fixture';
import { bulkRebuild, rebuildState, rebuildSuggestions } from './coding-state';
import { modelInputHash } from '../codebook/hypotheses';

const tmp = useTempDir();

/** Progress counted the slow way, over every current decision in the coding state. */
function bruteForce(db: Db, question: CodebookQuestion): Omit<CodingProgress, 'total'> {
  const rows = db
    .prepare('SELECT kind, accepted, label_id, label_ids FROM coding_state WHERE question_id = ? AND annotation_id IS NOT NULL')
    .all(question.id) as {
    kind: string;
    accepted: number | null;
    label_id: string | null;
    label_ids: string;
  }[];
  const count = new Map<string, number>();
  for (const r of rows) {
    const labels = question.multiLabel ? (JSON.parse(r.label_ids) as string[]) : r.label_id ? [r.label_id] : [];
    for (const l of labels) count.set(l, (count.get(l) ?? 0) + 1);
  }
  return {
    decided: rows.filter((r) => r.kind !== 'skip').length,
    skipped: rows.filter((r) => r.kind === 'skip').length,
    accepted: rows.filter((r) => r.accepted === 1).length,
    changed: rows.filter((r) => r.accepted === 0).length,
    byLabel: question.labels.filter((l) => count.has(l.id)).map((l) => ({ labelId: l.id, count: count.get(l.id)! })),
  };
}

describe('annotate.progress', () => {
  it('equals a count over the coding state through decisions, re-decisions, undos and a rebuild, single- and multi-label', async () => {
    const p = await codingProject(tmp(), 30, [
      { name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }, { name: 'neutral' }] },
      { name: 'Topics', multiLabel: true, labels: [{ name: 'economy' }, { name: 'health' }, { name: 'borders' }] },
    ]);
    const [stance, topics] = p.codebook.questions as [CodebookQuestion, CodebookQuestion];
    const runId = storeRun(p.db(), p.codebook, 0, p.documentIds, (d) => [d % 3, (d * 7) % 5, 1]);
    const check = async () => {
      for (const q of [stance, topics]) {
        const got = await p.t.call('annotate.progress', { questionId: q.id });
        expect(got).toEqual({ total: 30, ...bruteForce(p.db(), q) });
      }
    };
    const coders = ['Ana', 'Ben', 'Cleo'];
    for (let i = 0; i < 40; i++) {
      const documentId = p.documentIds[(i * 7) % 20]!;
      const coder = coders[i % 3]!;
      const l = stance.labels[i % 3]!.id;
      if (i % 9 === 4) await p.t.call('annotate.decide', { questionId: stance.id, documentId, coder, kind: 'skip' });
      else
        await p.t.call('annotate.decide', {
          questionId: stance.id,
          documentId,
          coder,
          kind: 'label',
          labelIds: [l],
          suggestion: { labelIds: [stance.labels[i % 2]!.id], score: 0.6, runId },
        });
      const topicIds = topics.labels.filter((_, k) => (i + k) % 2 === 0).map((t) => t.id);
      await p.t.call('annotate.decide', { questionId: topics.id, documentId, coder, kind: 'label', labelIds: topicIds });
      if (i % 5 === 2) {
        await p.t.call('annotate.undo', { questionId: stance.id, coder });
        await p.t.call('annotate.undo', { questionId: topics.id, coder });
      }
    }
    const before = await p.t.call('annotate.progress', { questionId: stance.id });
    expect(before.decided + before.skipped).toBeGreaterThan(5);
    expect(before.accepted).toBeGreaterThan(0);
    expect(before.changed).toBeGreaterThan(0);
    await check();
    // A rebuild deletes and rewrites the whole state: the tally follows.
    rebuildState(p.db(), stance.id, modelInputHash(stance, MODEL_SHA));
    rebuildState(p.db(), topics.id, modelInputHash(topics, MODEL_SHA));
    await check();
    expect(await p.t.call('annotate.progress', { questionId: stance.id })).toEqual(before);
    await p.t.core.shutdown();
  });

  it('counts the documents of an import committed after the first read, and never those of an unfinished one', async () => {
    const dir = tmp();
    const p = await codingProject(dir, 12, [{ name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }] }]);
    const q = p.codebook.questions[0]!;
    expect((await p.t.call('annotate.progress', { questionId: q.id })).total).toBe(12);
    const csv = join(dir, 'more.csv');
    writeFileSync(csv, 'id,text\n' + Array.from({ length: 5 }, (_, i) => `more-${i},"More text ${i}"`).join('\n') + '\n');
    const started = await p.t.call('import.start', {
      source: { kind: 'path', path: csv },
      mapping: { textColumns: ['text'], idColumn: 'id' },
    });
    expect((await p.t.waitForJob(started.jobId)).status).toBe('done');
    expect((await p.t.call('annotate.progress', { questionId: q.id })).total).toBe(17);
    // An import still being written: its documents exist but are not visible yet.
    p.db()
      .prepare(
        "INSERT INTO imports (id, status, source_name, format, options, started_at) VALUES ('pending', 'pending', 'x.csv', 'csv', '{}', '2024-01-01')",
      )
      .run();
    p.db().prepare("INSERT INTO documents (import_id, row_number, external_id, text) VALUES ('pending', 1, 'p-1', 'pending text')").run();
    expect((await p.t.call('annotate.progress', { questionId: q.id })).total).toBe(17);
    const page = await p.t.call('annotate.queue', { questionId: q.id, order: 'in_order', limit: 5 });
    expect(page.remaining).toBe(17 - 5);
    await p.t.core.shutdown();
  });
});

describe('the coding state after a run', () => {
  it('is built for the run’s hash while the run stores its batches, so the first read rebuilds nothing', async () => {
    const p = await codingProject(tmp(), 20, [{ name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }, { name: 'neutral' }] }]);
    const q = p.codebook.questions[0]!;
    const db = p.db();
    storeRun(db, p.codebook, 0, p.documentIds, (d) => [d % 3, (d * 7) % 5, 1]);
    const hash = modelInputHash(q, MODEL_SHA);
    expect(db.prepare('SELECT model_input_hash FROM coding_state_hashes WHERE question_id = ?').pluck().get(q.id)).toBe(hash);
    // A read under that hash finds every suggestion in place; a rebuild would rewrite them, which
    // this marker would show.
    db.prepare("UPDATE coding_state SET suggestion_run_id = 'kept' WHERE question_id = ?").run(q.id);
    const page = await p.t.call('annotate.queue', { questionId: q.id, limit: 5 });
    expect(page.items).toHaveLength(5);
    expect(db.prepare("SELECT count(*) FROM coding_state WHERE question_id = ? AND suggestion_run_id = 'kept'").pluck().get(q.id)).toBe(20);
    await p.t.core.shutdown();
  });
});

describe('a rebuild of many suggestions', () => {
  it('drops and recreates the suggestion indexes, with the same schema and the same suggestions as a row-by-row rebuild', async () => {
    const p = await codingProject(tmp(), 40, [{ name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }, { name: 'neutral' }] }]);
    const q = p.codebook.questions[0]!;
    const db = p.db();
    storeRun(db, p.codebook, 0, p.documentIds, (d) => [Math.sin(d) * 2, Math.cos(d), (d % 5) / 3]);
    const hash = modelInputHash(q, MODEL_SHA);
    const schema = () => db.prepare("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'coding_state' ORDER BY name").all();
    const suggestions = () =>
      db
        .prepare(
          'SELECT document_id, suggestion_label_id, suggestion_score, suggestion_run_id FROM coding_state WHERE question_id = ? ORDER BY document_id',
        )
        .all(q.id);
    const before = { schema: schema(), rows: suggestions() };
    const wipe = () =>
      db
        .prepare(
          'UPDATE coding_state SET suggestion_label_id = NULL, suggestion_score = NULL, suggestion_run_id = NULL, suggestion_hash = NULL',
        )
        .run();
    const saved = bulkRebuild.threshold;
    try {
      wipe();
      bulkRebuild.threshold = 0; // the bulk path for 40 documents
      expect(rebuildSuggestions(db, q, hash)).toBe(40);
      expect(schema()).toEqual(before.schema);
      expect(suggestions()).toEqual(before.rows);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // The planner still finds the confidence index.
      const plan = db
        .prepare(
          'EXPLAIN QUERY PLAN SELECT document_id FROM coding_state WHERE question_id = ? AND suggestion_hash = ? ORDER BY suggestion_score LIMIT 5',
        )
        .all(q.id, hash);
      expect(JSON.stringify(plan)).toMatch(/coding_state_(open_)?confidence|coding_state_decided_confidence/);
    } finally {
      bulkRebuild.threshold = saved;
    }
    await p.t.core.shutdown();
  });
});
