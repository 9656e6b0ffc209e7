// The batched rebuild of the suggestion columns ([Note: batched suggestions]) writes what the
// one-document path writes, bit for bit: with the calibrated classifier on and off, single- and
// multi-label, documents of two windows (the stronger second), pages that cut a document, and rows out
// of window order or repeated (which go through documentFeatures itself).
import { afterEach, describe, expect, it } from 'vitest';
import type { CodebookQuestion } from '../../../common/contract';
import { activeCalibration } from '../calibration/active';
import { documentFeatures, featuresInto } from '../calibration/features';
import { plantedRows } from '../calibration/test-support/planted';
import { decidePlanted, storePlantedRun } from '../calibration/test-support/planted-project';
import { evaluationProject, type EvaluationProject } from '../evaluation/test-support/evaluation-project';
import { suggestionLabels } from '../nli/scoring/suggestion-labels';
import { currentPredictions, type PredictionRow } from '../store/prediction-store';
import type { Db } from '../store/project-db';
import { useTempDir } from '../test-support/temp-dir';
import { bulkRebuild, rebuildPages, rebuildSuggestions, topSuggestion } from './coding-state';
import { batchSuggestions } from './suggestion-batch';
import { stateSuggestion } from './state-suggestion';

const tempRoot = useTempDir();
let open: EvaluationProject[] = [];
afterEach(async () => {
  for (const p of open) await p.t.core.shutdown();
  open = [];
});

/** Every stored suggestion of the question against the one-document path (calibrated top(), else topSuggestion). */
function expectOneDocumentPath(db: Db, question: CodebookQuestion, hash: string, ids: readonly number[]): number {
  const calibrated = activeCalibration(db, question, hash);
  const { labels, partial } = suggestionLabels(db, question);
  const stored = db.prepare(
    'SELECT suggestion_label_id AS labelId, suggestion_score AS score, suggestion_margin AS margin FROM coding_state WHERE question_id = ? AND document_id = ?',
  );
  for (const id of ids) {
    const rows = currentPredictions(db, question.id, hash, [id]);
    const want = calibrated?.top(rows) ?? topSuggestion(rows, labels, question.multiLabel, partial);
    const got = stored.get(question.id, id) as { labelId: string; score: number; margin: number | null };
    expect(got.labelId).toBe(want!.labelId);
    // Object.is: the same double, not merely close.
    expect(Object.is(got.score, want!.score), `document ${id}: ${got.score} against ${want!.score}`).toBe(true);
    // The margin column (migration 10) as the run's writer computes it for one document.
    const margin = stateSuggestion(rows, labels, question.multiLabel, partial, calibrated)!.margin;
    expect(Object.is(got.margin, margin), `document ${id}: margin ${got.margin} against ${margin}`).toBe(true);
  }
  return calibrated ? 1 : 0;
}

