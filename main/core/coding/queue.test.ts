import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../../common/contract';
import { useTempDir } from '../test-support/temp-dir';
import { codingProject, storeRun } from './test-support/coding-fixture';
import { RandomOrder } from './random-order';
import type { TestCore } from '../test-support/test-core';

const tmp = useTempDir();
const STANCE = { name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }, { name: 'neutral' }] };

/** Entailment logits of document d: a spread of confidences and all three labels as winners. */
const entail = (d: number) => [Math.sin(d) * 3, Math.cos(d * 1.3) * 2, ((d * 37) % 11) / 5 - 1];
const softmaxTop = (e: number[]) => {
  const z = e.map((v) => Math.exp(v)).reduce((a, b) => a + b, 0);
  const s = e.map((v) => Math.exp(v) / z);
  const top = s.indexOf(Math.max(...s));
  return { top, score: s[top]! };
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

describe('random order', () => {
  it('is a permutation of 0..n-1 for any n, the same for the same seed', () => {
    for (const n of [1, 2, 3, 10, 1000, 4097]) {
      const order = new RandomOrder(n, 42);
      const seen = Array.from({ length: n }, (_, i) => order.at(i));
      expect(new Set(seen).size).toBe(n);
      expect(Math.max(...seen)).toBe(n - 1);
      expect(Array.from({ length: n }, (_, i) => new RandomOrder(n, 42).at(i))).toEqual(seen);
    }
    const a = Array.from({ length: 50 }, (_, i) => new RandomOrder(1000, 1).at(i));
    const b = Array.from({ length: 50 }, (_, i) => new RandomOrder(1000, 2).at(i));
    expect(a).not.toEqual(b);
  });
});

describe('annotate.queue', () => {
  it('random with a seed: deterministic, every document once, continued by key without duplicates or gaps', async () => {
    const p = await codingProject(tmp(), 53, [STANCE]);
    const q = p.codebook.questions[0]!;
    const first = await walk(p.t, { questionId: q.id, order: 'random', seed: 9, scope: 'all' }, 7);
    const ids = first.map((i) => i.document.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(p.documentIds);
    expect(ids).not.toEqual(p.documentIds);
    expect((await walk(p.t, { questionId: q.id, order: 'random', seed: 9, scope: 'all' }, 10)).map((i) => i.document.id)).toEqual(ids);
    expect((await walk(p.t, { questionId: q.id, order: 'random', seed: 10, scope: 'all' }, 10)).map((i) => i.document.id)).not.toEqual(ids);
    // Open scope: the same order without the decided documents.
    for (const id of ids.slice(0, 5)) await p.t.call('annotate.decide', { questionId: q.id, documentId: id, coder: 'Ana', kind: 'skip' });
    const open = await walk(p.t, { questionId: q.id, order: 'random', seed: 9 }, 4);
    expect(open.map((i) => i.document.id)).toEqual(ids.slice(5));
    const page = await p.t.call('annotate.queue', { questionId: q.id, order: 'random', seed: 9, limit: 4 });
    expect(page.remaining).toBe(53 - 5 - 4);
    expect(page.progress).toMatchObject({ total: 53, skipped: 5, decided: 0 });
    await p.t.core.shutdown();
  });

  it('least_confident: suggestion score ascending, unscored documents last, with whole documents and every score', async () => {
    const p = await codingProject(tmp(), 40, [STANCE]);
    const q = p.codebook.questions[0]!;
    const scored = p.documentIds.slice(0, 30);
    const runId = storeRun(p.db(), p.codebook, 0, scored, entail);
    const items = await walk(p.t, { questionId: q.id, order: 'least_confident', scope: 'all' }, 6);
    const expected = [...scored]
      .sort((a, b) => softmaxTop(entail(a)).score - softmaxTop(entail(b)).score || a - b)
      .concat(p.documentIds.slice(30));
    expect(items.map((i) => i.document.id)).toEqual(expected);
    const firstItem = items[0]!;
    const e = entail(firstItem.document.id);
    expect(firstItem.document.text).toMatch(/^Item \d+: the /);
    expect(firstItem.suggestion).toMatchObject({ runId, labelIds: [q.labels[softmaxTop(e).top]!.id] });
    expect(firstItem.suggestion!.score).toBeCloseTo(softmaxTop(e).score, 6);
    expect(firstItem.suggestion!.scores.map((s) => s.labelId)).toEqual(q.labels.map((l) => l.id));
    expect(firstItem.suggestion!.scores.reduce((a, s) => a + s.score, 0)).toBeCloseTo(1, 6);
    expect(items[items.length - 1]!.suggestion).toBeNull();
    await p.t.core.shutdown();
  });

  it('by_label: documents suggested as one label, most confident first; without a label, label by label', async () => {
    const p = await codingProject(tmp(), 30, [STANCE]);
    const q = p.codebook.questions[0]!;
    storeRun(p.db(), p.codebook, 0, p.documentIds, entail);
    const top = (d: number) => softmaxTop(entail(d));
    const against = q.labels[1]!.id;
    const only = await walk(p.t, { questionId: q.id, order: 'by_label', labelId: against, scope: 'all' }, 4);
    const want = p.documentIds.filter((d) => top(d).top === 1).sort((a, b) => top(b).score - top(a).score || b - a);
    expect(only.map((i) => i.document.id)).toEqual(want);
    const grouped = await walk(p.t, { questionId: q.id, order: 'by_label', scope: 'all' }, 4);
    const all = [0, 1, 2].flatMap((k) =>
      p.documentIds.filter((d) => top(d).top === k).sort((a, b) => top(b).score - top(a).score || b - a),
    );
    expect(grouped.map((i) => i.document.id)).toEqual(all);
    await p.t.core.shutdown();
  });

  it('in_order with open scope skips decided documents and shows the current decision in all scope', async () => {
    const p = await codingProject(tmp(), 12, [STANCE]);
    const q = p.codebook.questions[0]!;
    await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: p.documentIds[1]!,
      coder: 'Ana',
      kind: 'label',
      labelIds: [q.labels[0]!.id],
    });
    const open = await walk(p.t, { questionId: q.id }, 5);
    expect(open.map((i) => i.document.id)).toEqual(p.documentIds.filter((_, i) => i !== 1));
    const all = await walk(p.t, { questionId: q.id, scope: 'all' }, 5);
    expect(all[1]!.decision).toMatchObject({ coder: 'Ana', labels: ['favour'] });
    expect(await p.t.raw('annotate.queue', { questionId: q.id, after: 'nonsense' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    await p.t.core.shutdown();
  });

  it('documentId: that one document as an item, decided or not, with its suggestion; an unknown one refused', async () => {
    const p = await codingProject(tmp(), 6, [STANCE]);
    const q = p.codebook.questions[0]!;
    storeRun(p.db(), p.codebook, 0, p.documentIds, entail);
    const id = p.documentIds[3]!;
    await p.t.call('annotate.decide', { questionId: q.id, documentId: id, coder: 'Ana', kind: 'label', labelIds: [q.labels[2]!.id] });
    const page = await p.t.call('annotate.queue', { questionId: q.id, documentId: id });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]!.document.id).toBe(id);
    expect(page.items[0]!.decision).toMatchObject({ coder: 'Ana', labels: ['neutral'] });
    expect(page.items[0]!.suggestion?.scores).toHaveLength(3);
    expect(await p.t.raw('annotate.queue', { questionId: q.id, documentId: 9999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    await p.t.core.shutdown();
  });
});
