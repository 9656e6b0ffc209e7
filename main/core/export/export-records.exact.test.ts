// Export records checked field by field from documents built here: labels in codebook order, the
// outcome (accepted only for the exact label set shown), the coder's name, the run, the gold status,
// the final label and its source, sample membership, and the export filters.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { codingProject, storeRun } from '../coding/test-support/coding-fixture';
import type { CurrentDecision, DocumentWithDecision } from './decisions';
import { passes, RecordContext } from './export-records';
import { NO_MODEL, type UnitModel } from './model-labels';
import { ensurePseudonymKey } from './pseudonym';

const tmp = useTempDir();

const TOPICS = {
  name: 'Topics',
  multiLabel: true,
  labels: [
    { name: 'economy', code: 'ECO' },
    { name: 'health', code: 'HEA' },
    { name: 'culture', code: 'CUL' },
  ],
};

async function setup() {
  const p = await codingProject(tmp(), 6, [TOPICS]);
  const q = p.codebook.questions[0]!;
  const [economy, health, culture] = q.labels.map((l) => l.id) as [string, string, string];
  const runId = storeRun(p.db(), p.codebook, 0, p.documentIds, () => [1, 0, 0]);
  const ana = await p.t.call('annotate.decide', { questionId: q.id, documentId: p.documentIds[0]!, coder: 'Ana', kind: 'skip' });
  const coderId = p.db().prepare('SELECT id FROM coders WHERE name = ?').pluck().get('Ana') as string;
  expect(ana.coder).toBe('Ana');
  const importId = p.db().prepare('SELECT import_id FROM documents LIMIT 1').pluck().get() as string;
  return { p, q, economy, health, culture, runId, coderId, importId };
}

function decision(over: Partial<CurrentDecision>): CurrentDecision {
  const labelIds = over.labelIds ?? [];
  const suggestionLabelIds = over.suggestionLabelIds ?? null;
  return {
    id: 'd1',
    kind: 'label',
    labelIds,
    labelsJson: JSON.stringify(labelIds),
    coderId: 'unknown-coder',
    createdAt: '2026-01-01T00:00:00.000Z',
    suggestionLabelIds,
    suggestionJson: suggestionLabelIds && JSON.stringify(suggestionLabelIds),
    suggestionScore: null,
    runId: null,
    codebookRevisionId: null,
    seconds: null,
    note: null,
    flagged: false,
    suggestionShown: suggestionLabelIds !== null,
    sampleId: null,
    ...over,
  };
}

function doc(id: number, d: CurrentDecision | null, over: Partial<DocumentWithDecision> = {}): DocumentWithDecision {
  return {
    id,
    externalId: `doc-${id}`,
    text: `text ${id}`,
    metadata: '{"source":"web"}',
    decision: d,
    segment: null,
    gold: null,
    importId: 'imp',
    ...over,
  };
}

