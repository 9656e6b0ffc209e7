// Shards of an int8 project and of a hierarchical question, through the contract (prelabel.shard,
// prelabel.scoreShard) on real AG News rows with the generated tiny model: the merged run equals a
// single-machine run of the same project bit for bit (logits, run hash, precision and mode), and
// what does not fit is refused in one line (the other precision, the int8 file left behind, a
// precision switched meanwhile, a document in two shards, a result holding a foreign document).
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CodebookQuestionInput } from '../../../common/contract';
import { readPrecision, writePrecision } from '../nli/precision/project-precision';
import { int8Cpu } from '../nli/precision/quantize/int8-range';
import { quantizeModelFile } from '../nli/precision/quantize/quantize-model';
import { readScoringMode } from '../nli/scoring/scoring-mode';
import { prelabelProject, runEnd, setQuestions, topicQuestion, type PrelabelProject } from '../nli/test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../nli/test-support/tiny-model';
import { pendingDocuments } from '../store/prediction-store';
import { openProjectDb, type Db } from '../store/project-db';
import { useTempDir } from '../test-support/temp-dir';
import { readShard, resultFile, sha256Hex, shardFile } from './shard-format';
import { mergeShards } from './shard-merger';
import { SHIPPED_INT8 } from './shard-model';

const tmp = useTempDir();
let model: TinyModel;
let p: PrelabelProject | null = null;
beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());
afterEach(async () => {
  await p?.close();
  p = null;
});

type Row = [number, string, number, number, number | null, number];
const predictions = (db: Db, runId: string) =>
  db
    .prepare(
      'SELECT document_id, label_id, window, entailment, neutral, contradiction FROM predictions WHERE run_id = ? ORDER BY document_id, label_id, window',
    )
    .raw()
    .all(runId) as Row[];

function expectBitForBit(rows: Row[], single: Row[]): void {
  expect(rows.length).toBe(single.length);
  rows.forEach((r, i) => {
    const s = single[i]!;
    expect(r.slice(0, 3)).toEqual(s.slice(0, 3));
    for (const k of [3, 4, 5]) expect(Object.is(r[k], s[k])).toBe(true);
  });
}

const runOf = (db: Db, id: string) =>
  db.prepare('SELECT model_sha256, model_input_hash, options FROM prelabel_runs WHERE id = ?').get(id) as {
    model_sha256: string;
    model_input_hash: string;
    options: string;
  };

/** The suggestions the coders see (top label and score a document), without the run's id. */
const suggestions = (db: Db, questionId: string) =>
  db
    .prepare('SELECT document_id, suggestion_label_id, suggestion_score FROM coding_state WHERE question_id = ? ORDER BY document_id')
    .raw()
    .all(questionId);

/** The project as it is now, for the merge (the original then gets the single-machine run). */
function copyOf(db: Db, dir: string): string {
  const copy = join(dir, `copy-${Math.random().toString(36).slice(2)}.prelabel`);
  db.exec(`VACUUM INTO '${copy.replace(/'/g, "''")}'`);
  return copy;
}

async function scoreAll(t: PrelabelProject['t'], out: string, count: number, modelDir: string): Promise<void> {
  for (let i = 0; i < count; i++) await t.call('prelabel.scoreShard', { shardPath: join(out, shardFile(i)), modelDir, threads: 1 });
}

const TREE: CodebookQuestionInput = {
  name: 'Topic tree',
  template: 'This news story is about {}.',
  labels: [
    { name: 'public affairs' },
    { name: 'world politics', parent: 'public affairs' },
    { name: 'business', parent: 'public affairs' },
    { name: 'leisure' },
    { name: 'sports', parent: 'leisure' },
    { name: 'entertainment', parent: 'leisure' },
    { name: 'technology' },
    { name: 'science', parent: 'technology' },
    { name: 'other' },
  ],
};

