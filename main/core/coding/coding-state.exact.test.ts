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
import { bulkRebuild, ensureSuggestions, rebuildState, rebuildSuggestions, sameLabels, topSuggestion } from './coding-state';

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

describe('coding state, exact', () => {
  it('rebuilds the suggestion of every document from more prediction rows than one chunk', async () => {
    // 101 documents of 3 labels in 100 windows: 30,300 prediction rows, one chunk of 30,000 that
    // ends inside a document (read again with the next chunk) and a rest.
    const count = 101;
    const windows = 100;
    const p = await codingProject(tmp(), count, [THREE]);
    const q = p.codebook.questions[0]!;
    const ids = q.labels.map((l) => l.id);
    const db = p.db();
    const hash = modelInputHash(q, MODEL_SHA);
    const run = insertRun(db, {
      id: randomUUID(),
      questionId: q.id,
      modelId: 'test-model',
      modelSha256: MODEL_SHA,
      modelInputHash: hash,
      codebookRevisionId: p.codebook.revisionId,
      options: { maxLength: 32 },
    });
    const write = batchWriter(db, run.id, () => {});
    for (const d of p.documentIds) {
      // Each label's best window holds its logit from logitsOf; the other windows are lower.
      write([{ documentId: d, tokenCount: 900, truncated: false, windows }], ids.length * windows, (i, out) => {
        const k = Math.floor(i / windows);
        const w = i % windows;
        out[0] = d;
        out[1] = ids[k]!;
        out[2] = w;
        out[3] = logitsOf(d)[k]! - ((w * 7 + k) % 13) / 13;
        out[4] = 0;
        out[5] = 0;
      });
    }
    expect(db.prepare('SELECT count(*) FROM predictions').pluck().get()).toBe(count * 3 * windows);

    expect(rebuildSuggestions(db, q, hash)).toBe(count);
    const rows = db
      .prepare(
        'SELECT document_id AS d, suggestion_label_id AS label, suggestion_score AS score, suggestion_hash AS h, suggestion_run_id AS run FROM coding_state WHERE question_id = ? ORDER BY document_id',
      )
      .all(q.id) as { d: number; label: string; score: number; h: string; run: string }[];
    expect(rows.length).toBe(count);
    const got = rows.map((r) => ({ d: r.d, label: r.label, score: Number(r.score.toFixed(12)), h: r.h, run: r.run }));
    const want = rows
      .map((r) => ({ d: r.d, ...expectedTop(r.d, ids), h: hash, run: run.id }))
      .map((r) => ({ ...r, score: Number(r.score.toFixed(12)) }));
    expect(got).toEqual(want);
    expect(db.prepare('SELECT model_input_hash FROM coding_state_hashes WHERE question_id = ?').pluck().get(q.id)).toBe(hash);
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
    db.prepare('DELETE FROM coding_state_hashes').run();
    ensureSuggestions(db, q, hash);
    expect(filled()).toBe(5);
  });

  it('counts a decision as accepted only for the exact label set shown, and rebuilds the same state from the log', async () => {
    const p = await codingProject(tmp(), 4, [TOPICS]);
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
    const db = p.db();
    const state = () =>
      db
        .prepare(
          'SELECT document_id, kind, label_ids, label_id, accepted, coders, resolution, suggestion_label_id, suggestion_score FROM coding_state WHERE question_id = ? ORDER BY document_id',
        )
        .all(q.id) as Record<string, unknown>[];
    const first = state();
    expect(first.map((r) => r.accepted)).toEqual([1, 0, 0, null]);
    expect(first.map((r) => r.label_id)).toEqual([economy, economy, economy, economy]);
    expect(first.map((r) => r.coders)).toEqual([1, 1, 1, 1]);
    expect(first[0]!.suggestion_score).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
    rebuildState(db, q.id, modelInputHash(q, MODEL_SHA));
    expect(state()).toEqual(first);
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
