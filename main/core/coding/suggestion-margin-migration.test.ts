// Migration 10 on a project made at version 9: its coding state held suggestions, and a record that
// they were built under the current model input, but no margins. After the upgrade the first read
// rebuilds the suggestions with their margins (equal to those computed here from the logits), the
// decisions stay as they were, and "uncertain first" orders by them.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVersion } from '../store/migrations';
import { makeTestCore } from '../test-support/test-core';
import { useTempDir } from '../test-support/temp-dir';
import { codingProject, storeRun } from './test-support/coding-fixture';

const tmp = useTempDir();
const STANCE = { name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }, { name: 'neutral' }] };
const entail = (d: number) => [Math.sin(d * 0.7) * 2, Math.cos(d) * 1.5, ((d * 13) % 7) / 4 - 1];
const margin = (e: number[]) => {
  const max = Math.max(...e);
  const z = e.map((v) => Math.exp(v - max));
  const sum = z.reduce((a, b) => a + b, 0);
  const s = z.map((v) => v / sum).sort((a, b) => b - a);
  return s[0]! - s[1]!;
};

describe('migration 10 (suggestion margins)', () => {
  it('a version 9 project opens with its decisions kept; the first read fills every margin from the stored logits', async () => {
    const p = await codingProject(tmp(), 30, [STANCE]);
    const q = p.codebook.questions[0]!;
    storeRun(p.db(), p.codebook, 0, p.documentIds, (d) => entail(d));
    for (const d of p.documentIds.slice(0, 4))
      await p.t.call('annotate.decide', { questionId: q.id, documentId: d, coder: 'Ana', kind: 'label', labelIds: [q.labels[d % 3]!.id] });
    const before = p
      .db()
      .prepare('SELECT document_id, annotation_id, label_ids, suggestion_label_id, suggestion_score FROM coding_state ORDER BY document_id')
      .all();
    await p.t.core.shutdown();

    // What version 9 had: no margin column or index; the suggestions recorded as built under the current hash.
    const raw = new Database(p.path);
    raw.exec('DROP INDEX coding_state_margin; ALTER TABLE coding_state DROP COLUMN suggestion_margin;');
    raw.pragma('user_version = 9');
    expect(raw.prepare('SELECT count(*) FROM coding_state_hashes WHERE question_id = ?').pluck().get(q.id)).toBe(1);
    raw.close();

    const t = makeTestCore(tmp());
    await t.call('project.open', { path: p.path });
    const db = t.core.context.project!.db;
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion);
    expect(latestVersion).toBe(10);
    // Nothing recorded as built: the next read rebuilds (decisions and suggestions untouched until then).
    expect(db.prepare('SELECT count(*) FROM coding_state_hashes').pluck().get()).toBe(0);
    const page = await t.call('annotate.queue', { questionId: q.id, order: 'uncertain_first', limit: 50 });
    const stored = db
      .prepare('SELECT document_id AS d, suggestion_margin AS m FROM coding_state WHERE question_id = ? ORDER BY document_id')
      .all(q.id) as { d: number; m: number | null }[];
    expect(stored).toHaveLength(30);
    for (const r of stored) expect(r.m).toBeCloseTo(margin(entail(r.d)), 12);
    expect(
      db
        .prepare(
          'SELECT document_id, annotation_id, label_ids, suggestion_label_id, suggestion_score FROM coding_state ORDER BY document_id',
        )
        .all(),
    ).toEqual(before);
    const m = new Map(stored.map((r) => [r.d, r.m!]));
    expect(page.items.map((i) => i.document.id)).toEqual(p.documentIds.slice(4).sort((a, b) => m.get(a)! - m.get(b)! || a - b));
    // The index the order reads.
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT document_id FROM coding_state WHERE question_id = ? AND suggestion_hash = ? AND suggestion_margin IS NOT NULL ORDER BY suggestion_margin, document_id',
      )
      .all(q.id, 'h') as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' ')).toMatch(/coding_state_margin/);
    await t.core.shutdown();
  });
});
