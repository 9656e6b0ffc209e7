import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codebookInput, type Codebook, type CodebookQuestionInput } from '../../../common/contract';
import { listRevisions } from '../store/codebook-store';
import { createProjectDb, type Db } from '../store/project-db';
import { useTempDir } from '../test-support/temp-dir';
import { findQuestion, readCodebook } from './codebook-read';
import { codebookToJson } from './codebook-json';
import { setCodebook } from './codebook-write';
import { modelInputHash } from './hypotheses';
import { insertDecision, insertPrediction } from './test-support/test-decisions';

const tmp = useTempDir();

function project(): Db {
  return createProjectDb(join(tmp(), `p-${Math.random().toString(36).slice(2)}.prelabel`), { name: 'codebook test' });
}

const set = (db: Db, questions: CodebookQuestionInput[], summary?: string) => setCodebook(db, codebookInput.parse({ questions, summary }));
const stance = (): CodebookQuestionInput => ({
  name: 'Stance',
  template: 'The author is {} the policy.',
  labels: [
    { name: 'in favour of', hotkey: 'a', description: 'Supports it.' },
    { name: 'against', hotkey: 's' },
    { name: 'neutral towards', hotkey: 'd' },
  ],
});
/** The codebook as the input form, so a test can edit it and set it again. */
const asInput = (cb: Codebook) => JSON.parse(JSON.stringify(codebookToJson(cb).questions)) as CodebookQuestionInput[];
const labelIds = (cb: Codebook, q = 'Stance') => Object.fromEntries(findQuestion(cb, q)!.labels.map((l) => [l.name, l.id]));

