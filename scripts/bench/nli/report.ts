// bench:nli's tables: every row by length bucket in wall pairs/s and in CPU time a pair, each
// option against the row it changes, and int8 against fp32 with issue 18's goal. Medians over the
// repetitions; CPU time is what stays comparable on a shared machine (another process's load
// lengthens the wall time of a run far more than the CPU time the run itself needs).
import type { RowSpec } from './rows';

export const SCOPES = ['64', '128', '512', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

export interface Measure {
  /** Pairs the model scored (for the pipeline: every pair). */
  pairs: number;
  /** Pairs stored: scored plus copied from identical inputs (the texts' pairs). */
  storedPairs: number;
  seconds: number;
  flops: number;
  /** CPU time of the engine's processes (ms); null where /proc could not be read. */
  cpuMs: number | null;
  tokens?: number;
  paddedTokens?: number;
  runMs?: number;
  childIdleMs?: number;
  processes?: number;
  reusedPairs?: number;
  coreMsPerPair?: number;
  otherCores?: number | null;
}

export interface EngineRep {
  /** The row's name (pipeline, fp32 and int8 as before issue 18's rows were added). */
  engine: string;
  rep: number;
  byScope: Partial<Record<Scope, Measure>>;
  loadMs: number;
  sessionLoadMs?: number;
  loads?: {
    uncachedSession: number;
    firstSession: number;
    firstCache: string;
    laterSession: number;
    laterCache: string;
    firstSelect: number;
    uncachedRss: number;
  };
  rss: { process: number; inference?: number };
  busyBefore: number | null;
  /** CPU (in cores) that processes outside the engine's own used during its run. */
  otherCores: number | null;
  threads?: number;
  calibration?: unknown;
}

/** A row's logits against its base row's (and, for int8 rows, the top label against fp32's). */
export interface RowDiff {
  compared: number;
  maxLogitDiff: number;
  pairsDiffering: number;
  topAgreementWithFp32?: number;
}

export const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
export const spread = (xs: number[], digits = 1) =>
  xs.length > 1 ? ` (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})` : '';
export const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? 'n/a' : `${(100 * x).toFixed(0)}%`);

const rate = (m: Measure) => m.storedPairs / m.seconds;
const cpuPerPair = (m: Measure) => (m.cpuMs === null ? NaN : m.cpuMs / m.storedPairs);
const gflops = (m: Measure) => m.flops / m.seconds / 1e9;
const bucketHead = (s: Scope) => (s === 'all' ? 'all' : `<= ${s}`);

export interface Summary {
  /** Per row and scope: medians of wall pairs/s and CPU ms a pair. */
  medians: Record<string, Record<Scope, { pairsPerSecond: number; cpuMsPerPair: number }>>;
  /** Per option row: its base's CPU ms a pair over its own (> 1: the option is faster), and its wall pairs/s over the base's. */
  options: Array<{ row: string; base: string; option: string; byScope: Record<Scope, { cpu: number; wall: number }>; diff?: RowDiff }>;
  /** Per int8 row against Prelabel fp32: wall and CPU ratios by scope. */
  int8VsFp32: Array<{ row: string; byScope: Record<Scope, { wall: number; cpu: number }> }>;
}

