// The coding state checked against numbers computed here: a rebuild over more prediction rows than
// one chunk (30,000) gives every document its suggestion, label and score as the zero-shot softmax
// says; the bulk path drops and recreates the suggestion indexes exactly; the accepted flag needs the
// exact label set the coder saw; a rebuild of the whole state from the log gives the same state.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { modelInputHash } from '../codebook/hypotheses';
import { batchWriter, insertRun } from '../store/prediction-store';
import { useTempDir } from '../test-support/temp-dir';
import { codingProject, MODEL_SHA, storeRun } from './test-support/coding-fixture';
import { decide as decideDirect } from './decisions';
import type { Db } from '../store/project-db';
import {
  bulkRebuild,
  ensureSuggestions,
  rebuildState,
  rebuildSuggestions,
  sameLabels,
  suggestionStateWriter,
  topSuggestion,
} from './coding-state';

const tmp = useTempDir();

const THREE = { name: 'Three', labels: [{ name: 'one' }, { name: 'two' }, { name: 'three' }] };
const TOPICS = { name: 'Topics', multiLabel: true, labels: [{ name: 'economy' }, { name: 'health' }] };

/** Entailment logits of document d for the three labels: every label wins somewhere, and margins vary. */
const logitsOf = (d: number) => [(d % 7) / 3, ((d * 5) % 11) / 4, ((d * 3) % 5) / 2];

/** The single-label suggestion as the zero-shot softmax gives it, computed here. */
function expectedTop(d: number, labelIds: string[]): { label: string; score: number } {
  const e = logitsOf(d);
  const best = e.indexOf(Math.max(...e));
  const z = e.reduce((s, v) => s + Math.exp(v), 0);
  return { label: labelIds[best]!, score: Math.exp(e[best]!) / z };
}

/** Predictions of one run: for each [document, windows], every label's windows, its best window the last. */
function writeWindows(
  db: Db,
  revisionId: string | null,
  questionId: string,
  hash: string,
  docs: ReadonlyArray<readonly [number, number]>,
  ids: string[],
) {
  const run = insertRun(db, {
    id: randomUUID(),
    questionId,
    modelId: 'test-model',
    modelSha256: MODEL_SHA,
    modelInputHash: hash,
    codebookRevisionId: revisionId,
    options: { maxLength: 32 },
  });
  const write = batchWriter(db, run.id, () => {});
  for (const [d, windows] of docs) {
    write([{ documentId: d, tokenCount: 900, truncated: false, windows }], ids.length * windows, (i, out) => {
      const k = Math.floor(i / windows);
      const w = i % windows;
      out[0] = d;
      out[1] = ids[k]!;
      out[2] = w;
      out[3] = w === windows - 1 ? logitsOf(d)[k]! : logitsOf(d)[k]! - 1 + w / (2 * windows);
      out[4] = 0;
      out[5] = 0;
    });
  }
  return run.id;
}

function suggestionsOf(db: Db, questionId: string) {
  return (
    db
      .prepare(
        `SELECT document_id AS d, suggestion_label_id AS label, suggestion_score AS score, suggestion_hash AS h, suggestion_run_id AS run
         FROM coding_state WHERE question_id = ? AND suggestion_label_id IS NOT NULL ORDER BY document_id`,
      )
      .all(questionId) as { d: number; label: string; score: number; h: string; run: string }[]
  ).map((r) => ({ ...r, score: Number(r.score.toFixed(12)) }));
}

const rounded = (t: { label: string; score: number }) => ({ label: t.label, score: Number(t.score.toFixed(12)) });

/** A project of `count` documents with the question Three, and one run whose windows `docs` lays out
 * over its document ids (writeWindows). */
async function threeLabelRun(count: number, docs: (documentIds: number[]) => ReadonlyArray<readonly [number, number]>) {
  const p = await codingProject(tmp(), count, [THREE]);
  const q = p.codebook.questions[0]!;
  const ids = q.labels.map((l) => l.id);
  const db = p.db();
  const hash = modelInputHash(q, MODEL_SHA);
  const runId = writeWindows(db, p.codebook.revisionId, q.id, hash, docs(p.documentIds), ids);
  return { documentIds: p.documentIds, q, ids, db, hash, runId };
}

