// Hierarchical scoring with the tiny model on 30 AG News documents: the top-level labels first,
// then only the labels under the top parent; what is stored, the logits (equal to a full run's),
// which parent is chosen, the suggestions among the scored leaves, and the stale bookkeeping
// between full and hierarchical runs.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CodebookQuestion, CodebookQuestionInput } from '../../../../common/contract';
import { useTempDir } from '../../test-support/temp-dir';
import { labelHierarchy } from '../scoring/label-hierarchy';
import { prelabelProject, runEnd, setQuestions, topicQuestion, type PrelabelProject } from '../test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../test-support/tiny-model';
import { zeroShotScores } from '../scoring/zero-shot';
import { STORED_INDICES } from '../scoring/suggestions';

const tmp = useTempDir();
let model: TinyModel;
let project: PrelabelProject | null = null;

beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());
afterEach(async () => {
  await project?.close();
  project = null;
});

const TREE: CodebookQuestionInput = {
  name: 'Topic tree',
  template: 'This news story is about {}.',
  labels: [
    { name: 'public affairs' },
    { name: 'world politics', parent: 'public affairs' },
    { name: 'business', parent: 'public affairs' },
    { name: 'leisure' },
    { name: 'sports', parent: 'leisure' },
    { name: 'entertainment', parent: 'leisure' },
    { name: 'technology' },
    { name: 'science', parent: 'technology' },
    { name: 'computers', parent: 'technology' },
    { name: 'other' },
  ],
};

interface Row {
  document_id: number;
  label_id: string;
  entailment: number;
  neutral: number;
  contradiction: number;
}

const rowsOf = (p: PrelabelProject, runId: string) =>
  p.t.core.context
    .project!.db.prepare(
      'SELECT document_id, label_id, entailment, neutral, contradiction FROM predictions WHERE run_id = ? ORDER BY document_id, label_id',
    )
    .all(runId) as Row[];

async function run(p: PrelabelProject, input: { questionId: string; hierarchical?: boolean; topParents?: number }) {
  const from = p.t.events.length;
  const started = await p.t.call('prelabel.start', { priorityDocumentIds: [], ...input });
  expect((await runEnd(p.t, started.id, from)).status).toBe('done');
  return started;
}

