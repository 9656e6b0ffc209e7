// Krippendorff's alpha for reliability data (units x coders, missing values allowed), computed from
// the coincidence matrix: nominal, ordinal, interval and ratio metrics, and set distances (MASI,
// Jaccard) for the label sets of multi-label questions. Pure: callers pass arrays. The bootstrap
// interval is krippendorff-bootstrap.ts; the per-unit contributions prepared here are what it resamples.
import { invalid } from './numeric';
import { setDistance } from './set-distance';

/** One coder's value for one unit: a label, a number (interval, ratio), a label set; null/undefined = not coded. */
export type AlphaValue = string | number | readonly string[];
export type Cell<V> = V | null | undefined;
/** Reliability data: one row per unit (document), one column per coder. */
export type ReliabilityData<V> = readonly (readonly Cell<V>[])[];

export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio' | 'masi' | 'jaccard';

export interface AlphaOptions<V> {
  level: AlphaLevel;
  /**
   * The values a coder could give, in order: required for ordinal (the scale's order; unused values
   * still count in the ordinal distance, with frequency 0); for nominal it refuses values outside it.
   */
  categories?: readonly V[];
  /** A difference function delta(c, k) replacing the level's (Krippendorff's delta^2; 0 for c = k). */
  distance?: (a: V, b: V) => number;
}

/** Why alpha has no value: no unit holds two values, or all pairable values are the same (0/0). */
export type AlphaUndefined = 'no pairable values' | 'no variation';

export interface AlphaResult<V> {
  level: AlphaLevel;
  /** 1 - D_o / D_e; null when undefined (undefinedReason says why). */
  alpha: number | null;
  undefinedReason: AlphaUndefined | null;
  /** n: values in units coded at least twice, the values alpha rests on. */
  pairableValues: number;
  /** Units with at least two values (those in the coincidence matrix). */
  pairableUnits: number;
  /** Units coded exactly once: they drop out (Krippendorff: no pair to compare). */
  unitsCodedOnce: number;
  /** Units nobody coded. */
  unitsNotCoded: number;
  /** Observed and expected disagreement; null when there are no pairable values. */
  observed: number | null;
  expected: number | null;
  /** The distinct values (the rows and columns of the coincidence matrix), and their frequencies n_c. */
  values: V[];
  marginals: number[];
  /** o_ck = sum over units of (pairs c-k in the unit) / (m_u - 1). */
  coincidences: number[][];
}

/**
 * The reliability data reduced to what alpha needs: the distinct values and, per unit, its entries
 * in the coincidence matrix. A resample of units (the bootstrap) sums the same entries.
 */
export interface PreparedAlpha<V> {
  level: AlphaLevel;
  values: V[];
  /** Number of units (rows of the data). */
  units: number;
  /** Entries of unit u: entryC/entryK/entryW from unitStart[u] to unitStart[u + 1]. */
  unitStart: Int32Array;
  entryC: Int32Array;
  entryK: Int32Array;
  entryW: Float64Array;
  /** Number of values of each unit (m_u; 0 for a unit nobody coded). */
  unitValues: Int32Array;
  /** delta(c, k) for every pair of values; recomputed from the marginals for ordinal. */
  delta: (marginals: ArrayLike<number>) => Float64Array;
  /** The same matrix computed once, where it does not depend on the marginals (every level but ordinal). */
  fixedDelta: Float64Array | null;
}

function keyOf(v: AlphaValue, level: AlphaLevel): string {
  if (level === 'masi' || level === 'jaccard') {
    if (!Array.isArray(v)) throw invalid(`The ${level} distance compares label sets; got "${String(v)}".`);
    return JSON.stringify([...new Set(v as readonly string[])].sort());
  }
  if (level === 'interval' || level === 'ratio') {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(`The ${level} metric needs numbers; got "${String(v)}".`);
    if (level === 'ratio' && v < 0) throw invalid(`The ratio metric needs values of at least 0; got ${v}.`);
    return String(v);
  }
  if (Array.isArray(v)) throw invalid(`A ${level} alpha compares single values; got a set (use the masi or jaccard level).`);
  return `${typeof v}:${String(v)}`;
}

