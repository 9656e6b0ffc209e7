// Issue 12, section 2, bug 5, the core's part: a folder uploaded from the browser (the server keeps
// it as <uploads>/<upload id>/<folder>/<relative paths>) is imported as the 'folder' format, with
// files in subfolders too, each file one document whose id is its path inside the folder.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../test-support/corpora';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore } from '../test-support/test-core';

const tmp = useTempDir();
const UPLOAD_ID = '3f0c2a61-8a4e-4b52-9d0e-7c1b2a3d4e5f';

/** Three BBC News texts, one of them in a subfolder, as the server stores a folder upload. */
function uploadedFolder(uploadsDir: string): string[] {
  // Each row is "text","category" on one line, the text without quotes or commas of its own.
  const [, ...lines] = readFileSync(corpusFile('bbc_news', 'BBC News Train.csv'), 'utf8').split('\n');
  const texts = lines.slice(0, 3).map((l) => l.slice(1, l.lastIndexOf('","')));
  const folder = join(uploadsDir, UPLOAD_ID, 'BBC');
  mkdirSync(join(folder, 'business'), { recursive: true });
  writeFileSync(join(folder, 'news-10.txt'), texts[0]!);
  writeFileSync(join(folder, 'news-2.txt'), texts[1]!);
  writeFileSync(join(folder, 'business', 'news-1.txt'), texts[2]!);
  writeFileSync(join(folder, 'README.md'), 'not a document');
  return texts;
}

describe('bug 5: a folder can be imported in the browser mode only by typing a path (core)', () => {
  it('previews and imports an uploaded folder, subfolders included, ids the paths inside it', async () => {
    const dir = tmp();
    const t = makeTestCore(dir);
    await t.call('project.create', { name: 'bbc', path: join(dir, 'bbc.prelabel') });
    const texts = uploadedFolder(join(dir, 'uploads'));
    const source = { kind: 'upload' as const, uploadId: UPLOAD_ID };

    const preview = await t.call('import.preview', { source, options: {} });
    expect(preview).toMatchObject({ sourceName: 'BBC', format: 'folder', columns: ['file', 'text'] });
    expect(preview.rows).toEqual([
      ['news-2.txt', texts[1]],
      ['news-10.txt', texts[0]],
      ['business/news-1.txt', texts[2]],
    ]);

    const started = await t.call('import.start', { source, options: {}, mapping: { textColumns: ['text'], idColumn: 'file' } });
    expect(await t.waitForJob(started.jobId)).toMatchObject({ status: 'done', result: { imported: 3 } });
    const docs = (await t.call('documents.list', { offset: 0, limit: 10 })).rows;
    // The list shows the start of long texts.
    expect(docs.map((d) => d.externalId)).toEqual(['news-2.txt', 'news-10.txt', 'business/news-1.txt']);
    docs.forEach((d, i) => expect([texts[1], texts[0], texts[2]][i]!.startsWith(d.text)).toBe(true));
    await t.core.shutdown();
  });
});
