// A coder package of a project split into sentences: it keeps the units and the documents they belong
// to (units point at their parents), and the coder's decisions on units merge back onto the same units.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { split, speechProject } from '../segments/test-support/segment-project';
import { makeTestCore } from '../test-support/test-core';
import { useTempDir } from '../test-support/temp-dir';
import { isUnit } from '../store/units';

const tmp = useTempDir();

describe('coder packages of units', () => {
  it('keep the parents of the units, and decisions on units merge back onto the same units', async () => {
    const dir = tmp();
    const p = await speechProject(dir);
    await split(p.t, { unit: 'sentence' });
    const q = p.codebook.questions[0]!;
    const units = p
      .db()
      .prepare(`SELECT d.id, d.external_id FROM documents d WHERE ${isUnit('d')} ORDER BY d.id`)
      .all() as { id: number; external_id: string }[];
    expect(units.length).toBeGreaterThan(5);
    const out = join(dir, 'ana.prelabel');
    expect(await p.t.call('project.package', { coder: 'Ana', path: out, documents: 'all', blind: true })).toMatchObject({
      documents: units.length,
    });
    const raw = new Database(out, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM documents WHERE parent_id IS NULL').pluck().get()).toBe(3);
    expect(raw.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    raw.close();
    // A sample of 3 units: the package holds them and only the documents they belong to.
    const sample = await p.t.call('samples.create', { questionId: q.id, seed: 2, size: 3, kind: 'reliability' });
    const small = join(dir, 'ben.prelabel');
    expect(await p.t.call('project.package', { coder: 'Ben', path: small, sampleId: sample.id })).toMatchObject({ documents: 3 });
    const few = new Database(small, { readonly: true });
    const parents = few.prepare('SELECT count(*) FROM documents WHERE parent_id IS NULL').pluck().get() as number;
    expect(parents).toBeGreaterThanOrEqual(1);
    expect(parents).toBeLessThanOrEqual(3);
    expect(few.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(3 + parents);
    expect(few.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    few.close();
    const t = makeTestCore(join(dir, 'ana'));
    await t.call('project.open', { path: out });
    for (const u of units.slice(0, 4))
      await t.call('annotate.decide', { questionId: q.id, documentId: u.id, coder: 'Ana', kind: 'label', labelIds: [q.labels[0]!.id] });
    await t.core.shutdown();
    expect(await p.t.call('project.merge', { paths: [out] })).toMatchObject({ decisionsNew: 4, conflicts: 0 });
    expect(
      p.db().prepare('SELECT d.external_id FROM annotations a JOIN documents d ON d.id = a.document_id ORDER BY d.id').pluck().all(),
    ).toEqual(units.slice(0, 4).map((u) => u.external_id));
    await p.t.core.shutdown();
  });
});
