// The methods paragraph names the uncertain band on a small project with planted logits: the exact
// sentence, with its counts and the model's accuracy inside and outside the band computed here,
// independently, from the logits (softmax across labels) or from the library's calibrated
// probabilities, and the in-sample caveat while the calibrated classifier is on; no sentence while
// no band is set or for a multi-label question.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fitCalibration, predictCalibration, readCalibrationData } from '../calibration/index';
import { plantedRows } from '../calibration/test-support/planted';
import { decidePlanted, storePlantedRun } from '../calibration/test-support/planted-project';
import { evaluationProject, type EvaluationProject } from '../evaluation/test-support/evaluation-project';
import { useTempDir } from '../test-support/temp-dir';
import { bandMethodsText } from './methods-band';

const tempRoot = useTempDir();
let open: EvaluationProject[] = [];
afterEach(async () => {
  for (const p of open) await p.t.core.shutdown();
  open = [];
});

const N = 40;
const CODED = 30;

const unescape = (s: string) => s.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');

/** The report's methods paragraphs, as text. */
async function methods(p: EvaluationProject, questionId: string, name: string): Promise<string[]> {
  const written = await p.t.call('report.write', {
    questionId,
    against: 'human',
    bootstrap: { replicates: 100, seed: 1 },
    path: join(tempRoot(), `${name}.html`),
  });
  const html = readFileSync(written.path, 'utf8');
  const div = /<div class="methods">(.*?)<\/div>/s.exec(html)![1]!;
  return [...div.matchAll(/<p>(.*?)<\/p>/gs)].map((m) => unescape(m[1]!));
}

/** Top-two margin and most probable label of one row of probabilities. */
function top(probs: ArrayLike<number>): { margin: number; label: number } {
  const xs = Array.from(probs);
  const order = xs.map((_, i) => i).sort((a, b) => xs[b]! - xs[a]!);
  return { margin: xs[order[0]!]! - xs[order[1]!]!, label: order[0]! };
}

function softmaxOfEntailment(features: number[]): number[] {
  const e = features.filter((_, i) => i % 2 === 0);
  const max = Math.max(...e);
  const z = e.map((v) => Math.exp(v - max));
  const sum = z.reduce((a, b) => a + b, 0);
  return z.map((v) => v / sum);
}

const pct = (right: number, n: number) => `${((right / n) * 100).toFixed(1)}%`;

/** The sentence expected from margins and labels computed here, for the first CODED documents coded with `truth`. */
function expected(rows: Array<{ margin: number; label: number }>, truth: number[][], band: number, scale: 'raw' | 'calibrated'): string {
  const inside = rows.filter((r) => r.margin < band).length;
  const coded = rows.slice(0, CODED).map((r, i) => ({ inside: r.margin < band, right: r.label === truth[i]![0] }));
  const codedIn = coded.filter((r) => r.inside);
  const codedOut = coded.filter((r) => !r.inside);
  expect(codedIn.length).toBeGreaterThan(1);
  expect(codedOut.length).toBeGreaterThan(1);
  const scaleText =
    scale === 'raw'
      ? 'the softmax across labels of the zero-shot entailment scores (the probabilities the suggestions used)'
      : "the calibrated classifier's probabilities (those the suggestions used)";
  return (
    `Uncertain band: documents whose two most probable labels differed by less than ${band} in ${scaleText} were left to the coders and were not given the model's label in exports (a human label, where there was one, was kept); ${inside} of the ${N} scored units fell inside the band. ` +
    `On the ${CODED} documents coded by humans outside the validation samples, the model's accuracy was ${pct(codedIn.filter((r) => r.right).length, codedIn.length)} inside the band (${codedIn.length} documents) and ${pct(codedOut.filter((r) => r.right).length, codedOut.length)} outside it (${codedOut.length} documents).` +
    (scale === 'calibrated' ? ' These accuracies are in-sample: the calibrated classifier was trained on these coded documents.' : '')
  );
}

