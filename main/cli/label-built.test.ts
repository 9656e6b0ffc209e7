// `prelabel label` through the built CLI (bin/prelabel.mjs -> out/main/cli.js; build first: npm run
// build), after `prelabel prelabel` with the generated tiny model (issue 13, item 5): a decision
// records the suggestion current for its document (labels, score, run) as not shown; --skip,
// --note and --undo; the refusals in one line.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../core/test-support/temp-dir';
import { writeAgNewsSubset } from '../core/nli/test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../core/nli/test-support/tiny-model';

const tmp = useTempDir();
const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/cli.js')) && existsSync(join(root, 'out/main/inference-process.js'));
let model: TinyModel;

beforeAll(() => {
  if (built) model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());

describe.skipIf(!built)('prelabel label (the built CLI; skipped without out/main/cli.js)', () => {
  it('records the current suggestion hidden, skips, notes and undoes', () => {
    const dir = tmp();
    const home = join(dir, 'home');
    const cli = (...argv: string[]) => {
      const r = spawnSync(process.execPath, [join(root, 'bin/prelabel.mjs'), ...argv], {
        env: { ...process.env, PRELABEL_HOME: home },
        encoding: 'utf8',
        timeout: 120_000,
      });
      return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
    };
    const project = join(dir, 'news.prelabel');
    const csv = join(dir, 'news.csv');
    writeAgNewsSubset(csv, 12);
    expect(cli('init', project).code).toBe(0);
    expect(cli('import', project, csv, '--no-header', '--text-column', '2', '--text-column', '3').code).toBe(0);
    const codebook = join(dir, 'codebook.json');
    writeFileSync(
      codebook,
      JSON.stringify({
        questions: [{ name: 'Topic', template: 'This news story is about {}.', labels: [{ name: 'politics' }, { name: 'sports' }] }],
      }),
    );
    expect(cli('codebook', project, '--set', codebook).code).toBe(0);
    expect(cli('prelabel', project, '--model', model.dir, '--threads', '1').code).toBe(0);

    const labelled = cli('label', project, '--doc', '3', '--question', 'Topic', '--label', 'sports', '--coder', 'Ana', '--json');
    expect(labelled.err).toBe('');
    const decision = JSON.parse(labelled.out).decision;
    const db = () => new Database(project, { readonly: true });
    const read = db();
    const state = read
      .prepare(
        `SELECT s.suggestion_label_id, s.suggestion_score, s.suggestion_run_id FROM coding_state s JOIN documents d ON d.id = s.document_id
         WHERE d.external_id = '3'`,
      )
      .get() as { suggestion_label_id: string; suggestion_score: number; suggestion_run_id: string };
    read.close();
    expect(decision).toMatchObject({
      kind: 'label',
      labels: ['sports'],
      suggestionLabelIds: [state.suggestion_label_id],
      runId: state.suggestion_run_id,
      suggestionShown: false,
      accepted: false,
      blind: false,
    });
    expect(decision.suggestionScore).toBeCloseTo(state.suggestion_score, 12);

    expect(cli('label', project, '--doc', '4', '--question', 'Topic', '--skip', '--coder', 'Ana', '--note', 'Not news: an ad.').out).toBe(
      'Document 4: skipped (Topic, coder Ana) with a note',
    );
    const row = () => {
      const r = db();
      const out = r
        .prepare(
          `SELECT d.external_id AS doc, a.kind, a.note, a.suggestion_label_ids IS NOT NULL AS recorded, a.suggestion_shown AS shown FROM annotations a
           JOIN documents d ON d.id = a.document_id ORDER BY a.rowid DESC LIMIT 1`,
        )
        .get();
      r.close();
      return out;
    };
    expect(row()).toEqual({ doc: '4', kind: 'skip', note: 'Not news: an ad.', recorded: 1, shown: 0 });
    expect(cli('label', project, '--question', 'Topic', '--coder', 'Ana', '--undo').out).toBe(
      "Document 4: undid Ana's decision (Topic); it now has no decision.",
    );
    expect(row()).toMatchObject({ doc: '4', kind: 'undo' });
    expect(cli('label', project, '--question', 'Topic', '--coder', 'Ana', '--undo').out).toBe(
      "Document 3: undid Ana's decision (Topic); it now has no decision.",
    );
    expect(cli('label', project, '--question', 'Topic', '--coder', 'Ana', '--undo').out).toBe(
      'Nothing to undo: Ana has no decision on Topic left.',
    );

    const both = cli('label', project, '--doc', '4', '--question', 'Topic', '--skip', '--label', 'sports', '--coder', 'Ana');
    expect(both).toMatchObject({ code: 1, err: 'prelabel label: --skip and --label exclude each other: a skip has no labels.' });
    expect(cli('label', project, '--doc', '4', '--question', 'Topic', '--coder', 'Ana').err).toBe(
      'prelabel label: missing --label NAME (or --none or --skip).',
    );
    expect(cli('label', project, '--doc', '4', '--question', 'Topic', '--coder', 'Ana', '--undo').err).toBe(
      'prelabel label: --undo takes only --question and --coder (it undoes that coder’s latest decision; with --adjudicate their latest adjudication).',
    );
  });
});