describe('shards of an int8 project', () => {
  it('score with the int8 file the agreement check accepted and merge to the int8 run bit for bit', { timeout: 300_000 }, async () => {
    const dir = tmp();
    p = await prelabelProject(dir, { count: 120, modelDir: model.dir });
    p.engine.tuning.maxLength = 64;
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    const db = p.t.core.context.project!.db;
    const out = join(dir, 'shards');
    // An fp32 project refuses int8 shards: the agreement check has not passed.
    await expect(
      p.t.call('prelabel.shard', { question: 'Topic', shards: 3, outDir: out, modelDir: model.dir, precision: 'int8' }),
    ).rejects.toThrow(/scores with fp32: switch it to int8 first/);
    await p.t.call('prelabel.setPrecision', { precision: 'int8', questionId: question.id, minAgreement: 0, sampleSize: 20 });
    const check = readPrecision(db).check!;
    await expect(
      p.t.call('prelabel.shard', { question: 'Topic', shards: 3, outDir: out, modelDir: model.dir, precision: 'fp32' }),
    ).rejects.toThrow(/scores with the int8 model/);
    const written = await p.t.call('prelabel.shard', { question: 'Topic', shards: 3, outDir: out, modelDir: model.dir });
    expect(written).toMatchObject({ precision: 'int8', documents: 120 });
    // The quantised file lives in the app's data folder, so it travels in the shard folder.
    expect(readFileSync(join(out, SHIPPED_INT8)).equals(readFileSync(check.int8Path))).toBe(true);
    const header = readShard(join(out, shardFile(0))).header;
    expect(header.model).toMatchObject({
      precision: 'int8',
      sha256: check.int8Sha256,
      fp32Sha256: check.fp32Sha256,
      onnx: { in: 'shards' },
    });
    const copy = copyOf(db, dir);

    const run = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [], threads: 1 });
    expect((await runEnd(p.t, run.id)).status).toBe('done');
    const single = predictions(db, run.id);

    // Without the int8 file beside it, a shard is refused in one line naming it.
    const bare = join(dir, 'bare');
    cpSync(join(out, shardFile(0)), join(bare, shardFile(0)));
    await expect(p.t.call('prelabel.scoreShard', { shardPath: join(bare, shardFile(0)), modelDir: model.dir, threads: 1 })).rejects.toThrow(
      /model\.int8\.onnx is missing: the int8 model file travels in the shard folder/,
    );
    await scoreAll(p.t, out, 3, model.dir);

    const target = openProjectDb(copy);
    try {
      // The copy switched back to fp32 meanwhile: int8 logits are not its current predictions.
      writePrecision(target, { precision: 'fp32', check });
      expect(() => mergeShards(target, out)).toThrow(/scored with the int8 model but the project now scores with fp32/);
      writePrecision(target, { precision: 'int8', check });
      const merged = mergeShards(target, out);
      expect(merged).toMatchObject({ ok: true, precision: 'int8', documents: 120, shards: 3 });
      expectBitForBit(predictions(target, merged.runId!), single);
      expect(suggestions(target, question.id)).toEqual(suggestions(db, question.id));
      const mine = runOf(target, merged.runId!);
      const theirs = runOf(db, run.id);
      expect(mine.model_sha256).toBe(theirs.model_sha256);
      expect(mine.model_input_hash).toBe(theirs.model_input_hash);
      expect(JSON.parse(mine.options)).toMatchObject({ precision: 'int8', hierarchical: false, shards: 3 });
    } finally {
      target.close();
    }
  });
});

describe('shards of an int8 project whose int8 file has full-range weights', () => {
  // [Note: int8 range check]: a cluster node of another CPU kind refuses a file it would compute wrong.
  it.skipIf(int8Cpu().fullRangeExact !== false)(
    'are refused by score-shard in one line on an x86 CPU without VNNI (skipped elsewhere: with VNNI full range is exact)',
    { timeout: 300_000 },
    async () => {
      const dir = tmp();
      p = await prelabelProject(dir, { count: 20, modelDir: model.dir });
      p.engine.tuning.maxLength = 64;
      const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
      await p.t.call('prelabel.setPrecision', { precision: 'int8', questionId: question.id, minAgreement: 0, sampleSize: 10 });
      const db = p.t.core.context.project!.db;
      // A file made before 7-bit weights were the default, accepted on a VNNI machine.
      const old = join(dir, 'old.int8.onnx');
      quantizeModelFile(join(model.dir, 'onnx', 'model.onnx'), old, { reduceRange: false });
      const check = readPrecision(db).check!;
      writePrecision(db, { precision: 'int8', check: { ...check, int8Path: old, int8Sha256: sha256Hex(readFileSync(old)) } });
      const out = join(dir, 'shards');
      await p.t.call('prelabel.shard', { question: 'Topic', shards: 2, outDir: out, modelDir: model.dir });
      await expect(
        p.t.call('prelabel.scoreShard', { shardPath: join(out, shardFile(0)), modelDir: model.dir, threads: 1 }),
      ).rejects.toThrow(
        /^The int8 model .*model\.int8\.onnx has weights up to \+-127 \(beyond 7 bits\), which an x86 CPU without VNNI .*: re-quantise it with 7-bit weights/,
      );
    },
  );
});

