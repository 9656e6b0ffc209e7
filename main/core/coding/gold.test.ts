// The gold label through the workflow (issue 13, item 1) on a real corpus with gold labels: the
// SemEval 2016 stance tweets (Tweet, Target, Stance), imported with Stance as the gold column.
// Counts were taken independently with Python's csv module (1956 rows: AGAINST 1014, NONE 490,
// FAVOR 452; Target "Donald Trump" 707).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowseRow, Codebook, MethodInput } from '../../../common/contract';
import { corpusFile } from '../test-support/corpora';
import { makeTestCore, type TestCore } from '../test-support/test-core';
import { useTempDir } from '../test-support/temp-dir';
import { storeRun } from './test-support/coding-fixture';

const tmp = useTempDir();

async function stanceProject(dir: string): Promise<{ t: TestCore; codebook: Codebook; path: string }> {
  const t = makeTestCore(dir);
  const path = join(dir, 'stance.prelabel');
  await t.call('project.create', { name: 'stance', path });
  const started = await t.call('import.start', {
    source: { kind: 'path', path: corpusFile('semeval2016_stance', 'test.csv') },
    mapping: { textColumns: ['Tweet'], goldColumn: 'Stance' },
  });
  expect((await t.waitForJob(started.jobId)).status).toBe('done');
  // "favour" (code FAVOR) and "against" name gold values by code and by name in another case; NONE names nothing.
  const codebook = await t.call('codebook.set', {
    questions: [{ name: 'Stance', labels: [{ name: 'favour', code: 'FAVOR' }, { name: 'against' }] }],
  });
  return { t, codebook, path };
}

async function allRows(t: TestCore, input: MethodInput<'browse.page'>): Promise<{ rows: BrowseRow[]; total: number }> {
  const rows: BrowseRow[] = [];
  let after: string | undefined;
  let total = -1;
  for (;;) {
    const page = await t.call('browse.page', { ...input, limit: 500, ...(after ? { after } : {}) });
    if (page.total !== null) total = page.total;
    rows.push(...page.rows);
    if (!page.next) return { rows, total };
    after = page.next;
  }
}

