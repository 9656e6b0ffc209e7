import { beforeEach, describe, expect, it } from 'vitest';
import type { Codebook, MethodInput } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { setPlatform } from '../platform/platform';
import { fakeApi } from '../test-support/fake-api';
import { selectDirty, useCodebook } from './codebook-store';

const tick = () => new Promise((r) => setTimeout(r, 0));
let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

/** A stand-in core: assigns ids like codebook.set does and refuses a hotkey used twice. */
function fakeCore() {
  let stored: Codebook = { questions: [], revisionId: null };
  const sets: MethodInput<'codebook.set'>[] = [];
  const api = fakeApi({
    'codebook.get': () => stored,
    'codebook.set': (input) => {
      sets.push(input);
      for (const q of input.questions) {
        const keys = q.labels.map((l) => l.hotkey).filter(Boolean);
        if (new Set(keys).size !== keys.length) {
          throw new ApiCallError({ code: 'INVALID_INPUT', message: `Labels of "${q.name}" share a hotkey. Give each label its own key.` });
        }
      }
      stored = {
        revisionId: uuid(),
        questions: input.questions.map((q) => ({
          id: q.id ?? uuid(),
          name: q.name,
          multiLabel: q.multiLabel ?? false,
          template: q.template ?? 'This example is {}.',
          ordered: q.ordered ?? false,
          longText: q.longText ?? 'truncate',
          archived: q.archived ?? false,
          labels: q.labels.map((l) => ({
            id: l.id ?? uuid(),
            name: l.name,
            code: l.code ?? null,
            description: l.description ?? '',
            includeRules: '',
            excludeRules: '',
            examples: [],
            hypothesis: l.hypothesis ?? null,
            color: null,
            hotkey: l.hotkey ?? null,
            parent: null,
            archived: l.archived ?? false,
          })),
        })),
      };
      return stored;
    },
  });
  return { api, sets };
}

beforeEach(() => useCodebook.getState().reset());

describe('codebook store', () => {
  it('saves the whole codebook and keeps the ids the core gave on the next save', async () => {
    const core = fakeCore();
    setPlatform({ api: core.api, face: 'browser' });
    await useCodebook.getState().load();
    const s = useCodebook.getState();
    s.addQuestion();
    const q = useCodebook.getState().selectedKey!;
    s.updateQuestion(q, { name: 'Topic' });
    const a = s.addLabel(q);
    s.updateLabel(q, a, { name: 'World', hotkey: 'w' });
    const b = s.addLabel(q);
    s.updateLabel(q, b, { name: 'Sports', hotkey: 's' });
    expect(selectDirty(useCodebook.getState())).toBe(true);
    expect(await useCodebook.getState().save()).toBe(true);
    expect(selectDirty(useCodebook.getState())).toBe(false);
    expect(useCodebook.getState().notice).toBe('Codebook saved.');

    const saved = useCodebook.getState().saved!;
    const key = useCodebook.getState().selectedKey!;
    expect(key).toBe(saved.questions[0]!.id);
    useCodebook.getState().updateQuestion(key, { template: 'This news is about {}.' });
    await useCodebook.getState().save();
    expect(core.sets[1]!.questions[0]!.id).toBe(saved.questions[0]!.id);
    expect(core.sets[1]!.questions[0]!.labels.map((l) => l.id)).toEqual(saved.questions[0]!.labels.map((l) => l.id));
  });

  it('shows the core’s refusal beside the form and keeps the draft', async () => {
    const core = fakeCore();
    setPlatform({ api: core.api, face: 'browser' });
    await useCodebook.getState().load();
    const s = useCodebook.getState();
    s.addQuestion();
    const q = useCodebook.getState().selectedKey!;
    s.updateLabel(q, s.addLabel(q), { name: 'A', hotkey: 'x' });
    s.updateLabel(q, s.addLabel(q), { name: 'B', hotkey: 'x' });
    expect(await useCodebook.getState().save()).toBe(false);
    expect(useCodebook.getState().saveError).toBe('Labels of "New question" share a hotkey. Give each label its own key.');
    expect(useCodebook.getState().draft[0]!.labels).toHaveLength(2);
    expect(selectDirty(useCodebook.getState())).toBe(true);
  });

  it('asks for names before sending anything', async () => {
    const core = fakeCore();
    setPlatform({ api: core.api, face: 'browser' });
    await useCodebook.getState().load();
    useCodebook.getState().addQuestion();
    const q = useCodebook.getState().selectedKey!;
    useCodebook.getState().updateLabel(q, useCodebook.getState().addLabel(q), { name: ' ' });
    expect(await useCodebook.getState().save()).toBe(false);
    expect(useCodebook.getState().saveError).toBe('Every question and every label needs a name.');
    expect(core.sets).toHaveLength(0);
    await tick();
  });
});
