// Test support: stored-logit data with a planted truth (seeded). Each label's logits follow one of
// four kinds: 'informative' (the label's entailment is high when it is the truth), 'swapped' (paired
// with another swapped label: each fires for the other's truth), 'biased' (informative, plus a
// constant added to its entailment for every document: raw zero-shot over-predicts it) and 'noise'
// (unrelated to the truth). Used by the planted-signal tests, the project test and the benchmark.
import { mulberry32 } from '../../seeded-random';
import type { CalibrationSet } from '../classifier';

export type LabelKind = 'informative' | 'swapped' | 'biased' | 'noise';

export interface PlantedOptions {
  n: number;
  kinds: readonly LabelKind[];
  seed: number;
  multiLabel?: boolean;
  /** Multi-label: the chance each label applies (0.3). */
  rate?: number;
  /** Signal strength: the entailment gap of a true label (2.5). */
  signal?: number;
  /** The biased labels' added entailment (3). */
  bias?: number;
  /** Rows per group (1: every row its own document; 2: two units of one parent...). */
  perGroup?: number;
}

/** Standard normal from two uniforms (Box-Muller). */
export function normal(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Entailment and contradiction logits of every label, [e_1, c_1, e_2, c_2, ...], and the truth. */
export function plantedRows(o: PlantedOptions): { features: number[][]; truth: number[][] } {
  const rng = mulberry32(o.seed);
  const k = o.kinds.length;
  const signal = o.signal ?? 2.5;
  const bias = o.bias ?? 3;
  const swapped = o.kinds.map((kind, j) => (kind === 'swapped' ? j : -1)).filter((j) => j >= 0);
  const partner = new Map<number, number>();
  for (let s = 0; s + 1 < swapped.length; s += 2) {
    partner.set(swapped[s]!, swapped[s + 1]!);
    partner.set(swapped[s + 1]!, swapped[s]!);
  }
  const features: number[][] = [];
  const truth: number[][] = [];
  for (let i = 0; i < o.n; i++) {
    const labels = o.multiLabel ? o.kinds.map((_, j) => j).filter(() => rng() < (o.rate ?? 0.3)) : [Math.min(k - 1, Math.floor(rng() * k))];
    const row: number[] = [];
    for (let j = 0; j < k; j++) {
      const kind = o.kinds[j]!;
      const evidence = kind === 'noise' ? false : labels.includes(kind === 'swapped' ? (partner.get(j) ?? j) : j);
      let e = normal(rng) + (evidence ? signal : 0);
      if (kind === 'biased') e += bias;
      const c = -0.8 * (evidence ? signal : 0) + normal(rng) * 0.8 - (o.multiLabel ? 0 : 0.5 * e);
      row.push(e, c);
    }
    features.push(row);
    truth.push(labels);
  }
  return { features, truth };
}

/** A CalibrationSet of planted rows; row i is document 1000 + i. */
export function plantedSet(o: PlantedOptions, blind: ReadonlySet<number> = new Set()): CalibrationSet {
  const { features, truth } = plantedRows(o);
  const k = o.kinds.length;
  const d = 2 * k;
  const x = new Float64Array(o.n * d);
  features.forEach((r, i) => x.set(r, i * d));
  const perGroup = o.perGroup ?? 1;
  return {
    labelIds: o.kinds.map((kind, j) => `${kind}-${j}`),
    multiLabel: o.multiLabel ?? false,
    documents: features.map((_, i) => 1000 + i),
    groups: features.map((_, i) => 1000 + Math.floor(i / perGroup) * perGroup),
    features: { x, n: o.n, d },
    truth,
    blind,
  };
}
