// A pre-label run cut into shards for a cluster and merged back (issue 17; [Note: shard files] in
// main/core/shards/shard-format.ts): the inputs of prelabel.shard, prelabel.scoreShard and
// prelabel.mergeShards, and what each answers.
import { executionProviders } from './prelabel';
import { nonEmpty, z } from './zod';

export const shardWriteInput = z
  .object({
    /** The question's name or id. */
    question: nonEmpty,
    shards: z.number().int().min(1).max(10000),
    /** A new or empty folder. */
    outDir: nonEmpty,
    /** The model folder; default the app's chosen model. */
    modelDir: nonEmpty.optional(),
    /** The batch script's --cpus-per-task (default 4) and the pairs/s per core its --time assumes (default 100). */
    cpusPerTask: z.number().int().min(1).max(256).optional(),
    pairsPerSecond: z.number().int().min(1).max(1_000_000).optional(),
    /** cuda: run.sbatch asks for a GPU (--gres=gpu:1) and scores with --provider cuda. */
    provider: z.enum(executionProviders).optional(),
    /** The model file scored: default the project's precision; the other one is refused. */
    precision: z.enum(['fp32', 'int8']).optional(),
    /** Parents first, then the children of the top `topParents` (default: the question's last mode). */
    hierarchical: z.boolean().optional(),
    topParents: z.number().int().min(1).max(100).optional(),
  })
  .strict();

export const shardScoreInput = z
  .object({
    shardPath: nonEmpty,
    modelDir: nonEmpty,
    /** Default the machine's physical cores (the CLI passes SLURM_CPUS_PER_TASK). */
    threads: z.number().int().min(1).max(64).optional(),
    provider: z.enum(executionProviders).optional(),
  })
  .strict();

export const shardMergeInput = z.object({ dir: nonEmpty }).strict();

export interface ShardSetWritten {
  setId: string;
  question: string;
  precision: 'fp32' | 'int8';
  hierarchical: boolean;
  modelInputHash: string;
  documents: number;
  pairs: number;
  shards: Array<{ index: number; file: string; documents: number; pairs: number; cost: number }>;
  sbatch: string;
}

export interface ShardScored {
  index: number;
  /** The result file written beside the shard. */
  result: string;
  groups: number;
  /** Batches an earlier, stopped try had written (a resume). */
  resumedGroups: number;
  documents: number;
  pairs: number;
  seconds: number;
  /** Threads the model ran with (null: nothing was left to score). */
  threads: number | null;
}

export interface ShardsMerged {
  ok: boolean;
  setId: string;
  question: string;
  runId: string | null;
  alreadyMerged: boolean;
  precision: 'fp32' | 'int8';
  hierarchical: boolean;
  /** Shards in the set. */
  shards: number;
  documents: number;
  predictions: number;
  /** Shards without a usable result: task id and why (nothing is merged then). */
  failed: Array<{ index: number; reason: string }>;
  /** The command that reruns only the failed tasks ('' when none failed). */
  rerun: string;
}
