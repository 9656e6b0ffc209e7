// The queue order "uncertain first" on a real project with planted logits: the documents inside the
// uncertain band first, smallest margin first, then the others in document order; without a band,
// every scored document by smallest margin; open documents only (decided ones, a validation
// sample's, this coder's in the mode 'every' left out). Margins are computed here from the logits
// (softmax across labels), not by the code under test.
import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../../common/contract';
import type { TestCore } from '../test-support/test-core';
import { useTempDir } from '../test-support/temp-dir';
import { codingProject, storeRun } from './test-support/coding-fixture';
import { stateSuggestion } from './state-suggestion';
import { rebuildSuggestions } from './coding-state';

const tmp = useTempDir();
const STANCE = { name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }, { name: 'neutral' }] };
const TOPICS = { name: 'Topics', multiLabel: true, labels: [{ name: 'economy' }, { name: 'health' }] };

/** Entailment logits of document d: a spread of margins; documents 5 and 9 identical (a tie). */
const entail = (d: number) => {
  const x = d === 9 ? 5 : d;
  return [Math.sin(x) * 2, Math.cos(x * 1.3) * 2, ((x * 37) % 11) / 5 - 1];
};
const margin = (e: number[]) => {
  const max = Math.max(...e);
  const z = e.map((v) => Math.exp(v - max));
  const sum = z.reduce((a, b) => a + b, 0);
  const s = z.map((v) => v / sum).sort((a, b) => b - a);
  return s[0]! - s[1]!;
};

async function walk(t: TestCore, input: Record<string, unknown>, limit: number): Promise<QueueItem[]> {
  const items: QueueItem[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await t.call('annotate.queue', { ...(input as { questionId: string }), limit, ...(after ? { after } : {}) });
    items.push(...page.items);
    if (page.items.length < limit) return items;
    after = page.items[page.items.length - 1]!.key;
  }
}

/** 40 documents, the first 34 scored; documents 1-3 decided. */
async function planted() {
  const p = await codingProject(tmp(), 40, [STANCE, TOPICS]);
  const q = p.codebook.questions[0]!;
  const ids = p.documentIds;
  storeRun(p.db(), p.codebook, 0, ids.slice(0, 34), (d) => entail(d));
  storeRun(p.db(), p.codebook, 1, ids.slice(0, 34), (d) => entail(d).slice(0, 2));
  await p.t.call('annotate.decide', { questionId: q.id, documentId: ids[0]!, coder: 'Ana', kind: 'label', labelIds: [q.labels[0]!.id] });
  await p.t.call('annotate.decide', { questionId: q.id, documentId: ids[1]!, coder: 'Ana', kind: 'skip' });
  await p.t.call('annotate.decide', { questionId: q.id, documentId: ids[2]!, coder: 'Ana', kind: 'label', labelIds: [q.labels[2]!.id] });
  const m = new Map(ids.slice(0, 34).map((d) => [d, margin(entail(d))]));
  const byMargin = (a: number, b: number) => m.get(a)! - m.get(b)! || a - b;
  return { p, q, ids, m, byMargin, open: ids.slice(3) };
}

