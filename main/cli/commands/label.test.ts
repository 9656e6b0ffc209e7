import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../core/test-support/temp-dir';
import { projectByCli, run } from '../test-support/cli-project';

const tmp = useTempDir();

const project = () =>
  projectByCli(join(tmp(), 'l.prelabel'), 'id,text\n1234567890123456789,"The asylum law passed."\nb-2,"Rail fares rise again."\n', [
    { name: 'Topics', multiLabel: true, labels: [{ name: 'migration' }, { name: 'transport' }, { name: 'economy' }] },
  ]);

describe('prelabel label', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('records a decision by external id, question and label names, committed in the project file', async () => {
    const path = await project();
    const r = await run(
      'label',
      path,
      '--doc',
      '1234567890123456789',
      '--question',
      'Topics',
      '--label',
      'migration',
      '--label',
      'economy',
      '--coder',
      'Ana',
    );
    expect(r).toMatchObject({ code: 0, out: 'Document 1234567890123456789: migration, economy (Topics, coder Ana)' });
    const json = await run('label', path, '--doc', 'b-2', '--question', 'Topics', '--label', 'transport', '--coder', 'Ben', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ ok: true, decision: { labels: ['transport'], coder: 'Ben', kind: 'label' } });
    const db = new Database(path, { readonly: true });
    expect(
      db
        .prepare(
          'SELECT d.external_id, c.name FROM annotations a JOIN documents d ON d.id = a.document_id JOIN coders c ON c.id = a.coder_id ORDER BY a.rowid',
        )
        .raw()
        .all(),
    ).toEqual([
      ['1234567890123456789', 'Ana'],
      ['b-2', 'Ben'],
    ]);
    db.close();
  });

  it('says in one line what is wrong and writes nothing', async () => {
    const path = await project();
    expect((await run('label', path, '--doc', 'nope', '--question', 'Topics', '--label', 'economy', '--coder', 'Ana')).err).toBe(
      'prelabel label: There is no document with the id "nope" in this project.',
    );
    expect((await run('label', path, '--doc', 'b-2', '--question', 'Topics', '--label', 'sport', '--coder', 'Ana')).err).toBe(
      'prelabel label: "Topics" has no label "sport" (labels: "migration", "transport", "economy").',
    );
    expect((await run('label', path, '--doc', 'b-2', '--question', 'Topics')).err).toBe(
      'prelabel label: missing --label NAME (or --none or --skip), --coder NAME.',
    );
    const bad = await run('label', path, '--doc', 'b-2', '--question', 'Stance', '--label', 'x', '--coder', 'Ana', '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM annotations').pluck().get()).toBe(0);
    db.close();
  });

  it('--none records "none of these labels" on a multi-label question: a label decision with no labels', async () => {
    const path = await project();
    const r = await run('label', path, '--doc', 'b-2', '--question', 'Topics', '--none', '--coder', 'Ana');
    expect(r).toMatchObject({ code: 0, out: 'Document b-2: none of the labels (Topics, coder Ana)' });
    expect((await run('label', path, '--doc', 'b-2', '--question', 'Topics', '--none', '--label', 'economy', '--coder', 'Ana')).err).toBe(
      'prelabel label: --none excludes --label and --skip: it records that no label applies.',
    );
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT kind, label_ids FROM annotations').raw().all()).toEqual([['label', '[]']]);
    expect(db.prepare('SELECT kind, label_ids, label_id FROM coding_state WHERE kind IS NOT NULL').raw().all()).toEqual([
      ['label', '[]', null],
    ]);
    db.close();
  });

  it('--none on a single-label question is refused in one line', async () => {
    const path = await project();
    const codebook = join(tmp(), 'single.json');
    writeFileSync(codebook, JSON.stringify({ questions: [{ name: 'Stance', labels: [{ name: 'for' }, { name: 'against' }] }] }));
    expect((await run('codebook', path, '--set', codebook)).code).toBe(0);
    const r = await run('label', path, '--doc', 'b-2', '--question', 'Stance', '--none', '--coder', 'Ana');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'prelabel label: "Stance" takes one label per document; --none is for multi-label questions (name a label or --skip).',
    );
  });
});
