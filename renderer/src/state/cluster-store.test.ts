// The cluster card's store: what it asks the core to write (the project's precision unless one is
// chosen; the hierarchical mode only with its top parents), the merge's report kept as the core
// gives it, a refusal as its one line, and a new project starting afresh.
import { describe, expect, it } from 'vitest';
import type { MethodInput, ShardsMerged } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { setPlatform } from '../platform/platform';
import { fakeApi } from '../test-support/fake-api';
import { useCluster } from './cluster-store';
import { resetProjectStores } from './project-scope';

const Q = '11111111-1111-4111-8111-111111111111';
const report = (over: Partial<ShardsMerged>): ShardsMerged => ({
  ok: false,
  setId: '22222222-2222-4222-8222-222222222222',
  question: 'Topic',
  runId: null,
  alreadyMerged: false,
  precision: 'fp32',
  hierarchical: false,
  shards: 4,
  documents: 0,
  predictions: 0,
  failed: [{ index: 3, reason: 'no result file (the task has not run, failed, or was stopped)' }],
  rerun: 'sbatch --array=3 run.sbatch',
  ...over,
});

describe('the cluster card', () => {
  it('writes with the chosen options only, keeps the merge report or the refusal, and starts afresh with another project', async () => {
    const inputs: Array<MethodInput<'prelabel.shard'>> = [];
    let merges = 0;
    const api = fakeApi({
      'prelabel.shard': (input) => {
        inputs.push(input);
        return {
          setId: 's',
          question: 'Topic',
          precision: 'fp32',
          hierarchical: false,
          modelInputHash: 'h',
          documents: 9,
          pairs: 36,
          shards: [],
          sbatch: 'run.sbatch',
        };
      },
      'prelabel.mergeShards': () => {
        merges++;
        if (merges === 1) return report({});
        if (merges === 2) return report({ ok: true, runId: 'r', documents: 9, predictions: 36, failed: [], rerun: '' });
        throw new ApiCallError({ code: 'INVALID_INPUT', message: 'The codebook of "Topic" changed since these shards were made.' });
      },
    });
    setPlatform({ api, face: 'browser' });
    const s = useCluster.getState();
    await s.write({ questionId: Q, shards: 4, outDir: '/data/out', precision: null, hierarchical: false, topParents: 2 });
    await s.write({ questionId: Q, shards: 2, outDir: '/data/out2', precision: 'int8', hierarchical: true, topParents: 3 });
    expect(inputs).toEqual([
      { question: Q, shards: 4, outDir: '/data/out', hierarchical: false },
      { question: Q, shards: 2, outDir: '/data/out2', precision: 'int8', hierarchical: true, topParents: 3 },
    ]);
    expect(useCluster.getState()).toMatchObject({ writing: false, writtenTo: '/data/out2', writeError: null });

    await s.merge('/data/out');
    expect(useCluster.getState().merged).toMatchObject({ ok: false, failed: [{ index: 3 }], rerun: 'sbatch --array=3 run.sbatch' });
    await s.merge('/data/out');
    expect(useCluster.getState().merged).toMatchObject({ ok: true, documents: 9 });
    await s.merge('/data/out');
    expect(useCluster.getState()).toMatchObject({
      merging: false,
      merged: null,
      mergeError: 'The codebook of "Topic" changed since these shards were made.',
    });
    resetProjectStores();
    expect(useCluster.getState()).toMatchObject({ written: null, merged: null, mergeError: null });
  });
});
