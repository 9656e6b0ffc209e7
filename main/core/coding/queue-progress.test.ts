// The progress of a sample's, the skipped and the flagged queue (issue 13): the counts of the queue
// being coded, not the question's over the whole project; checked against the test's own record of
// the decisions it made.
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { codingProject } from './test-support/coding-fixture';

const tmp = useTempDir();
const STANCE = { name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }, { name: 'neutral' }] };

describe('queue progress', () => {
  it('bug (issue 13): a blind sample of 8 showed the project’s "1 of 60 done"; its queue counts its own documents, this coder’s decisions in it', async () => {
    const p = await codingProject(tmp(), 40, [STANCE]);
    const q = p.codebook.questions[0]!;
    const [favour, against] = q.labels;
    const sample = await p.t.call('samples.create', { questionId: q.id, seed: 3, size: 8 });
    const inSample = p
      .db()
      .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position')
      .pluck()
      .all(sample.id) as number[];
    const outside = p.documentIds.filter((d) => !inSample.includes(d));
    // Ordinary coding outside the sample: 5 labels and a skip (the question's progress only).
    for (const id of outside.slice(0, 5))
      await p.t.call('annotate.decide', { questionId: q.id, documentId: id, coder: 'Ana', kind: 'label', labelIds: [favour!.id] });
    await p.t.call('annotate.decide', { questionId: q.id, documentId: outside[5]!, coder: 'Ana', kind: 'skip' });
    const sampleQueue = { questionId: q.id, source: 'sample' as const, sampleId: sample.id, coder: 'Ana', limit: 1 };
    const start = await p.t.call('annotate.queue', sampleQueue);
    expect(start.progress).toMatchObject({ total: 40, decided: 5, skipped: 1 });
    expect(start.queueProgress).toEqual({ total: 8, done: 0, decided: 0, skipped: 0, byLabel: [] });

    // Blind in the sample: Ana labels three (one re-decided, one undone) and skips one; Ben labels one more.
    const blind = (documentId: number, coder: string, labelId: string | null) =>
      p.t.call('annotate.decide', {
        questionId: q.id,
        documentId,
        coder,
        kind: labelId ? 'label' : 'skip',
        labelIds: labelId ? [labelId] : [],
        sampleId: sample.id,
      });
    await blind(inSample[0]!, 'Ana', favour!.id);
    await blind(inSample[1]!, 'Ana', favour!.id);
    await blind(inSample[1]!, 'Ana', against!.id);
    await blind(inSample[2]!, 'Ana', against!.id);
    await blind(inSample[3]!, 'Ana', null);
    await blind(inSample[4]!, 'Ana', favour!.id);
    await p.t.call('annotate.undo', { questionId: q.id, coder: 'Ana' });
    await blind(inSample[5]!, 'Ben', favour!.id);
    // Ana's: 0 favour, 1 against (re-decided), 2 against, 3 skipped; 4 undone.
    const ana = await p.t.call('annotate.queue', sampleQueue);
    expect(ana.queueProgress).toEqual({
      total: 8,
      done: 4,
      decided: 3,
      skipped: 1,
      byLabel: [
        { labelId: favour!.id, count: 1 },
        { labelId: against!.id, count: 2 },
      ],
    });
    expect(ana.remaining + ana.items.length).toBe(8 - 4);
    // Without a coder: every coder's decisions in the sample (Ben's label too).
    const any = await p.t.call('annotate.queue', { ...sampleQueue, coder: undefined });
    expect(any.queueProgress).toMatchObject({ total: 8, done: 5, decided: 4, skipped: 1 });
    // The question's progress still counts the whole project (and the sample's decisions in it).
    expect(ana.progress.total).toBe(40);

    // The sample's skipped queue: Ana's one skip; coding it there makes it done.
    const skippedQueue = { ...sampleQueue, source: 'skipped' as const };
    expect((await p.t.call('annotate.queue', skippedQueue)).queueProgress).toMatchObject({ total: 1, done: 0, skipped: 1 });
    await blind(inSample[3]!, 'Ana', favour!.id);
    expect((await p.t.call('annotate.queue', skippedQueue)).queueProgress).toMatchObject({ total: 1, done: 1, decided: 1, skipped: 0 });
    // An ordinary queue has the question's progress only.
    expect((await p.t.call('annotate.queue', { questionId: q.id })).queueProgress).toBeNull();
    await p.t.core.shutdown();
  });

  it('the skipped and flagged queues outside samples count the documents skipped or flagged there, done once no longer so', async () => {
    const p = await codingProject(tmp(), 20, [STANCE]);
    const q = p.codebook.questions[0]!;
    const [favour, against, neutral] = q.labels;
    const ids = p.documentIds;
    const decide = (documentId: number, labelId: string | null, flagged = false) =>
      p.t.call('annotate.decide', {
        questionId: q.id,
        documentId,
        coder: 'Ana',
        kind: labelId ? 'label' : 'skip',
        labelIds: labelId ? [labelId] : [],
        flagged,
      });
    for (const i of [0, 1, 2, 3, 4]) await decide(ids[i]!, null);
    for (const i of [5, 6, 7]) await decide(ids[i]!, favour!.id, true);
    await decide(ids[8]!, against!.id);
    // A skip undone is no skipped document.
    await decide(ids[9]!, null);
    await p.t.call('annotate.undo', { questionId: q.id, coder: 'Ana' });
    const skipped = { questionId: q.id, source: 'skipped' as const, coder: 'Ana', limit: 2 };
    const flagged = { ...skipped, source: 'flagged' as const };
    expect((await p.t.call('annotate.queue', skipped)).queueProgress).toEqual({ total: 5, done: 0, decided: 0, skipped: 5, byLabel: [] });
    expect((await p.t.call('annotate.queue', flagged)).queueProgress).toEqual({
      total: 3,
      done: 0,
      decided: 3,
      skipped: 0,
      byLabel: [{ labelId: favour!.id, count: 3 }],
    });
    // Two skipped documents coded, one of them flagged; one flagged document unflagged.
    await decide(ids[0]!, neutral!.id);
    await decide(ids[1]!, against!.id, true);
    await decide(ids[5]!, against!.id);
    const s = await p.t.call('annotate.queue', skipped);
    expect(s.queueProgress).toEqual({
      total: 5,
      done: 2,
      decided: 2,
      skipped: 3,
      byLabel: [
        { labelId: against!.id, count: 1 },
        { labelId: neutral!.id, count: 1 },
      ],
    });
    // What the skipped queue still serves is what is not done.
    expect(s.items.length + s.remaining).toBe(3);
    const f = await p.t.call('annotate.queue', flagged);
    // Flagged: 5 (unflagged now: done), 6, 7, and 1 (flagged now).
    expect(f.queueProgress).toMatchObject({ total: 4, done: 1, decided: 4, skipped: 0 });
    expect(f.items.length + f.remaining).toBe(3);
    await p.t.core.shutdown();
  });
});
