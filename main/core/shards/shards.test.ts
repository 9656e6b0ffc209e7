// A sharded pre-label run end to end on a real corpus (300 AG News test rows, imported by the
// importer) with the generated tiny model: 4 shards, one task stopped midway (after two batches,
// with a torn line after them) and resumed, the merge into a copy of the project, and every logit
// equal bit for bit to a single-machine run of the same project. Also: the failed-shard report and
// its sbatch line, an idempotent second merge; refused: a model of other bytes, a damaged shard, documents
// scored meanwhile and a changed codebook.
import { appendFileSync, cpSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProjectDb, type Db } from '../store/project-db';
import { useTempDir } from '../test-support/temp-dir';
import { prelabelProject, runEnd, setQuestions, topicQuestion, type PrelabelProject } from '../nli/test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../nli/test-support/tiny-model';
import { clusterFiles } from './cluster-files';
import { partialFile, readShard, resultFile, shardFile } from './shard-format';
import { mergeShards } from './shard-merger';
import { scoreShard } from './shard-scorer';
import { writeShards } from './shard-writer';

const tmp = useTempDir();
let model: TinyModel;
beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());

type Row = [number, string, number, number, number | null, number];
function predictions(db: Db, runId: string): Row[] {
  return db
    .prepare(
      'SELECT document_id, label_id, window, entailment, neutral, contradiction FROM predictions WHERE run_id = ? ORDER BY document_id, label_id, window',
    )
    .raw()
    .all(runId) as Row[];
}

