// Validation samples and the coding settings of the open project (issue 13): the question's samples
// (samples.list), the size for a wanted precision with its formula (samples.size; for a reliability
// sample, issue 14, Krippendorff's minimum N), the metadata
// columns a sample can be stratified by (samples.columns), drawing one (samples.create), and the
// project's switch "Show gold labels while coding (training)" (annotate.settings / setSettings).
import { create } from 'zustand';
import type { SampleInfo, SampleSizePlan } from '../../../common/contract';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { resetsWithProject } from './project-scope';

/** What the coder wants of a sample, as the fields hold it (percentages as typed). */
export interface SampleWish {
  /** Expected accuracy, in percent. */
  expected: string;
  /** Half-width of the interval, in percentage points. */
  margin: string;
  /** Confidence level, in percent. */
  confidence: string;
}

export const defaultWish: SampleWish = { expected: '80', margin: '5', confidence: '95' };

/** The wish as shares, or null where a field is not a number in its range. */
export function wishShares(wish: SampleWish): { expected: number; margin: number; confidence: number } | null {
  const expected = Number(wish.expected) / 100;
  const margin = Number(wish.margin) / 100;
  const confidence = Number(wish.confidence) / 100;
  const ok = (x: number, lo: number, hi: number) => Number.isFinite(x) && x > lo && x < hi;
  if ([wish.expected, wish.margin, wish.confidence].some((s) => s.trim() === '')) return null;
  return ok(expected, 0, 1) && ok(margin, 0, 1) && ok(confidence, 0.5, 1) ? { expected, margin, confidence } : null;
}

/** What the coder wants of a reliability sample (issue 14), as the fields hold it: the rarest
 * label's expected share in percent (empty: the labels equally common), the smallest alpha accepted
 * and the significance level. */
export interface ReliabilityWish {
  smallestShare: string;
  alphaMin: string;
  significance: string;
}

export const defaultReliabilityWish: ReliabilityWish = { smallestShare: '', alphaMin: '0.8', significance: '0.05' };

export type ReliabilitySizing =
  | { kind: 'reliability'; smallestShare: number; alphaMin: number; significance: number }
  | { kind: 'reliability'; categories: number; alphaMin: number; significance: number };

/** The reliability wish as samples.size's input, or null where a field is not a number in its range
 * (without a share: `categories` labels, equally common). */
export function reliabilitySizing(wish: ReliabilityWish, categories: number): ReliabilitySizing | null {
  const alphaMin = Number(wish.alphaMin);
  const significance = Number(wish.significance);
  if (wish.alphaMin.trim() === '' || wish.significance.trim() === '') return null;
  if (!(alphaMin > 0 && alphaMin < 1) || !(significance > 0 && significance < 0.5)) return null;
  if (wish.smallestShare.trim() === '') return categories >= 2 ? { kind: 'reliability', categories, alphaMin, significance } : null;
  const smallestShare = Number(wish.smallestShare) / 100;
  return smallestShare > 0 && smallestShare <= 0.5 ? { kind: 'reliability', smallestShare, alphaMin, significance } : null;
}

interface SamplesState {
  /** The question whose samples are listed. */
  questionId: string | null;
  samples: SampleInfo[];
  columns: Array<{ name: string; values: number }>;
  plan: SampleSizePlan | null;
  planError: string | null;
  drawing: boolean;
  error: string | null;
  /** The project shows gold labels while coding (training). */
  showGold: boolean;
  /** Some document has a gold label. */
  hasGold: boolean;
  /** An empty gold cell means "none of these labels" for multi-label questions ([Note: empty gold]). */
  emptyGoldNoLabel: boolean;
  /** Why the gold switch could not be changed. */
  settingsError: string | null;

  load(questionId: string): Promise<void>;
  loadSettings(): Promise<void>;
  setShowGold(show: boolean): Promise<void>;
  setEmptyGoldNoLabel(on: boolean): Promise<void>;
  planSize(wish: SampleWish): Promise<void>;
  /** The size of a reliability sample (null: the fields are not valid; no plan). */
  planReliability(sizing: ReliabilitySizing | null): Promise<void>;
  /** Draws a sample; answers with it (null when the core refused: `error` says why). */
  draw(input: {
    questionId: string;
    seed: number;
    size: number;
    wish: SampleWish | null;
    stratifyBy: string | null;
    /** A reliability sample (every coder codes it), sized by `reliability` when given. */
    kind?: 'reliability';
    reliability?: ReliabilitySizing | null;
  }): Promise<SampleInfo | null>;
  reset(): void;
}