/** A margin holding about the `q`-th share of `rows`' margins, on two decimals. */
const bandAtShare = (rows: Array<{ margin: number }>, q: number) =>
  Math.ceil(rows.map((r) => r.margin).sort((a, b) => a - b)[Math.floor(q * rows.length)]! * 100) / 100;

describe('the methods paragraph and the uncertain band', () => {
  it('says which documents were left to coders, how many, and the accuracy inside and outside, raw and calibrated', async () => {
    const p = await evaluationProject(tempRoot(), N, 3);
    open.push(p);
    const planted = plantedRows({ n: N, kinds: ['swapped', 'biased', 'informative'], seed: 5, bias: 2 });
    const hash = storePlantedRun(p.db(), p.codebook, 0, p.ids, planted.features);
    await decidePlanted(p.t, p.codebook, 0, p.ids.slice(0, CODED), planted.truth.slice(0, CODED));
    const bandParagraph = (ps: string[]) => ps.filter((x) => x.startsWith('Uncertain band:'));

    // No band set: no sentence; the multi-label question never has one.
    expect(bandParagraph(await methods(p, p.single.id, 'off'))).toEqual([]);

    const raw = planted.features.map((f) => top(softmaxOfEntailment(f)));
    const rawBand = bandAtShare(raw, 0.4);
    await p.t.call('thresholds.setBand', { questionId: p.single.id, margin: rawBand });
    const rawText = bandParagraph(await methods(p, p.single.id, 'raw'));
    expect(rawText).toEqual([expected(raw, planted.truth, rawBand, 'raw')]);
    // After the validation numbers, before prevalence and anchoring.
    const all = await methods(p, p.single.id, 'raw-order');
    expect(all.findIndex((x) => x.startsWith('Uncertain band:'))).toBe(all.findIndex((x) => x.startsWith('Against the human labels')) + 1);
    expect(bandParagraph(await methods(p, p.multi.id, 'multi'))).toEqual([]);

    // The calibrated classifier on: its probabilities, from the library's fit on the same decisions.
    await p.t.call('calibration.set', { questionId: p.single.id, on: true });
    const data = readCalibrationData(p.db(), p.single, hash);
    const model = fitCalibration(
      data,
      data.documents.map((_, i) => i),
    );
    const probs = predictCalibration(model, { x: Float64Array.from(planted.features.flat()), n: N, d: 6 });
    const calibrated = p.ids.map((_, i) => top(probs.subarray(i * 3, i * 3 + 3)));
    const calBand = bandAtShare(calibrated, 0.4);
    await p.t.call('thresholds.setBand', { questionId: p.single.id, margin: calBand });
    expect(bandParagraph(await methods(p, p.single.id, 'calibrated'))).toEqual([
      expected(calibrated, planted.truth, calBand, 'calibrated'),
    ]);

    // Off again: no sentence.
    await p.t.call('thresholds.setBand', { questionId: p.single.id, margin: null });
    expect(bandParagraph(await methods(p, p.single.id, 'off-again'))).toEqual([]);
  });
});

describe('bandMethodsText', () => {
  const at = { margin: 0.2, coded: 0, accuracyInside: null, accuracyOutside: 0.75, corpus: 3 };
  const report = { margin: 0.2, current: at, candidates: [], scored: 10, coded: 4, scale: 'raw' as const };
  it('says so when no coded document fell inside the band, or none was coded', () => {
    expect(bandMethodsText(report)).toMatch(
      / 3 of the 10 scored units fell inside the band\. On the 4 documents coded by humans outside the validation samples, no coded document fell inside the band and the model's accuracy was 75\.0% outside it \(4 documents\)\.$/,
    );
    expect(bandMethodsText({ ...report, coded: 0, current: { ...at, accuracyOutside: null } })).toMatch(
      /fell inside the band\. No human-coded document outside the validation samples had a current prediction, so the model's accuracy inside and outside the band was not measured\.$/,
    );
    expect(bandMethodsText({ ...report, margin: null, current: null })).toBeNull();
    expect(bandMethodsText(null)).toBeNull();
  });
});