describe('annotate.queue, order uncertain_first', () => {
  it('without a band: every scored open document by margin ascending (ties by id), then the unscored by id; continued by key', async () => {
    const { p, q, ids, m, byMargin, open } = await planted();
    // The state keeps each margin as computed from the logits.
    const stored = new Map(
      (
        p.db().prepare('SELECT document_id AS d, suggestion_margin AS m FROM coding_state WHERE question_id = ?').all(q.id) as {
          d: number;
          m: number | null;
        }[]
      ).map((r) => [r.d, r.m]),
    );
    for (const [d, want] of m) expect(stored.get(d)).toBeCloseTo(want, 12);
    expect(ids.slice(0, 3)).toEqual([1, 2, 3]);
    expect(stored.get(5)).toBe(stored.get(9)); // planted tie: documents 5 and 9 share logits
    // The batched rebuild (a calibration switch, a hash changed back) writes the same margins bit for bit.
    const hash = p.db().prepare('SELECT model_input_hash FROM coding_state_hashes WHERE question_id = ?').pluck().get(q.id) as string;
    expect(rebuildSuggestions(p.db(), q, hash)).toBe(34);
    const rebuilt = p.db().prepare('SELECT suggestion_margin FROM coding_state WHERE question_id = ? AND document_id = ?').pluck();
    for (const [d, before] of stored) expect(Object.is(rebuilt.get(q.id, d), before), `document ${d}`).toBe(true);
    const want = [...open.filter((d) => m.has(d)).sort(byMargin), ...open.filter((d) => !m.has(d))];
    for (const limit of [1, 4, 50]) {
      const items = await walk(p.t, { questionId: q.id, order: 'uncertain_first' }, limit);
      expect(items.map((i) => i.document.id)).toEqual(want);
    }
    // The first item is the smallest margin of all open documents, with its suggestion.
    const first = (await p.t.call('annotate.queue', { questionId: q.id, order: 'uncertain_first', limit: 1 })).items[0]!;
    expect(first.document.id).toBe(want[0]);
    const scores = first.suggestion!.scores.map((s) => s.score).sort((a, b) => b - a);
    expect(scores[0]! - scores[1]!).toBeCloseTo(m.get(want[0]!)!, 12);
    // Scope all: the decided documents too, at their place.
    const all = await walk(p.t, { questionId: q.id, order: 'uncertain_first', scope: 'all' }, 7);
    expect(all.map((i) => i.document.id)).toEqual([...ids.filter((d) => m.has(d)).sort(byMargin), ...ids.slice(34)]);
    await p.t.core.shutdown();
  });

  it('with a band: the open documents inside it by margin, then every other open document in document order', async () => {
    const { p, q, m, byMargin, open } = await planted();
    await p.t.call('thresholds.setBand', { questionId: q.id, margin: 0.3 });
    const inside = open.filter((d) => m.has(d) && m.get(d)! < 0.3).sort(byMargin);
    const outside = open.filter((d) => !m.has(d) || m.get(d)! >= 0.3);
    expect(inside.length).toBeGreaterThan(3);
    expect(outside.filter((d) => m.has(d)).length).toBeGreaterThan(3);
    for (const limit of [1, 3, 50]) {
      const items = await walk(p.t, { questionId: q.id, order: 'uncertain_first' }, limit);
      expect(items.map((i) => i.document.id)).toEqual([...inside, ...outside]);
      expect(items.map((i) => (JSON.parse(i.key) as number[])[0])).toEqual([...inside.map(() => 0), ...outside.map(() => 1)]);
    }
    // A decision takes the document out; the next page goes on where the last ended.
    const page = await p.t.call('annotate.queue', { questionId: q.id, order: 'uncertain_first', limit: 2 });
    await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: inside[0]!,
      coder: 'Ana',
      kind: 'label',
      labelIds: [q.labels[1]!.id],
    });
    const next = await p.t.call('annotate.queue', { questionId: q.id, order: 'uncertain_first', limit: 3, after: page.items[1]!.key });
    expect(next.items.map((i) => i.document.id)).toEqual(inside.slice(2, 5));
    await p.t.core.shutdown();
  });

  it("leaves out a validation sample's documents and, in the mode 'every', only this coder's decisions; refuses a multi-label question", async () => {
    const { p, q, m, byMargin, open } = await planted();
    await p.t.call('thresholds.setBand', { questionId: q.id, margin: 0.3 });
    const sample = await p.t.call('samples.create', { questionId: q.id, seed: 4, size: 6 });
    const held = new Set(p.db().prepare('SELECT document_id FROM sample_documents WHERE sample_id = ?').pluck().all(sample.id) as number[]);
    expect(open.filter((d) => held.has(d) && m.get(d)! < 0.3).length).toBeGreaterThan(0);
    const queue = open.filter((d) => !held.has(d));
    const inside = queue.filter((d) => m.has(d) && m.get(d)! < 0.3).sort(byMargin);
    const want = [...inside, ...queue.filter((d) => !m.has(d) || m.get(d)! >= 0.3)];
    expect((await walk(p.t, { questionId: q.id, order: 'uncertain_first' }, 5)).map((i) => i.document.id)).toEqual(want);
    // The sample's own queue keeps the sample's order (blind), whatever the order asked.
    const s = await p.t.call('annotate.queue', {
      questionId: q.id,
      source: 'sample',
      sampleId: sample.id,
      order: 'uncertain_first',
      limit: 50,
    });
    const positions = p
      .db()
      .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position')
      .pluck()
      .all(sample.id);
    expect(s.items.map((i) => i.document.id)).toEqual(positions);
    // Mode 'every': Ana's decisions leave Ana's queue, not Ben's.
    await p.t.call('annotate.setSettings', { mode: 'every', blindCoders: false, hideSuggestions: false });
    for (const d of inside.slice(0, 2))
      await p.t.call('annotate.decide', { questionId: q.id, documentId: d, coder: 'Ana', kind: 'label', labelIds: [q.labels[0]!.id] });
    const ana = await walk(p.t, { questionId: q.id, order: 'uncertain_first', coder: 'Ana' }, 4);
    expect(ana.map((i) => i.document.id)).toEqual(want.filter((d) => !inside.slice(0, 2).includes(d)));
    // Ben has decided nothing: the documents decided by Ana before (1-3) are open for him too.
    const ben = await walk(p.t, { questionId: q.id, order: 'uncertain_first', coder: 'Ben' }, 4);
    const benQueue = [...p.documentIds.slice(0, 3).filter((d) => !held.has(d)), ...queue];
    expect(ben.map((i) => i.document.id)).toEqual([
      ...benQueue.filter((d) => m.get(d)! < 0.3).sort(byMargin),
      ...benQueue.filter((d) => !m.has(d) || m.get(d)! >= 0.3),
    ]);
    const topics = p.codebook.questions[1]!;
    await expect(p.t.call('annotate.queue', { questionId: topics.id, order: 'uncertain_first' })).rejects.toThrow(
      /"Topics" is a multi-label question: "uncertain first"/,
    );
    // A multi-label question's state keeps no margin.
    expect(
      p.db().prepare('SELECT count(*) FROM coding_state WHERE question_id = ? AND suggestion_margin IS NOT NULL').pluck().get(topics.id),
    ).toBe(0);
    await p.t.core.shutdown();
  });
});

describe('the state suggestion of a hierarchical run', () => {
  it('takes the margin among the labels asked for the document (softmax over them), as the suggestion', () => {
    const labels = ['a', 'b', 'c', 'd'].map((id) => ({ id, name: id }));
    const row = (labelId: string, e: number) => ({ documentId: 1, labelId, window: 0, entailment: e, neutral: 0, contradiction: 0 });
    // Only b and d were asked (under the document's top parent).
    const s = stateSuggestion([row('b', 1.2), row('d', 0.4)], labels, false, true, null)!;
    expect(s.labelId).toBe('b');
    expect(s.margin).toBeCloseTo(margin([1.2, 0.4]), 14);
    // One label asked: nothing to be unsure between.
    expect(stateSuggestion([row('c', -2)], labels, false, true, null)!.margin).toBe(1);
    // A full run needs every label.
    expect(stateSuggestion([row('b', 1.2)], labels, false, false, null)).toBeNull();
  });
});
