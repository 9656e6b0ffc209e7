// `prelabel merge-shards`: merges a folder of scored shards back into the project as one run
// (main/core/shards/shard-merger.ts). Missing or failed shards are named by task id with the sbatch
// line that reruns only them, and nothing is stored; merging again changes nothing.
import { resolve } from 'node:path';
import { openProject, positional, type Command } from '../command';

export const mergeShardsCommand: Command = {
  usage: 'merge-shards <project> <dir> [--json]',
  summary:
    'merges the results of a shard folder into the project as one pre-label run, after checking each (shard checksum, model hash, model-input hash, every document once); names failed shards with the sbatch --array= line to rerun them',
  options: {},
  async run(args) {
    const project = positional(args, 0, 'the project file (prelabel merge-shards <project> <dir>)');
    const dir = resolve(positional(args, 1, 'the shard folder (prelabel merge-shards <project> <dir>)'));
    await openProject(args, project);
    const s = await args.call('prelabel.mergeShards', { dir });
    if (args.json) {
      args.io.out(JSON.stringify(s));
      return s.ok ? 0 : 1;
    }
    if (!s.ok) {
      for (const f of s.failed) args.io.err(`shard ${f.index}: ${f.reason}`);
      const n = s.failed.length;
      args.io.err(
        `Nothing merged: ${n} of the ${s.shards} shards ${n === 1 ? 'has' : 'have'} no usable result. Rerun only ${n === 1 ? 'that one' : 'those'}: ${s.rerun}`,
      );
      return 1;
    }
    args.io.out(
      s.alreadyMerged
        ? `${s.question}: this shard set is merged already (run ${s.runId}); nothing changed.`
        : `${s.question}: merged ${s.shards} shards, ${s.documents} documents, ${s.predictions} predictions (${s.precision}${s.hierarchical ? ', hierarchical' : ''}) as run ${s.runId}.`,
    );
    return 0;
  },
};
