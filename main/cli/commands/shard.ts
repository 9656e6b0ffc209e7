// `prelabel shard`: cuts what a question still needs scored into shard files for a cluster, with a
// SLURM batch script and a README ([Note: shard files] in main/core/shards/shard-format.ts). The
// project is only read.
import { resolve } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import { openProject, positional, stringFlag, type Command, type CommandArgs } from '../command';
import { precisionFlag, providerFlag, topParentsFlag } from './prelabel';

function wholeFlag(args: CommandArgs, name: string, min: number, max: number): number | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max)
    throw new PrelabelError('INVALID_INPUT', `--${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  return n;
}

export const shardCommand: Command = {
  usage:
    'shard <project> --question NAME --shards N --out DIR [--model DIR] [--cpus-per-task N] [--pairs-per-second N] [--provider cpu|cuda] [--precision fp32|int8] [--hierarchical [--top-parents N]] [--json]',
  summary:
    "cuts the documents a question still needs scored into N length-balanced shard files for a cluster, with run.sbatch (a SLURM array job; --time from --pairs-per-second per core, default 100; --cpus-per-task default 4; --provider cuda asks for a GPU a task) and a README (docs/CLUSTER.md); --model defaults to the app's model; the shards score with the project's precision (int8 after its agreement check: the int8 file travels in the folder; asking for the other one is refused); --hierarchical scores the parents first, then the children of the top N parents (default 2), as prelabel --hierarchical does",
  options: {
    question: { type: 'string' },
    shards: { type: 'string' },
    out: { type: 'string' },
    model: { type: 'string' },
    'cpus-per-task': { type: 'string' },
    'pairs-per-second': { type: 'string' },
    provider: { type: 'string' },
    precision: { type: 'string' },
    hierarchical: { type: 'boolean' },
    'top-parents': { type: 'string' },
  },
  async run(args) {
    const project = positional(args, 0, 'the project file (prelabel shard <project> --question NAME --shards N --out DIR)');
    const question = stringFlag(args, 'question');
    if (!question) throw new PrelabelError('INVALID_INPUT', '--question NAME is required: the codebook question to score.');
    const shards = wholeFlag(args, 'shards', 1, 10000);
    if (shards === undefined) throw new PrelabelError('INVALID_INPUT', '--shards N is required: how many array tasks.');
    const out = stringFlag(args, 'out');
    if (!out) throw new PrelabelError('INVALID_INPUT', '--out DIR is required: a new folder for the shards.');
    const model = stringFlag(args, 'model');
    const cpusPerTask = wholeFlag(args, 'cpus-per-task', 1, 256);
    const pairsPerSecond = wholeFlag(args, 'pairs-per-second', 1, 1_000_000);
    const provider = providerFlag(args);
    const precision = precisionFlag(args);
    const topParents = topParentsFlag(args);
    await openProject(args, project);
    const summary = await args.call('prelabel.shard', {
      question,
      shards,
      outDir: resolve(out),
      ...(model ? { modelDir: resolve(model) } : {}),
      ...(cpusPerTask ? { cpusPerTask } : {}),
      ...(pairsPerSecond ? { pairsPerSecond } : {}),
      ...(provider ? { provider } : {}),
      ...(precision ? { precision } : {}),
      ...(args.values.hierarchical === true ? { hierarchical: true, ...(topParents ? { topParents } : {}) } : {}),
    });
    if (args.json) {
      args.io.out(JSON.stringify({ ok: true, ...summary }));
      return 0;
    }
    args.io.out(
      `${summary.question}: ${summary.documents} documents, ${summary.pairs} pairs${summary.hierarchical ? ' (first calls: the top-level labels)' : ''} in ${summary.shards.length} shards, ${summary.precision} (set ${summary.setId})`,
    );
    for (const s of summary.shards) args.io.out(`  ${s.file}: ${s.documents} documents, ${s.pairs} pairs`);
    args.io.out(`Next: copy ${resolve(out)} and the model folder to the cluster, then: sbatch run.sbatch (see README.md there).`);
    return 0;
  },
};