describe('coding state, exact', () => {
  it('rebuilds the suggestion of every document from more prediction rows than one chunk, a document cut by the chunk included', async () => {
    // 150 documents of 3 labels in 70 windows: 31,500 prediction rows. The first chunk of 30,000
    // ends inside document 143, which must be read again whole with the next chunk: each label's
    // best window is its last, so a document read in part gets another score.
    const count = 150;
    const { documentIds, q, ids, db, hash, runId } = await threeLabelRun(count, (all) => all.map((d) => [d, 70] as const));
    expect(db.prepare('SELECT count(*) FROM predictions').pluck().get()).toBe(count * 3 * 70);

    expect(rebuildSuggestions(db, q, hash)).toBe(count);
    expect(suggestionsOf(db, q.id)).toEqual(documentIds.map((d) => ({ d, ...rounded(expectedTop(d, ids)), h: hash, run: runId })));
    expect(db.prepare('SELECT model_input_hash FROM coding_state_hashes WHERE question_id = ?').pluck().get(q.id)).toBe(hash);
  });

  it('rebuilds a document with more rows than a chunk whole, and the documents after it', async () => {
    // 3 x 10,001 windows = 30,003 rows for the middle document.
    const { documentIds, q, ids, db, hash, runId } = await threeLabelRun(3, ([d1, d2, d3]) => [
      [d1!, 70],
      [d2!, 10_001],
      [d3!, 70],
    ]);
    const [d1, d2, d3] = documentIds as [number, number, number];
    expect(rebuildSuggestions(db, q, hash)).toBe(3);
    expect(suggestionsOf(db, q.id)).toEqual([d1, d2, d3].map((d) => ({ d, ...rounded(expectedTop(d, ids)), h: hash, run: runId })));
  });

  it('leaves out a document without a row for every label, in a rebuild and in a run’s writer, and a writer of an unknown run does nothing', async () => {
    const { documentIds, q, ids, db, hash, runId } = await threeLabelRun(3, ([d1, , d3]) => [
      [d1!, 2],
      [d3!, 2],
    ]);
    const [d1, d2, d3] = documentIds as [number, number, number];
    // d2 has rows for two of the three labels only.
    batchWriter(db, runId, () => {})([{ documentId: d2, tokenCount: 5, truncated: false, windows: 1 }], 2, (i, out) => {
      out[0] = d2;
      out[1] = ids[i]!;
      out[2] = 0;
      out[3] = 1;
      out[4] = 0;
      out[5] = 0;
    });
    expect(rebuildSuggestions(db, q, hash)).toBe(2);
    expect(suggestionsOf(db, q.id).map((r) => r.d)).toEqual([d1, d3]);
    db.prepare('UPDATE coding_state SET suggestion_label_id = NULL, suggestion_score = NULL').run();
    const write = suggestionStateWriter(db, runId);
    db.transaction(() => write([d1, d2, d3]))();
    expect(suggestionsOf(db, q.id).map((r) => r.d)).toEqual([d1, d3]);
    const none = suggestionStateWriter(db, 'no-such-run');
    expect(() => db.transaction(() => none([d1, d2]))()).not.toThrow();
  });

  it('over the bulk threshold drops the suggestion indexes and creates them again exactly as they were', async () => {
    const p = await codingProject(tmp(), 40, [THREE]);
    const q = p.codebook.questions[0]!;
    storeRun(p.db(), p.codebook, 0, p.documentIds, logitsOf);
    const db = p.db();
    const indexes = () =>
      db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'coding_state' ORDER BY name").all() as {
        name: string;
        sql: string | null;
      }[];
    const before = indexes();
    expect(before.filter((i) => i.sql?.includes('suggestion')).length).toBeGreaterThan(0);
    const threshold = bulkRebuild.threshold;
    bulkRebuild.threshold = 10;
    try {
      db.prepare('UPDATE coding_state SET suggestion_label_id = NULL, suggestion_score = NULL').run();
      expect(rebuildSuggestions(db, q, modelInputHash(q, MODEL_SHA))).toBe(40);
    } finally {
      bulkRebuild.threshold = threshold;
    }
    expect(indexes()).toEqual(before);
    expect(db.prepare('SELECT count(*) FROM coding_state WHERE suggestion_label_id IS NOT NULL').pluck().get()).toBe(40);
    const ids = q.labels.map((l) => l.id);
    const got = db.prepare('SELECT document_id AS d, suggestion_label_id AS label FROM coding_state ORDER BY document_id').all() as {
      d: number;
      label: string;
    }[];
    expect(got.map((r) => r.label)).toEqual(got.map((r) => expectedTop(r.d, ids).label));
  });

  it('ensureSuggestions rebuilds only when the hash changed, and never without a hash', async () => {
    const p = await codingProject(tmp(), 5, [THREE]);
    const q = p.codebook.questions[0]!;
    storeRun(p.db(), p.codebook, 0, p.documentIds, logitsOf);
    const db = p.db();
    const hash = modelInputHash(q, MODEL_SHA);
    const clear = () => db.prepare('UPDATE coding_state SET suggestion_label_id = NULL').run();
    const filled = () => db.prepare('SELECT count(*) FROM coding_state WHERE suggestion_label_id IS NOT NULL').pluck().get();
    clear();
    ensureSuggestions(db, q, hash); // the hash is current: nothing to do
    expect(filled()).toBe(0);
    ensureSuggestions(db, q, '');
    expect(filled()).toBe(0);
    expect(db.prepare('SELECT model_input_hash FROM coding_state_hashes WHERE question_id = ?').pluck().get(q.id)).toBe(hash);
    db.prepare('DELETE FROM coding_state_hashes').run();
    ensureSuggestions(db, q, hash);
    expect(filled()).toBe(5);
  });

  it('counts a decision as accepted only for the exact label set shown, and rebuilds the same state from the log', async () => {
    const p = await codingProject(tmp(), 5, [TOPICS]);
    const q = p.codebook.questions[0]!;
    const [economy, health] = q.labels.map((l) => l.id) as [string, string];
    const runId = storeRun(p.db(), p.codebook, 0, p.documentIds, () => [2, 1]);
    const decide = (doc: number, labelIds: string[], suggestion: string[] | null) =>
      p.t.call('annotate.decide', {
        questionId: q.id,
        documentId: p.documentIds[doc]!,
        coder: 'Ana',
        kind: 'label',
        labelIds,
        suggestion: suggestion && { labelIds: suggestion, score: 0.7, runId },
      });
    await decide(0, [health, economy], [economy, health]);
    await decide(1, [economy], [economy, health]);
    await decide(2, [economy, health], [economy]);
    await decide(3, [economy], null);
    // A suggestion recorded hidden (blind, CLI) is never accepted or changed.
    decideDirect(
      p.db(),
      {
        questionId: q.id,
        documentId: p.documentIds[4]!,
        coder: 'Ana',
        kind: 'label',
        labelIds: [economy],
        suggestion: null,
        seconds: null,
      },
      { hiddenSuggestion: { labelIds: [economy], scores: [], score: 0.7, runId } },
    );
    const db = p.db();
    const state = () =>
      db
        .prepare(
          'SELECT document_id, kind, label_ids, label_id, accepted, coders, resolution, suggestion_label_id, suggestion_score FROM coding_state WHERE question_id = ? ORDER BY document_id',
        )
        .all(q.id) as Record<string, unknown>[];
    const first = state();
    expect(first.map((r) => r.accepted)).toEqual([1, 0, 0, null, null]);
    expect(first.map((r) => r.label_id)).toEqual([economy, economy, economy, economy, economy]);
    expect(first.map((r) => r.coders)).toEqual([1, 1, 1, 1, 1]);
    expect(first[0]!.suggestion_score).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
    // Damage the state, then rebuild it from the log and the stored predictions.
    db.prepare(
      'UPDATE coding_state SET accepted = NULL, label_id = NULL, coders = 7, suggestion_label_id = NULL WHERE question_id = ?',
    ).run(q.id);
    db.prepare('DELETE FROM coder_state WHERE question_id = ?').run(q.id);
    rebuildState(db, q.id, modelInputHash(q, MODEL_SHA));
    expect(state()).toEqual(first);
    expect(db.prepare('SELECT count(*) FROM coder_state WHERE question_id = ?').pluck().get(q.id)).toBe(5);
    rebuildState(db, 'no-such-question', 'x');
    expect(state()).toEqual(first);
  });

  it('sameLabels: the same set in any order, never a subset, a superset or an overlap', () => {
    expect(sameLabels(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameLabels([], [])).toBe(true);
    expect(sameLabels(['a'], ['a', 'b'])).toBe(false);
    expect(sameLabels(['a', 'b'], ['a'])).toBe(false);
    expect(sameLabels(['a', 'c'], ['a', 'b'])).toBe(false);
    expect(sameLabels(['a'], null)).toBe(false);
    expect(sameLabels([], null)).toBe(false);
  });

  it('topSuggestion needs a row for every label unless partial', () => {
    const labels = [
      { id: 'x', name: 'x' },
      { id: 'y', name: 'y' },
    ];
    const row = (labelId: string, entailment: number) => ({ documentId: 1, labelId, window: 0, entailment, neutral: 0, contradiction: 0 });
    expect(topSuggestion([row('x', 1), row('y', 0)], labels, false)).toEqual({
      labelId: 'x',
      score: expect.closeTo(Math.exp(1) / (Math.exp(1) + 1), 12),
    });
    expect(topSuggestion([row('y', 0)], labels, false)).toBeNull();
    expect(topSuggestion([row('y', 0)], labels, true, true)).toEqual({ labelId: 'y', score: 0.5 });
    expect(topSuggestion([], labels, false)).toBeNull();
  });
});