describe('codebook.set', () => {
  it('stores a codebook and reads it back with ids, in order, and round-trips without a new revision', () => {
    const db = project();
    const saved = set(db, [
      stance(),
      { name: 'Topic', multiLabel: true, template: 'This text is about {}.', labels: [{ name: 'health', code: '504' }] },
    ]);
    expect(saved.questions.map((q) => q.name)).toEqual(['Stance', 'Topic']);
    expect(saved.questions[0]!.labels.map((l) => l.name)).toEqual(['in favour of', 'against', 'neutral towards']);
    expect(saved.questions[1]).toMatchObject({ multiLabel: true, labels: [{ name: 'health', code: '504', archived: false }] });
    for (const q of saved.questions) {
      expect(q.id).toMatch(/^[0-9a-f-]{36}$/);
      for (const l of q.labels) expect(l.id).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(readCodebook(db)).toEqual(saved);
    expect(saved.revisionId).not.toBeNull();

    const again = set(db, asInput(saved));
    expect(again).toEqual(saved);
    expect(listRevisions(db)).toHaveLength(1);
  });

  it('matches by id so a rename keeps the id, and by name when no id is given', () => {
    const db = project();
    const first = set(db, [stance()]);
    const ids = labelIds(first);
    const questionId = first.questions[0]!.id;

    const renamed = asInput(first);
    renamed[0]!.name = 'Position';
    renamed[0]!.labels[0]!.name = 'for';
    const second = set(db, renamed);
    expect(second.questions[0]!.id).toBe(questionId);
    expect(labelIds(second, 'Position').for).toBe(ids['in favour of']);

    // Without ids the names decide: "against" keeps its id, "for" is new.
    const byName = set(db, [
      { name: 'Position', template: 'The author is {} the policy.', labels: [{ name: 'against' }, { name: 'for it' }] },
    ]);
    expect(byName.questions[0]!.id).toBe(questionId);
    const now = labelIds(byName, 'Position');
    expect(now.against).toBe(ids.against);
    expect(Object.values(ids)).not.toContain(now['for it']);
  });

  it('swaps two names without tripping the unique constraint', () => {
    const db = project();
    const first = set(db, [stance()]);
    const ids = labelIds(first);
    const swapped = asInput(first);
    swapped[0]!.labels[0]!.name = 'against';
    swapped[0]!.labels[1]!.name = 'in favour of';
    const after = set(db, swapped);
    expect(labelIds(after)).toMatchObject({ against: ids['in favour of'], 'in favour of': ids.against });
  });

  it('archives labels and questions with decisions or predictions, and deletes unused ones', () => {
    const db = project();
    const first = set(db, [
      stance(),
      { name: 'Topic', labels: [{ name: 'health' }, { name: 'crime' }] },
      { name: 'Unused', labels: [{ name: 'x' }] },
    ]);
    const ids = labelIds(first);
    const topic = findQuestion(first, 'Topic')!;
    insertDecision(db, first.questions[0]!.id, [ids.against!]);
    insertDecision(db, first.questions[0]!.id, [ids['in favour of']!], { suggestion: [ids['neutral towards']!] });
    insertPrediction(db, topic.id, topic.labels[1]!.id);

    const after = set(db, [
      { name: 'Stance', template: 'The author is {} the policy.', labels: [{ name: 'in favour of' }, { name: 'other' }] },
    ]);
    const q = findQuestion(after, 'Stance')!;
    expect(q.labels.map((l) => [l.name, l.archived])).toEqual([
      ['in favour of', false],
      ['other', false],
      ['against', true],
      ['neutral towards', true],
    ]);
    expect(labelIds(after).against).toBe(ids.against);
    // Topic has a prediction for "crime": the question and that label stay as history; "Unused" goes.
    expect(findQuestion(after, 'Topic')).toMatchObject({ id: topic.id, archived: true });
    expect(findQuestion(after, 'Topic')!.labels.map((l) => l.name)).toEqual(['health', 'crime']);
    expect(findQuestion(after, 'Unused')).toBeUndefined();
    expect(db.prepare("SELECT count(*) FROM labels WHERE name = 'x'").pluck().get()).toBe(0);
    expect(listRevisions(db).at(-1)!.summary).toBe(
      'Deleted question "Unused"; added label "other" to "Stance"; archived labels "against", "neutral towards" of "Stance"; ' +
        'edited label "in favour of" of "Stance" (description, hotkey); archived question "Topic"',
    );

    // A new label may take an archived label's name; the archived one is renamed, keeping its id.
    const reuse = set(db, [
      {
        name: 'Stance',
        template: 'The author is {} the policy.',
        labels: [{ name: 'in favour of' }, { name: 'against', id: ids['in favour of'] }],
      },
    ]);
    const names = Object.fromEntries(findQuestion(reuse, 'Stance')!.labels.map((l) => [l.id, [l.name, l.archived]]));
    expect(names[ids['in favour of']!]).toEqual(['against', false]);
    expect(names[ids.against!]).toEqual(['against (archived)', true]);
  });

  it('numbers archived names when a name is reused more than once, for labels and questions', () => {
    const db = project();
    const archiveAndReplace = () => {
      const cb = readCodebook(db);
      const q = findQuestion(cb, 'Q')!;
      insertDecision(db, q.id, [q.labels.find((l) => l.name === 'x')!.id]);
      // "y" is renamed to "x" (matched by its id) and a new "y" is added; the old "x" leaves.
      const input = asInput(cb).map((qq) => ({ ...qq, labels: qq.labels.filter((l) => l.name !== 'x') }));
      input[0]!.labels.find((l) => l.name === 'y')!.name = 'x';
      input[0]!.labels.splice(1, 0, { name: 'y' });
      return set(db, input);
    };
    set(db, [{ name: 'Q', labels: [{ name: 'x' }, { name: 'y' }] }]);
    archiveAndReplace();
    const twice = archiveAndReplace();
    expect(findQuestion(twice, 'Q')!.labels.map((l) => [l.name, l.archived])).toEqual([
      ['x', false],
      ['y', false],
      ['x (archived)', true],
      ['x (archived 2)', true],
    ]);

    const old = findQuestion(twice, 'Q')!.id;
    const rId = findQuestion(set(db, [...asInput(twice), { name: 'R', labels: [{ name: 'z' }] }]), 'R')!.id;
    const replaced = set(db, [{ name: 'Q', id: rId, labels: [{ name: 'z' }] }]);
    expect(replaced.questions.map((q) => [q.name, q.archived, q.id])).toEqual([
      ['Q', false, rId],
      ['Q (archived)', true, old],
    ]);
  });

  it('restores an archived label when it comes back by name', () => {
    const db = project();
    const first = set(db, [stance()]);
    const ids = labelIds(first);
    insertDecision(db, first.questions[0]!.id, [ids.against!]);
    set(db, [{ ...stance(), labels: [{ name: 'in favour of' }] }]);
    const back = set(db, [stance()]);
    expect(findQuestion(back, 'Stance')!.labels.map((l) => [l.name, l.id, l.archived])).toEqual([
      ['in favour of', ids['in favour of'], false],
      ['against', ids.against, false],
      ['neutral towards', expect.any(String), false],
    ]);
  });

  it('writes a revision for each change, chained to the previous one, and none for a no-op', () => {
    const db = project();
    const a = set(db, [stance()], 'First draft');
    const b = set(db, [{ ...stance(), labels: [...stance().labels, { name: 'unclear about' }], template: 'The text is {} the policy.' }]);
    set(db, asInput(b));
    const c = set(
      db,
      asInput(b).map((q) => ({ ...q, labels: q.labels.map((l) => (l.name === 'against' ? { ...l, color: '#aa0000' } : l)) })),
    );
    const revisions = listRevisions(db);
    expect(revisions.map((r) => r.summary)).toEqual([
      'First draft',
      'Changed the template of "Stance"; added label "unclear about" to "Stance"',
      'Edited label "against" of "Stance" (colour)',
    ]);
    expect(revisions.map((r) => r.id)).toEqual([a.revisionId, b.revisionId, c.revisionId]);
    expect(revisions.map((r) => r.parent_id)).toEqual([null, a.revisionId, b.revisionId]);
    expect(JSON.parse(revisions[2]!.snapshot)).toEqual({ questions: c.questions });
  });

  it('changes the model-input hash with the template, a hypothesis, a label name or the model, not with descriptions, colours or hotkeys', () => {
    const db = project();
    const base = set(db, [stance()]);
    const hash = (cb: Codebook, model = 'model-a') => modelInputHash(findQuestion(cb, 'Stance')!, model);
    const edit = (fn: (q: CodebookQuestionInput) => void) => {
      const input = asInput(base);
      fn(input[0]!);
      return set(db, input);
    };
    const h0 = hash(base);
    expect(hash(base, 'model-b')).not.toBe(h0);
    expect(hash(edit((q) => (q.template = 'The author is {} this.')))).not.toBe(h0);
    expect(hash(edit((q) => (q.labels[1]!.hypothesis = 'The author opposes the policy.')))).not.toBe(h0);
    expect(hash(edit((q) => (q.labels[1]!.name = 'opposed to')))).not.toBe(h0);

    const revisionsBefore = listRevisions(db).length;
    const cosmetic = edit((q) => {
      q.labels[0]!.description = 'Says yes.';
      q.labels[0]!.color = '#00aa00';
      q.labels[0]!.hotkey = 'q';
      q.labels[2]!.includeRules = 'Also lukewarm support.';
    });
    expect(hash(cosmetic)).toBe(h0);
    expect(listRevisions(db)).toHaveLength(revisionsBefore + 1);
    expect(cosmetic.revisionId).not.toBe(base.revisionId);
  });

  it('resolves parents by name within the question and refuses a missing parent or a cycle', () => {
    const db = project();
    const saved = set(db, [
      {
        name: 'Policy',
        template: 'This text is about {}.',
        labels: [{ name: 'welfare: more', parent: 'Welfare' }, { name: 'Welfare' }, { name: 'welfare: less', parent: 'Welfare' }],
      },
    ]);
    const q = findQuestion(saved, 'Policy')!;
    expect(q.labels.map((l) => l.parent)).toEqual(['Welfare', null, 'Welfare']);
    const welfareId = q.labels[1]!.id;
    expect(db.prepare('SELECT count(*) FROM labels WHERE parent_id = ?').pluck().get(welfareId)).toBe(2);

    expect(() => set(db, [{ name: 'Policy', labels: [{ name: 'a', parent: 'Economy' }] }])).toThrow(
      'Label "a" of "Policy" has the parent "Economy", but "Policy" has no label of that name.',
    );
    expect(() =>
      set(db, [
        {
          name: 'Policy',
          labels: [
            { name: 'a', parent: 'b' },
            { name: 'b', parent: 'c' },
            { name: 'c', parent: 'a' },
          ],
        },
      ]),
    ).toThrow(/The parents of "Policy" go round in a circle \(a → b → c → a\)/);
    expect(() => set(db, [{ name: 'Policy', labels: [{ name: 'a', parent: 'a' }] }])).toThrow(/circle \(a → a\)/);
    expect(readCodebook(db)).toEqual(saved);
  });

  it('refuses clashing hotkeys, reserved keys, empty questions, duplicate names and a template without {}', () => {
    const db = project();
    const attempt = (q: CodebookQuestionInput) => {
      try {
        set(db, [q]);
      } catch (err) {
        expect((err as { code?: string }).code, (err as Error).message).toBe('INVALID_INPUT');
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(
      attempt({
        name: 'S',
        labels: [
          { name: 'pro', hotkey: 'p' },
          { name: 'contra', hotkey: 'P' },
        ],
      }),
    ).toBe('Labels "pro" and "contra" of "S" both have the hotkey "p". Give each label its own key.');
    expect(attempt({ name: 'S', labels: [{ name: 'flagged', hotkey: 'f' }] })).toMatch(/hotkey "f", which Annotate keeps for itself/);
    expect(attempt({ name: 'S', labels: [] })).toMatch(/^Question "S" has no labels\./);
    expect(attempt({ name: 'S', labels: [{ name: 'x', archived: true }] })).toMatch(/Every label of question "S" is archived/);
    expect(attempt({ name: 'S', labels: [{ name: 'x' }, { name: 'x' }] })).toBe(
      'Question "S" has two labels named "x". Give each label of a question its own name.',
    );
    expect(attempt({ name: 'S', template: 'Is it relevant?', labels: [{ name: 'yes' }] })).toMatch(
      /^The template of "S" \("Is it relevant\?"\) has no \{\}/,
    );
    // A single label is fine, and so is a template without {} when every label has its own hypothesis.
    expect(attempt({ name: 'S', template: 'Is it relevant?', labels: [{ name: 'relevant', hypothesis: 'This text is relevant.' }] })).toBe(
      'accepted',
    );
    // Archived labels do not clash.
    expect(
      attempt({
        name: 'S',
        labels: [
          { name: 'a', hotkey: 'a' },
          { name: 'b', hotkey: 'a', archived: true },
        ],
      }),
    ).toBe('accepted');
  });

  it('keeps a label from moving to another question by id', () => {
    const db = project();
    const saved = set(db, [stance(), { name: 'Topic', labels: [{ name: 'health' }] }]);
    const input = asInput(saved);
    input[1]!.labels.push(input[0]!.labels.pop()!);
    expect(() => set(db, input)).toThrow(/carries the id of a label of question "Stance"; labels cannot move between questions/);
  });

  it('keeps given ids for new items, so copies of a project share them', () => {
    const source = set(project(), [stance()]);
    const copy = set(project(), asInput(source));
    expect(copy.questions).toEqual(source.questions);
  });
});