export function printReport(o: {
  rows: RowSpec[];
  results: EngineRep[];
  reps: number;
  peakFp32: number;
  peakInt8: number;
  diffs: Record<string, RowDiff>;
}): Summary {
  const { rows, results } = o;
  const values = (row: string, s: Scope, f: (m: Measure) => number) =>
    results.filter((r) => r.engine === row && r.byScope[s]).map((r) => f(r.byScope[s]!));
  const med = (row: string, s: Scope, f: (m: Measure) => number) => median(values(row, s, f));
  const has = (name: string) => rows.some((r) => r.name === name);
  const summary: Summary = { medians: {}, options: [], int8VsFp32: [] };
  for (const r of rows) {
    summary.medians[r.name] = Object.fromEntries(
      SCOPES.map((s) => [s, { pairsPerSecond: med(r.name, s, rate), cpuMsPerPair: med(r.name, s, cpuPerPair) }]),
    ) as Record<Scope, { pairsPerSecond: number; cpuMsPerPair: number }>;
  }

  console.log('');
  console.log(
    `Wall pairs/s by length bucket (longest pair of a text), median of ${o.reps} run(s) (min–max); "all" is the three buckets together:`,
  );
  console.log(`| row | ${SCOPES.map((s) => `${bucketHead(s)} tokens`).join(' | ')} | GFLOP/s (all) | of its MatMul peak | x pipeline |`);
  console.log(`|---|${SCOPES.map(() => '---:').join('|')}|---:|---:|---:|`);
  const pipeAll = has('pipeline') ? med('pipeline', 'all', rate) : NaN;
  for (const r of rows) {
    const cells = SCOPES.map((s) => `${med(r.name, s, rate).toFixed(1)}${spread(values(r.name, s, rate))}`);
    const g = values(r.name, 'all', gflops);
    const peak = r.precision === 'int8' ? o.peakInt8 : o.peakFp32;
    const xPipe = r.texts === 'sample' ? (median(values(r.name, 'all', rate)) / pipeAll).toFixed(2) : '—';
    console.log(`| ${r.label} | ${cells.join(' | ')} | ${median(g).toFixed(0)}${spread(g, 0)} | ${pct(median(g) / peak)} | ${xPipe} |`);
  }

  console.log('');
  console.log(`CPU ms a pair by length bucket (the engine's processes: core and inference, or the pipeline's one), median of ${o.reps}:`);
  console.log(
    `| row | ${SCOPES.map((s) => `${bucketHead(s)} tokens`).join(' | ')} | core ms a pair | threads | pairs reused | other processes (cores) |`,
  );
  console.log(`|---|${SCOPES.map(() => '---:').join('|')}|---:|---:|---:|---:|`);
  for (const r of rows) {
    const mine = results.filter((x) => x.engine === r.name);
    const cells = SCOPES.map((s) => `${med(r.name, s, cpuPerPair).toFixed(2)}${spread(values(r.name, s, cpuPerPair), 2)}`);
    const core = r.kind === 'prelabel' ? med(r.name, 'all', (m) => m.coreMsPerPair ?? NaN).toFixed(3) : '—';
    const threads = [...new Set(mine.map((x) => x.threads))].join('/');
    const reused = r.kind === 'prelabel' ? String(med(r.name, 'all', (m) => m.reusedPairs ?? 0)) : '—';
    const others = mine.map((x) => x.otherCores ?? NaN).filter(Number.isFinite);
    console.log(
      `| ${r.label} | ${cells.join(' | ')} | ${core} | ${threads} | ${reused} | ${others.length ? `${median(others).toFixed(2)}${spread(others, 2)}` : 'n/a'} |`,
    );
  }

  const optionRows = rows.filter((r) => r.base && has(r.base));
  if (optionRows.length) {
    console.log('');
    console.log(
      "Each option on and off: the base row's CPU ms a pair over the row's (> 1: the row needs less CPU) / the row's wall pairs/s over the base's, by bucket (medians):",
    );
    console.log(
      `| row | against | ${SCOPES.map((s) => `${bucketHead(s)}: CPU / wall`).join(' | ')} | max abs logit diff vs against (pairs not bit-identical) |`,
    );
    console.log(`|---|---|${SCOPES.map(() => '---:').join('|')}|---:|`);
    for (const r of optionRows) {
      const base = rows.find((x) => x.name === r.base)!;
      const byScope = Object.fromEntries(
        SCOPES.map((s) => [
          s,
          { cpu: med(base.name, s, cpuPerPair) / med(r.name, s, cpuPerPair), wall: med(r.name, s, rate) / med(base.name, s, rate) },
        ]),
      ) as Record<Scope, { cpu: number; wall: number }>;
      const d = o.diffs[r.name];
      summary.options.push({ row: r.name, base: base.name, option: r.option!, byScope, diff: d });
      const cells = SCOPES.map((s) => `${byScope[s].cpu.toFixed(2)} / ${byScope[s].wall.toFixed(2)}`);
      const diff = d ? `${d.maxLogitDiff.toExponential(1)} (${d.pairsDiffering} of ${d.compared})` : 'n/a';
      console.log(`| ${r.label} | ${base.label} | ${cells.join(' | ')} | ${diff} |`);
    }
  }

  const int8Rows = rows.filter((r) => r.precision === 'int8' && r.texts === 'sample');
  if (has('fp32') && int8Rows.length) {
    console.log('');
    console.log('int8 against Prelabel fp32 (the `fp32` row), by bucket: wall pairs/s ratio (CPU ms a pair ratio), medians:');
    console.log(`| int8 row | ${SCOPES.map((s) => `${bucketHead(s)} tokens`).join(' | ')} | top label = fp32's |`);
    console.log(`|---|${SCOPES.map(() => '---:').join('|')}|---:|`);
    for (const r of int8Rows) {
      const byScope = Object.fromEntries(
        SCOPES.map((s) => [
          s,
          { wall: med(r.name, s, rate) / med('fp32', s, rate), cpu: med('fp32', s, cpuPerPair) / med(r.name, s, cpuPerPair) },
        ]),
      ) as Record<Scope, { wall: number; cpu: number }>;
      summary.int8VsFp32.push({ row: r.name, byScope });
      const agree = o.diffs[r.name]?.topAgreementWithFp32;
      console.log(
        `| ${r.label} | ${SCOPES.map((s) => `${byScope[s].wall.toFixed(2)}x (${byScope[s].cpu.toFixed(2)}x)`).join(' | ')} | ${agree === undefined ? 'n/a' : pct(agree)} |`,
      );
    }
    const main = summary.int8VsFp32.find((x) => x.row === 'int8');
    const best = [...summary.int8VsFp32].sort((a, b) => b.byScope['64'].wall - a.byScope['64'].wall)[0]!;
    const verdict = (x: number) => (x >= 2 ? 'met' : 'MISSED');
    if (main) {
      console.log(
        `Goal (issue 18): int8 >= 2x Prelabel fp32 on texts <= 64 tokens: the default int8 ${main.byScope['64'].wall.toFixed(2)}x by wall pairs/s (${verdict(main.byScope['64'].wall)}), ${main.byScope['64'].cpu.toFixed(2)}x by CPU a pair (${verdict(main.byScope['64'].cpu)}); best int8 row by wall: ${best.row} ${best.byScope['64'].wall.toFixed(2)}x.`,
      );
    }
  }
  return summary;
}
