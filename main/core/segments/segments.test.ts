// Segmentation through the contract: split, the units as coding units with exact offsets, the
// refusals, removal (undo), the split asked for with an import, the preview and the stats.
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { split, speechProject, SPEECHES } from './test-support/segment-project';

const tmp = useTempDir();

interface UnitRow {
  id: number;
  external_id: string;
  text: string;
  parent_id: number;
  segment_index: number;
  char_start: number;
  char_end: number;
}

describe('segments.create', () => {
  it('makes sentences the coding units: ids, positions, exact offsets, parents out of sight', async () => {
    const p = await speechProject(tmp());
    const before = await p.t.call('project.stats', {});
    expect(before.units).toEqual({ unit: 'document', segmentations: [] });
    const id = await split(p.t, { unit: 'sentence', language: 'en' });

    const stats = await p.t.call('project.stats', {});
    expect(stats.documents).toBe(10);
    expect(stats.units.unit).toBe('sentence');
    expect(stats.units.segmentations).toMatchObject([{ id, unit: 'sentence', language: 'en', parents: 3, segments: 10, windowSize: 3 }]);
    expect(stats.imports.find((i) => i.format === 'csv')!.segmentedBy).toBe(id);
    const seg = stats.imports.find((i) => i.format === 'segments')!;
    expect(seg).toMatchObject({ id, status: 'committed', rowCount: 10, searchIndexed: true, segmentedBy: null });

    const units = p.db().prepare('SELECT * FROM documents WHERE parent_id IS NOT NULL ORDER BY id').all() as UnitRow[];
    const parents = new Map(
      (
        p.db().prepare('SELECT id, external_id, text FROM documents WHERE parent_id IS NULL').all() as {
          id: number;
          external_id: string;
          text: string;
        }[]
      ).map((r) => [r.id, r]),
    );
    expect(units.map((u) => u.external_id)).toEqual([
      'sp-1#1',
      'sp-1#2',
      'sp-1#3',
      'sp-1#4',
      'sp-2#1',
      'sp-2#2',
      'sp-2#3',
      'sp-2#4',
      'sp-2#5',
      'sp-3#1',
    ]);
    for (const u of units) {
      const parent = parents.get(u.parent_id)!;
      expect(u.external_id).toBe(`${parent.external_id}#${u.segment_index + 1}`);
      expect(parent.text.slice(u.char_start, u.char_end)).toBe(u.text);
    }
    expect(units.map((u) => u.text).slice(0, 4)).toEqual([
      'We will build homes.',
      'We will fix the NHS!',
      'Taxes stay low.',
      'Is that fair?',
    ]);

    // Only units are listed, searched, queued and decided on.
    const list = await p.t.call('documents.list', { limit: 100 });
    expect(list.rows.map((r) => r.externalId)).toEqual(units.map((u) => u.external_id));
    const found = await p.t.call('documents.list', { search: 'homes' });
    expect(found.rows.map((r) => r.externalId)).toEqual(['sp-1#1']);
    const q = p.codebook.questions[0]!;
    const browse = await p.t.call('browse.page', { questionId: q.id, search: 'matters' });
    expect(browse.total).toBe(2);
    expect(browse.rows.map((r) => r.externalId)).toEqual(['sp-2#4', 'sp-2#5']);
    const parentId = [...parents.keys()][0]!;
    await expect(p.t.call('annotate.decide', { questionId: q.id, documentId: parentId, coder: 'Ana', kind: 'skip' })).rejects.toThrow();
    const progress = await p.t.call('annotate.progress', { questionId: q.id });
    expect(progress.total).toBe(10);
  });

  it('paragraphs and windows; a second split of a split project is refused until it is removed', async () => {
    const p = await speechProject(tmp());
    await split(p.t, { unit: 'paragraph' });
    expect((await p.t.call('project.stats', {})).documents).toBe(5);
    await expect(p.t.call('segments.create', { spec: { unit: 'sentence' } })).rejects.toThrow(/split already.*remove the split first/i);
    const removed = await p.t.call('segments.remove', {});
    expect(removed).toEqual({ removed: 1, segments: 5, parents: 3 });
    await split(p.t, { unit: 'window', windowSize: 2 });
    const texts = p
      .db()
      .prepare(
        "SELECT text FROM documents WHERE parent_id IS NOT NULL AND import_id IN (SELECT id FROM imports WHERE status = 'committed') ORDER BY id",
      )
      .pluck()
      .all();
    expect(texts).toEqual([
      'We will build homes. We will fix the NHS!',
      'Taxes stay low. Is that fair?',
      'Growth first.\nThen spending.',
      'Borders matter. Security matters.',
      'Order matters.',
      'Climate is the question of our time.',
    ]);
    await expect(p.t.call('segments.create', { spec: { unit: 'window', windowSize: 2, windowOverlap: 2 } })).rejects.toThrow(
      /overlap must be smaller/,
    );
  });

  it('refuses to split documents with decisions, saying how many and what to do; nothing changes', async () => {
    const p = await speechProject(tmp());
    const q = p.codebook.questions[0]!;
    const docs = await p.t.call('documents.list', {});
    await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: docs.rows[0]!.id,
      coder: 'Ana',
      kind: 'label',
      labelIds: [q.labels[0]!.id],
    });
    await p.t.call('annotate.decide', { questionId: q.id, documentId: docs.rows[1]!.id, coder: 'Ana', kind: 'skip' });
    await expect(p.t.call('segments.create', { spec: { unit: 'sentence' } })).rejects.toThrow(
      /^2 documents of speeches\.csv have decisions, made on whole documents\..*nothing was split\. Export the decisions first/,
    );
    const stats = await p.t.call('project.stats', {});
    expect(stats.documents).toBe(3);
    expect(stats.imports).toHaveLength(1);
    expect(stats.units.unit).toBe('document');
  });

  it('remove: refused while a unit has a decision; after its undo the parents are units again, with their suggestions', async () => {
    const p = await speechProject(tmp());
    const q = p.codebook.questions[0]!;
    await split(p.t, { unit: 'sentence' });
    const units = await p.t.call('documents.list', {});
    await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: units.rows[2]!.id,
      coder: 'Ana',
      kind: 'label',
      labelIds: [q.labels[1]!.id],
    });
    await expect(p.t.call('segments.remove', {})).rejects.toThrow(
      /^1 unit has a decision \(labels, skips or "not codable"\), so the split was not removed/,
    );
    await p.t.call('annotate.undo', { questionId: q.id, coder: 'Ana' });
    const removed = await p.t.call('segments.remove', {});
    expect(removed).toEqual({ removed: 1, segments: 10, parents: 3 });
    const stats = await p.t.call('project.stats', {});
    expect(stats.documents).toBe(3);
    expect(stats.units.unit).toBe('document');
    expect(stats.imports.map((i) => [i.format, i.segmentedBy])).toEqual([['csv', null]]);
    expect(stats.annotations).toBe(0);
    expect(p.db().prepare('SELECT count(*) FROM documents').pluck().get()).toBe(3);
    expect((await p.t.call('documents.list', { search: 'homes' })).rows.map((r) => r.externalId)).toEqual(['sp-1']);
    await expect(p.t.call('segments.remove', {})).rejects.toThrow(/no split documents/);
  });

  it('an import with `segment` commits the import and its units together', async () => {
    const p = await speechProject(tmp(), { unit: 'paragraph' });
    const done = p.t.events.find((e) => e.event === 'job:done' && (e.payload as { kind: string }).kind === 'import')!.payload as {
      result: { imported: number; segments: number };
    };
    expect(done.result).toMatchObject({ imported: 3, segments: 5 });
    const stats = await p.t.call('project.stats', {});
    expect(stats.documents).toBe(5);
    expect(stats.units.unit).toBe('paragraph');
    expect(stats.imports.map((i) => [i.format, i.status, i.searchIndexed])).toEqual([
      ['csv', 'committed', true],
      ['segments', 'committed', true],
    ]);
    // Progress went through reading, splitting and indexing.
    const phases = new Set(p.t.events.filter((e) => e.event === 'job:progress').map((e) => (e.payload as { phase: string }).phase));
    expect([...phases]).toEqual(expect.arrayContaining(['reading', 'splitting', 'indexing']));
  });

  it("uses each document's language column where it names one", async () => {
    const p = await speechProject(tmp());
    const preview = await p.t.call('segments.preview', { spec: { unit: 'sentence', language: 'de', languageColumn: 'party' }, limit: 2 });
    // "Labour" is no language tag: the spec's language applies.
    expect(preview.documents.map((d) => [d.externalId, d.language, d.units.length])).toEqual([
      ['sp-1', 'de', 4],
      ['sp-2', 'de', 5],
    ]);
    const text = await p.t.call('segments.preview', { spec: { unit: 'sentence', language: 'ja' }, text: '一つ。二つ。' });
    expect(text.documents[0]!.units).toEqual([
      { index: 0, start: 0, end: 3, text: '一つ。' },
      { index: 1, start: 3, end: 6, text: '二つ。' },
    ]);
    expect(SPEECHES).toHaveLength(3);
  });
});
