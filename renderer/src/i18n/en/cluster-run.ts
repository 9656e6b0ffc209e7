// English strings of the Pre-label screen's cluster card (issue 17): writing shards of a question
// for a SLURM cluster or other machines, and merging their results back.
export const clusterEn = {
  'cluster.title': 'Run on a cluster',
  'cluster.intro':
    'Score this question on a SLURM cluster or on other machines: write shards here, copy the folder and the model folder there, run them (sbatch run.sbatch; see the README in the folder), then merge the results back here.',
  'cluster.write.title': 'Write shards for a cluster',
  'cluster.write.shards': 'Shards (array tasks)',
  'cluster.write.out': 'New folder for the shards',
  'cluster.write.precision': 'Model precision',
  'cluster.write.precisionProject': "The project's",
  'cluster.write.hierarchical': 'Hierarchical, as set above (the top {count} parents).',
  'cluster.write.submit': 'Write shards',
  'cluster.write.working': 'Writing shards…',
  'cluster.write.done': {
    one: 'Wrote {shards} shards of "{question}" ({precision}): {count} document, {pairs} pairs, into {folder}.',
    other: 'Wrote {shards} shards of "{question}" ({precision}): {count} documents, {pairs} pairs, into {folder}.',
  },
  'cluster.write.next': 'Copy that folder and the model folder to the cluster, then run there:',
  'cluster.write.failed': 'No shards written: {message}',
  'cluster.merge.title': 'Merge cluster results',
  'cluster.merge.dir': 'Folder of scored shards',
  'cluster.merge.submit': 'Merge cluster results',
  'cluster.merge.working': 'Checking and merging the results…',
  'cluster.merge.done': {
    one: 'Merged {shards} shards of "{question}" ({precision}) as one run: {count} document, {predictions} predictions.',
    other: 'Merged {shards} shards of "{question}" ({precision}) as one run: {count} documents, {predictions} predictions.',
  },
  'cluster.merge.hierarchical': 'hierarchical',
  'cluster.merge.already': 'This shard set of "{question}" is merged already (run {run}): nothing changed.',
  'cluster.merge.failed': {
    one: 'Nothing merged: {count} of {shards} shards has no usable result.',
    other: 'Nothing merged: {count} of {shards} shards have no usable result.',
  },
  'cluster.merge.shard': 'Shard {index}: {reason}',
  'cluster.merge.rerun': 'Rerun only those on the cluster:',
  'cluster.merge.refused': 'Merge refused: {message}',
  'cluster.path.hint': 'A path on the machine running Prelabel.',
} as const;
