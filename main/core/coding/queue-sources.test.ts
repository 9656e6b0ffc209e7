// The skipped and flagged documents as queues of their own (issue 13, item 2), and the decision
// pairs that model-versus-human and anchoring numbers are computed from (item 10).
import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../../common/contract';
import { readCodebook } from '../codebook/codebook-read';
import type { TestCore } from '../test-support/test-core';
import { useTempDir } from '../test-support/temp-dir';
import { decisionPairs } from './decision-pairs';
import { codingProject, MODEL_SHA, storeRun } from './test-support/coding-fixture';
import { modelInputHash } from '../codebook/hypotheses';

const tmp = useTempDir();
const STANCE = { name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }] };

async function walk(t: TestCore, input: Record<string, unknown>, limit = 3): Promise<QueueItem[]> {
  const items: QueueItem[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await t.call('annotate.queue', { ...(input as { questionId: string }), limit, ...(after ? { after } : {}) });
    items.push(...page.items);
    if (page.items.length < limit) return items;
    after = page.items[page.items.length - 1]!.key;
  }
}

describe('skipped and flagged queues', () => {
  it('bug (issue 13): a skipped document never came back to Annotate; the skipped queue serves it, and coding it there takes it out', async () => {
    const p = await codingProject(tmp(), 12, [STANCE]);
    const q = p.codebook.questions[0]!;
    const [favour] = q.labels;
    const skipped = [p.documentIds[1]!, p.documentIds[4]!, p.documentIds[5]!, p.documentIds[9]!];
    for (const id of p.documentIds) {
      if (skipped.includes(id)) await p.t.call('annotate.decide', { questionId: q.id, documentId: id, coder: 'Ana', kind: 'skip' });
      else await p.t.call('annotate.decide', { questionId: q.id, documentId: id, coder: 'Ana', kind: 'label', labelIds: [favour!.id] });
    }
    // The ordinary queue is done; the page counts the skipped documents still waiting.
    const done = await p.t.call('annotate.queue', { questionId: q.id });
    expect(done).toMatchObject({ items: [], remaining: 0, skippedOutsideSamples: 4, progress: { skipped: 4 } });
    const queue = await walk(p.t, { questionId: q.id, source: 'skipped' });
    expect(queue.map((i) => i.document.id)).toEqual(skipped);
    expect(queue[0]!.decision).toMatchObject({ kind: 'skip' });
    const first = await p.t.call('annotate.queue', { questionId: q.id, source: 'skipped', limit: 1 });
    expect(first.remaining).toBe(3);
    await p.t.call('annotate.decide', { questionId: q.id, documentId: skipped[0]!, coder: 'Ana', kind: 'label', labelIds: [favour!.id] });
    expect((await walk(p.t, { questionId: q.id, source: 'skipped' })).map((i) => i.document.id)).toEqual(skipped.slice(1));
    expect((await p.t.call('annotate.queue', { questionId: q.id })).skippedOutsideSamples).toBe(3);
    await p.t.core.shutdown();
  });

  it('the flagged queue serves the documents whose current decision is flagged, and a sample has its own, blind', async () => {
    const p = await codingProject(tmp(), 20, [STANCE]);
    const q = p.codebook.questions[0]!;
    const [favour, against] = q.labels;
    const sample = await p.t.call('samples.create', { questionId: q.id, seed: 5, size: 6 });
    const inSample = p
      .db()
      .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position')
      .pluck()
      .all(sample.id) as number[];
    const outside = p.documentIds.filter((d) => !inSample.includes(d));
    for (const id of outside.slice(0, 5))
      await p.t.call('annotate.decide', {
        questionId: q.id,
        documentId: id,
        coder: 'Ana',
        kind: 'label',
        labelIds: [favour!.id],
        flagged: id % 2 === 0,
      });
    const flagged = outside.slice(0, 5).filter((id) => id % 2 === 0);
    expect((await walk(p.t, { questionId: q.id, source: 'flagged' })).map((i) => i.document.id)).toEqual(flagged);
    // Unflagged by a new decision: out of the queue.
    await p.t.call('annotate.decide', { questionId: q.id, documentId: flagged[0]!, coder: 'Ana', kind: 'label', labelIds: [against!.id] });
    expect((await walk(p.t, { questionId: q.id, source: 'flagged' })).map((i) => i.document.id)).toEqual(flagged.slice(1));

    // In the sample: a skip and a flag, each in the sample's own queue, blind; not in the ordinary ones.
    await p.t.call('annotate.decide', { questionId: q.id, documentId: inSample[0]!, coder: 'Ana', kind: 'skip', sampleId: sample.id });
    await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: inSample[1]!,
      coder: 'Ana',
      kind: 'label',
      labelIds: [favour!.id],
      flagged: true,
      sampleId: sample.id,
    });
    const sampleSkipped = await walk(p.t, { questionId: q.id, source: 'skipped', sampleId: sample.id, coder: 'Ana' });
    expect(sampleSkipped.map((i) => [i.document.id, i.sampleId, i.suggestion])).toEqual([[inSample[0], sample.id, null]]);
    const sampleFlagged = await walk(p.t, { questionId: q.id, source: 'flagged', sampleId: sample.id, coder: 'Ana' });
    expect(sampleFlagged.map((i) => i.document.id)).toEqual([inSample[1]]);
    expect((await walk(p.t, { questionId: q.id, source: 'skipped' })).map((i) => i.document.id)).toEqual([]);
    expect((await walk(p.t, { questionId: q.id, source: 'flagged' })).map((i) => i.document.id)).toEqual(flagged.slice(1));
    expect((await p.t.call('samples.list', { questionId: q.id }))[0]).toMatchObject({ coded: 1, skipped: 1 });
    await p.t.core.shutdown();
  });
});

