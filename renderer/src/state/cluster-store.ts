// The Pre-label screen's cluster card (issue 17): writing a question's shards into a folder and
// merging a folder of scored shards back (prelabel.shard, prelabel.mergeShards). Each keeps its
// last answer or its one-line refusal; a merge refreshes the run's counts.
import { create } from 'zustand';
import type { Precision, ShardSetWritten, ShardsMerged } from '../../../common/contract';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { usePrelabel } from './prelabel-store';
import { resetsWithProject } from './project-scope';

export interface ShardRequest {
  questionId: string;
  shards: number;
  outDir: string;
  /** null: the project's precision. */
  precision: Precision | null;
  hierarchical: boolean;
  topParents: number;
}

interface ClusterStore {
  writing: boolean;
  written: ShardSetWritten | null;
  /** The folder the last shards were written into, as typed. */
  writtenTo: string;
  writeError: string | null;
  merging: boolean;
  merged: ShardsMerged | null;
  mergeError: string | null;
  write(r: ShardRequest): Promise<void>;
  merge(dir: string): Promise<void>;
  reset(): void;
}

const initial = {
  writing: false,
  written: null,
  writtenTo: '',
  writeError: null,
  merging: false,
  merged: null,
  mergeError: null,
};

export const useCluster = create<ClusterStore>()((set) => ({
  ...initial,

  async write(r) {
    set({ writing: true, written: null, writeError: null });
    try {
      const written = await api().call('prelabel.shard', {
        question: r.questionId,
        shards: r.shards,
        outDir: r.outDir,
        ...(r.precision ? { precision: r.precision } : {}),
        hierarchical: r.hierarchical,
        ...(r.hierarchical ? { topParents: r.topParents } : {}),
      });
      set({ writing: false, written, writtenTo: r.outDir });
    } catch (err) {
      set({ writing: false, writeError: errorMessage(err) });
    }
  },

  async merge(dir) {
    set({ merging: true, merged: null, mergeError: null });
    try {
      const merged = await api().call('prelabel.mergeShards', { dir });
      set({ merging: false, merged });
      if (merged.ok && !merged.alreadyMerged) void usePrelabel.getState().refreshStatus();
    } catch (err) {
      set({ merging: false, mergeError: errorMessage(err) });
    }
  },

  reset() {
    set(initial);
  },
}));

resetsWithProject('cluster', () => useCluster.getState().reset());
