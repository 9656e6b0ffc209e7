// `prelabel score-shard`: what each array task of a sharded run runs (main/core/shards/
// shard-scorer.ts). No project is opened: the shard holds all it needs. Threads default to
// SLURM_CPUS_PER_TASK, else the machine's physical cores.
import { resolve } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import { positional, type Command } from '../command';
import { modelFlag, providerFlag, threadsFlag } from './prelabel';

function slurmThreads(): number | undefined {
  const raw = process.env.SLURM_CPUS_PER_TASK;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1) throw new PrelabelError('INVALID_INPUT', `SLURM_CPUS_PER_TASK is not a whole number (got "${raw}").`);
  return Math.min(64, n);
}

export const scoreShardCommand: Command = {
  usage: 'score-shard <shard> --model DIR [--threads N] [--provider cpu|cuda] [--json]',
  summary:
    "scores one shard file (what a SLURM array task runs): checks the model folder against the shard's hashes, writes the raw logits to shard-NNNN.result.jsonl beside it, resumes after a kill; threads default to SLURM_CPUS_PER_TASK",
  options: { model: { type: 'string' }, threads: { type: 'string' }, provider: { type: 'string' } },
  async run(args) {
    const shardPath = resolve(positional(args, 0, 'the shard file (prelabel score-shard <shard> --model DIR)'));
    const modelDir = modelFlag(args);
    const threads = threadsFlag(args) ?? slurmThreads();
    const provider = providerFlag(args);
    const s = await args.call('prelabel.scoreShard', {
      shardPath,
      modelDir,
      ...(threads ? { threads } : {}),
      ...(provider ? { provider } : {}),
    });
    if (args.json) {
      args.io.out(JSON.stringify({ ok: true, ...s }));
      return 0;
    }
    const resumed = s.resumedGroups > 0 ? ` (${s.resumedGroups} of ${s.groups} batches were already written)` : '';
    const used = s.threads === null ? '' : ` with ${s.threads} thread${s.threads === 1 ? '' : 's'}`;
    args.io.out(
      `Shard ${s.index}: ${s.documents} documents, ${s.pairs} pairs scored in ${s.seconds.toFixed(1)} s${used}${resumed}; ${s.result}`,
    );
    return 0;
  },
};