describe('decision pairs', () => {
  it('pair each coder’s latest label in each context with the model’s labels of that moment, shown or hidden', async () => {
    const p = await codingProject(tmp(), 30, [STANCE]);
    const q = p.codebook.questions[0]!;
    const [favour, against] = q.labels;
    const runId = storeRun(p.db(), p.codebook, 0, p.documentIds, (d) => (d % 2 === 0 ? [3, 0] : [0, 3]));
    const suggestion = (d: number) => ({ labelIds: [d % 2 === 0 ? favour!.id : against!.id], score: 0.95, runId });
    const sample = await p.t.call('samples.create', { questionId: q.id, seed: 1, size: 4 });
    const inSample = p
      .db()
      .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position')
      .pluck()
      .all(sample.id) as number[];
    const outside = p.documentIds.filter((d) => !inSample.includes(d));
    // Ordinary coding with the suggestion shown: accepted on two, changed on one, one undone, one skipped after a label.
    const decide = (documentId: number, labelId: string | null, extra: Record<string, unknown> = {}) =>
      p.t.call('annotate.decide', {
        questionId: q.id,
        documentId,
        coder: 'Ana',
        kind: labelId ? 'label' : 'skip',
        labelIds: labelId ? [labelId] : [],
        ...extra,
      });
    const [o1, o2, o3, o4, o5] = outside;
    await decide(o1!, suggestion(o1!).labelIds[0]!, { suggestion: suggestion(o1!) });
    await decide(o2!, suggestion(o2!).labelIds[0]!, { suggestion: suggestion(o2!) });
    await decide(o3!, o3! % 2 === 0 ? against!.id : favour!.id, { suggestion: suggestion(o3!) });
    await decide(o4!, favour!.id, { suggestion: suggestion(o4!) });
    await p.t.call('annotate.undo', { questionId: q.id, coder: 'Ana' });
    await decide(o5!, favour!.id, { suggestion: suggestion(o5!) });
    await decide(o5!, null);
    // Blind in the sample, then the same document again in ordinary coding by Ben.
    await decide(inSample[0]!, favour!.id, { sampleId: sample.id });
    await p.t.call('annotate.decide', { questionId: q.id, documentId: inSample[0]!, coder: 'Ben', kind: 'label', labelIds: [against!.id] });
    // The CLI records the suggestion too, hidden.
    const ext = p.db().prepare('SELECT external_id FROM documents WHERE id = ?').pluck().get(inSample[1]!) as string;
    const cli = await p.t.call('annotate.labelByName', {
      externalId: ext,
      question: 'Stance',
      labels: ['against'],
      coder: 'Cli',
      note: 'by script',
    });
    expect(cli).toMatchObject({
      suggestionLabelIds: suggestion(inSample[1]!).labelIds,
      suggestionShown: false,
      note: 'by script',
      accepted: false,
    });

    const hash = modelInputHash(readCodebook(p.db()).questions[0]!, MODEL_SHA);
    const pairs = decisionPairs(p.db(), q, hash);
    const brief = pairs.map((x) => [x.documentId, x.coder, x.humanLabelIds, x.modelLabelIds, x.shown, x.blind, x.sampleId, x.stale]);
    const model = (d: number) => suggestion(d).labelIds;
    expect(brief).toEqual(
      [
        [o1, 'Ana', model(o1!), model(o1!), true, false, null, false],
        [o2, 'Ana', model(o2!), model(o2!), true, false, null, false],
        [o3, 'Ana', [o3! % 2 === 0 ? against!.id : favour!.id], model(o3!), true, false, null, false],
        [inSample[0], 'Ana', [favour!.id], model(inSample[0]!), false, true, sample.id, false],
        [inSample[0], 'Ben', [against!.id], null, false, false, null, false],
        [inSample[1], 'Cli', [against!.id], model(inSample[1]!), false, false, null, false],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    expect(decisionPairs(p.db(), q, hash, { sampleId: sample.id }).map((x) => x.documentId)).toEqual([inSample[0]]);
    expect(decisionPairs(p.db(), q, 'another-hash', { sampleId: sample.id })[0]!.stale).toBe(true);
    // Shown and accepted in progress: o1, o2 accepted, o3 changed; blind and CLI decisions neither.
    expect(await p.t.call('annotate.progress', { questionId: q.id })).toMatchObject({ accepted: 2, changed: 1 });
    await p.t.core.shutdown();
  });
});