describe('batched suggestion rebuild', () => {
  it('writes the one-document path’s suggestions bit for bit, calibrated and raw, single- and multi-label', async () => {
    const p = await evaluationProject(tempRoot(), 120, 5);
    open.push(p);
    const single = plantedRows({ n: 120, kinds: ['biased', 'swapped', 'swapped'], seed: 11 });
    const multi = plantedRows({ n: 120, kinds: ['informative', 'biased', 'noise'], seed: 12, multiLabel: true });
    const hashSingle = storePlantedRun(p.db(), p.codebook, 0, p.ids, single.features);
    const hashMulti = storePlantedRun(p.db(), p.codebook, 1, p.ids, multi.features);
    const coded = p.ids.slice(0, 60);
    await decidePlanted(p.t, p.codebook, 0, coded, single.truth.slice(0, 60));
    await decidePlanted(p.t, p.codebook, 1, coded, multi.truth.slice(0, 60));
    for (const [question, hash] of [
      [p.single, hashSingle],
      [p.multi, hashMulti],
    ] as const) {
      // Raw first (the written run's own suggestions, then a rebuild), then on, then off again.
      expect(rebuildSuggestions(p.db(), question, hash)).toBe(120);
      expect(expectOneDocumentPath(p.db(), question, hash, p.ids)).toBe(0);
      await p.t.call('calibration.set', { questionId: question.id, on: true });
      expect(expectOneDocumentPath(p.db(), question, hash, p.ids)).toBe(1);
      // Scores really moved (the calibrated classifier is not the raw softmax).
      const scores = p.db().prepare('SELECT suggestion_score FROM coding_state WHERE question_id = ?').pluck().all(question.id) as number[];
      expect(scores.length).toBe(120);
      await p.t.call('calibration.set', { questionId: question.id, on: false });
      expect(expectOneDocumentPath(p.db(), question, hash, p.ids)).toBe(0);
    }
  });

  it('reads every document of several runs under one hash, pages of document ids with gaps included', async () => {
    const p = await evaluationProject(tempRoot(), 90, 6);
    open.push(p);
    const rows = plantedRows({ n: 90, kinds: ['biased', 'swapped', 'swapped'], seed: 13 });
    // Two runs under the same hash: interleaved documents, and a gap of ids scored by neither.
    const even = p.ids.filter((_, i) => i % 2 === 0 && i < 70);
    const odd = p.ids.filter((_, i) => i % 2 === 1 || i >= 80);
    const hash = storePlantedRun(
      p.db(),
      p.codebook,
      0,
      even,
      even.map((d) => rows.features[p.ids.indexOf(d)]!),
    );
    expect(
      storePlantedRun(
        p.db(),
        p.codebook,
        0,
        odd,
        odd.map((d) => rows.features[p.ids.indexOf(d)]!),
      ),
    ).toBe(hash);
    const scored = [...even, ...odd];
    // Pages of 4 document ids: many pages, some empty (the gap), some with rows of both runs.
    rebuildPages.rows = 12;
    try {
      expect(rebuildSuggestions(p.db(), p.single, hash)).toBe(scored.length);
    } finally {
      rebuildPages.rows = 50_000;
    }
    expectOneDocumentPath(p.db(), p.single, hash, scored);
  });

  it('a bulk rebuild reads rows of a label outside the question, keeps the indexes and secure_delete as they were', async () => {
    const p = await evaluationProject(tempRoot(), 60, 7);
    open.push(p);
    const rows = plantedRows({ n: 60, kinds: ['biased', 'swapped', 'informative'], seed: 14 });
    const hash = storePlantedRun(p.db(), p.codebook, 0, p.ids, rows.features);
    const db = p.db();
    // A stray row under another question's label (the numeric page hands it over as its id).
    const runId = db.prepare('SELECT id FROM prelabel_runs WHERE model_input_hash = ?').pluck().get(hash) as string;
    db.prepare(
      'INSERT INTO predictions (run_id, document_id, label_id, window, entailment, neutral, contradiction) VALUES (?, ?, ?, 0, 9, 0, -9)',
    ).run(runId, p.ids[3], p.multi.labels[0]!.id);
    const indexes = () =>
      db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'coding_state' ORDER BY name").all();
    const before = indexes();
    const saved = bulkRebuild.threshold;
    bulkRebuild.threshold = 0;
    try {
      expect(rebuildSuggestions(db, p.single, hash)).toBe(60);
    } finally {
      bulkRebuild.threshold = saved;
    }
    expect(indexes()).toEqual(before);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(expectOneDocumentPath(db, p.single, hash, p.ids)).toBe(0);
  });

  it('features of rows in any order and repeated windows equal documentFeatures', () => {
    const labelIds = ['a', 'b', 'c'];
    const index = new Map(labelIds.map((id, j) => [id, j]));
    const row = (labelId: string, window: number, entailment: number, contradiction: number): PredictionRow => ({
      documentId: 1,
      labelId,
      window,
      entailment,
      neutral: 0,
      contradiction,
    });
    const cases: PredictionRow[][] = [
      // In window order, the stronger second window; a tie keeps the earlier window.
      [row('a', 0, 1, 2), row('a', 1, 3, 4), row('b', 0, 5, 6), row('b', 1, 5, 7), row('c', 0, -1, 0)],
      // Out of window order (documentFeatures sorts): the tie goes to window 0 all the same.
      [row('a', 2, 1, 9), row('a', 0, 1, 8), row('b', 1, 2, 2), row('b', 0, 0, 0), row('c', 3, 4, 4), row('c', 1, 4, 5)],
      // The same window twice (two runs under one hash): the first stays on a tie.
      [row('a', 0, 2, 1), row('a', 0, 2, 3), row('b', 0, 1, 1), row('c', 0, 1, 1), row('c', 0, 7, 1)],
      // A label without a row.
      [row('a', 0, 1, 1), row('c', 0, 1, 1)],
    ];
    const out = new Float64Array(6);
    const seen = new Int32Array(6);
    for (const rows of cases) {
      const want = documentFeatures(rows, labelIds);
      const ok = featuresInto(rows, index, labelIds, out, 0, seen);
      expect(ok).toBe(want !== null);
      if (want) expect(Array.from(out)).toEqual(want);
    }
    // And the raw top of such documents equals topSuggestion's.
    const labels = labelIds.map((id) => ({ id, name: id }));
    for (const multiLabel of [false, true]) {
      const got = batchSuggestions(cases, labels, multiLabel, false, null);
      cases.forEach((rows, i) =>
        expect(got[i] && { labelId: got[i].labelId, score: got[i].score }).toEqual(topSuggestion(rows, labels, multiLabel)),
      );
    }
  });
});
