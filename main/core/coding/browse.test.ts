import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowseRow, MethodInput } from '../../../common/contract';
import { suggestionsFrom } from '../nli/scoring/suggestions';
import { currentPredictions } from '../store/prediction-store';
import { modelInputHash } from '../codebook/hypotheses';
import { useTempDir } from '../test-support/temp-dir';
import { codingProject, MODEL_SHA, storeRun, textOf } from './test-support/coding-fixture';
import { rebuildState } from './coding-state';

const tmp = useTempDir();
const STANCE = { name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }, { name: 'neutral' }] };
const entail = (d: number) => [Math.sin(d) * 3, Math.cos(d * 1.3) * 2, ((d * 37) % 11) / 5 - 1];

type Input = MethodInput<'browse.page'>;

describe('coding state from stored predictions', () => {
  it('holds the top label and score of every batch as it is written, equal to the suggestion computed from the logits', async () => {
    const p = await codingProject(tmp(), 25, [STANCE]);
    const q = p.codebook.questions[0]!;
    const runId = storeRun(p.db(), p.codebook, 0, p.documentIds.slice(0, 20), entail, 6);
    const state = p
      .db()
      .prepare(
        'SELECT document_id, suggestion_label_id, suggestion_score, suggestion_run_id, suggestion_hash FROM coding_state WHERE question_id = ? ORDER BY document_id',
      )
      .all(q.id) as Array<Record<string, unknown>>;
    const hash = modelInputHash(q, MODEL_SHA);
    const expected = suggestionsFrom(currentPredictions(p.db(), q.id, hash, p.documentIds), q.labels, false);
    expect(state).toHaveLength(20);
    for (const r of state) {
      const e = expected.get(r.document_id as number)!;
      expect(r).toMatchObject({ suggestion_label_id: e.labelId, suggestion_run_id: runId, suggestion_hash: hash });
      expect(r.suggestion_score).toBeCloseTo(e.score, 12);
    }
    await p.t.core.shutdown();
  });

  it('a codebook change makes suggestions stale; a run under the new hypotheses replaces them; rebuildState keeps what is current', async () => {
    const p = await codingProject(tmp(), 10, [STANCE]);
    const q = p.codebook.questions[0]!;
    storeRun(p.db(), p.codebook, 0, p.documentIds, entail);
    const first = await p.t.call('browse.page', { questionId: q.id });
    expect(first.rows.every((r) => r.suggestion !== null)).toBe(true);
    const changed = await p.t.call('codebook.set', {
      questions: [
        { id: q.id, name: 'Stance', template: 'The author is {} it.', labels: q.labels.map((l) => ({ id: l.id, name: l.name })) },
      ],
    });
    // The latest run's model with the new hypotheses is the current hash: old suggestions are stale.
    const stale = await p.t.call('browse.page', { questionId: q.id });
    expect(stale.rows.every((r) => r.suggestion === null)).toBe(true);
    expect((await p.t.call('browse.page', { questionId: q.id, minConfidence: 0 })).total).toBe(0);
    storeRun(p.db(), changed, 0, p.documentIds.slice(0, 4), () => [0, 5, 0]);
    const fresh = await p.t.call('browse.page', { questionId: q.id });
    expect(fresh.rows.map((r) => r.suggestion?.label ?? null)).toEqual([
      'against',
      'against',
      'against',
      'against',
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    // A rebuild keeps what is current (stale suggestions, shown nowhere, are dropped).
    const hash = modelInputHash(changed.questions[0]!, MODEL_SHA);
    const current = () =>
      p.db().prepare('SELECT * FROM coding_state WHERE suggestion_hash = ? OR annotation_id IS NOT NULL ORDER BY document_id').all(hash);
    const before = current();
    expect(before).toHaveLength(4);
    rebuildState(p.db(), q.id, hash);
    expect(current()).toEqual(before);
    expect(await p.t.call('browse.page', { questionId: q.id })).toEqual(fresh);
    await p.t.core.shutdown();
  });
});

describe('browse.page', () => {
  it('filters, sorts and pages exactly as a brute-force computation over every document', async () => {
    const n = 60;
    const p = await codingProject(tmp(), n, [STANCE]);
    const q = p.codebook.questions[0]!;
    const labels = q.labels;
    const runId = storeRun(p.db(), p.codebook, 0, p.documentIds.slice(0, 50), entail);
    const coders = ['Ana', 'Ben', 'Cleo'];
    for (const [k, d] of p.documentIds.entries()) {
      if (k % 3 !== 0) continue;
      const kind = k % 9 === 0 ? 'skip' : 'label';
      await p.t.call('annotate.decide', {
        questionId: q.id,
        documentId: d,
        coder: coders[k % coders.length === 0 ? (k / 3) % 3 : 0]!,
        kind,
        labelIds: kind === 'label' ? [labels[k % 2]!.id] : [],
        suggestion: k < 50 ? { labelIds: [labels[0]!.id], score: 0.5, runId } : null,
        flagged: k % 4 === 0,
      });
    }
    // Every row, as the table must show it (pages of all documents by id).
    const all: BrowseRow[] = [];
    for (let after: string | undefined; ;) {
      const page = await p.t.call('browse.page', { questionId: q.id, limit: 500, ...(after ? { after } : {}) });
      all.push(...page.rows);
      if (!page.next) break;
      after = page.next;
    }
    expect(all.map((r) => r.id)).toEqual(p.documentIds);
    expect(all[0]).toMatchObject({ externalId: 'doc-1', text: textOf(1) });
    const byName = new Map(labels.map((l, i) => [l.name, i]));

    const filters: Array<[Partial<Input>, (r: BrowseRow) => boolean]> = [
      [{}, () => true],
      [{ status: 'open' }, (r) => r.status === 'open'],
      [{ status: 'decided' }, (r) => r.status === 'decided'],
      [{ status: 'skipped' }, (r) => r.status === 'skipped'],
      [{ labelId: labels[1]!.id }, (r) => r.labels.includes('against')],
      [{ suggestionId: labels[2]!.id }, (r) => r.suggestion?.labelId === labels[2]!.id],
      [{ minConfidence: 0.5, maxConfidence: 0.8 }, (r) => r.suggestion !== null && r.suggestion.score >= 0.5 && r.suggestion.score <= 0.8],
      [{ coder: 'Ben' }, (r) => r.coder === 'Ben'],
      [{ flagged: true }, (r) => r.flagged],
      [{ flagged: false, status: 'open' }, (r) => !r.flagged && r.status === 'open'],
      [{ agreement: 'accepted' }, (r) => r.accepted === true],
      [{ agreement: 'changed' }, (r) => r.accepted === false],
      [{ search: 'asylum' }, (r) => /asylum/.test(textOf(p.documentIds.indexOf(r.id) + 1))],
      [{ search: 'budg', status: 'open' }, (r) => r.status === 'open' && /budget/.test(textOf(p.documentIds.indexOf(r.id) + 1))],
    ];
    type Key = (r: BrowseRow) => Array<number | string> | null;
    const coderRank = (c: string | null) => (c === null ? null : coders.slice().sort().indexOf(c));
    const sorts: Array<[Input['sort'], Key]> = [
      ['document', () => []],
      ['confidence', (r) => (r.suggestion ? [r.suggestion.score] : null)],
      ['suggestion', (r) => (r.suggestion ? [labels.findIndex((l) => l.id === r.suggestion!.labelId), -r.suggestion.score] : null)],
      ['label', (r) => (r.labels.length ? [byName.get(r.labels[0]!)!] : null)],
      ['decided_at', (r) => (r.decidedAt ? [r.decidedAt] : null)],
      ['coder', (r) => (r.coder ? [coderRank(r.coder)!] : null)],
    ];
    const cmp = (a: Array<number | string>, b: Array<number | string>) => {
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
      return 0;
    };
    for (const [filter, keep] of filters) {
      for (const [sort, key] of sorts) {
        for (const direction of ['asc', 'desc'] as const) {
          const rows = all.filter(keep);
          // Rows with a sort value first (by it, then id; suggestion: most confident first within a
          // label), the others last by id, each part in the asked direction.
          const withKey = rows
            .filter((r) => key(r) !== null)
            .sort((a, b) => cmp(key(a)!, key(b)!) || (sort === 'suggestion' ? b.id - a.id : a.id - b.id));
          const without = rows.filter((r) => key(r) === null).sort((a, b) => a.id - b.id);
          const expected = direction === 'asc' ? [...withKey, ...without] : [...withKey.reverse(), ...without.reverse()];
          const got: BrowseRow[] = [];
          let total: number | null = null;
          for (let after: string | undefined; ;) {
            const page = await p.t.call('browse.page', {
              questionId: q.id,
              ...filter,
              sort,
              direction,
              limit: 7,
              ...(after ? { after } : {}),
            });
            if (after === undefined) total = page.total;
            else expect(page.total).toBeNull();
            got.push(...page.rows);
            if (!page.next) break;
            after = page.next;
          }
          const what = `${JSON.stringify(filter)} ${sort} ${direction}`;
          expect(
            got.map((r) => r.id),
            what,
          ).toEqual(expected.map((r) => r.id));
          expect(total, what).toBe(expected.length);
        }
      }
    }
    expect(await p.t.raw('browse.page', { questionId: q.id, after: '[99,1]' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    // Without a question: documents only.
    const plain = await p.t.call('browse.page', { limit: 3 });
    expect(plain).toMatchObject({ total: n, rows: [{ status: 'open', labels: [], suggestion: null }, {}, {}] });
    await p.t.core.shutdown();
  });
});

describe('search in Browse', () => {
  it('finds the documents of an import made after an earlier search of the same words', async () => {
    const p = await codingProject(tmp(), 20, [{ name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }] }]);
    const q = p.codebook.questions[0]!;
    const first = await p.t.call('browse.page', { questionId: q.id, search: 'zeppelin' });
    expect(first).toMatchObject({ total: 0, rows: [] });
    const csv = join(tmp(), 'more.csv');
    writeFileSync(csv, 'id,text\nz-1,"A zeppelin over the border"\nz-2,"Rail and zeppelin plans"\n');
    const started = await p.t.call('import.start', {
      source: { kind: 'path', path: csv },
      mapping: { textColumns: ['text'], idColumn: 'id' },
    });
    expect((await p.t.waitForJob(started.jobId)).status).toBe('done');
    const again = await p.t.call('browse.page', { questionId: q.id, search: 'zeppelin' });
    expect(again.total).toBe(2);
    expect(again.rows.map((r) => r.externalId)).toEqual(['z-1', 'z-2']);
    // Paging and combining with a filter reuse the same matches.
    const open = await p.t.call('browse.page', { questionId: q.id, search: 'zeppelin', status: 'open', limit: 1 });
    expect(open.total).toBe(2);
    const next = await p.t.call('browse.page', { questionId: q.id, search: 'zeppelin', status: 'open', limit: 1, after: open.next! });
    expect(next.rows.map((r) => r.externalId)).toEqual(['z-2']);
    await p.t.core.shutdown();
  });
});
