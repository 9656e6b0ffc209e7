// Intra-op threads chosen by measurement: the first time a model is used on a machine, a short run
// through the real inference process at 1..physical cores threads picks the fastest, and the
// choice is remembered in the app data folder's settings.json, per machine and model file.
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { PrelabelError } from '../../../../common/contract';
import { updateFile } from '../../fs/atomic-write';
import { settingsFile } from '../../models/model-settings';
import { physicalCores } from './cpu-cores';
import { LoadWatch, loadNow, type MachineLoad } from './machine-load';
import type { InferenceClient } from './inference-client';

/**
 * [Note: thread calibration] onnxruntime's best intra-op thread count is not always the physical
 * core count: on a 2-core laptop whose second core also tokenises and writes, or on a VM whose
 * vCPUs share cores, fewer threads can be as fast and leave room for the rest. So the first use
 * of a model on a machine measures it: for each count from 1 to the physical cores, the model is
 * loaded with that many threads and a fixed short batch (16 pairs of 48 tokens, the common case
 * of reviews and posts) runs until `budgetMs / counts` has passed (at least 3 runs after one
 * warm-up); the median pairs/s wins, and a smaller count within 5% of the best is taken instead
 * (the same speed for fewer cores). The choice is stored under `threadChoices[machine][model
 * sha256]` in settings.json (other keys kept, written under its lock) with when it was measured,
 * the timings and the machine's load meanwhile (machine-load.ts: the CPU other processes used
 * during the timed runs), so a later run, in the app or the CLI, reuses it without measuring; an
 * explicit --threads always wins and is not stored.
 * A choice measured while other processes used the CPU (a build, a browser, another run) is not
 * the machine's own: it is used for that run and stored flagged busy, and a later use checks the
 * load for LOAD_CHECK_MS first: on a quiet machine it measures again (and keeps that), while still
 * busy it reuses the flagged choice rather than measure under load again. `prelabel threads`
 * shows, re-measures or forgets the stored choice.
 */
export interface ThreadChoice {
  threads: number;
  /** Median pairs/s measured at each count. */
  measured: Array<{ threads: number; pairsPerSecond: number }>;
  at: string;
  /** The machine's load while measuring (choices stored before it was recorded have none). */
  load?: MachineLoad;
}

export type ThreadSource = 'override' | 'stored' | 'calibrated';

const BATCH = 16;
const TOKENS = 48;
const SAME_SPEED = 0.95;
/** How long a later use watches the load before measuring again over a choice stored as busy. */
export const LOAD_CHECK_MS = 300;

