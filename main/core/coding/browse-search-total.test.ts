// Browse's first-page total under a search with many matches.
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { browseTuning } from './browse';
import { codingProject, textOf } from './test-support/coding-fixture';

const tmp = useTempDir();
const STANCE = { name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }] };

describe('bug: a search with more matches than Browse starts its pages from counted every document as its total', () => {
  it('counts the matches, with and without a question, also with "open" or "not flagged"', async () => {
    const p = await codingProject(tmp(), 60, [STANCE]);
    const q = p.codebook.questions[0]!;
    const matching = Array.from({ length: 60 }, (_, i) => textOf(i + 1)).filter((t) => /\bbudget\b/.test(t)).length;
    expect(matching).toBeGreaterThan(5);
    expect(matching).toBeLessThan(60);
    const saved = browseTuning.driveFromHits;
    // Fewer than the matches: pages walk the sort's index and check each row against the matches
    // (what a search of more than 20,000 matches does).
    browseTuning.driveFromHits = 3;
    try {
      expect((await p.t.call('browse.page', { search: 'budget' })).total).toBe(matching);
      expect((await p.t.call('browse.page', { questionId: q.id, search: 'budget' })).total).toBe(matching);
      await p.t.call('annotate.decide', { questionId: q.id, documentId: p.documentIds[0]!, coder: 'Ana', kind: 'skip' });
      const first = textOf(1).includes('budget') ? 1 : 0;
      expect((await p.t.call('browse.page', { questionId: q.id, search: 'budget', status: 'open' })).total).toBe(matching - first);
      expect((await p.t.call('browse.page', { questionId: q.id, search: 'budget', flagged: false })).total).toBe(matching);
    } finally {
      browseTuning.driveFromHits = saved;
    }
  });
});