describe('a hierarchical pre-label run', () => {
  it('stores the top-level labels and only the children of the top parent, with the logits of a full run and suggestions among the scored leaves', async () => {
    const p = await prelabelProject(tmp(), { count: 30, modelDir: model.dir });
    project = p;
    p.engine.tuning.maxLength = 64;
    const question: CodebookQuestion = (await setQuestions(p.t, [TREE])).questions[0]!;
    const id = (name: string) => question.labels.find((l) => l.name === name)!.id;
    const name = new Map(question.labels.map((l) => [l.id, l.name]));
    const roots = ['public affairs', 'leisure', 'technology', 'other'].map(id);
    const parents = ['public affairs', 'leisure', 'technology'].map(id);
    const childrenOf = new Map(parents.map((pid) => [pid, question.labels.filter((l) => l.parent === name.get(pid)).map((l) => l.id)]));

    const full = await run(p, { questionId: question.id });
    const fullRows = rowsOf(p, full.id);
    expect(fullRows).toHaveLength(30 * 10);
    const hier = await run(p, { questionId: question.id, hierarchical: true, topParents: 1 });
    expect(hier.modelInputHash).not.toBe(full.modelInputHash);
    const rows = rowsOf(p, hier.id);
    // 4 top-level labels and the 2 children of one parent: 6 of 10 pairs a document.
    expect(rows).toHaveLength(30 * 6);
    expect(p.engine.sessionStats(hier.id)).toMatchObject({ documents: 30, pairs: 180 });

    const page = await p.t.call('documents.list', { offset: 0, limit: 100, questionId: question.id });
    for (const doc of p.documents) {
      const mine = rows.filter((r) => r.document_id === doc.id);
      const asked = new Set(mine.map((r) => r.label_id));
      for (const r of roots) expect(asked.has(r)).toBe(true);
      // The chosen parent is the top of the parents by the single-label score over the top level.
      const rootLogits = roots.map((r) => mine.find((m) => m.label_id === r)!);
      const ranked = zeroShotScores(
        rootLogits.map((m) => [m.entailment, m.neutral, m.contradiction]),
        roots,
        STORED_INDICES,
        false,
      ).map((s) => roots[s.index]!);
      const top = ranked.filter((r) => parents.includes(r))[0]!;
      expect([...asked].sort()).toEqual([...roots, ...childrenOf.get(top)!].sort());
      // Every logit is the one a full run stored for the same pair.
      for (const m of mine) {
        const f = fullRows.find((x) => x.document_id === doc.id && x.label_id === m.label_id)!;
        expect(Math.abs(f.entailment - m.entailment)).toBeLessThan(1e-4);
        expect(Math.abs(f.contradiction - m.contradiction)).toBeLessThan(1e-4);
      }
      // The suggestion: softmax over the leaves asked (the top parent's children and "other").
      const leaves = [...childrenOf.get(top)!, id('other')];
      const leafRows = leaves.map((l) => mine.find((m) => m.label_id === l)!);
      const want = zeroShotScores(
        leafRows.map((m) => [m.entailment, m.neutral, m.contradiction]),
        leaves,
        STORED_INDICES,
        false,
      )[0]!;
      const row = page.rows.find((r) => r.id === doc.id)!;
      expect(row.suggestion).toMatchObject({ labelId: leaves[want.index] });
      expect(Math.abs(row.suggestion!.score - want.score)).toBeLessThan(1e-6);
    }
    // Browse and the Annotate queue show the same suggestions (from the coding state and the page's
    // scores), with the labels under other parents at 0.
    const browse = await p.t.call('browse.page', { questionId: question.id, limit: 100 });
    const queue = await p.t.call('annotate.queue', { questionId: question.id, limit: 50, scope: 'all' });
    expect(queue.items).toHaveLength(30);
    for (const row of page.rows) {
      const b = browse.rows.find((x) => x.id === row.id)!;
      expect(b.suggestion?.labelId).toBe(row.suggestion!.labelId);
      expect(Math.abs(b.suggestion!.score - row.suggestion!.score)).toBeLessThan(1e-6);
      const item = queue.items.find((i) => i.document.id === row.id)!;
      expect(item.suggestion!.labelIds).toEqual([row.suggestion!.labelId]);
      expect(Math.abs(item.suggestion!.score - row.suggestion!.score)).toBeLessThan(1e-6);
    }
    // The full run's predictions are stale while the question is scored hierarchically, and
    // current again (nothing rescored) when it goes back to full scoring.
    expect(await p.t.call('prelabel.status', { questionId: question.id })).toMatchObject({ scored: 30, stale: 0 });
    const again = await run(p, { questionId: question.id, hierarchical: false });
    expect(again.modelInputHash).toBe(full.modelInputHash);
    expect(p.engine.sessionStats(again.id)?.documents ?? 0).toBe(0);
    expect(await p.t.call('prelabel.status', { questionId: question.id })).toMatchObject({ scored: 30, stale: 0 });
  });

  it('refuses a hierarchical run of a question whose labels have no parents', async () => {
    const p = await prelabelProject(tmp(), { count: 5, modelDir: model.dir });
    project = p;
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    await expect(p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [], hierarchical: true })).rejects.toThrow(
      /no labels with a parent/,
    );
  });
});

describe('the label tree', () => {
  it('takes labels with a missing or cyclic parent as top-level, and grandchildren under their top-level ancestor', () => {
    const tree = labelHierarchy([
      { name: 'a', parent: null },
      { name: 'b', parent: 'a' },
      { name: 'c', parent: 'b' },
      { name: 'd', parent: 'gone' },
      { name: 'e', parent: 'f' },
      { name: 'f', parent: 'e' },
    ]);
    expect(tree.roots).toEqual([0, 3, 4, 5]);
    expect(tree.below.get(0)).toEqual([1, 2]);
    expect(tree.leaves).toEqual([2, 3, 4, 5]);
  });
});