describe('shard, score the shards, merge them back', () => {
  let p: PrelabelProject;
  afterAll(async () => p?.close());

  it('gives every logit of a single-machine run bit for bit, through a killed and resumed task', { timeout: 300_000 }, async () => {
    const dir = tmp();
    p = await prelabelProject(dir, { count: 300, modelDir: model.dir });
    const [question] = (await setQuestions(p.t, [topicQuestion()])).questions;
    const db = p.t.core.context.project!.db;
    const out = join(dir, 'shards');
    const summary = await writeShards({
      db,
      model: await p.engine.activeModel(),
      loadInt8: () => Promise.reject(new Error('an fp32 project loads no int8 file')),
      question: 'Topic',
      shards: 4,
      outDir: out,
      tuning: p.engine.tuning,
      pairsPerSecondPerCore: 100,
      cpusPerTask: 2,
    });
    expect(summary.documents).toBe(300);
    expect(summary.shards).toHaveLength(4);
    expect(summary.shards.reduce((a, s) => a + s.documents, 0)).toBe(300);
    // Length-balanced: the costliest shard within 10% of the mean (whole batches move).
    const costs = summary.shards.map((s) => s.cost);
    const mean = costs.reduce((a, b) => a + b, 0) / costs.length;
    expect(Math.max(...costs) / mean).toBeLessThan(1.1);
    const sbatch = readFileSync(join(out, 'run.sbatch'), 'utf8');
    expect(sbatch).toContain('#SBATCH --array=0-3');
    expect(sbatch).toContain('#SBATCH --cpus-per-task=2');
    expect(sbatch).not.toContain('#SBATCH --gres');
    for (const name of readdirSync(out)) expect(readFileSync(join(out, name), 'utf8')).not.toContain(dir);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('parallel');
    expect(statSync(join(out, shardFile(0))).mode & 0o777).toBe(0o600);

    // The same project as it was when sharded, for the merge; the original gets the plain run.
    const copy = join(dir, 'copy.prelabel');
    db.exec(`VACUUM INTO '${copy.replace(/'/g, "''")}'`);
    const run = await p.t.call('prelabel.start', { questionId: question!.id, priorityDocumentIds: [], threads: 1 });
    expect((await runEnd(p.t, run.id)).status).toBe('done');
    const single = predictions(db, run.id);
    expect(single.length).toBeGreaterThanOrEqual(300 * 4); // a long text adds windows

    // Task 1 stops after two batches, one torn line behind them, then resumes.
    const shard1 = join(out, shardFile(1));
    await expect(
      scoreShard({
        shardPath: shard1,
        modelDir: model.dir,
        threads: 1,
        afterGroup: (n) => {
          if (n === 2) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    appendFileSync(join(out, partialFile(1)), '{"group":7,"docs":[[1,');
    expect(existsSync(join(out, resultFile(1)))).toBe(false);
    const resumed = await scoreShard({ shardPath: shard1, modelDir: model.dir, threads: 1 });
    expect(resumed.resumedGroups).toBe(2);
    expect(existsSync(join(out, partialFile(1)))).toBe(false);
    expect(statSync(join(out, resultFile(1))).mode & 0o777).toBe(0o600);
    for (const i of [0, 2]) await scoreShard({ shardPath: join(out, shardFile(i)), modelDir: model.dir, threads: 1 });

    // Shard 3 has not run: the merge names it, gives the line to rerun only it, and stores nothing.
    const target = openProjectDb(copy);
    try {
      const partial = mergeShards(target, out);
      expect(partial.ok).toBe(false);
      expect(partial.failed.map((f) => f.index)).toEqual([3]);
      expect(partial.rerun).toBe('sbatch --array=3 run.sbatch');
      expect(target.prepare('SELECT count(*) FROM prelabel_runs').pluck().get()).toBe(0);

      await scoreShard({ shardPath: join(out, shardFile(3)), modelDir: model.dir, threads: 1 });
      const merged = mergeShards(target, out);
      expect(merged.ok).toBe(true);
      expect(merged.documents).toBe(300);
      const rows = predictions(target, merged.runId!);
      expect(rows.length).toBe(single.length);
      rows.forEach((r, i) => {
        const s = single[i]!;
        expect(r.slice(0, 3)).toEqual(s.slice(0, 3));
        for (const k of [3, 4, 5]) expect(Object.is(r[k], s[k])).toBe(true);
      });
      const runRow = target.prepare('SELECT model_input_hash, status, options FROM prelabel_runs WHERE id = ?').get(merged.runId) as {
        model_input_hash: string;
        status: string;
        options: string;
      };
      expect(runRow.model_input_hash).toBe(run.modelInputHash);
      expect(runRow.status).toBe('done');
      expect(JSON.parse(runRow.options)).toMatchObject({ shardSet: summary.setId, shards: 4, template: 'This news story is about {}.' });

      // Merging again changes nothing.
      const again = mergeShards(target, out);
      expect(again).toMatchObject({ ok: true, alreadyMerged: true, runId: merged.runId, predictions: rows.length });
      expect(target.prepare('SELECT count(*) FROM predictions').pluck().get()).toBe(rows.length);
    } finally {
      target.close();
    }

    // A model folder of other bytes, a damaged shard and a changed codebook: each refused in one line.
    const other = join(dir, 'other-model');
    cpSync(model.dir, other, { recursive: true });
    const onnx = join(other, 'onnx', 'model.onnx');
    const bytes = readFileSync(onnx);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    writeFileSync(onnx, bytes);
    const again = join(dir, 'again');
    cpSync(join(out, shardFile(0)), join(again, shardFile(0)));
    await expect(scoreShard({ shardPath: join(again, shardFile(0)), modelDir: other, threads: 1 })).rejects.toThrow(
      /model\.onnx is not the file the shard was made with/,
    );
    const damaged = join(dir, 'damaged.jsonl');
    const original = readFileSync(join(out, shardFile(0)), 'utf8');
    writeFileSync(damaged, original.replace('"text":"', '"text":"X'));
    expect(readFileSync(damaged, 'utf8')).not.toBe(original);
    expect(() => readShard(damaged)).toThrow('does not match its checksum');
    // The original project scored them itself meanwhile: nothing is stored twice.
    expect(() => mergeShards(db, out)).toThrow(/already has current predictions/);
    await setQuestions(p.t, [topicQuestion({ template: 'The story is about {}.' })]);
    expect(() => mergeShards(db, out)).toThrow(/changed since these shards were made/);
  });

  it('asks SLURM for the time and memory of the largest shard, and for a GPU with --provider cuda', () => {
    const o = {
      shards: 8,
      question: 'Topic',
      modelId: 'm',
      cpusPerTask: 4,
      maxPairs: 1_000_000,
      pairsPerSecondPerCore: 100,
      modelBytes: 400 * 2 ** 20,
    };
    // 4 cores at 100 pairs/s scaling at 70%: 310 pairs/s; 1M pairs twice over plus 5 minutes = 6752 s.
    const cpu = clusterFiles({ ...o, provider: 'cpu' })['run.sbatch']!;
    expect(cpu).toContain('#SBATCH --array=0-7\n');
    expect(cpu).toContain('#SBATCH --time=01:52:32\n');
    expect(cpu).toContain('#SBATCH --mem=2304M\n'); // 1200 MiB rounded up to 1280, plus 1024
    expect(cpu).not.toContain('#SBATCH --gres');
    const gpu = clusterFiles({ ...o, provider: 'cuda' })['run.sbatch']!;
    expect(gpu).toContain('#SBATCH --gres=gpu:1\n');
    expect(gpu).toMatch(/score-shard "\$SHARD" --model "\$MODEL_DIR" --provider cuda\n$/);
  });
});