/** This machine as far as thread choice goes: CPU model, logical CPUs, physical cores, platform. */
export function machineKey(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${model} | ${cpus().length} logical | ${physicalCores()} cores | ${process.platform}-${process.arch}`;
}

function readChoices(dataDir: string): Record<string, Record<string, ThreadChoice>> {
  try {
    const settings = JSON.parse(readFileSync(settingsFile(dataDir), 'utf8')) as { threadChoices?: unknown };
    const c = settings.threadChoices;
    return typeof c === 'object' && c !== null && !Array.isArray(c) ? (c as Record<string, Record<string, ThreadChoice>>) : {};
  } catch {
    return {};
  }
}

export function readThreadChoice(dataDir: string, modelSha256: string, machine = machineKey()): ThreadChoice | null {
  const c = readChoices(dataDir)[machine]?.[modelSha256];
  return c && Number.isInteger(c.threads) && c.threads >= 1 ? c : null;
}

export function writeThreadChoice(dataDir: string, modelSha256: string, choice: ThreadChoice, machine = machineKey()): void {
  updateChoices(dataDir, (all) => {
    all[machine] = { ...(all[machine] ?? {}), [modelSha256]: choice };
  });
}

/** Forgets the stored choice of this machine and model (the next use measures again); false when there was none. */
export function forgetThreadChoice(dataDir: string, modelSha256: string, machine = machineKey()): boolean {
  if (!readChoices(dataDir)[machine]?.[modelSha256]) return false;
  updateChoices(dataDir, (all) => {
    const mine = { ...(all[machine] ?? {}) };
    delete mine[modelSha256];
    if (Object.keys(mine).length > 0) all[machine] = mine;
    else delete all[machine];
  });
  return true;
}

/** Changes settings.json's threadChoices under its lock, keeping every other key. */
function updateChoices(dataDir: string, change: (all: Record<string, Record<string, ThreadChoice>>) => void): void {
  updateFile(settingsFile(dataDir), (text) => {
    let settings: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(text ?? '{}');
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) settings = parsed as Record<string, unknown>;
    } catch {
      // an unreadable settings file is rewritten with this key, as model-settings.ts does
    }
    const all = readChoicesFrom(settings);
    change(all);
    settings.threadChoices = all;
    return JSON.stringify(settings, null, 2);
  });
}

function readChoicesFrom(settings: Record<string, unknown>): Record<string, Record<string, ThreadChoice>> {
  const c = settings.threadChoices;
  return typeof c === 'object' && c !== null && !Array.isArray(c) ? { ...(c as Record<string, Record<string, ThreadChoice>>) } : {};
}

/** A fixed batch of short pairs: <s> ids </s></s> ids </s> with ids every vocabulary has. */
function calibrationBatch(): { inputIds: BigInt64Array; attentionMask: BigInt64Array } {
  const inputIds = new BigInt64Array(BATCH * TOKENS);
  for (let b = 0; b < BATCH; b++) {
    for (let t = 0; t < TOKENS; t++) inputIds[b * TOKENS + t] = BigInt(5 + ((b * 31 + t * 7) % 90));
    inputIds[b * TOKENS] = 0n;
    inputIds[b * TOKENS + TOKENS - 1] = 2n;
  }
  return { inputIds, attentionMask: new BigInt64Array(BATCH * TOKENS).fill(1n) };
}

/** Called before each thread count is measured: `step` of `steps` (the counts 1..steps). */
export type CalibrationStep = (step: number, steps: number) => void;

/** Measures 1..maxThreads through `client` and returns the choice with the machine's load meanwhile (not stored). */
export async function calibrateThreads(
  client: InferenceClient,
  onnxPath: string,
  opts: { maxThreads?: number; budgetMs?: number; output?: string; onStep?: CalibrationStep } = {},
): Promise<ThreadChoice> {
  const maxThreads = opts.maxThreads ?? physicalCores();
  const perCount = (opts.budgetMs ?? 3000) / maxThreads;
  const batch = { ...calibrationBatch(), batch: BATCH, sequence: TOKENS, output: opts.output ?? 'logits' };
  const measured: ThreadChoice['measured'] = [];
  // Only the timed runs are watched: loading a model is not what the choice is about.
  const watch = new LoadWatch(() => client.pids);
  for (let threads = 1; threads <= maxThreads; threads++) {
    opts.onStep?.(threads, maxThreads);
    await client.load(onnxPath, threads);
    await client.run(batch);
    const rates: number[] = [];
    await watch.during(async () => {
      const started = performance.now();
      while (rates.length < 3 || performance.now() - started < perCount) {
        const t0 = performance.now();
        await client.run(batch);
        rates.push((BATCH * 1000) / (performance.now() - t0));
      }
    });
    rates.sort((a, b) => a - b);
    measured.push({ threads, pairsPerSecond: rates[Math.floor(rates.length / 2)]! });
  }
  const best = Math.max(...measured.map((m) => m.pairsPerSecond));
  const threads = measured.find((m) => m.pairsPerSecond >= SAME_SPEED * best)!.threads;
  return { threads, measured, at: new Date().toISOString(), load: watch.result() };
}

/**
 * The threads a run uses: `override` (--threads) when given, else the stored choice for this
 * machine and model, else a calibration run whose choice is stored (flagged when the machine was
 * busy; a choice stored flagged is measured again once the machine is quiet). `remeasure`
 * measures even when a choice is stored (`prelabel threads --remeasure`).
 */
export async function chooseThreads(opts: {
  client: InferenceClient;
  dataDir: string;
  onnxPath: string;
  modelSha256: string;
  override?: number;
  maxThreads?: number;
  budgetMs?: number;
  /** The model's logits output (default 'logits'). */
  output?: string;
  remeasure?: boolean;
  onStep?: CalibrationStep;
}): Promise<{ threads: number; source: ThreadSource; choice?: ThreadChoice; kept?: boolean }> {
  if (opts.override !== undefined) {
    if (!Number.isInteger(opts.override) || opts.override < 1) {
      throw new PrelabelError('INVALID_INPUT', `--threads must be a whole number of at least 1 (got ${opts.override}).`);
    }
    return { threads: opts.override, source: 'override' };
  }
  const previous = readThreadChoice(opts.dataDir, opts.modelSha256);
  const stored = opts.remeasure ? null : previous;
  if (stored && !stored.load?.busy) return { threads: stored.threads, source: 'stored', choice: stored };
  // Stored while busy: measured again only on a quiet machine (under load it would be as skewed).
  if (stored && (await loadNow(LOAD_CHECK_MS, () => opts.client.pids)).busy) {
    return { threads: stored.threads, source: 'stored', choice: stored };
  }
  const choice = await calibrateThreads(opts.client, opts.onnxPath, {
    maxThreads: opts.maxThreads,
    budgetMs: opts.budgetMs,
    output: opts.output,
    onStep: opts.onStep,
  });
  // A busy re-measurement never replaces a choice measured on a quiet machine.
  const kept = !(choice.load?.busy && previous && !previous.load?.busy);
  if (kept) writeThreadChoice(opts.dataDir, opts.modelSha256, choice);
  return { threads: choice.threads, source: 'calibrated', choice, kept };
}
