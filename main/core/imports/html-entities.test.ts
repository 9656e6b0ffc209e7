// Issue 12, section 2, bug 4: HTML entities of social-media exports (`&amp;`, `&gt;`) were shown
// and stored raw. The import option "decode HTML entities" (off by default) decodes them with the
// full HTML5 table, is remembered per project, stored with the import and named in the manifest.
// Real rows: political_social_media_bias (US politicians' posts, 393 rows with entities).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../test-support/corpora';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore, type TestCore } from '../test-support/test-core';
import { decodeEntities } from './html-entities';

const tmp = useTempDir();
const posts = () => corpusFile('political_social_media_bias', 'political_social_media.csv');
const source = () => ({ kind: 'path' as const, path: posts() });
const ENTITY = /&(amp|gt|lt|quot|#\d+|#x[0-9a-f]+);/i;

async function project(): Promise<{ t: TestCore; path: string }> {
  const dir = tmp();
  const t = makeTestCore(dir);
  const path = join(dir, 'posts.prelabel');
  await t.call('project.create', { name: 'posts', path });
  return { t, path };
}

async function importPosts(t: TestCore, options: object, path = posts()) {
  const started = await t.call('import.start', {
    source: { kind: 'path', path },
    options: options as never,
    mapping: { textColumns: ['text'], goldColumn: 'bias' } as never,
  });
  return t.waitForJob(started.jobId);
}

async function texts(t: TestCore, offset: number, limit: number) {
  const out: string[] = [];
  while (out.length < limit) {
    const page = await t.call('documents.list', { offset: offset + out.length, limit: Math.min(1000, limit - out.length) });
    if (page.rows.length === 0) break;
    out.push(...page.rows.map((d) => d.text));
  }
  return out;
}

describe('bug 4: HTML entities in social-media exports are shown raw', () => {
  it('decodes named, decimal and hexadecimal entities with the full HTML5 table, only where they end in ;', () => {
    expect(decodeEntities('AT&amp;T &gt;&gt; it&#39;s &#x1F600; &hellip; &eacute;t&eacute; &NotNestedLessLess;')).toBe(
      "AT&T >> it's 😀 … été ⪡̸",
    );
    // A bare ampersand, or a name without its semicolon (a URL's query), is text.
    expect(decodeEntities('Q&A: see x.org/?a=1&copy=2 &amp')).toBe('Q&A: see x.org/?a=1&copy=2 &amp');
  });

  it('is off by default: the posts keep their entities, and the preview says it is off', async () => {
    const { t } = await project();
    const preview = await t.call('import.preview', { source: source(), options: {} });
    expect(preview.decodeHtmlEntities).toBe(false);
    await importPosts(t, {});
    expect((await texts(t, 600, 1))[0]).toContain('Read more here --&gt; http://t.co/fzxapxBQyh');
    await t.core.shutdown();
  });

  it('the option decodes every post (live in the preview too), and the next import proposes it', async () => {
    const { t, path } = await project();
    const preview = await t.call('import.preview', { source: source(), options: { decodeHtmlEntities: true } });
    expect(preview.decodeHtmlEntities).toBe(true);
    expect(preview.rows.flat().some((c) => ENTITY.test(c))).toBe(false);

    const done = await importPosts(t, { decodeHtmlEntities: true });
    expect(done).toMatchObject({ status: 'done', result: { imported: 5000 } });
    const all = await texts(t, 0, 5000);
    expect(all[600]).toContain('Read more here --> http://t.co/fzxapxBQyh');
    expect(all[1449]).toContain("@JohnBoehner & it's not good. Hoping he watches this & finally calls a vote");
    expect(all.filter((s) => ENTITY.test(s))).toEqual([]);

    // Remembered in the project: a preview and an import that do not say take the last choice.
    const next = await t.call('import.preview', { source: source(), options: {} });
    expect(next.decodeHtmlEntities).toBe(true);
    const small = join(tmp(), 'small.csv');
    writeFileSync(small, 'bias,text\nneutral,Hearing today --&gt; watch &amp; share &#x1F600;\n');
    await importPosts(t, {}, small);
    expect((await texts(t, 5000, 1))[0]).toBe('Hearing today --> watch & share 😀');
    // An explicit "off" is remembered as well.
    expect((await t.call('import.preview', { source: source(), options: { decodeHtmlEntities: false } })).decodeHtmlEntities).toBe(false);
    await t.core.shutdown();

    // The stored import options name the choice.
    const db = new Database(path, { readonly: true });
    const stored = (db.prepare('SELECT options FROM imports ORDER BY started_at').pluck().all() as string[]).map(
      (o) => (JSON.parse(o) as { options?: { decodeHtmlEntities?: boolean } }).options?.decodeHtmlEntities,
    );
    db.close();
    expect(stored).toEqual([true, true]);
  });

  it('the export manifest names the choice of every import', async () => {
    const { t, path } = await project();
    await importPosts(t, { decodeHtmlEntities: true });
    const codebook = await t.call('codebook.set', { questions: [{ name: 'Bias', labels: [{ name: 'neutral' }, { name: 'partisan' }] }] });
    const out = join(tmp(), 'posts.csv');
    const started = await t.call('export.start', { questionId: codebook.questions[0]!.id, format: 'csv', filter: 'all', path: out });
    const done = await t.waitForJob(started.jobId);
    expect(done.status).toBe('done');
    const manifest = JSON.parse(readFileSync(join(tmp(), 'posts.csv.manifest.json'), 'utf8')) as {
      imports: { sourceName: string; decodeHtmlEntities: boolean }[];
    };
    expect(manifest.imports).toEqual([expect.objectContaining({ sourceName: 'political_social_media.csv', decodeHtmlEntities: true })]);
    await t.core.shutdown();
    expect(path).toBeTruthy();
  });
});
