import { describe, expect, it } from 'vitest';
import { corpusFile } from '../test-support/corpora';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore } from '../test-support/test-core';

const tmp = useTempDir();

describe('codebook handlers', () => {
  it('need an open project', async () => {
    const t = makeTestCore(tmp());
    expect(await t.raw('codebook.get', {})).toMatchObject({ ok: false, error: { code: 'NO_PROJECT' } });
    expect(await t.raw('codebook.set', { questions: [] })).toMatchObject({ ok: false, error: { code: 'NO_PROJECT' } });
  });

  it('set and get the codebook through the contract, with errors a coder can act on', async () => {
    const t = makeTestCore(tmp());
    await t.call('project.create', { name: 'Stance study' });
    expect(await t.call('codebook.get', {})).toEqual({ questions: [], revisionId: null });
    const saved = await t
      .call('codebook.set', {
        questions: [
          {
            name: 'Stance',
            labels: [
              { name: 'favour', hotkey: 'a' },
              { name: 'against', hotkey: 'a' },
            ],
          },
        ],
      })
      .catch((e: Error) => e);
    expect(saved).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Labels "favour" and "against" of "Stance" both have the hotkey "a". Give each label its own key.',
    });
    const ok = await t.call('codebook.set', { questions: [{ name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }] }] });
    expect(ok.questions[0]).toMatchObject({ name: 'Stance', template: 'This example is {}.', multiLabel: false });
    expect(await t.call('codebook.get', {})).toEqual(ok);
    const bad = await t.raw('codebook.set', { questions: [{ name: 'S', labels: [{ name: 'x', color: 'red' }] }] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('imports a codebook CSV into a new question', async () => {
    const t = makeTestCore(tmp());
    await t.call('project.create', { name: 'Manifestos' });
    const path = corpusFile('manifesto_uk_cmp', 'manifesto_codes.csv');
    const codebook = await t.call('codebook.importCsv', {
      source: { kind: 'path', path },
      questionName: 'CMP',
      template: 'The sentence is about {}.',
    });
    expect(codebook.questions).toHaveLength(1);
    expect(codebook.questions[0]).toMatchObject({ name: 'CMP', template: 'The sentence is about {}.' });
    expect(codebook.questions[0]!.labels).toHaveLength(57);
    const missing = await t.raw('codebook.importCsv', { source: { kind: 'path', path: `${path}.nope` }, questionName: 'CMP' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
