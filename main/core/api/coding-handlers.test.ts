// The coding handlers' events: bug 7 of issue 10 (Browse kept a decision that Annotate had
// changed). Every decision and undo tells the faces `coding:changed` with its question, after the
// decision is committed, so Browse reads its rows again.
import { describe, expect, it } from 'vitest';
import { codingProject } from '../coding/test-support/coding-fixture';
import { useTempDir } from '../test-support/temp-dir';

const tmp = useTempDir();

describe('bug 7: coding:changed', () => {
  it('follows each decision, undo and label-by-name of a question, and nothing else of the coding calls', async () => {
    const p = await codingProject(tmp(), 3, [{ name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }] }]);
    const q = p.codebook.questions[0]!;
    const changes = () => p.t.events.filter((e) => e.event === 'coding:changed').map((e) => e.payload);
    const [favour, against] = q.labels;
    await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: p.documentIds[0]!,
      coder: 'Ana',
      kind: 'label',
      labelIds: [favour!.id],
    });
    expect(changes()).toEqual([{ questionId: q.id }]);
    await p.t.call('annotate.undo', { questionId: q.id, coder: 'Ana' });
    await p.t.call('annotate.labelByName', { externalId: 'doc-2', question: 'Stance', labels: ['against'], coder: 'Ana' });
    expect(changes()).toHaveLength(3);
    await p.t.call('annotate.queue', { questionId: q.id, order: 'in_order', seed: 1, scope: 'open', limit: 10 });
    await p.t.call('annotate.progress', { questionId: q.id });
    await p.t.call('browse.page', { questionId: q.id, sort: 'document', direction: 'asc', limit: 10 });
    await p.t.call('coders.list', {});
    expect(changes()).toHaveLength(3);
    // A refused decision changes nothing and says nothing.
    await expect(
      p.t.call('annotate.decide', {
        questionId: q.id,
        documentId: p.documentIds[0]!,
        coder: 'Ana',
        kind: 'label',
        labelIds: [favour!.id, against!.id],
      }),
    ).rejects.toThrow();
    expect(changes()).toHaveLength(3);
    await p.t.core.shutdown();
  });
});