describe('shards of an int8 project whose model folder holds the int8 file', () => {
  it('name the file in the model folder (nothing shipped) and merge as the int8 run', { timeout: 300_000 }, async () => {
    const dir = tmp();
    const folder = join(dir, 'model');
    cpSync(model.dir, folder, { recursive: true });
    quantizeModelFile(join(folder, 'onnx', 'model.onnx'), join(folder, 'onnx', 'model_quantized.onnx'));
    p = await prelabelProject(dir, { count: 30, modelDir: folder });
    p.engine.tuning.maxLength = 64;
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    await p.t.call('prelabel.setPrecision', { precision: 'int8', questionId: question.id, minAgreement: 0, sampleSize: 10 });
    const db = p.t.core.context.project!.db;
    const check = readPrecision(db).check!;
    expect(check.int8Source).toBe('model-folder');
    const out = join(dir, 'shards');
    await p.t.call('prelabel.shard', { question: 'Topic', shards: 2, outDir: out, modelDir: folder });
    expect(readShard(join(out, shardFile(0))).header.model.onnx).toEqual({ in: 'model', path: 'onnx/model_quantized.onnx' });
    expect(existsSync(join(out, SHIPPED_INT8))).toBe(false);
    // Another int8 file under that name on the cluster: refused in one line naming it.
    const other = join(dir, 'other-model');
    cpSync(folder, other, { recursive: true });
    cpSync(join(other, 'onnx', 'model.onnx'), join(other, 'onnx', 'model_quantized.onnx'));
    await expect(p.t.call('prelabel.scoreShard', { shardPath: join(out, shardFile(0)), modelDir: other, threads: 1 })).rejects.toThrow(
      /model_quantized\.onnx is not the file the shard was made with/,
    );
    await scoreAll(p.t, out, 2, folder);
    const merged = mergeShards(db, out);
    expect(merged).toMatchObject({ ok: true, precision: 'int8', documents: 30 });
    expect(runOf(db, merged.runId!).model_sha256).toBe(check.int8Sha256);
    // The project's own status: every document has current (int8) predictions.
    expect(await p.t.call('prelabel.status', { questionId: question.id })).toMatchObject({ scored: 30, stale: 0 });
  });
});

