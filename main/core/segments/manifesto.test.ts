// The Manifesto corpus as a real case (PRELABEL_DATA_DIR): its rows are the quasi-sentences of 15 UK
// manifestos. Re-assembled into one document per manifesto and split again:
// - joined with "\n\n" and split into paragraphs, every quasi-sentence comes back exactly (the
//   paragraph rule is the inverse of that join; quasi-sentences are trimmed and the 6 empty ones dropped);
// - joined with " " and split into sentences, about half of the quasi-sentences come back as units
//   (measured: 8,428 of 16,705, 50.5%; 70.7% of the 11,914 units are quasi-sentences): coders cut
//   many sentences into several quasi-sentences (one per claim), which no sentence rule can know;
// - joined with "\n" (a line per quasi-sentence, as many exports write them) and split into
//   sentences, 99.2% come back (ICU ends a sentence at every line break).
// Then through the core: two manifestos imported with the paragraph split, each unit coded with its
// domain from the corpus, and exported per manifesto; the shares equal the corpus's own counts.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, corpusFile } from '../test-support/corpora';
import { makeTestCore } from '../test-support/test-core';
import { useTempDir } from '../test-support/temp-dir';
import { paragraphs, sentences } from './split';

const tmp = useTempDir();

interface Manifesto {
  file: string;
  rows: Array<{ text: string; code: string }>;
}

function manifestos(): Manifesto[] {
  const dir = corpusFile('manifesto_uk_cmp', 'manifestos');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((file) => {
      const rows = parse(readFileSync(join(dir, file)), { columns: true, bom: true }) as Record<string, string>[];
      // 51320_200106.csv names its text column "content" (INDEX.md).
      return { file, rows: rows.map((r) => ({ text: (r.text ?? r.content)!, code: r.cmp_code! })) };
    });
}

/** How many units are one of the quasi-sentences (each quasi-sentence matched once). */
function matching(quasi: string[], units: string[]): number {
  const left = new Map<string, number>();
  for (const q of quasi) left.set(q.trim(), (left.get(q.trim()) ?? 0) + 1);
  let n = 0;
  for (const u of units) {
    const k = left.get(u) ?? 0;
    if (k > 0) {
      n++;
      left.set(u, k - 1);
    }
  }
  return n;
}

describe('Manifesto quasi-sentences re-assembled and split again', () => {
  const all = manifestos();
  const quasi = all.flatMap((m) => m.rows.map((r) => r.text));

  it('reads the 15 files with their stated 16,705 quasi-sentences', () => {
    expect(all).toHaveLength(15);
    expect(quasi).toHaveLength(16_705);
    expect(DATA_DIR).toBeTruthy();
  });

  it('joined with a blank line, the paragraph split gives back exactly the quasi-sentences, with exact offsets', () => {
    let kept = 0;
    for (const m of all) {
      const text = m.rows.map((r) => r.text).join('\n\n');
      const units = paragraphs(text);
      const want = m.rows.map((r) => r.text.trim()).filter((t) => t !== '');
      expect(units.map((u) => u.text)).toEqual(want);
      for (const u of units) expect(text.slice(u.start, u.end)).toBe(u.text);
      kept += want.length;
    }
    expect(kept).toBe(16_699); // 6 quasi-sentences are empty
  });

  it('joined with spaces, the sentence split reproduces about half (measured 50.5%; bound 48-53%)', () => {
    let units = 0;
    let same = 0;
    for (const m of all) {
      const texts = m.rows.map((r) => r.text);
      const split = sentences(texts.join(' '), 'en').map((u) => u.text);
      units += split.length;
      same += matching(texts, split);
    }
    expect(same).toBe(8_428);
    expect(units).toBe(11_914);
    expect(same / quasi.length).toBeGreaterThan(0.48);
    expect(same / quasi.length).toBeLessThan(0.53);
  });

  it('joined with line breaks, the sentence split reproduces 99% (measured 16,575 of 16,705)', () => {
    let same = 0;
    for (const m of all) {
      const texts = m.rows.map((r) => r.text);
      same += matching(
        texts,
        sentences(texts.join('\n'), 'en').map((u) => u.text),
      );
    }
    expect(same).toBe(16_575);
    expect(same / quasi.length).toBeGreaterThan(0.99);
  });

  it('through the core: imported with the paragraph split, coded by domain, exported per manifesto with the corpus shares', async () => {
    const dir = tmp();
    const chosen = all.filter((m) => m.file === '51210_201505.csv' || m.file === '51903_201505.csv');
    const csv = join(dir, 'manifestos.csv');
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    writeFileSync(
      csv,
      ['id,text', ...chosen.map((m) => `${m.file.replace('.csv', '')},${quote(m.rows.map((r) => r.text).join('\n\n'))}`)].join('\n'),
    );
    const t = makeTestCore(dir);
    await t.call('project.create', { name: 'manifestos', path: join(dir, 'm.prelabel') });
    const started = await t.call('import.start', {
      source: { kind: 'path', path: csv },
      mapping: { textColumns: ['text'], idColumn: 'id' },
      segment: { unit: 'paragraph' },
    });
    expect((await t.waitForJob(started.jobId)).status).toBe('done');
    const domains = ['0', '1', '2', '3', '4', '5', '6', '7'];
    const codebook = await t.call('codebook.set', { questions: [{ name: 'Domain', labels: domains.map((name) => ({ name })) }] });
    const q = codebook.questions[0]!;
    const labelOf = new Map(q.labels.map((l) => [l.name, l.id]));
    const units = (await t.call('documents.list', { limit: 1000 })).rows;
    const coded = chosen.flatMap((m) => m.rows.filter((r) => r.text.trim() !== ''));
    // documents.list cuts texts at 2,000 characters: the whole texts from the file.
    const full = t.core.context.project!.db.prepare('SELECT text FROM documents WHERE parent_id IS NOT NULL ORDER BY id').pluck().all();
    expect(full).toEqual(coded.map((r) => r.text.trim()));
    expect(units.map((u) => u.id)).toEqual(
      t.core.context.project!.db.prepare('SELECT id FROM documents WHERE parent_id IS NOT NULL ORDER BY id').pluck().all(),
    );
    for (const [i, u] of units.entries()) {
      const code = coded[i]!.code;
      if (code === 'NA') await t.call('annotate.decide', { questionId: q.id, documentId: u.id, coder: 'CMP', kind: 'skip' });
      else
        await t.call('annotate.decide', {
          questionId: q.id,
          documentId: u.id,
          coder: 'CMP',
          kind: 'label',
          labelIds: [labelOf.get(code[0]!)!],
        });
    }
    const path = join(dir, 'domains.jsonl');
    const exp = await t.call('export.start', {
      questionId: q.id,
      format: 'jsonl',
      path,
      level: 'parent',
      aggregate: 'share',
      filter: 'all',
    });
    expect((await t.waitForJob(exp.jobId)).status).toBe('done');
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { id: string; units: number; decided_units: number; skipped_units: number; share: Record<string, number> },
      );
    for (const m of chosen) {
      const line = lines.find((l) => l.id === m.file.replace('.csv', ''))!;
      const rows = m.rows.filter((r) => r.text.trim() !== '');
      const decided = rows.filter((r) => r.code !== 'NA');
      expect([line.units, line.decided_units, line.skipped_units]).toEqual([rows.length, decided.length, rows.length - decided.length]);
      for (const d of domains) expect(line.share[d]).toBeCloseTo(decided.filter((r) => r.code[0] === d).length / decided.length, 12);
    }
  }, 60_000);
});
