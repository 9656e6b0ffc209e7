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

  it('reads a codebook file in the page, waits for the confirmation, then replaces the codebook in one save', async () => {
    const core = fakeCore();
    setPlatform({ api: core.api, face: 'browser' });
    await useCodebook.getState().load();
    const text = JSON.stringify({
      questions: [
        {
          name: 'Stance',
          labels: [
            { name: 'favour', hotkey: 'a' },
            { name: 'against', hotkey: 'b' },
          ],
        },
      ],
      revisionId: null,
    });
    await useCodebook.getState().readFile(new File([text], 'stance.json', { type: 'application/json' }));
    expect(useCodebook.getState().pendingFile).toMatchObject({ fileName: 'stance.json', questions: 1, labels: 2 });
    expect(core.sets).toHaveLength(0);
    await useCodebook.getState().confirmFile();
    expect(core.sets).toHaveLength(1);
    expect(core.sets[0]!.summary).toBe('Replaced the codebook with stance.json');
    expect(useCodebook.getState().pendingFile).toBeNull();
    expect(useCodebook.getState().notice).toBe('The codebook now comes from stance.json.');
    expect(useCodebook.getState().draft.map((q) => q.name)).toEqual(['Stance']);
    expect(useCodebook.getState().selectedKey).toBe(useCodebook.getState().saved!.questions[0]!.id);
    // What the export writes is what the import reads.
    expect(JSON.parse(useCodebook.getState().fileText())).toEqual({ questions: useCodebook.getState().saved!.questions });
  });

  it('names the line of a broken codebook file and the label of a wrong field, and sends nothing', async () => {
    const core = fakeCore();
    setPlatform({ api: core.api, face: 'browser' });
    await useCodebook.getState().load();
    await useCodebook.getState().readFile(new File(['{\n  "questions": [\n    { "name": "S", }\n  ]\n}'], 'broken.json'));
    expect(useCodebook.getState().fileError).toMatch(/^The codebook was not replaced: broken\.json, line 3, column \d+: /);
    const wrong = JSON.stringify({ questions: [{ name: 'Stance', labels: [{ name: 'favour', hotkey: 'ctrl' }] }] });
    await useCodebook.getState().readFile(new File([wrong], 'wrong.json'));
    expect(useCodebook.getState().fileError).toBe(
      'The codebook was not replaced: wrong.json: question "Stance", label "favour", hotkey: a hotkey is one letter or digit.',
    );
    expect(useCodebook.getState().pendingFile).toBeNull();
    expect(core.sets).toHaveLength(0);
  });

  it('reorders and archives questions, and brings an archived one back', async () => {
    const core = fakeCore();
    setPlatform({ api: core.api, face: 'browser' });
    await useCodebook.getState().load();
    const s = useCodebook.getState();
    for (const name of ['Topic', 'Tone', 'Actor']) {
      s.addQuestion();
      const key = useCodebook.getState().selectedKey!;
      s.updateQuestion(key, { name });
      s.updateLabel(key, s.addLabel(key), { name: 'x' });
    }
    const keyOf = (name: string) => useCodebook.getState().draft.find((q) => q.name === name)!.key;
    s.moveQuestion(keyOf('Actor'), -2);
    expect(useCodebook.getState().draft.map((q) => q.name)).toEqual(['Actor', 'Topic', 'Tone']);
    s.select(keyOf('Topic'));
    s.setQuestionArchived(keyOf('Topic'), true);
    expect(useCodebook.getState().selectedKey).toBe(keyOf('Actor'));
    expect(await useCodebook.getState().save()).toBe(true);
    expect(core.sets[0]!.questions.map((q) => [q.name, q.archived])).toEqual([
      ['Actor', false],
      ['Topic', true],
      ['Tone', false],
    ]);
    s.setQuestionArchived(keyOf('Topic'), false);
    expect(useCodebook.getState().selectedKey).toBe(keyOf('Topic'));
  });

  it('reads how many predictions of each question are current and stale, and says which removed labels were archived', async () => {
    const core = fakeCore();
    const stale = new Map<string, number>();
    const api = fakeApi({
      'codebook.get': (i) => core.api.call('codebook.get', i),
      'codebook.set': async (input) => {
        const out = await core.api.call('codebook.set', input);
        // The core archives "World" (it has decisions) instead of deleting it.
        const removed = !input.questions[0]!.labels.some((l) => l.name === 'World');
        if (removed) out.questions[0]!.labels.push({ ...out.questions[0]!.labels[0]!, id: worldId, name: 'World', archived: true });
        for (const q of out.questions) stale.set(q.id, removed ? 40 : 0);
        return out;
      },
      'prelabel.status': ({ questionId }) => ({
        run: null,
        documents: 100,
        scored: 100 - (stale.get(questionId) ?? 0),
        stale: stale.get(questionId) ?? 0,
        truncated: 0,
      }),
    });
    let worldId = '';
    setPlatform({ api, face: 'browser' });
    await useCodebook.getState().load();
    const s = useCodebook.getState();
    s.addQuestion();
    const q = useCodebook.getState().selectedKey!;
    s.updateLabel(q, s.addLabel(q), { name: 'World' });
    s.updateLabel(q, s.addLabel(q), { name: 'Sports' });
    await useCodebook.getState().save();
    await tick();
    const saved = useCodebook.getState().saved!.questions[0]!;
    worldId = saved.labels[0]!.id;
    expect(useCodebook.getState().predictions[saved.id]).toEqual({ scored: 100, stale: 0 });

    const key = useCodebook.getState().selectedKey!;
    useCodebook.getState().removeLabel(key, worldId);
    await useCodebook.getState().save();
    await tick();
    expect(useCodebook.getState().archivedInstead).toEqual(['World']);
    expect(useCodebook.getState().predictions[saved.id]).toEqual({ scored: 60, stale: 40 });
  });
});