describe('export records, exact', () => {
  it('give labels in codebook order and the outcome only for the exact label set shown', async () => {
    const { p, q, economy, health, culture, runId, coderId } = await setup();
    const ctx = new RecordContext(p.db(), q);
    const names = (labels: readonly { name: string }[] | null) => labels && labels.map((l) => l.name);
    const shown = [health, economy];
    const cases = [
      decision({ labelIds: [health, economy], suggestionLabelIds: shown }),
      decision({ labelIds: [economy], suggestionLabelIds: shown }),
      decision({ labelIds: [economy, culture], suggestionLabelIds: shown }),
      decision({ labelIds: [culture, health, economy], suggestionLabelIds: shown }),
      decision({ labelIds: [economy], suggestionLabelIds: shown, suggestionShown: false }),
      decision({ labelIds: [economy] }),
      decision({ kind: 'skip', suggestionLabelIds: shown }),
      // The same set, stored in another order than the suggestion: compared label by label.
      decision({ labelIds: [economy, health], suggestionLabelIds: shown }),
    ];
    const records = cases.map((d, i) => ctx.record(doc(i + 1, d)));
    expect(records.map((r) => r.outcome)).toEqual(['accepted', 'changed', 'changed', 'changed', null, null, null, 'accepted']);
    expect(records.map((r) => names(r.labels))).toEqual([
      ['economy', 'health'],
      ['economy'],
      ['economy', 'culture'],
      ['economy', 'health', 'culture'],
      ['economy'],
      ['economy'],
      [],
      ['economy', 'health'],
    ]);
    expect(names(records[0]!.suggestion)).toEqual(['economy', 'health']);
    expect(records[5]!.suggestion).toBeNull();
    expect(cases.map((d) => passes('accepted', doc(1, d), ctx))).toEqual([true, false, false, false, false, false, false, true]);
    expect(cases.map((d) => passes('changed', doc(1, d), ctx))).toEqual([false, true, true, true, false, false, false, false]);
    expect(cases.map((d) => passes('coded', doc(1, d), ctx))).toEqual([true, true, true, true, true, true, false, true]);
    expect(passes('all', doc(1, null), ctx)).toBe(true);
    expect(passes('coded', doc(1, null), ctx)).toBe(false);
    expect(passes('accepted', doc(1, decision({ labelIds: [economy], suggestionLabelIds: null, suggestionShown: true })), ctx)).toBe(false);

    // The coder by name (an unknown coder by id), the run by id, metadata parsed or not.
    const withRun = ctx.record(doc(9, decision({ labelIds: [economy], coderId, runId })));
    expect(withRun.coder).toBe('Ana');
    expect(withRun.run).toMatchObject({ id: runId, modelId: 'test-model', modelSha256: 'a'.repeat(64) });
    expect(records[0]!.coder).toBe('unknown-coder');
    expect(records[0]!.run).toBeNull();
    expect(ctx.record(doc(9, decision({ labelIds: [economy], runId: 'gone' }))).run).toBeNull();
    expect(withRun.metadata).toEqual({ source: 'web' });
    expect(ctx.record(doc(9, null), false).metadata).toEqual({});
    const noDecision = ctx.record(doc(10, null));
    expect(noDecision).toMatchObject({
      coder: null,
      suggestion: null,
      outcome: null,
      run: null,
      labels: [],
      final: [],
      finalSource: null,
      finalResolution: null,
      coders: 0,
      samples: [],
    });
    expect([noDecision.documentId, noDecision.externalId, noDecision.text]).toEqual([10, 'doc-10', 'text 10']);
  });

  it('names an unknown label by its id, last, and drops repeated ids', async () => {
    const { p, q, economy, health } = await setup();
    const ctx = new RecordContext(p.db(), q);
    expect(ctx.labels(['zzz', health, economy, health]).map((l) => [l.name, l.archived])).toEqual([
      ['economy', false],
      ['health', false],
      ['zzz', true],
    ]);
    expect(ctx.labels(['zzz'])[0]).toEqual({
      id: 'zzz',
      name: 'zzz',
      code: null,
      description: '',
      includeRules: '',
      excludeRules: '',
      examples: [],
      hypothesis: null,
      color: null,
      hotkey: null,
      parent: null,
      archived: true,
    });
  });

  it('give the gold status, the final label and its source, the resolution and the samples that hold a unit', async () => {
    const { p, q, health, culture } = await setup();
    const sample = await p.t.call('samples.create', { questionId: q.id, seed: 1, size: 2 });
    const members = p
      .db()
      .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY document_id')
      .pluck()
      .all(sample.id) as number[];
    const ctx = new RecordContext(p.db(), q);
    const model: UnitModel = {
      current: { labelIds: [culture], top: 0.9, scores: new Map([[culture, 0.9]]), runId: 'r' },
      stale: false,
      runId: 'r',
    };

    const gold = ctx.record(doc(1, decision({ labelIds: [health] }), { gold: 'ECO', resolution: 'agreed', coders: 2 }), true, model);
    expect([
      gold.goldStatus,
      gold.gold?.map((l) => l.name),
      gold.finalSource,
      gold.final.map((l) => l.name),
      gold.finalResolution,
      gold.coders,
    ]).toEqual(['labels', ['economy'], 'human', ['health'], 'agreed', 2]);
    expect(gold.modelLabels.map((l) => l.name)).toEqual(['culture']);
    const unmatched = ctx.record(doc(2, null, { gold: 'nonsense' }), true, model);
    expect([
      unmatched.goldStatus,
      unmatched.gold,
      unmatched.finalSource,
      unmatched.final.map((l) => l.name),
      unmatched.finalResolution,
    ]).toEqual(['unmatched', null, 'model', ['culture'], null]);
    const none = ctx.record(doc(3, decision({ kind: 'skip' })), true, NO_MODEL);
    expect([none.goldStatus, none.gold, none.finalSource, none.final, none.modelLabels]).toEqual(['none', null, null, [], []]);
    // The model's label for a skipped unit: no resolution of a human decision goes with it.
    const modelFinal = ctx.record(doc(5, decision({ kind: 'skip' }), { resolution: 'agreed', coders: 2 }), true, model);
    expect([modelFinal.finalSource, modelFinal.final.map((l) => l.name), modelFinal.finalResolution]).toEqual(['model', ['culture'], null]);
    // "None of these labels": a human decision with no labels.
    const empty = ctx.record(doc(4, decision({ labelIds: [] }), { resolution: 'single' }), true, model);
    expect([empty.finalSource, empty.final, empty.finalResolution]).toEqual(['human', [], 'single']);

    expect(ctx.record(doc(members[0]!, null)).samples).toEqual([sample.id]);
    const outside = p.documentIds.find((d) => !members.includes(d))!;
    expect(ctx.record(doc(outside, null)).samples).toEqual([]);
  });

  it('replace the chosen metadata columns by their pseudonyms (HMAC-SHA256 under the project key, computed here)', async () => {
    const { p, q } = await setup();
    const db = p.db();
    ensurePseudonymKey(db);
    const key = Buffer.from(db.prepare("SELECT value FROM project_meta WHERE key LIKE '%pseudonym%'").pluck().get() as string, 'hex');
    const expected = `p_${createHmac('sha256', key).update('web', 'utf8').digest('hex').slice(0, 16)}`;
    const ctx = new RecordContext(db, q, ['source']);
    const record = ctx.record(doc(1, null, { metadata: '{"source":"web","lang":"de"}' }));
    expect(record.metadata).toEqual({ source: expected, lang: 'de' });
    expect(new RecordContext(db, q).record(doc(1, null, { metadata: '{"source":"web","lang":"de"}' })).metadata).toEqual({
      source: 'web',
      lang: 'de',
    });
  });
});
