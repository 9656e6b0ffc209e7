import { describe, expect, it } from 'vitest';
import type { Codebook, CodebookLabel } from '../../../common/contract';
import {
  changesModelInput,
  codebookInputFrom,
  draftFromCodebook,
  filterLabels,
  hotkeyProblems,
  hypothesisFor,
  isDirty,
  keptAsArchived,
  missingNames,
  moveLabel,
  moveShown,
  newLabel,
  newQuestion,
  parentChoices,
  patchLabel,
  removeLabel,
  removedLabelIds,
  type DraftLabel,
} from './codebook-draft';

const label = (id: string, name: string, extra: Partial<CodebookLabel> = {}): CodebookLabel => ({
  id,
  name,
  code: null,
  description: '',
  includeRules: '',
  excludeRules: '',
  examples: [],
  hypothesis: null,
  color: null,
  hotkey: null,
  parent: null,
  archived: false,
  ...extra,
});

const stored: Codebook = {
  revisionId: 'r1',
  questions: [
    {
      id: '11111111-1111-4111-8111-111111111111',
      name: 'Topic',
      multiLabel: false,
      template: 'This text is about {}.',
      ordered: false,
      longText: 'truncate',
      archived: false,
      labels: [
        label('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'World', { hotkey: 'w', code: '1' }),
        label('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'Old', { archived: true }),
        label('cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'Sports', { hypothesis: 'This is sport.' }),
      ],
    },
  ],
};

describe('codebook draft', () => {
  it('round-trips the stored codebook with its ids, archived labels included', () => {
    const input = codebookInputFrom(draftFromCodebook(stored));
    expect(input.questions[0]).toMatchObject({
      id: stored.questions[0]!.id,
      name: 'Topic',
      template: 'This text is about {}.',
      longText: 'truncate',
    });
    expect(input.questions[0]!.labels.map((l) => [l.id, l.name, l.archived])).toEqual([
      ['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'World', false],
      ['bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'Old', true],
      ['cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'Sports', false],
    ]);
    expect(isDirty(draftFromCodebook(stored), stored)).toBe(false);
  });

  it('sends blanks as null, trims names, lower-cases hotkeys, and gives new items no id', () => {
    const q = newQuestion('  Stance ');
    q.labels = [{ ...newLabel(' Favour '), hotkey: 'F', code: '  ', hypothesis: ' ' }];
    const input = codebookInputFrom([q]);
    expect(input.questions[0]).not.toHaveProperty('id');
    expect(input.questions[0]!.name).toBe('Stance');
    expect(input.questions[0]!.labels[0]).toMatchObject({ name: 'Favour', hotkey: 'f', code: null, hypothesis: null });
    expect(input.questions[0]!.labels[0]).not.toHaveProperty('id');
  });

  it('shows the hypothesis the core will ask: own hypothesis, else the template with the first {} filled', () => {
    expect(hypothesisFor('This text is about {}.', { name: 'Sports', hypothesis: '' })).toBe('This text is about Sports.');
    expect(hypothesisFor('{} or {}?', { name: 'A', hypothesis: '' })).toBe('A or {}?');
    expect(hypothesisFor('This text is about', { name: 'Sports', hypothesis: '' })).toBe('This text is about Sports');
    expect(hypothesisFor('This text is about {}.', { name: 'Sports', hypothesis: '  Sport is played.  ' })).toBe('Sport is played.');
  });

  it('moves a label past the archived ones it cannot see', () => {
    const labels = draftFromCodebook(stored)[0]!.labels;
    const moved = moveLabel(labels, 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', -1);
    expect(moved.map((l) => l.name)).toEqual(['Sports', 'Old', 'World']);
    expect(moveLabel(labels, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', -1).map((l) => l.name)).toEqual(['World', 'Old', 'Sports']);
  });

  it('notices edits and missing names', () => {
    const draft = draftFromCodebook(stored);
    draft[0]!.labels[0]!.name = '';
    expect(isDirty(draft, stored)).toBe(true);
    expect(missingNames(draft)).toBe(true);
    draft[0]!.labels[0]!.name = 'World';
    expect(missingNames(draft)).toBe(false);
  });

  it('moves an item several places at once (a drag) and keeps archived ones where they were', () => {
    const items = ['a', 'b', 'x', 'c', 'd'].map((key) => ({ key, archived: key === 'x' }));
    expect(moveShown(items, 'a', 3).map((i) => i.key)).toEqual(['b', 'c', 'x', 'd', 'a']);
    expect(moveShown(items, 'd', -2).map((i) => i.key)).toEqual(['a', 'd', 'x', 'b', 'c']);
    expect(moveShown(items, 'a', -1).map((i) => i.key)).toEqual(['a', 'b', 'x', 'c', 'd']);
    expect(moveShown(items, 'b', 99).map((i) => i.key)).toEqual(['a', 'c', 'x', 'd', 'b']);
  });

  it('carries a renamed parent to its children, and frees the children of a removed one', () => {
    const labels: DraftLabel[] = [
      { ...newLabel('Economy'), key: 'p' },
      { ...newLabel('Free market'), key: 'c1', parent: 'Economy' },
      { ...newLabel('Planning'), key: 'c2', parent: 'Economy' },
    ];
    const renamed = patchLabel(labels, 'p', { name: 'Economy (domain 4)' });
    expect(renamed.map((l) => l.parent)).toEqual([null, 'Economy (domain 4)', 'Economy (domain 4)']);
    expect(patchLabel(labels, 'c1', { code: '401' })[1]).toMatchObject({ code: '401', parent: 'Economy' });
    expect(removeLabel(renamed, 'p').map((l) => [l.name, l.parent])).toEqual([
      ['Free market', null],
      ['Planning', null],
    ]);
    // A name two labels share (mid-typing) is not a parent to carry.
    const twins = [...labels, { ...newLabel('Economy'), key: 'twin' }];
    expect(patchLabel(twins, 'p', { name: 'Econ' })[1]!.parent).toBe('Economy');
  });

  it('names every hotkey the core would refuse: one used twice, one kept for coding, one not a letter or digit', () => {
    const q = newQuestion('Topic');
    q.labels = [
      { ...newLabel('World'), key: 'w1', hotkey: 'w' },
      { ...newLabel('Weather'), key: 'w2', hotkey: 'W' },
      { ...newLabel('Flags'), key: 'f', hotkey: 'f' },
      { ...newLabel('Odd'), key: 'o', hotkey: '§' },
      { ...newLabel('Gone'), key: 'g', hotkey: 's', archived: true },
      { ...newLabel('Sports'), key: 's', hotkey: 's' },
    ];
    const problems = hotkeyProblems(q);
    expect(problems.get('w1')).toEqual({ kind: 'taken', key: 'w', by: 'Weather' });
    expect(problems.get('w2')).toEqual({ kind: 'taken', key: 'w', by: 'World' });
    expect(problems.get('f')).toEqual({ kind: 'reserved', key: 'f' });
    expect(problems.get('o')).toEqual({ kind: 'invalid', key: '§' });
    // An archived label's key is free again.
    expect(problems.has('s')).toBe(false);
    expect(problems.size).toBe(4);
  });

  it('filters labels by every word in name, code or description, ignoring case and accents', () => {
    const labels = [
      {
        ...newLabel('Welfare State Expansion'),
        code: '504',
        description: 'Favourable mentions of the need to introduce, maintain or expand any public social service.',
      },
      { ...newLabel('Welfare State Limitation'), code: '505', description: 'Limiting state expenditures on social services.' },
      { ...newLabel('Économie'), code: '401', description: '' },
    ];
    expect(filterLabels(labels, '504').map((l) => l.code)).toEqual(['504']);
    expect(filterLabels(labels, 'welfare').map((l) => l.code)).toEqual(['504', '505']);
    expect(filterLabels(labels, 'WELFARE limiting').map((l) => l.code)).toEqual(['505']);
    expect(filterLabels(labels, 'economie').map((l) => l.code)).toEqual(['401']);
    expect(filterLabels(labels, '  ')).toHaveLength(3);
    // A code that other labels' descriptions mention: the label with that code comes first.
    const cited = [{ ...newLabel('Minorities'), code: '705', description: 'Only if not under 504.' }, ...labels];
    expect(filterLabels(cited, '504').map((l) => l.code)).toEqual(['504', '705']);
    expect(filterLabels(labels, 'nothing like it')).toHaveLength(0);
  });

  it('offers as parents the other shown labels, never the label itself or its descendants', () => {
    const q = newQuestion('CMP');
    q.labels = [
      { ...newLabel('Domain 4'), key: 'd' },
      { ...newLabel('Free market'), key: 'c', parent: 'Domain 4' },
      { ...newLabel('Detail'), key: 'g', parent: 'Free market' },
      { ...newLabel('Archived'), key: 'a', archived: true },
      { ...newLabel('Domain 5'), key: 'e' },
    ];
    expect(parentChoices(q, 'd')).toEqual(['Domain 5']);
    expect(parentChoices(q, 'g')).toEqual(['Domain 4', 'Free market', 'Domain 5']);
  });

  it('tells which edits change the model input: hypotheses, order of scored labels and long texts, not descriptions', () => {
    const draft = () => draftFromCodebook(stored)[0]!;
    const q = draft();
    expect(changesModelInput(stored, q)).toBe(false);
    expect(
      changesModelInput(stored, {
        ...q,
        labels: patchLabel(q.labels, q.labels[0]!.key, { description: 'Politics abroad', color: '#ff0000', hotkey: 'x' }),
      }),
    ).toBe(false);
    expect(changesModelInput(stored, { ...q, template: 'This news is about {}.' })).toBe(true);
    expect(changesModelInput(stored, { ...q, labels: patchLabel(q.labels, q.labels[0]!.key, { name: 'International' }) })).toBe(true);
    // Sports has its own hypothesis: a new template does not change what it asks, but World's does.
    expect(changesModelInput(stored, { ...q, labels: patchLabel(q.labels, q.labels[2]!.key, { name: 'Sport' }) })).toBe(false);
    expect(changesModelInput(stored, { ...q, labels: patchLabel(q.labels, q.labels[0]!.key, { archived: true }) })).toBe(true);
    expect(changesModelInput(stored, { ...q, longText: 'windows' })).toBe(true);
    expect(changesModelInput(stored, newQuestion('Unsaved'))).toBe(false);
  });

  it('finds the removed labels that the core kept as archived', () => {
    const draft = draftFromCodebook(stored);
    draft[0]!.labels = draft[0]!.labels.filter((l) => l.name !== 'World' && l.name !== 'Sports');
    const removed = removedLabelIds(stored, draft);
    expect([...removed].sort()).toEqual(['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'cccccccc-cccc-4ccc-8ccc-cccccccccccc']);
    // The core deleted Sports (unused) and archived World (decisions refer to it).
    const after: Codebook = {
      ...stored,
      questions: [
        {
          ...stored.questions[0]!,
          labels: [{ ...stored.questions[0]!.labels[1]! }, { ...stored.questions[0]!.labels[0]!, archived: true }],
        },
      ],
    };
    expect(keptAsArchived(removed, after)).toEqual(['World']);
  });
});
