// Contract handlers of sharded pre-label runs (issue 17; main/core/shards/): write a shard set from
// the open project, score one shard (no project needed), merge a scored set into the open project.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { loadModel } from '../models/model-loader';
import { InferenceClient } from '../nli/inference/inference-client';
import { mergeShards } from '../shards/shard-merger';
import { scoreShard } from '../shards/shard-scorer';
import { writeShards } from '../shards/shard-writer';
import type { Handlers } from './dispatcher';

type ShardsHandlers = Pick<Handlers, 'prelabel.shard' | 'prelabel.scoreShard' | 'prelabel.mergeShards'>;

export function shardsHandlers(ctx: CoreContext): ShardsHandlers {
  return {
    'prelabel.shard': async (input) => {
      const { db } = ctx.requireProject();
      const modelDir = input.modelDir ?? (await ctx.engine.currentModel())?.path;
      if (!modelDir) throw new PrelabelError('INVALID_INPUT', 'No model is chosen: give the model folder (--model DIR).');
      // A client of its own: only the tokenizer is used, and the engine's run is left alone.
      const client = new InferenceClient();
      const dataDir = mkdtempSync(join(tmpdir(), 'prelabel-shard-'));
      try {
        const model = await loadModel(resolve(modelDir), { client, dataDir, threads: 1 });
        return await writeShards({
          db,
          model,
          loadInt8: (path) => loadModel(model.dir, { client, dataDir, threads: 1, onnxFile: { path, precision: 'int8' } }),
          ...(input.precision ? { precision: input.precision } : {}),
          ...(input.hierarchical !== undefined ? { hierarchical: input.hierarchical } : {}),
          ...(input.topParents ? { topParents: input.topParents } : {}),
          question: input.question,
          shards: input.shards,
          outDir: resolve(input.outDir),
          tuning: ctx.engine.tuning,
          pairsPerSecondPerCore: input.pairsPerSecond ?? 100,
          cpusPerTask: input.cpusPerTask ?? 4,
          ...(input.provider ? { provider: input.provider } : {}),
        });
      } finally {
        await client.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    'prelabel.scoreShard': (input) =>
      scoreShard({
        shardPath: resolve(input.shardPath),
        modelDir: resolve(input.modelDir),
        ...(input.threads ? { threads: input.threads } : { settingsDir: ctx.config.dataDir }),
        ...(input.provider ? { provider: input.provider } : {}),
      }),
    'prelabel.mergeShards': async (input) => {
      const { db } = ctx.requireProject();
      if (ctx.jobs.list().some((j) => j.kind === 'prelabel'))
        throw new PrelabelError('BUSY', 'A pre-label run is going: pause or cancel it before merging shards.');
      // The shards must be of the model the project's predictions are current under in this app.
      const app = await ctx.engine.currentModel().catch(() => null);
      return mergeShards(db, resolve(input.dir), { appModelSha256: app?.sha256 ?? null });
    },
  };
}
