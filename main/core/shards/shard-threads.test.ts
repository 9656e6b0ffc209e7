// score-shard without --threads and without SLURM_CPUS_PER_TASK (issue 18): the first shard scored
// with a model on a machine measures the threads and keeps the choice in the data folder's
// settings.json; an explicit thread count is used as given and stores nothing.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsFile } from '../models/model-settings';
import { machineKey } from '../nli/inference/thread-calibration';
import { prelabelProject, setQuestions, topicQuestion, type PrelabelProject } from '../nli/test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../nli/test-support/tiny-model';
import { useTempDir } from '../test-support/temp-dir';
import { resultFile, shardFile } from './shard-format';
import { scoreShard } from './shard-scorer';
import { writeShards } from './shard-writer';

const tmp = useTempDir();
let model: TinyModel;
let p: PrelabelProject | undefined;
beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(async () => {
  await p?.close();
  model?.cleanup();
});

describe('score-shard thread choice', () => {
  it('measures on the first shard of a model, stores the choice; explicit threads store nothing', async () => {
    const dir = tmp();
    p = await prelabelProject(dir, { count: 20, modelDir: model.dir });
    await setQuestions(p.t, [topicQuestion()]);
    const out = join(dir, 'shards');
    const active = await p.engine.activeModel();
    await writeShards({
      db: p.t.core.context.project!.db,
      model: active,
      loadInt8: () => Promise.reject(new Error('an fp32 project loads no int8 file')),
      question: 'Topic',
      shards: 2,
      outDir: out,
      tuning: p.engine.tuning,
      pairsPerSecondPerCore: 100,
      cpusPerTask: 2,
    });
    const settingsDir = join(dir, 'node-data');
    mkdirSync(settingsDir);
    await scoreShard({ shardPath: join(out, shardFile(0)), modelDir: model.dir, settingsDir });
    expect(existsSync(join(out, resultFile(0)))).toBe(true);
    const choice = JSON.parse(readFileSync(settingsFile(settingsDir), 'utf8')).threadChoices[machineKey()][active.info.sha256];
    expect(choice.threads).toBeGreaterThanOrEqual(1);
    expect(choice.measured.length).toBeGreaterThanOrEqual(1);
    const before = readFileSync(settingsFile(settingsDir), 'utf8');
    await scoreShard({ shardPath: join(out, shardFile(1)), modelDir: model.dir, threads: 1, settingsDir });
    expect(existsSync(join(out, resultFile(1)))).toBe(true);
    expect(readFileSync(settingsFile(settingsDir), 'utf8')).toBe(before);
  }, 120_000);
});
