import { linkSync, readFileSync, symlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { decide, makeExportProject } from '../../core/export/test-support/export-project';
import { openProjectDb } from '../../core/store/project-db';
import { useTempDir } from '../../core/test-support/temp-dir';
import { run } from '../test-support/cli-project';

const tmp = useTempDir();

function project() {
  const p = makeExportProject(tmp(), [
    { id: '9007199254740993123', text: 'For it.' },
    { id: 'b', text: 'Against it.' },
    { id: 'c', text: 'Not coded.' },
  ]);
  decide(p, { documentId: p.docs[0]!, labels: [p.label['in favour of']!] });
  decide(p, { documentId: p.docs[1]!, labels: [p.label['against']!] });
  p.db.close();
  return p;
}

describe('prelabel export', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('writes a CSV and its manifest and prints the counts and hashes', async () => {
    const p = project();
    const out = join(tmp(), 'stance.csv');
    const r = await run('export', p.path, '--format', 'csv', '--question', 'Stance', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('Exported 2 rows of "Stance" (coded): in favour of 1, against 1, neutral towards 0');
    expect(r.out).toMatch(/stance\.csv\.manifest\.json {2}\d+ bytes {2}sha256 [0-9a-f]{64}/);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as { id: string }[];
    expect(rows.map((x) => x.id)).toEqual(['9007199254740993123', 'b']);
  });

  it('--json prints one object with the files; hf takes --seed and --test-fraction', async () => {
    const p = project();
    const out = join(tmp(), 'dataset');
    const r = await run(
      'export',
      p.path,
      '--format',
      'hf',
      '--question',
      'Stance',
      '--out',
      out,
      '--seed',
      '3',
      '--test-fraction',
      '0.5',
      '--json',
    );
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(result).toMatchObject({ ok: true, format: 'hf', rows: 2 });
    expect(result.files.map((f: { name: string }) => f.name)).toEqual([
      'train.jsonl',
      'test.jsonl',
      'labels.json',
      'README.md',
      'manifest.json',
    ]);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).split).toMatchObject({ seed: 3, testFraction: 0.5 });
  });

  it('nli takes --nli-negatives all and --nli-labels numeric: every other label, 0/1 labels; refused for other formats', async () => {
    const p = project();
    const out = join(tmp(), 'pairs.jsonl');
    const r = await run(
      'export',
      p.path,
      '--format',
      'nli',
      '--question',
      'Stance',
      '--out',
      out,
      '--test-fraction',
      '0',
      '--nli-negatives',
      'all',
      '--nli-labels',
      'numeric',
    );
    expect(r.err).toBe('');
    const pairs = readFileSync(out, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; label: number; label_text: string; label_name: string });
    // Two coded documents, three labels each: one entailment (0) and two not_entailment (1).
    expect(pairs.map((x) => [x.id, x.label_name, x.label, x.label_text])).toEqual([
      ['9007199254740993123', 'in favour of', 0, 'entailment'],
      ['9007199254740993123', 'against', 1, 'not_entailment'],
      ['9007199254740993123', 'neutral towards', 1, 'not_entailment'],
      ['b', 'in favour of', 1, 'not_entailment'],
      ['b', 'against', 0, 'entailment'],
      ['b', 'neutral towards', 1, 'not_entailment'],
    ]);
    expect(JSON.parse(readFileSync(join(tmp(), 'pairs.jsonl.manifest.json'), 'utf8')).nli).toMatchObject({
      negatives: 'all',
      labels: 'numeric',
    });
    const balanced = join(tmp(), 'balanced.jsonl');
    await run('export', p.path, '--format', 'nli', '--question', 'Stance', '--out', balanced, '--test-fraction', '0');
    expect(readFileSync(balanced, 'utf8').split('\n').filter(Boolean)).toHaveLength(4);
    expect((await run('export', p.path, '--format', 'nli', '--question', 'Stance', '--out', out, '--nli-labels', '01')).err).toBe(
      'prelabel export: --nli-labels must be one of text, numeric (got "01").',
    );
    expect((await run('export', p.path, '--format', 'csv', '--question', 'Stance', '--out', out, '--nli-negatives', 'all')).err).toBe(
      'prelabel export: --nli-negatives and --nli-labels are options of --format nli (got --format csv).',
    );
  });

  it('refuses bad flags and an unknown question with one line saying what to do', async () => {
    const p = project();
    const out = join(tmp(), 'x.csv');
    expect((await run('export', p.path, '--question', 'Stance', '--out', out)).err).toBe(
      'prelabel export: --format is required: one of csv, csv-excel, jsonl, xlsx, parquet, hf, nli.',
    );
    expect((await run('export', p.path, '--format', 'pdf', '--question', 'Stance', '--out', out)).err).toBe(
      'prelabel export: --format must be one of csv, csv-excel, jsonl, xlsx, parquet, hf, nli (got "pdf").',
    );
    expect((await run('export', p.path, '--format', 'csv', '--question', 'Topic', '--out', out)).err).toBe(
      'prelabel export: The project has no question named "Topic". Its questions: "Stance".',
    );
    expect((await run('export', p.path, '--format', 'hf', '--question', 'Stance', '--out', out, '--test-fraction', '2')).err).toBe(
      'prelabel export: --test-fraction must be a number from 0 to 0.9 (got "2").',
    );
    expect((await run('export', p.path, '--format', 'hf', '--question', 'Stance', '--out', join(tmp(), 'ds'), '--filter', 'all')).err).toBe(
      'prelabel export: A Hugging Face dataset holds coded documents only (each row a label decision): choose the filter "coded", "accepted" or "changed"; "all" would add documents nobody labelled.',
    );
    const r = await run('export', p.path, '--format', 'csv', '--question', 'Stance', '--out', join(tmp(), 'missing', 'x.csv'), '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).error.code).toBe('NOT_FOUND');
  });
});

