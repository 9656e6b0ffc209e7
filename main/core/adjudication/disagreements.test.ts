// adjudication.list and adjudication.csv on a real project file: three coders' decisions recorded
// through the contract (skips, a re-decision, an undo), the disagreements and their order checked
// against the distances worked out by hand here ([Note: disagreement]); the suggestion as the
// independent softmax of the stored logits, hidden by the project or unticked; gold only where the
// project shows it; an adjudication through annotate.decide settles a unit and becomes the project's
// current decision ('adjudicated'), a later coder decision does not displace it, and its undo by the
// adjudicator's name opens the unit again.
import { describe, expect, it } from 'vitest';
import { useEvaluationProjects } from '../evaluation/test-support/use-evaluation-projects';
import { currentHash, independentModel, storeSeededRun, type EvaluationProject } from '../evaluation/test-support/evaluation-project';

const evaluationProjects = useEvaluationProjects();
const project = (count: number) => evaluationProjects(count, 5);

const labelId = (p: EvaluationProject, q: 'single' | 'multi', name: string) => p[q].labels.find((l) => l.name === name)!.id;

async function decide(
  p: EvaluationProject,
  coder: string,
  doc: number,
  label: string | null,
  q: 'single' | 'multi' = 'single',
  extra = {},
) {
  const labels = label === null || label === '' ? [] : label.split('|').map((n) => labelId(p, q, n));
  return p.t.call('annotate.decide', {
    questionId: p[q].id,
    documentId: p.ids[doc - 1]!,
    coder,
    kind: label === null ? 'skip' : 'label',
    labelIds: labels,
    ...extra,
  });
}

const state = (p: EvaluationProject, q: 'single' | 'multi', doc: number) =>
  p
    .db()
    .prepare('SELECT label_ids, resolution, coders, coder_id FROM coding_state WHERE question_id = ? AND document_id = ?')
    .get(p[q].id, p.ids[doc - 1]!) as { label_ids: string; resolution: string; coders: number; coder_id: string };

