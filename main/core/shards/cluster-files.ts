// What `prelabel shard` writes beside the shards for the cluster: run.sbatch (a SLURM array job,
// one task a shard) and README.md (how to copy, submit and bring the results back, by hand or with
// GNU parallel). Neither names a path of the machine that wrote them: the script finds the shards
// in the folder it is submitted from and the model in ./model there (or PRELABEL_MODEL_DIR).

export interface ClusterFileOptions {
  shards: number;
  question: string;
  modelId: string;
  cpusPerTask: number;
  /** Pairs of the largest shard. */
  maxPairs: number;
  pairsPerSecondPerCore: number;
  modelBytes: number;
  /** cuda: one GPU a task (--gres=gpu:1) and --provider cuda. */
  provider: 'cpu' | 'cuda';
}

/** hh:mm:ss, at least 10 minutes. */
function clock(seconds: number): string {
  const s = Math.max(600, Math.ceil(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  return `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** The time a task asks for: its pairs at the stated speed (cores scale at about 70%), twice over,
 * plus five minutes to start Node and load the model. */
export function taskSeconds(o: Pick<ClusterFileOptions, 'maxPairs' | 'pairsPerSecondPerCore' | 'cpusPerTask'>): number {
  const speed = o.pairsPerSecondPerCore * (1 + 0.7 * (o.cpusPerTask - 1));
  return 2 * (o.maxPairs / speed) + 300;
}

/** Memory a task asks for: the model three times over (file, session, optimised graph) and 1 GiB. */
export function taskMemoryMiB(modelBytes: number): number {
  return Math.ceil((3 * modelBytes) / 2 ** 20 / 256) * 256 + 1024;
}

export function clusterFiles(o: ClusterFileOptions): Record<string, string> {
  const last = o.shards - 1;
  const sbatch = `#!/bin/bash
# Prelabel: score one shard per array task (question "${o.question}", model ${o.modelId}).
# Submit from the folder that holds the shards, with the model folder copied to ./model:
#   sbatch run.sbatch
# Time: the largest shard has ${o.maxPairs} pairs; at ${o.pairsPerSecondPerCore} pairs/s per core
# (measure yours: prelabel prelabel prints pairs/s) that is the --time below, with a margin.
#SBATCH --job-name=prelabel
#SBATCH --array=0-${last}
#SBATCH --cpus-per-task=${o.cpusPerTask}
#SBATCH --mem=${taskMemoryMiB(o.modelBytes)}M
#SBATCH --time=${clock(taskSeconds(o))}
#SBATCH --output=shard-%a.log
#SBATCH --open-mode=append
#SBATCH --requeue
${o.provider === 'cuda' ? '#SBATCH --gres=gpu:1\n' : '# For a GPU node: prelabel shard ... --provider cuda (adds --gres=gpu:1).\n'}# A requeued, cancelled or resubmitted task appends to its shard-N.log, so the earlier attempt's lines stay.
set -euo pipefail
# If your cluster provides Node.js as a module, load it here (the job starts without your login's modules
# where sbatch is told --export=NONE):
# module load nodejs
cd "\${SLURM_SUBMIT_DIR:-.}"
echo "prelabel: task \${SLURM_ARRAY_TASK_ID:-?} of job \${SLURM_ARRAY_JOB_ID:-?} on $(hostname) at $(date -u +%FT%TZ)\${SLURM_RESTART_COUNT:+, restart \$SLURM_RESTART_COUNT}"
MODEL_DIR="\${PRELABEL_MODEL_DIR:-model}"
SHARD=$(printf 'shard-%04d.jsonl' "\${SLURM_ARRAY_TASK_ID:?run this script with sbatch, or set SLURM_ARRAY_TASK_ID}")
# score-shard takes its threads from SLURM_CPUS_PER_TASK and resumes a requeued task.
exec \${PRELABEL:-prelabel} score-shard "$SHARD" --model "$MODEL_DIR"${o.provider === 'cuda' ? ' --provider cuda' : ''}
`;
  const readme = `# Prelabel shards: question "${o.question}"

${o.shards} shards (shard-0000.jsonl to shard-${String(last).padStart(4, '0')}.jsonl), each one task.
Each shard holds its documents' texts: copy them only where your data may go.

1. Copy this folder to the cluster, and the model folder (${o.modelId}: config.json,
   tokenizer.json, onnx/model.onnx) into it as ./model. Nothing is downloaded on the nodes.
2. Install Node.js 20.19 or newer and Prelabel there (or \`module load nodejs\`), so that \`prelabel\` runs
   (or set PRELABEL to the command, e.g. PRELABEL="node $HOME/prelabel/bin/prelabel.mjs").
   Where jobs do not inherit your login's modules (sbatch --export=NONE), uncomment the
   \`module load\` line of run.sbatch.
3. Submit: \`sbatch run.sbatch\` (your site's partition and account on the command line:
   \`sbatch --partition=NAME --account=NAME run.sbatch\`). Each task writes
   shard-NNNN.result.jsonl next to its shard and appends to shard-N.log; \`squeue -u $USER -r\`
   shows what still runs. A killed, preempted or requeued task resumes where it stopped; a
   cancelled (\`scancel JOBID_N\`) or timed-out one too, when you rerun it (step 4 names it).
   Without SLURM, on any machine: \`prelabel score-shard shard-0000.jsonl --model model --threads 4\`,
   or all of them with GNU parallel, 4 at a time with 2 threads each:
   \`ls shard-*[0-9].jsonl | parallel -j 4 prelabel score-shard {} --model model --threads 2\`
4. Copy the *.result.jsonl files back beside the shards and merge:
   \`prelabel merge-shards PROJECT.prelabel THIS_FOLDER\`. It names any shard without a
   result and prints the \`sbatch --array=\` line that reruns only those.
`;
  return { 'run.sbatch': sbatch, 'README.md': readme };
}
