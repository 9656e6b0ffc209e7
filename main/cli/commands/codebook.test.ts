import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { corpusFile } from '../../core/test-support/corpora';
import { useTempDir } from '../../core/test-support/temp-dir';
import { run } from '../test-support/cli-project';

const tmp = useTempDir();

const codebook = {
  questions: [
    {
      name: 'Stance',
      template: 'The author is {} the policy.',
      labels: [
        { name: 'in favour of', hotkey: 'a', description: 'Supports it.' },
        { name: 'against', hotkey: 's' },
        { name: 'neutral towards' },
      ],
    },
  ],
};

describe('prelabel codebook', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('--set then --get round-trips: the printed JSON can be edited and set again', async () => {
    const project = join(tmp(), 's.prelabel');
    await run('init', project);
    const file = join(tmp(), 'codebook.json');
    writeFileSync(file, JSON.stringify(codebook, null, 2));
    const set = await run('codebook', project, '--set', file);
    expect(set.code).toBe(0);
    expect(set.out).toMatch(/^Saved 1 question, 3 labels \(revision [0-9a-f-]{36}\)$/);

    const got = await run('codebook', project, '--get');
    expect(got.code).toBe(0);
    const printed = JSON.parse(got.out);
    expect(printed.questions[0].labels.map((l: { name: string }) => l.name)).toEqual(['in favour of', 'against', 'neutral towards']);
    expect(printed.questions[0].id).toMatch(/^[0-9a-f-]{36}$/);

    writeFileSync(file, got.out);
    expect((await run('codebook', project, '--set', file)).out).toMatch(/^No changes; the codebook has 1 question, 3 labels/);

    printed.questions[0].labels[1].name = 'opposed to';
    writeFileSync(file, JSON.stringify(printed));
    const renamed = await run('codebook', project, '--set', file, '--json');
    const result = JSON.parse(renamed.out);
    expect(result.ok).toBe(true);
    expect(result.codebook.questions[0].labels[1]).toMatchObject({ id: printed.questions[0].labels[1].id, name: 'opposed to' });
    expect(readFileSync(file, 'utf8')).toContain('opposed to');
  });

  it('refuses a bad JSON file with one line naming the file and line, and leaves the project alone', async () => {
    const project = join(tmp(), 'b.prelabel');
    await run('init', project);
    const file = join(tmp(), 'broken.json');
    writeFileSync(file, '{\n  "questions": [\n    { "name": "Stance" "labels": [] }\n  ]\n}\n');
    const r = await run('codebook', project, '--set', file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^prelabel codebook: broken\.json, line 3, column \d+: .+\. Check the file in a JSON-aware editor\.$/);
    writeFileSync(file, JSON.stringify({ questions: [{ name: 'Stance', labels: [{ name: 'pro', color: 'green' }] }] }));
    const schema = await run('codebook', project, '--set', file, '--json');
    expect(schema.code).toBe(1);
    expect(JSON.parse(schema.out)).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'broken.json: question "Stance", label "pro", color: a colour is written #rrggbb.' },
    });
    expect((await run('codebook', project, '--set', join(tmp(), 'nope.json'))).err).toMatch(/The file .*nope\.json does not exist\./);
    expect((await run('codebook', project, '--get', '--json')).out).toBe(
      JSON.stringify({ ok: true, codebook: { questions: [], revisionId: null } }),
    );
    expect((await run('codebook', project)).err).toBe('prelabel codebook: give exactly one of --get, --set FILE and --from-csv FILE.');
  });

  it('--from-csv imports the Manifesto codebook into a question', async () => {
    const project = join(tmp(), 'm.prelabel');
    await run('init', project);
    const csv = corpusFile('manifesto_uk_cmp', 'manifesto_codes.csv');
    expect((await run('codebook', project, '--from-csv', csv)).err).toContain('--from-csv needs --question NAME');
    const r = await run('codebook', project, '--from-csv', csv, '--question', 'CMP');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Saved 1 question, 57 labels \(revision /);
    const got = JSON.parse((await run('codebook', project, '--get')).out);
    expect(got.questions[0].labels.find((l: { code: string }) => l.code === '504').name).toBe('Welfare State Expansion');
  });
});