/** Reduces the data to the per-unit coincidence entries (the values in first-seen order, or `categories`' order). */
export function prepareAlpha<V extends AlphaValue>(data: ReliabilityData<V>, options: AlphaOptions<V>): PreparedAlpha<V> {
  const { level } = options;
  const index = new Map<string, number>();
  const values: V[] = [];
  if (level === 'ordinal' && !options.categories) throw invalid('An ordinal alpha needs the ordered categories (the scale, low to high).');
  for (const c of options.categories ?? []) {
    const key = keyOf(c, level);
    if (index.has(key)) throw invalid(`The category "${String(c)}" is listed twice.`);
    index.set(key, values.length);
    values.push(c);
  }
  const fixed = options.categories !== undefined && level !== 'interval' && level !== 'ratio';
  const units = data.length;
  const unitStart = new Int32Array(units + 1);
  const unitValues = new Int32Array(units);
  const entryC: number[] = [];
  const entryK: number[] = [];
  const entryW: number[] = [];
  data.forEach((row, u) => {
    const counts = new Map<number, number>();
    let m = 0;
    for (const v of row) {
      if (v === null || v === undefined) continue;
      const key = keyOf(v, level);
      let i = index.get(key);
      if (i === undefined) {
        if (fixed) throw invalid(`The value "${String(v)}" (unit ${u}) is not one of the categories.`);
        i = values.length;
        index.set(key, i);
        values.push(level === 'masi' || level === 'jaccard' ? (JSON.parse(key) as V) : v);
      }
      counts.set(i, (counts.get(i) ?? 0) + 1);
      m++;
    }
    unitValues[u] = m;
    if (m >= 2)
      for (const [c, nc] of counts)
        for (const [k, nk] of counts) {
          const pairs = c === k ? nc * (nc - 1) : nc * nk;
          if (pairs === 0) continue;
          entryC.push(c);
          entryK.push(k);
          entryW.push(pairs / (m - 1));
        }
    unitStart[u + 1] = entryC.length;
  });
  const delta = deltaMatrix(values, options);
  return {
    level,
    values,
    units,
    unitStart,
    entryC: Int32Array.from(entryC),
    entryK: Int32Array.from(entryK),
    entryW: Float64Array.from(entryW),
    unitValues,
    delta,
    fixedDelta: level === 'ordinal' && !options.distance ? null : delta(new Float64Array(values.length)),
  };
}

/**
 * The difference function delta_ck (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability",
 * sec. E): nominal 0 if c = k else 1; ordinal (sum_{g=c}^{k} n_g - (n_c + n_k)/2)^2 over the ordered
 * categories with their frequencies n_g among the pairable values; interval (c - k)^2; ratio
 * ((c - k)/(c + k))^2; MASI and Jaccard for label sets (set-distance.ts).
 */
function deltaMatrix<V extends AlphaValue>(values: V[], options: AlphaOptions<V>): (marginals: ArrayLike<number>) => Float64Array {
  const k = values.length;
  const fill = (f: (a: number, b: number) => number): Float64Array => {
    const d = new Float64Array(k * k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) d[a * k + b] = a === b ? 0 : f(a, b);
    return d;
  };
  const custom = options.distance;
  if (custom) {
    const d = fill((a, b) => custom(values[a] as V, values[b] as V));
    return () => d;
  }
  switch (options.level) {
    case 'nominal': {
      const d = fill(() => 1);
      return () => d;
    }
    case 'interval': {
      const d = fill((a, b) => ((values[a] as number) - (values[b] as number)) ** 2);
      return () => d;
    }
    case 'ratio': {
      const d = fill((a, b) => {
        const x = values[a] as number;
        const y = values[b] as number;
        return x + y === 0 ? 0 : ((x - y) / (x + y)) ** 2;
      });
      return () => d;
    }
    case 'masi':
    case 'jaccard': {
      const level = options.level;
      const d = fill((a, b) => setDistance(values[a] as readonly string[], values[b] as readonly string[], level));
      return () => d;
    }
    case 'ordinal':
      // values[0..k) are the categories in order (prepareAlpha refuses others).
      return (marginals) =>
        fill((a, b) => {
          const lo = Math.min(a, b);
          const hi = Math.max(a, b);
          let sum = 0;
          for (let g = lo; g <= hi; g++) sum += marginals[g] as number;
          return (sum - ((marginals[a] as number) + (marginals[b] as number)) / 2) ** 2;
        });
  }
}

