// [Note: one scale for the band] on a real project with planted logits, raw and with the calibrated
// classifier on: the documents the band's report counts inside the band are exactly those the export
// leaves to a coder (the open ones; the coded ones keep their human label) and those the queue's
// "uncertain first" brings first, and all equal the margins computed here, independently, from the
// logits (softmax across labels) or from the library's calibrated probabilities.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueItem, ThresholdsResult } from '../../../common/contract';
import { fitCalibration, predictCalibration, readCalibrationData } from '../calibration/index';
import { plantedRows } from '../calibration/test-support/planted';
import { decidePlanted, storePlantedRun } from '../calibration/test-support/planted-project';
import { evaluationProject, type EvaluationProject } from '../evaluation/test-support/evaluation-project';
import { useTempDir } from '../test-support/temp-dir';

const tempRoot = useTempDir();
let open: EvaluationProject[] = [];
afterEach(async () => {
  for (const p of open) await p.t.core.shutdown();
  open = [];
});

const RAW_BAND = 0.3;

const marginOfRow = (s: ArrayLike<number>) => {
  const sorted = Array.from(s).sort((a, b) => b - a);
  return sorted[0]! - sorted[1]!;
};

/** Softmax across labels of the entailment logits of the window the aggregation takes (window 1). */
const rawMargin = (features: number[]) => {
  const e = features.filter((_, i) => i % 2 === 0);
  const max = Math.max(...e);
  const z = e.map((v) => Math.exp(v - max));
  const sum = z.reduce((a, b) => a + b, 0);
  return marginOfRow(z.map((v) => v / sum));
};

async function queueWalk(p: EvaluationProject, scope: 'open' | 'all'): Promise<QueueItem[]> {
  const items: QueueItem[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await p.t.call('annotate.queue', {
      questionId: p.single.id,
      order: 'uncertain_first',
      scope,
      limit: 50,
      ...(after ? { after } : {}),
    });
    items.push(...page.items);
    if (page.items.length < 50) return items;
    after = page.items[page.items.length - 1]!.key;
  }
}

async function exportRows(p: EvaluationProject, name: string) {
  const path = join(tempRoot(), `${name}.jsonl`);
  const started = await p.t.call('export.start', { questionId: p.single.id, format: 'jsonl', filter: 'all', path });
  expect((await p.t.waitForJob(started.jobId)).status).toBe('done');
  const manifest = JSON.parse(readFileSync(`${path}.manifest.json`, 'utf8')) as { thresholds?: Record<string, unknown> };
  const rows = readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; model_stale: boolean | null; final_label_source: string | null });
  return { rows, manifest };
}

/** The report, the export and the queue against the independent margins `m` (by document id). */
async function agree(
  p: EvaluationProject,
  coded: Set<number>,
  m: Map<number, number>,
  band: number,
  scale: 'raw' | 'calibrated',
  name: string,
) {
  await p.t.call('thresholds.setBand', { questionId: p.single.id, margin: band });
  const report: ThresholdsResult = await p.t.call('thresholds.get', { questionId: p.single.id });
  const r = report.band!;
  expect(r.scale).toBe(scale);
  expect(report.appliesTo!.text).toMatch(/"Uncertain first" queue all use them/);
  const byMargin = (a: number, b: number) => m.get(a)! - m.get(b)! || a - b;
  const inside = p.ids.filter((d) => m.get(d)! < band).sort(byMargin);
  expect(inside.length).toBeGreaterThan(10);
  expect(inside.length).toBeLessThan(150);
  expect(r.scored).toBe(160);
  expect(r.current).toMatchObject({ margin: band, corpus: inside.length, coded: inside.filter((d) => coded.has(d)).length });
  // Every candidate margin counts the same documents as computed here.
  for (const c of r.candidates) expect(c.corpus).toBe(p.ids.filter((d) => m.get(d)! < c.margin).length);

  // The export: the open documents inside the band have no final label (left to a coder); the coded ones keep theirs.
  const { rows, manifest } = await exportRows(p, name);
  const idOf = (external: string) => p.ids[Number(external.slice(1)) - 1]!;
  const left = rows.filter((r) => r.model_stale === false && r.final_label_source === null).map((r) => idOf(r.id));
  const openInside = inside.filter((d) => !coded.has(d));
  expect([...left].sort((a, b) => a - b)).toEqual([...openInside].sort((a, b) => a - b));
  expect(r.current!.corpus - r.current!.coded).toBe(left.length);
  expect(manifest.thresholds).toMatchObject({ uncertainBand: band, uncertainBandScale: scale });

  // The queue: those same open documents first, smallest margin first; in scope all, every document inside.
  const queue = await queueWalk(p, 'open');
  const first = queue.filter((i) => (JSON.parse(i.key) as number[])[0] === 0).map((i) => i.document.id);
  expect(first).toEqual(openInside);
  expect(queue.slice(0, first.length).map((i) => i.document.id)).toEqual(first);
  const all = await queueWalk(p, 'all');
  expect(all.filter((i) => (JSON.parse(i.key) as number[])[0] === 0).map((i) => i.document.id)).toEqual(inside);
  return inside;
}

describe('the uncertain band on one scale', () => {
  it('raw, then with the calibrated classifier on: the report counts, the export leaves to a coder and the queue brings first the same documents', async () => {
    const p = await evaluationProject(tempRoot(), 160, 3);
    open.push(p);
    const planted = plantedRows({ n: 160, kinds: ['swapped', 'swapped', 'biased'], seed: 9, bias: 2 });
    const hash = storePlantedRun(p.db(), p.codebook, 0, p.ids, planted.features);
    await decidePlanted(p.t, p.codebook, 0, p.ids.slice(0, 120), planted.truth.slice(0, 120));
    const coded = new Set(p.ids.slice(0, 120));

    const raw = new Map(p.ids.map((d, i) => [d, rawMargin(planted.features[i]!)]));
    await agree(p, coded, raw, RAW_BAND, 'raw', 'raw');

    await p.t.call('calibration.set', { questionId: p.single.id, on: true });
    // The calibrated margins from the library's fit on the same decisions.
    const data = readCalibrationData(p.db(), p.single, hash);
    const model = fitCalibration(
      data,
      data.documents.map((_, i) => i),
    );
    const probs = predictCalibration(model, { x: Float64Array.from(planted.features.flat()), n: 160, d: 6 });
    const calibrated = new Map(p.ids.map((d, i) => [d, marginOfRow(probs.subarray(i * 3, i * 3 + 3))]));
    // The classifier is surer than raw zero-shot here: a band that holds about a quarter of its margins.
    const quarter = [...calibrated.values()].sort((a, b) => a - b)[40]!;
    const band = Math.min(0.99, Math.ceil(quarter * 100) / 100);
    const calibratedInside = await agree(p, coded, calibrated, band, 'calibrated', 'calibrated');
    // The scale matters: at the same margin, the raw margins would put other documents inside.
    const rawAtBand = p.ids.filter((d) => raw.get(d)! < band);
    expect(new Set(rawAtBand)).not.toEqual(new Set(calibratedInside));

    // Off again: the raw band, as before.
    await p.t.call('calibration.set', { questionId: p.single.id, on: false });
    const again = await agree(p, coded, raw, band, 'raw', 'raw-again');
    expect(new Set(again)).toEqual(new Set(rawAtBand));
  });
});
