// The suggestions a merge leaves the coders ([Note: merge speed] in shard-merger.ts: computed from
// the rows just parsed, and past bulkRebuild.threshold documents with the suggestion indexes dropped
// and created again): equal to a single-machine run's, raw and with the calibrated classifier on,
// with the schema's indexes as they were.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bulkRebuild } from '../coding/coding-state';
import { prelabelProject, runEnd, setQuestions, topicQuestion, type PrelabelProject } from '../nli/test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../nli/test-support/tiny-model';
import { openProjectDb, type Db } from '../store/project-db';
import { useTempDir } from '../test-support/temp-dir';
import { shardFile } from './shard-format';
import { mergeShards } from './shard-merger';

const tmp = useTempDir();
let model: TinyModel;
let p: PrelabelProject | null = null;
const threshold = bulkRebuild.threshold;
beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());
afterEach(async () => {
  bulkRebuild.threshold = threshold;
  await p?.close();
  p = null;
});

/** The suggestion columns of every document (the margin too), run id left out (each project has its own run). */
const suggestions = (db: Db, questionId: string) =>
  db
    .prepare(
      'SELECT document_id, suggestion_label_id, suggestion_score, suggestion_margin, suggestion_hash FROM coding_state WHERE question_id = ? ORDER BY document_id',
    )
    .raw()
    .all(questionId) as unknown[][];

const indexes = (db: Db) =>
  db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'coding_state' ORDER BY name").all();

function copyOf(db: Db, path: string): string {
  db.exec(`VACUUM INTO '${path.replace(/'/g, "''")}'`);
  return path;
}

describe('the suggestions of a merged set', () => {
  it(
    'equal a single-machine run’s, raw and calibrated, with the suggestion indexes dropped for the merge and the same afterwards',
    { timeout: 300_000 },
    async () => {
      const dir = tmp();
      p = await prelabelProject(dir, { count: 120, modelDir: model.dir });
      p.engine.tuning.maxLength = 64;
      const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
      const db = p.t.core.context.project!.db;
      const out = join(dir, 'shards');
      await p.t.call('prelabel.shard', { question: 'Topic', shards: 3, outDir: out, modelDir: model.dir });
      const rawCopy = copyOf(db, join(dir, 'raw.prelabel'));
      const calibratedCopy = copyOf(db, join(dir, 'calibrated.prelabel'));

      const run = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [], threads: 1 });
      expect((await runEnd(p.t, run.id)).status).toBe('done');
      const raw = suggestions(db, question.id);
      expect(raw).toHaveLength(120);
      expect(raw.every((r) => r[1] !== null)).toBe(true);
      // 40 coded documents, every label among them; the calibrated classifier on.
      const ids = raw.map((r) => r[0] as number);
      for (let i = 0; i < 40; i++)
        await p.t.call('annotate.decide', {
          questionId: question.id,
          documentId: ids[i]!,
          coder: 'ana',
          kind: 'label',
          labelIds: [question.labels[i % question.labels.length]!.id],
        });
      expect(await p.t.call('calibration.set', { questionId: question.id, on: true })).toMatchObject({ active: true });
      const calibrated = suggestions(db, question.id);
      expect(calibrated.filter((r, i) => r[2] !== raw[i]![2]).length).toBeGreaterThan(0);
      const meta = db.prepare('SELECT key, value FROM project_meta WHERE key = ?').get(`calibration:${question.id}`) as {
        key: string;
        value: string;
      };
      for (let i = 0; i < 3; i++)
        await p.t.call('prelabel.scoreShard', { shardPath: join(out, shardFile(i)), modelDir: model.dir, threads: 1 });

      // Raw, below the bulk threshold: the indexes stay.
      const plain = openProjectDb(rawCopy);
      try {
        const before = indexes(plain);
        expect(before.length).toBeGreaterThan(0);
        const merged = mergeShards(plain, out);
        expect(merged).toMatchObject({ ok: true, documents: 120 });
        expect(suggestions(plain, question.id)).toEqual(raw);
        expect(indexes(plain)).toEqual(before);
      } finally {
        plain.close();
      }

      // The calibrated classifier on (the model the project fitted), past the bulk threshold.
      const target = openProjectDb(calibratedCopy);
      try {
        target.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?)').run(meta.key, meta.value);
        const before = indexes(target);
        bulkRebuild.threshold = 10;
        const merged = mergeShards(target, out);
        expect(merged).toMatchObject({ ok: true, documents: 120 });
        expect(suggestions(target, question.id)).toEqual(calibrated);
        const runIds = target.prepare('SELECT DISTINCT suggestion_run_id FROM coding_state WHERE question_id = ?').pluck().all(question.id);
        expect(runIds).toEqual([merged.runId]);
        expect(indexes(target)).toEqual(before);
        expect(target.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        target.close();
      }
    },
  );
});