describe('bug 2: prelabel export never replaces the project file', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('refuses --out naming the project through a symlinked folder, a symlink, a hard link, -wal or -shm; the project keeps every decision', async () => {
    const p = project();
    const linked = join(tmp(), 'linked');
    symlinkSync(dirname(p.path), linked, 'dir');
    const alias = join(tmp(), 'alias.csv');
    symlinkSync(p.path, alias);
    const hard = join(tmp(), 'hard.csv');
    linkSync(p.path, hard);
    const outs = [join(linked, basename(p.path)), alias, hard, `${p.path}-wal`, join(linked, `${basename(p.path)}-shm`)];
    for (const out of outs) {
      const r = await run('export', p.path, '--format', 'csv', '--question', 'Stance', '--out', out);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^prelabel export: .* is this project's database file.*; choose another name for the export\.$/);
    }
    const db = openProjectDb(p.path);
    expect(db.prepare('SELECT count(*) FROM annotations').pluck().get()).toBe(2);
    db.close();
    const stats = await run('stats', p.path);
    expect(stats.code).toBe(0);
  });
});

describe('prelabel export, to share', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('--labels-only writes ids and labels without text; --pseudonymise writes a column as keyed pseudonyms', async () => {
    const p = makeExportProject(tmp(), [
      { id: 'a', text: 'SECRET-A', metadata: { author: 'Alice' } },
      { id: 'b', text: 'SECRET-B', metadata: { author: 'Bob' } },
    ]);
    decide(p, { documentId: p.docs[0]!, labels: [p.label['in favour of']!] });
    decide(p, { documentId: p.docs[1]!, labels: [p.label['against']!] });
    p.db.close();
    const out = join(tmp(), 'share.csv');
    const r = await run(
      'export',
      p.path,
      '--format',
      'csv',
      '--question',
      'Stance',
      '--out',
      out,
      '--labels-only',
      '--pseudonymise',
      'author',
    );
    expect(r.err).toBe('');
    expect(r.out.split('\n')[0]).toBe(
      'Exported 2 rows of "Stance" (coded, labels only, pseudonymised: author): in favour of 1, against 1, neutral towards 0',
    );
    const lines = readFileSync(out, 'utf8').split('\r\n');
    expect(lines[0]).toBe('id,labels,label_codes,final_label,final_label_codes,final_label_source,meta_author');
    expect(lines[1]).toMatch(/^a,in favour of,,in favour of,,human,p_[0-9a-f]{16}$/);
    expect(readFileSync(out, 'utf8')).not.toMatch(/SECRET|Alice|Bob/);
    const bad = await run(
      'export',
      p.path,
      '--format',
      'csv',
      '--question',
      'Stance',
      '--out',
      join(tmp(), 'x.csv'),
      '--pseudonymise',
      'author,',
    );
    expect(bad.err).toBe(
      'prelabel export: --pseudonymise takes metadata column names separated by commas (e.g. --pseudonymise author,place).',
    );
  });
});