describe('shards of a hierarchical question', () => {
  it(
    'ask the parents, then the children of the top parents, in one pass, and merge to the hierarchical run bit for bit',
    { timeout: 300_000 },
    async () => {
      const dir = tmp();
      p = await prelabelProject(dir, { count: 90, modelDir: model.dir });
      p.engine.tuning.maxLength = 64;
      const question = (await setQuestions(p.t, [TREE])).questions[0]!;
      const db = p.t.core.context.project!.db;
      const out = join(dir, 'shards');
      const written = await p.t.call('prelabel.shard', {
        question: 'Topic tree',
        shards: 3,
        outDir: out,
        modelDir: model.dir,
        hierarchical: true,
        topParents: 1,
      });
      expect(written).toMatchObject({ hierarchical: true, precision: 'fp32', documents: 90 });
      expect(readShard(join(out, shardFile(2))).header.scoring).toEqual({ hierarchical: true, topParents: 1 });
      const copy = copyOf(db, dir);

      const run = await p.t.call('prelabel.start', {
        questionId: question.id,
        priorityDocumentIds: [],
        threads: 1,
        hierarchical: true,
        topParents: 1,
      });
      expect((await runEnd(p.t, run.id)).status).toBe('done');
      const single = predictions(db, run.id);
      // Fewer rows than every label (4 roots + the children of one parent a document).
      expect(single.length).toBeLessThan(90 * 9);
      await scoreAll(p.t, out, 3, model.dir);

      const target = openProjectDb(copy);
      try {
        expect(readScoringMode(target, question.id).hierarchical).toBe(false);
        const merged = mergeShards(target, out);
        expect(merged).toMatchObject({ ok: true, hierarchical: true, documents: 90 });
        expectBitForBit(predictions(target, merged.runId!), single);
        // The suggestions among the scored leaves, as the single-machine run left them.
        const leaves = suggestions(target, question.id);
        expect(leaves).toHaveLength(90);
        expect(leaves.every((r) => (r as unknown[])[1] !== null)).toBe(true);
        expect(leaves).toEqual(suggestions(db, question.id));
        const mine = runOf(target, merged.runId!);
        expect(mine.model_input_hash).toBe(runOf(db, run.id).model_input_hash);
        expect(JSON.parse(mine.options)).toMatchObject({ hierarchical: true, topParents: 1 });
        // As a run's start does, the merge leaves the question in the mode its predictions are current under.
        expect(readScoringMode(target, question.id)).toEqual({ hierarchical: true, topParents: 1 });
        expect(pendingDocuments(target, question.id, mine.model_input_hash).ids).toHaveLength(0);
      } finally {
        target.close();
      }
    },
  );

  it(
    'refuses a set with a document in two shards, a result holding a foreign document, and shards of a model the app no longer uses',
    { timeout: 300_000 },
    async () => {
      const dir = tmp();
      p = await prelabelProject(dir, { count: 40, modelDir: model.dir });
      p.engine.tuning.maxLength = 64;
      await setQuestions(p.t, [topicQuestion()]);
      const db = p.t.core.context.project!.db;
      const out = join(dir, 'shards');
      await p.t.call('prelabel.shard', { question: 'Topic', shards: 2, outDir: out, modelDir: model.dir });
      await scoreAll(p.t, out, 2, model.dir);

      // A result whose batch names a document that is not the shard's: that shard is named, nothing stored.
      const result1 = join(out, resultFile(1));
      const original = readFileSync(result1, 'utf8');
      const lines = original.split('\n');
      const group = JSON.parse(lines[1]!) as { rows: Row[] };
      group.rows[0]![0] = 999_999;
      writeFileSync(result1, [lines[0], JSON.stringify(group), ...lines.slice(2)].join('\n'));
      const refused = mergeShards(db, out);
      expect(refused.ok).toBe(false);
      expect(refused.failed).toEqual([{ index: 1, reason: expect.stringMatching(/unknown labels or documents/) as unknown }]);
      expect(refused.rerun).toBe('sbatch --array=1 run.sbatch');
      writeFileSync(result1, original);
      // The app pre-labels with another model file now: the shards' predictions would not be current.
      expect(() => mergeShards(db, out, { appModelSha256: 'f'.repeat(64) })).toThrow(/the app pre-labels with another model file now/);

      // A set whose shard 1 also holds a document of shard 0 (its checksum made whole again): refused.
      const s0 = readShard(join(out, shardFile(0)));
      const path1 = join(out, shardFile(1));
      const text1 = readFileSync(path1, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0);
      const g = JSON.parse(text1[1]!) as { documents: unknown[] };
      g.documents.push(s0.groups[0]!.documents[0]);
      const body = [text1[0], JSON.stringify(g), ...text1.slice(2, -1)].map((l) => `${l}\n`).join('');
      writeFileSync(path1, body + JSON.stringify({ checksum: sha256Hex(body) }) + '\n');
      // Its old result answers the shard as it was: named as made from another shard.
      expect(mergeShards(db, out).failed).toEqual([{ index: 1, reason: 'the result was made from another shard' }]);
      // A shard changed without its checksum: the merge stops at it in one line.
      const good = readFileSync(path1, 'utf8');
      writeFileSync(path1, good.replace('"text":"', '"text":"X'));
      expect(() => mergeShards(db, out)).toThrow(/shard-0001\.jsonl: the shard does not match its checksum/);
      writeFileSync(path1, good);
      rmSync(result1);
      await scoreAll(p.t, out, 2, model.dir);
      expect(existsSync(result1)).toBe(true);
      expect(() => mergeShards(db, out)).toThrow(/is in two shards of the set/);
      expect(db.prepare('SELECT count(*) FROM prelabel_runs').pluck().get()).toBe(0);
    },
  );
});
