// Units in Annotate and Browse: each queue item's parent and neighbours, and Browse rows grouped by
// parent with their place in it.
import { describe, expect, it } from 'vitest';
import { split, speechProject } from '../segments/test-support/segment-project';
import { useTempDir } from '../test-support/temp-dir';

const tmp = useTempDir();

describe('queue context', () => {
  it('gives each unit its parent, position, offsets and up to contextSize neighbours on either side', async () => {
    const p = await speechProject(tmp());
    await split(p.t, { unit: 'sentence' });
    const q = p.codebook.questions[0]!;
    const page = await p.t.call('annotate.queue', { questionId: q.id, limit: 10, contextSize: 2 });
    expect(page.items).toHaveLength(10);
    const second = page.items[1]!;
    expect(second.document.externalId).toBe('sp-1#2');
    expect(second.document.metadata).toEqual({});
    expect(second.context).toMatchObject({
      parentExternalId: 'sp-1',
      parentMetadata: { party: 'Labour' },
      index: 1,
      count: 4,
      start: 21,
      end: 41,
    });
    expect(second.context!.before.map((u) => [u.index, u.text])).toEqual([[0, 'We will build homes.']]);
    expect(second.context!.after.map((u) => [u.index, u.text])).toEqual([
      [2, 'Taxes stay low.'],
      [3, 'Is that fair?'],
    ]);
    const last = page.items[9]!;
    expect(last.context).toMatchObject({ parentExternalId: 'sp-3', index: 0, count: 1, before: [], after: [] });

    const one = await p.t.call('annotate.queue', { questionId: q.id, documentId: second.document.id });
    expect(one.items[0]!.context!.before).toHaveLength(1); // contextSize defaults to 1
    expect(one.items[0]!.context!.after.map((u) => u.index)).toEqual([2]);
    const none = await p.t.call('annotate.queue', { questionId: q.id, documentId: second.document.id, contextSize: 0 });
    expect(none.items[0]!.context).toMatchObject({ index: 1, before: [], after: [] });
  });

  it('is null for whole documents', async () => {
    const p = await speechProject(tmp());
    const page = await p.t.call('annotate.queue', { questionId: p.codebook.questions[0]!.id, limit: 3 });
    expect(page.items.map((i) => i.context)).toEqual([null, null, null]);
  });
});

describe('Browse grouped by parent', () => {
  it("keeps each parent's units together in text order, with the parent on every row; other sorts refuse the grouping", async () => {
    const p = await speechProject(tmp());
    await split(p.t, { unit: 'sentence' });
    const q = p.codebook.questions[0]!;
    const rows = [];
    let after: string | undefined;
    for (;;) {
      const page = await p.t.call('browse.page', { questionId: q.id, groupByParent: true, limit: 3, ...(after ? { after } : {}) });
      rows.push(...page.rows);
      if (!page.next) break;
      after = page.next;
    }
    expect(rows.map((r) => [r.parent!.externalId, r.parent!.index, r.parent!.count])).toEqual([
      ['sp-1', 0, 4],
      ['sp-1', 1, 4],
      ['sp-1', 2, 4],
      ['sp-1', 3, 4],
      ['sp-2', 0, 5],
      ['sp-2', 1, 5],
      ['sp-2', 2, 5],
      ['sp-2', 3, 5],
      ['sp-2', 4, 5],
      ['sp-3', 0, 1],
    ]);
    const desc = await p.t.call('browse.page', { questionId: q.id, groupByParent: true, direction: 'desc', limit: 3 });
    expect(desc.rows.map((r) => r.externalId)).toEqual(['sp-3#1', 'sp-2#5', 'sp-2#4']);
    await expect(p.t.call('browse.page', { questionId: q.id, groupByParent: true, sort: 'confidence' })).rejects.toThrow(
      /only in document order/,
    );
    await p.t.call('segments.remove', {});
    expect((await p.t.call('browse.page', {})).rows.map((r) => r.parent)).toEqual([null, null, null]);
  });
});