describe('adjudication.list', () => {
  it('lists the disagreements of deciding coders, most disagreement first, with each coder and the counts', async () => {
    const p = await project(10);
    await decide(p, 'ana', 1, 'favor');
    await decide(p, 'ben', 1, 'favor'); // agreed: no disagreement
    await decide(p, 'ana', 2, 'favor');
    await decide(p, 'ben', 2, 'against', 'single', { note: 'ironic', seconds: 12 }); // 2 coders differ: 1
    await decide(p, 'ana', 3, 'favor');
    await decide(p, 'ben', 3, 'favor');
    await decide(p, 'cem', 3, 'none'); // two against one: 2/3
    await decide(p, 'ana', 4, 'favor');
    await decide(p, 'ben', 4, 'against');
    await decide(p, 'cem', 4, 'none'); // three labels: 1, three label sets
    await decide(p, 'ana', 5, 'favor');
    await decide(p, 'ben', 5, null); // a skip is no label: nothing to settle
    await decide(p, 'ana', 6, 'none');
    await decide(p, 'ben', 6, 'favor');
    await p.t.call('annotate.undo', { questionId: p.single.id, coder: 'ben' }); // undone: ana alone
    await decide(p, 'ana', 7, 'against');
    await decide(p, 'ben', 7, 'favor');
    await decide(p, 'ben', 7, 'against'); // a re-decision: now they agree
    await decide(p, 'ana', 8, 'against');
    await decide(p, 'ben', 8, 'none');
    await decide(p, 'cem', 8, null); // shown, but no pair: 1, two label sets

    const page = await p.t.call('adjudication.list', { questionId: p.single.id, status: 'all' });
    expect(page.units.map((u) => [u.externalId, u.disagreement, u.pairs, u.differingPairs, u.labelSets])).toEqual([
      ['d4', 1, 3, 3, 3],
      ['d2', 1, 1, 1, 2],
      ['d8', 1, 1, 1, 2],
      ['d3', 2 / 3, 3, 2, 2],
    ]);
    expect(page.counts).toEqual({ open: 4, settled: 0, total: 4 });
    const d2 = page.units[1]!;
    expect(d2.coders.map((c) => [c.coder, c.kind, c.labels, c.note, c.seconds])).toEqual([
      ['ana', 'label', ['favor'], null, null],
      ['ben', 'label', ['against'], 'ironic', 12],
    ]);
    expect(d2.text).toBe('Text 2 about things');
    expect(page.units[2]!.coders.map((c) => [c.coder, c.kind])).toEqual([
      ['ana', 'label'],
      ['ben', 'label'],
      ['cem', 'skip'],
    ]);
    expect(page.units.every((u) => u.adjudication === null && u.suggestion === null && u.gold === null)).toBe(true);
    expect(page.goldShown).toBe(false);

    // Pages: two at a time give the same order.
    const first = await p.t.call('adjudication.list', { questionId: p.single.id, limit: 2 });
    const second = await p.t.call('adjudication.list', { questionId: p.single.id, limit: 2, after: first.next! });
    expect([...first.units, ...second.units].map((u) => u.externalId)).toEqual(['d4', 'd2', 'd8', 'd3']);
    expect(second.next).toBeNull();
    await expect(p.t.call('adjudication.list', { questionId: p.single.id, after: 'nonsense' })).rejects.toThrow(
      /not a position in the list of disagreements/,
    );
  });

  it('measures label sets by their Jaccard distance', async () => {
    const p = await project(6);
    await decide(p, 'ana', 1, 'economy|health', 'multi');
    await decide(p, 'ben', 1, 'economy', 'multi'); // 1 - 1/2
    await decide(p, 'ana', 2, 'economy', 'multi');
    await decide(p, 'ben', 2, 'climate', 'multi'); // 1
    await decide(p, 'ana', 3, '', 'multi'); // none of these labels
    await decide(p, 'ben', 3, 'health|climate', 'multi'); // 1: nothing in common
    await decide(p, 'ana', 4, 'economy|health|climate', 'multi');
    await decide(p, 'ben', 4, 'health|climate|economy', 'multi'); // the same set: agreed
    const page = await p.t.call('adjudication.list', { questionId: p.multi.id });
    expect(page.units.map((u) => [u.externalId, u.disagreement])).toEqual([
      ['d2', 1],
      ['d3', 1],
      ['d1', 0.5],
    ]);
    expect(page.units[1]!.coders.map((c) => c.labels)).toEqual([[], ['health', 'climate']]);
  });

  it('shows the current suggestion unless hidden, and gold only where the project shows it', async () => {
    const p = await project(4);
    storeSeededRun(p, 0, 11);
    await decide(p, 'ana', 2, 'favor');
    await decide(p, 'ben', 2, 'against');
    const hash = currentHash(p.db(), p.single.id);
    const model = independentModel(
      p.db(),
      p.single.id,
      hash,
      p.single.labels.map((l) => l.id),
      false,
    ).get(p.ids[1]!)!;
    const shown = (await p.t.call('adjudication.list', { questionId: p.single.id })).units[0]!;
    expect(shown.suggestion!.labels).toEqual(model.labels.map((id) => p.single.labels.find((l) => l.id === id)!.name));
    expect(shown.suggestion!.score).toBeCloseTo(model.top, 12);
    expect((await p.t.call('adjudication.list', { questionId: p.single.id, showSuggestion: false })).units[0]!.suggestion).toBeNull();

    const gold = p.db().prepare('SELECT gold_label FROM documents WHERE id = ?').pluck().get(p.ids[1]!);
    await p.t.call('annotate.setSettings', { hideSuggestions: true, showGold: true });
    const hidden = await p.t.call('adjudication.list', { questionId: p.single.id });
    expect(hidden.suggestionsHidden).toBe(true);
    expect(hidden.units[0]!.suggestion).toBeNull();
    expect(hidden.goldShown).toBe(true);
    expect(hidden.units[0]!.gold).toBe(gold);
  });

  it('records an adjudication as the current decision, reopens the document when a coder decides after it, and undoes it', async () => {
    const p = await project(5);
    await decide(p, 'ana', 1, 'favor');
    await decide(p, 'ben', 1, 'against');
    await decide(p, 'ana', 2, 'none');
    await decide(p, 'ben', 2, 'favor');
    expect(state(p, 'single', 1).resolution).toBe('rule');

    const adjudicated = await decide(p, 'adjudicator', 1, 'none', 'single', { role: 'adjudication', note: 'see codebook 2.1' });
    expect(adjudicated.role).toBe('adjudication');
    const s1 = state(p, 'single', 1);
    expect([s1.resolution, s1.coders, JSON.parse(s1.label_ids)]).toEqual(['adjudicated', 2, [labelId(p, 'single', 'none')]]);
    let page = await p.t.call('adjudication.list', { questionId: p.single.id, status: 'all' });
    expect(page.counts).toEqual({ open: 1, settled: 1, total: 2 });
    const unit = page.units.find((u) => u.externalId === 'd1')!;
    expect(unit.adjudication).toMatchObject({ coder: 'adjudicator', kind: 'label', labels: ['none'], note: 'see codebook 2.1' });
    expect((await p.t.call('adjudication.list', { questionId: p.single.id, status: 'open' })).units.map((u) => u.externalId)).toEqual([
      'd2',
    ]);
    expect((await p.t.call('adjudication.list', { questionId: p.single.id, status: 'settled' })).units.map((u) => u.externalId)).toEqual([
      'd1',
    ]);
    // One document: that unit, with the question's counts.
    const one = await p.t.call('adjudication.list', { questionId: p.single.id, documentId: p.ids[0]!, status: 'all' });
    expect([one.units.map((u) => u.externalId), one.counts]).toEqual([['d1'], { open: 1, settled: 1, total: 2 }]);

    // A named adjudicator. A coder who decides again later reopens the document ([Note: resolution]):
    // the adjudication settled the decisions as they stood; the adjudicator settles it again.
    await decide(p, 'Dana Ruiz', 2, 'favor', 'single', { role: 'adjudication' });
    expect(state(p, 'single', 2).resolution).toBe('adjudicated');
    await decide(p, 'ana', 2, 'against');
    expect(state(p, 'single', 2).resolution).toBe('rule');
    expect((await p.t.call('adjudication.list', { questionId: p.single.id, status: 'open' })).units.map((u) => u.externalId)).toEqual([
      'd2',
    ]);
    await decide(p, 'Dana Ruiz', 2, 'favor', 'single', { role: 'adjudication' });
    expect(state(p, 'single', 2).resolution).toBe('adjudicated');
    expect(JSON.parse(state(p, 'single', 2).label_ids)).toEqual([labelId(p, 'single', 'favor')]);
    page = await p.t.call('adjudication.list', { questionId: p.single.id, status: 'settled' });
    expect(page.units.map((u) => [u.externalId, u.adjudication!.coder])).toEqual([
      ['d1', 'adjudicator'],
      ['d2', 'Dana Ruiz'],
    ]);
    // The agreement counts the coders only, never the adjudicator.
    const agreement = await p.t.call('agreement.run', { questionId: p.single.id, replicates: 100 });
    expect(agreement.table.coders).toEqual(['ana', 'ben']);

    // Undo by the adjudicator's name: the unit is open again and the project's rule decides.
    const undone = await p.t.call('annotate.undo', { questionId: p.single.id, coder: 'adjudicator', role: 'adjudication' });
    expect(undone.undone!.role).toBe('adjudication');
    expect(state(p, 'single', 1).resolution).toBe('rule');
    page = await p.t.call('adjudication.list', { questionId: p.single.id, status: 'all' });
    expect(page.counts).toEqual({ open: 1, settled: 1, total: 2 });
    expect(page.units.find((u) => u.externalId === 'd1')!.adjudication).toBeNull();
  });

  it("keeps to a sample's documents when one is named, and refuses another question's sample", async () => {
    const p = await project(12);
    for (let doc = 1; doc <= 12; doc++) {
      await decide(p, 'ana', doc, 'favor');
      await decide(p, 'ben', doc, doc % 2 ? 'against' : 'favor');
    }
    const sample = await p.t.call('samples.create', { questionId: p.single.id, seed: 4, size: 6, kind: 'reliability' });
    const members = new Set(
      p.db().prepare('SELECT document_id FROM sample_documents WHERE sample_id = ?').pluck().all(sample.id) as number[],
    );
    const inSample = await p.t.call('adjudication.list', { questionId: p.single.id, sampleId: sample.id, status: 'all' });
    const expected = p.ids.filter((id, i) => members.has(id) && (i + 1) % 2 === 1);
    expect(inSample.units.map((u) => u.documentId).sort((a, b) => a - b)).toEqual(expected);
    expect(inSample.counts.total).toBe(expected.length);
    await expect(p.t.call('adjudication.list', { questionId: p.multi.id, sampleId: sample.id })).rejects.toThrow(
      /not one of this question/,
    );
  });

  it('writes the disagreements as CSV for a coding meeting', async () => {
    const p = await project(4);
    await decide(p, 'ana', 1, 'favor', 'single', { note: 'clear, "obvious"' });
    await decide(p, 'ben', 1, 'against');
    await decide(p, 'ana', 3, 'none');
    await decide(p, 'cem', 3, 'favor', 'single', { note: 'line one\nline two' });
    await decide(p, 'ben', 3, null);
    await decide(p, 'adjudicator', 3, 'favor', 'single', { role: 'adjudication' });
    const r = await p.t.call('adjudication.csv', { questionId: p.single.id, showSuggestion: false });
    expect(r.rows).toBe(2);
    expect(r.coders).toEqual(['ana', 'ben', 'cem']);
    expect(r.csv).toBe(
      [
        'document_id,text,disagreement,ana: label,ana: note,ben: label,ben: note,cem: label,cem: note,adjudicated_label,adjudicator,adjudication_note',
        'd1,Text 1 about things,1,favor,"clear, ""obvious""",against,,,,,,',
        'd3,Text 3 about things,1,none,,[skip],,favor,"line one\nline two",favor,adjudicator,',
        '',
      ].join('\r\n'),
    );
    const open = await p.t.call('adjudication.csv', { questionId: p.single.id, status: 'open', showSuggestion: false });
    expect(open.rows).toBe(1);
  });
});