describe('gold labels', () => {
  it('labels from gold values: one click adds the values that name no label, keeps the others, and shows the counts', async () => {
    const { t, codebook } = await stanceProject(tmp());
    const q = codebook.questions[0]!;
    const [favour, against] = q.labels;
    const values = await t.call('codebook.goldValues', { questionId: q.id });
    expect(values.values).toEqual([
      { value: 'AGAINST', count: 1014, labelId: against!.id },
      { value: 'NONE', count: 490, labelId: null },
      { value: 'FAVOR', count: 452, labelId: favour!.id },
    ]);
    const made = await t.call('codebook.labelsFromGold', { questionId: q.id });
    expect(made.added).toEqual([{ name: 'NONE', count: 490 }]);
    expect(made.kept).toEqual([
      { name: 'against', count: 1014 },
      { name: 'favour', count: 452 },
    ]);
    expect(made.codebook.questions[0]!.labels.map((l) => l.name)).toEqual(['favour', 'against', 'NONE']);
    expect(made).toMatchObject({ questionId: q.id, excluded: [] });
    // A second click changes nothing.
    const again = await t.call('codebook.labelsFromGold', { questionId: q.id });
    expect(again.added).toEqual([]);
    expect(again.codebook.revisionId).toBe(made.codebook.revisionId);
    await t.core.shutdown();
  });

  it('labels from gold values make a new question in one step, leaving out the values asked, and say exactly what was added', async () => {
    const { t } = await stanceProject(tmp());
    // For a question not saved yet: every value is a new label.
    expect((await t.call('codebook.goldValues', { multiLabel: false })).candidates).toEqual([
      { name: 'AGAINST', count: 1014, labelId: null },
      { name: 'NONE', count: 490, labelId: null },
      { name: 'FAVOR', count: 452, labelId: null },
    ]);
    const made = await t.call('codebook.labelsFromGold', { newQuestion: { name: 'Stance (gold)' }, exclude: ['none'] });
    expect(made.added).toEqual([
      { name: 'AGAINST', count: 1014 },
      { name: 'FAVOR', count: 452 },
    ]);
    expect(made.excluded).toEqual([{ name: 'NONE', count: 490 }]);
    const question = made.codebook.questions.find((q) => q.id === made.questionId)!;
    expect(question).toMatchObject({ name: 'Stance (gold)', multiLabel: false });
    expect(question.labels.map((l) => l.name)).toEqual(['AGAINST', 'FAVOR']);
    expect(made.codebook.questions.map((q) => q.name)).toEqual(['Stance', 'Stance (gold)']);
    // One line for what cannot be done; nothing is written.
    await expect(t.call('codebook.labelsFromGold', { newQuestion: { name: 'stance' } })).rejects.toThrow(
      'A question named "stance" exists already: choose another name, or add the labels to it.',
    );
    await expect(
      t.call('codebook.labelsFromGold', { newQuestion: { name: 'Empty' }, exclude: ['AGAINST', 'NONE', 'FAVOR'] }),
    ).rejects.toThrow('Every gold value is left out: keep at least one to make a question with it.');
    expect((await t.call('codebook.get', {})).revisionId).toBe(made.codebook.revisionId);
    await t.core.shutdown();
  });

  it('bug (issue 13): the gold column showed raw among the metadata in Annotate; gold is kept from the coder (value and column) unless the project shows it for training, which the decision records', async () => {
    const { t, codebook } = await stanceProject(tmp());
    const q = codebook.questions[0]!;
    expect(await t.call('annotate.settings', {})).toMatchObject({ showGold: false, hasGold: true, emptyGoldNoLabel: true });
    const hidden = (await t.call('annotate.queue', { questionId: q.id, limit: 5 })).items;
    for (const item of hidden) {
      expect(item.document.gold).toBeNull();
      expect(Object.keys(item.document.metadata)).toEqual(['Target', 'Opinion Towards', 'Sentiment']);
      expect(JSON.stringify(item)).not.toMatch(/AGAINST|FAVOR|"NONE"/);
    }
    const first = await t.call('annotate.decide', {
      questionId: q.id,
      documentId: hidden[0]!.document.id,
      coder: 'Ana',
      kind: 'label',
      labelIds: [q.labels[1]!.id],
    });
    expect(first.goldShown).toBe(false);

    expect(await t.call('annotate.setSettings', { showGold: true })).toMatchObject({
      showGold: true,
      hasGold: true,
      emptyGoldNoLabel: true,
    });
    const shown = (await t.call('annotate.queue', { questionId: q.id, limit: 5 })).items;
    expect(shown[0]!.document.gold).toBe('AGAINST');
    expect(shown[0]!.document.metadata.Stance).toBe('AGAINST');
    const second = await t.call('annotate.decide', {
      questionId: q.id,
      documentId: shown[0]!.document.id,
      coder: 'Ana',
      kind: 'label',
      labelIds: [q.labels[1]!.id],
    });
    expect(second.goldShown).toBe(true);
    // The switch is the project's: a new core reading the same file sees it.
    await t.core.shutdown();
    const again = makeTestCore(tmp());
    await again.call('project.open', { path: join(tmp(), 'stance.prelabel') });
    expect(await again.call('annotate.settings', {})).toMatchObject({ showGold: true, hasGold: true, emptyGoldNoLabel: true });
    await again.core.shutdown();
  });

  it('Browse shows the gold column and filters by it exactly as a computation over every document', async () => {
    const { t, codebook } = await stanceProject(tmp());
    const q = codebook.questions[0]!;
    const [favour, against] = q.labels;
    const db = t.core.context.project!.db;
    const ids = db.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[];
    // Suggestions: favour for even ids, against for odd ones; decisions on every fifth document.
    storeRun(db, codebook, 0, ids, (d) => (d % 2 === 0 ? [2, 0] : [0, 2]));
    for (const id of ids.filter((d) => d % 5 === 0))
      await t.call('annotate.decide', {
        questionId: q.id,
        documentId: id,
        coder: 'Ana',
        kind: 'label',
        labelIds: [id % 3 === 0 ? favour!.id : against!.id],
      });

    const all = (await allRows(t, { questionId: q.id })).rows;
    expect(all).toHaveLength(1956);
    const goldLabel = (g: string | null) => (g === 'FAVOR' ? 'favour' : g === 'AGAINST' ? 'against' : null);
    const expectRows = async (input: Partial<MethodInput<'browse.page'>>, keep: (r: BrowseRow) => boolean) => {
      const got = await allRows(t, { questionId: q.id, ...input });
      const want = all.filter(keep).map((r) => r.id);
      expect(got.rows.map((r) => r.id)).toEqual(want);
      expect(got.total).toBe(want.length);
      return want.length;
    };
    expect(await expectRows({ gold: 'has' }, (r) => r.gold !== null)).toBe(1956);
    expect(await expectRows({ goldLabelId: favour!.id }, (r) => r.gold === 'FAVOR')).toBe(452);
    expect(
      await expectRows({ goldLabelId: against!.id, status: 'open' }, (r) => r.gold === 'AGAINST' && r.status === 'open'),
    ).toBeGreaterThan(0);
    const differsDecision = await expectRows(
      { gold: 'differs_decision' },
      (r) => r.status === 'decided' && goldLabel(r.gold) !== r.labels[0],
    );
    expect(differsDecision).toBeGreaterThan(0);
    const differsSuggestion = await expectRows(
      { gold: 'differs_suggestion' },
      (r) => r.suggestion !== null && goldLabel(r.gold) !== r.suggestion.label,
    );
    expect(differsSuggestion).toBeGreaterThan(0);
    await t.core.shutdown();
  });

  it('an import whose gold column was given by position still keeps it from the coder', async () => {
    const t = makeTestCore(tmp());
    await t.call('project.create', { name: 'p', path: join(tmp(), 'p.prelabel') });
    const started = await t.call('import.start', {
      source: { kind: 'path', path: corpusFile('semeval2016_stance', 'test.csv') },
      mapping: { textColumns: [1], goldColumn: 3, goldMap: { against: 'con', favor: 'pro' } },
    });
    expect((await t.waitForJob(started.jobId)).status).toBe('done');
    const db = t.core.context.project!.db;
    // What versions before issue 13 stored: no resolved name.
    const options = JSON.parse(db.prepare('SELECT options FROM imports').pluck().get() as string) as Record<string, unknown>;
    expect(options.goldColumnName).toBe('Stance');
    delete options.goldColumnName;
    db.prepare('UPDATE imports SET options = ?').run(JSON.stringify(options));
    const codebook = await t.call('codebook.set', { questions: [{ name: 'Stance', labels: [{ name: 'pro' }, { name: 'con' }] }] });
    const other = makeTestCore(tmp());
    await t.core.shutdown();
    await other.call('project.open', { path: join(tmp(), 'p.prelabel') });
    const items = (await other.call('annotate.queue', { questionId: codebook.questions[0]!.id, limit: 20 })).items;
    for (const item of items) {
      expect(item.document.gold).toBeNull();
      expect(Object.keys(item.document.metadata)).toEqual(['Target', 'Opinion Towards', 'Sentiment']);
    }
    await other.core.shutdown();
  });
});