/**
 * Alpha of the units `sample` names (with repetition; every unit when omitted), from the coincidence
 * matrix: n_c = sum_k o_ck, n = sum_c n_c, D_o = sum_ck o_ck delta_ck / n,
 * D_e = sum_ck n_c n_k delta_ck / (n (n - 1)), alpha = 1 - D_o / D_e (Krippendorff 2011, sec. C-E;
 * Krippendorff 2004, Content Analysis, 2nd ed., ch. 11).
 */
export function alphaOfSample<V extends AlphaValue>(p: PreparedAlpha<V>, sample?: ArrayLike<number>): AlphaResult<V> {
  const k = p.values.length;
  const o = new Float64Array(k * k);
  const count = sample ? sample.length : p.units;
  let pairableUnits = 0;
  let once = 0;
  let none = 0;
  for (let s = 0; s < count; s++) {
    const u = sample ? (sample[s] as number) : s;
    const m = p.unitValues[u] as number;
    if (m === 0) none++;
    else if (m === 1) once++;
    else pairableUnits++;
    for (let e = p.unitStart[u] as number; e < (p.unitStart[u + 1] as number); e++)
      o[(p.entryC[e] as number) * k + (p.entryK[e] as number)]! += p.entryW[e] as number;
  }
  const marginals = new Float64Array(k);
  for (let c = 0; c < k; c++) for (let j = 0; j < k; j++) marginals[c]! += o[c * k + j] as number;
  const n = marginals.reduce((a, b) => a + b, 0);
  const base = {
    level: p.level,
    pairableValues: Math.round(n),
    pairableUnits,
    unitsCodedOnce: once,
    unitsNotCoded: none,
    values: [...p.values],
    marginals: Array.from(marginals, (x) => Math.round(x * 1e9) / 1e9),
    coincidences: Array.from({ length: k }, (_, c) => Array.from(o.subarray(c * k, c * k + k))),
  };
  if (pairableUnits === 0) return { ...base, alpha: null, undefinedReason: 'no pairable values', observed: null, expected: null };
  const delta = p.delta(marginals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++)
    for (let j = 0; j < k; j++) {
      const d = delta[c * k + j] as number;
      if (d === 0) continue;
      observed += (o[c * k + j] as number) * d;
      expected += (marginals[c] as number) * (marginals[j] as number) * d;
    }
  observed /= n;
  expected /= n * (n - 1);
  if (expected === 0) return { ...base, alpha: null, undefinedReason: 'no variation', observed, expected };
  return { ...base, alpha: 1 - observed / expected, undefinedReason: null, observed, expected };
}

/**
 * Krippendorff's alpha of reliability data (rows units, columns coders; null or undefined where a
 * coder did not code the unit).
 * [Note: missing values] As Krippendorff defines them: a unit's values are pairable when it has at
 * least two; a unit coded once (or not at all) drops out, and the counts say how many did; every
 * pairable value enters the coincidence matrix with weight 1/(m_u - 1), so units coded by more
 * coders do not outweigh others. No imputation.
 * [Note: undefined alpha] With no pairable value (one coder, every unit coded once) or no variation
 * (every pairable value the same: D_o = D_e = 0) alpha is 0/0: null, with undefinedReason.
 */
export function krippendorffAlpha<V extends AlphaValue>(data: ReliabilityData<V>, options: AlphaOptions<V>): AlphaResult<V> {
  return alphaOfSample(prepareAlpha(data, options));
}