const initial = {
  questionId: null,
  samples: [],
  columns: [],
  plan: null,
  planError: null,
  drawing: false,
  error: null,
  showGold: false,
  hasGold: false,
  emptyGoldNoLabel: true,
  settingsError: null,
};

export const useSamples = create<SamplesState>()((set, get) => {
  let generation = 0;
  let planAsked = 0;
  return {
    ...initial,

    async load(questionId) {
      const gen = generation;
      set({ questionId, error: null });
      try {
        const [samples, columns] = await Promise.all([api().call('samples.list', { questionId }), api().call('samples.columns', {})]);
        if (gen === generation && get().questionId === questionId) set({ samples, columns });
      } catch (err) {
        if (gen === generation) set({ error: errorMessage(err) });
      }
    },

    async loadSettings() {
      const gen = generation;
      try {
        const s = await api().call('annotate.settings', {});
        if (gen === generation) set({ showGold: s.showGold, hasGold: s.hasGold, emptyGoldNoLabel: s.emptyGoldNoLabel });
      } catch {
        // Without the settings gold stays hidden: the safe side.
      }
    },

    async setShowGold(show) {
      const gen = generation;
      const before = get().showGold;
      // The box follows the click at once; the core's answer confirms it (or puts it back).
      set({ showGold: show });
      try {
        const s = await api().call('annotate.setSettings', { showGold: show });
        if (gen === generation) set({ showGold: s.showGold, hasGold: s.hasGold, settingsError: null });
      } catch (err) {
        if (gen === generation) set({ showGold: before, settingsError: errorMessage(err) });
      }
    },

    async setEmptyGoldNoLabel(on) {
      const gen = generation;
      const before = get().emptyGoldNoLabel;
      set({ emptyGoldNoLabel: on });
      try {
        const s = await api().call('annotate.setSettings', { emptyGoldNoLabel: on });
        if (gen === generation) set({ emptyGoldNoLabel: s.emptyGoldNoLabel, settingsError: null });
      } catch (err) {
        if (gen === generation) set({ emptyGoldNoLabel: before, settingsError: errorMessage(err) });
      }
    },

    async planSize(wish) {
      const shares = wishShares(wish);
      const asked = ++planAsked;
      if (!shares) {
        set({ plan: null, planError: null });
        return;
      }
      try {
        const plan = await api().call('samples.size', shares);
        if (asked === planAsked) set({ plan, planError: null });
      } catch (err) {
        if (asked === planAsked) set({ plan: null, planError: errorMessage(err) });
      }
    },

    async planReliability(sizing) {
      const asked = ++planAsked;
      if (!sizing) {
        set({ plan: null, planError: null });
        return;
      }
      try {
        const plan = await api().call('samples.size', sizing);
        if (asked === planAsked) set({ plan, planError: null });
      } catch (err) {
        if (asked === planAsked) set({ plan: null, planError: errorMessage(err) });
      }
    },

    async draw({ questionId, seed, size, wish, stratifyBy, kind, reliability }) {
      const gen = generation;
      set({ drawing: true, error: null });
      try {
        const shares = kind === 'reliability' ? (reliability ?? null) : wish ? wishShares(wish) : null;
        const sample = await api().call('samples.create', {
          questionId,
          seed,
          size,
          ...(shares ? { sizing: shares } : {}),
          ...(stratifyBy ? { stratifyBy } : {}),
          ...(kind ? { kind } : {}),
        });
        if (gen !== generation) return null;
        set((s) => ({ samples: s.questionId === questionId ? [sample, ...s.samples] : s.samples }));
        return sample;
      } catch (err) {
        if (gen === generation) set({ error: errorMessage(err) });
        return null;
      } finally {
        if (gen === generation) set({ drawing: false });
      }
    },

    reset() {
      generation++;
      set({ ...initial });
    },
  };
});

resetsWithProject('samples', () => useSamples.getState().reset());
