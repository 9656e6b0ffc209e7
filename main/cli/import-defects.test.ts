// Issue 12, section 2, on the command line: columns mapped by the names a repeated or empty
// header name gets (bug 1); repeated ids skipped by --skip-bad-rows or --on-duplicate-id, and an
// error that names the CLI's flags and the earlier row (bug 2); spilled texts joined back by
// default, --on-text-spill (bug 3); --decode-html-entities, remembered per project (bug 4).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { corpusFile } from '../core/test-support/corpora';
import { semevalWithRepeatedHeader } from '../core/test-support/derived-corpora';
import { useTempDir } from '../core/test-support/temp-dir';
import { main } from './cli-main';

const tmp = useTempDir();

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeEach(() => {
  process.env.PRELABEL_HOME = join(tmp(), 'home');
});

describe('bug 1: a header with repeated or empty names is taken as data (CLI)', () => {
  it('imports the SemEval file with such a header, the gold label from "Stance (2)"', async () => {
    const path = semevalWithRepeatedHeader(tmp());
    const project = join(tmp(), 'p.prelabel');
    expect((await cli('init', project)).code).toBe(0);
    const r = await cli('import', project, path, '--text-column', 'Tweet', '--gold-column', 'Stance (2)', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ imported: 1956, skipped: 0, flagged: 0 });
  });

  it('maps --text-column "Stance (2)" by its new name', async () => {
    const path = semevalWithRepeatedHeader(tmp(), 50);
    const project = join(tmp(), 'q.prelabel');
    await cli('init', project);
    const r = await cli('import', project, path, '--text-column', 'Stance (2)', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ imported: 50 });
  });
});

describe('bug 2: --skip-bad-rows does not skip repeated ids, and the error names a UI choice', () => {
  // The combined file holds one tweet twice: row 933 repeats the id of row 385.
  const tweets = () => corpusFile('politicians_tweets_sentiment_en_es_el', 'en_combined.csv');
  const args = ['--text-column', 'full_text', '--id-column', 'id'];

  it('stops by default with a message that names both rows and the flags that decide', async () => {
    const project = join(tmp(), 'p.prelabel');
    await cli('init', project);
    const r = await cli('import', project, tweets(), ...args);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('Row 933 repeats the id 1372566908382380032 of row 385.');
    expect(r.err).toContain('--on-duplicate-id rownumber');
    expect(r.err).toContain('--on-duplicate-id skip');
    expect(r.err).not.toMatch(/choose "use row numbers/i);
  });

  it('--skip-bad-rows skips the row with the repeated id', async () => {
    const project = join(tmp(), 'p.prelabel');
    await cli('init', project);
    const r = await cli('import', project, tweets(), ...args, '--skip-bad-rows', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { imported: number; skipped: number; problems: { code: string; rows: number[] }[] };
    expect(out).toMatchObject({ imported: 999, skipped: 1 });
    expect(out.problems.find((p) => p.code === 'duplicate_id')?.rows).toEqual([933]);
  });

  it('--on-duplicate-id skip and rownumber do what they say; a wrong value names the three', async () => {
    const skipped = join(tmp(), 's.prelabel');
    await cli('init', skipped);
    const s = await cli('import', skipped, tweets(), ...args, '--on-duplicate-id', 'skip', '--json');
    expect(JSON.parse(s.out)).toMatchObject({ imported: 999, skipped: 1 });

    const numbered = join(tmp(), 'n.prelabel');
    await cli('init', numbered);
    const n = await cli('import', numbered, tweets(), ...args, '--on-duplicate-id', 'rownumber', '--skip-bad-rows', '--json');
    expect(JSON.parse(n.out)).toMatchObject({ imported: 1000, skipped: 0 });

    const bad = await cli('import', numbered, tweets(), ...args, '--on-duplicate-id', 'drop');
    expect(bad.err).toContain('--on-duplicate-id must be error, rownumber or skip');
  });
});

describe('bug 3: texts that hold the delimiter spill into the next columns (CLI)', () => {
  const sms = () => corpusFile('sms_spam_nonutf8', 'spam.csv');
  const args = ['--text-column', 'Message', '--gold-column', 'Response', '--json'];
  const spilled = (out: string) =>
    (JSON.parse(out) as { problems: { code: string; count: number }[] }).problems.find((p) => p.code === 'text_spill')?.count;

  it('joins them by default, also with --skip-bad-rows; --on-text-spill skip and error do what they say', async () => {
    const joined = join(tmp(), 'j.prelabel');
    await cli('init', joined);
    const j = await cli('import', joined, sms(), ...args, '--skip-bad-rows');
    expect(j.code).toBe(0);
    expect(spilled(j.out)).toBe(50);
    // --skip-bad-rows may skip rows of other classes, never a spilled row: it is whole again.
    const db = new Database(joined, { readonly: true });
    const row96 = db.prepare('SELECT text FROM documents WHERE row_number = 96').pluck().get() as string;
    db.close();
    expect(row96).toMatch(/FML, PO Box 5249, MK17 92H\. 450Ppw 16"$/);

    const skipped = join(tmp(), 's.prelabel');
    await cli('init', skipped);
    expect(JSON.parse((await cli('import', skipped, sms(), ...args, '--on-text-spill', 'skip')).out)).toMatchObject({
      imported: 5522,
      skipped: 50,
    });

    const stopped = join(tmp(), 'e.prelabel');
    await cli('init', stopped);
    const e = await cli('import', stopped, sms(), '--text-column', 'Message', '--on-text-spill', 'error');
    expect(e.code).not.toBe(0);
    expect(e.err).toContain('Row 96 (line 97)');
    expect(e.err).toContain('--on-text-spill join');
  });
});

describe('bug 4: HTML entities in social-media exports are shown raw (CLI)', () => {
  it('--decode-html-entities decodes them; the next import remembers it, --no-decode-html-entities turns it off', async () => {
    const posts = corpusFile('political_social_media_bias', 'political_social_media.csv');
    const project = join(tmp(), 'p.prelabel');
    await cli('init', project);
    const args = ['--text-column', 'text', '--gold-column', 'bias', '--json'];
    expect((await cli('import', project, posts, ...args, '--decode-html-entities')).code).toBe(0);
    expect((await cli('import', project, posts, ...args)).code).toBe(0);
    expect((await cli('import', project, posts, ...args, '--no-decode-html-entities')).code).toBe(0);
    const db = new Database(project, { readonly: true });
    const texts = db.prepare('SELECT text FROM documents WHERE row_number = 601 ORDER BY id').pluck().all() as string[];
    db.close();
    expect(texts).toEqual([
      expect.stringContaining('here --> http'),
      expect.stringContaining('here --> http'),
      expect.stringContaining('here --&gt; http'),
    ]);
  });
});
