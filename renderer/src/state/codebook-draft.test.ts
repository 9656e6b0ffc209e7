import { describe, expect, it } from 'vitest';
import type { Codebook, CodebookLabel } from '../../../common/contract';
import { codebookInputFrom, draftFromCodebook, hypothesisFor, isDirty, missingNames, moveLabel, newLabel, newQuestion } from './codebook-draft';

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
    expect(input.questions[0]).toMatchObject({ id: stored.questions[0]!.id, name: 'Topic', template: 'This text is about {}.', longText: 'truncate' });
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
});
