// tuning.suggest on German documents: the main language from a language column, else from the texts
// (script and stopwords), and the template translated into it first; for a label, its description.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore, type TestCore } from '../test-support/test-core';

const tmp = useTempDir();
let open: TestCore[] = [];
afterEach(async () => {
  for (const t of open) await t.core.shutdown();
  open = [];
});

const GERMAN = [
  'Die Regierung hat am Montag gesagt, dass sie mit der Gewerkschaft an dem Gesetz arbeitet.',
  'Der Verein ist nicht zufrieden mit dem Ergebnis und will auch gegen die Entscheidung klagen.',
  'Das ist eine gute Nachricht für die Stadt, die sich seit Jahren um den Bahnhof bemüht.',
];

async function project(rows: Array<Record<string, string>>) {
  const dir = tmp();
  const t = makeTestCore(dir);
  open.push(t);
  await t.call('project.create', { name: 'de', path: join(dir, 'de.prelabel') });
  const file = join(dir, 'rows.jsonl');
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const started = await t.call('import.start', {
    source: { kind: 'path', path: file },
    options: { format: 'jsonl' },
    mapping: { textColumns: ['text'], idColumn: 'id' },
  });
  expect((await t.waitForJob(started.jobId)).status).toBe('done');
  const cb = await t.call('codebook.set', {
    questions: [
      {
        name: 'Thema',
        template: 'This example is {}.',
        labels: [{ name: 'Politik', description: 'Government, parties and elections. Not sport.' }, { name: 'Sport' }],
      },
    ],
  });
  return { t, question: cb.questions[0]! };
}

describe('tuning.suggest', () => {
  it('reads the language from the texts and offers the German template first', async () => {
    const { t, question } = await project(GERMAN.map((text, i) => ({ id: `d${i}`, text })));
    const s = await t.call('tuning.suggest', { questionId: question.id });
    expect(s.language).toBe('de');
    expect(s.languageSource).toMatch(/stopwords of 3 documents/);
    expect(s.suggestions[0]).toMatchObject({
      variant: { template: 'Dieser Text handelt von {}.' },
      example: 'Dieser Text handelt von Politik.',
    });
    // The current template is not suggested again.
    expect(s.suggestions.map((x) => x.variant.template)).not.toContain('This example is {}.');
    const forLabel = await t.call('tuning.suggest', { questionId: question.id, labelId: question.labels[0]!.id });
    expect(forLabel.suggestions.map((x) => x.example).slice(0, 2)).toEqual([
      'This text is about government, parties and elections.',
      'Dieser Text handelt von Politik.',
    ]);
  });

  it('a language column decides over the texts', async () => {
    const { t, question } = await project(GERMAN.map((text, i) => ({ id: `d${i}`, text, lang: 'fr-CH' })));
    const s = await t.call('tuning.suggest', { questionId: question.id });
    expect(s).toMatchObject({ language: 'fr', languageSource: 'the most frequent value of the column "lang"' });
    expect(s.suggestions[0]!.variant.template).toBe('Ce texte parle de {}.');
  });
});
