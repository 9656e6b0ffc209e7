// Exports to share (issue 15): the labels-only export (ids, labels and codes; no text, no metadata)
// and pseudonymised metadata columns (HMAC-SHA256 under the project's key, [Note: pseudonyms]),
// checked byte for byte; the pseudonyms recomputed here with node:crypto from the stored key.
import Database from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobDoneOf } from '../../../common/contract';
import { makeTestCore } from '../test-support/test-core';
import { useTempDir } from '../test-support/temp-dir';
import { decide, makeExportProject } from './test-support/export-project';

const tmp = useTempDir();

const TOPIC = {
  name: 'Topic',
  template: 'This text is about {}.',
  labels: [{ name: 'economy', code: '401' }, { name: 'welfare', code: '504' }, { name: 'other' }],
};

async function setup() {
  const dir = tmp();
  const p = makeExportProject(
    dir,
    [
      { id: 'a', text: 'SECRET-TEXT-A about taxes', metadata: { author: 'Alice', source: 'paper' } },
      { id: 'b', text: 'SECRET-TEXT-B', metadata: { author: 'Bob, "the" builder', source: 'radio' } },
      { id: 'c', text: 'SECRET-TEXT-C', metadata: { author: '', source: 'paper' } },
      { id: 'd', text: 'SECRET-TEXT-D', metadata: { author: 'Alice', source: 'tv' } },
    ],
    TOPIC,
  );
  decide(p, { documentId: p.docs[0]!, labels: [p.label['economy']!] });
  decide(p, { documentId: p.docs[1]!, labels: [p.label['other']!] });
  decide(p, { documentId: p.docs[3]!, labels: [p.label['welfare']!] });
  p.db.close();
  const t = makeTestCore(dir);
  await t.call('project.open', { path: p.path });
  const run = async (name: string, input: Record<string, unknown>) => {
    const path = join(dir, name);
    const { jobId } = await t.call('export.start', { questionId: p.question.id, path, ...input } as never);
    const done = (await t.waitForJob(jobId)) as JobDoneOf<'export'>;
    if (done.status !== 'done') throw new Error(JSON.stringify(done.error));
    return {
      data: readFileSync(path, 'utf8'),
      manifest: JSON.parse(readFileSync(`${path}.manifest.json`, 'utf8')) as Record<string, unknown>,
    };
  };
  const key = () => {
    const db = new Database(p.path, { readonly: true });
    try {
      return Buffer.from(db.prepare("SELECT value FROM project_meta WHERE key = 'pseudonym_key'").pluck().get() as string, 'hex');
    } finally {
      db.close();
    }
  };
  return { t, p, run, key };
}

const ps = (key: Buffer, v: string) => `p_${createHmac('sha256', key).update(v, 'utf8').digest('hex').slice(0, 16)}`;

describe('the labels-only export', () => {
  it('writes ids, labels and codes and the final label, and nothing of the texts or metadata', async () => {
    const { t, run } = await setup();
    const { data, manifest } = await run('labels.csv', { format: 'csv', content: 'labels', filter: 'all' });
    expect(data).toBe(
      'id,labels,label_codes,final_label,final_label_codes,final_label_source\r\n' +
        'a,economy,401,economy,401,human\r\n' +
        'b,other,,other,,human\r\n' +
        'c,,,,,\r\n' +
        'd,welfare,504,welfare,504,human\r\n',
    );
    expect(manifest.content).toBe('labels');
    expect(manifest.columns).toEqual(['id', 'labels', 'label_codes', 'final_label', 'final_label_codes', 'final_label_source']);
    expect(manifest.counts).toMatchObject({ rows: 4, documents: 4 });
    const all = data + JSON.stringify(manifest);
    for (const secret of ['SECRET-TEXT', 'Alice', 'Bob', 'paper', 'radio']) expect(all).not.toContain(secret);
    await t.core.shutdown();
  });

  it('as JSON Lines, the coded documents only', async () => {
    const { t, run } = await setup();
    const { data } = await run('labels.jsonl', { format: 'jsonl', content: 'labels' });
    expect(data).toBe(
      '{"id":"a","labels":"economy","label_codes":"401","final_label":"economy","final_label_codes":"401","final_label_source":"human"}\n' +
        '{"id":"b","labels":"other","label_codes":null,"final_label":"other","final_label_codes":null,"final_label_source":"human"}\n' +
        '{"id":"d","labels":"welfare","label_codes":"504","final_label":"welfare","final_label_codes":"504","final_label_source":"human"}\n',
    );
    await t.core.shutdown();
  });
});

describe('pseudonymised metadata columns', () => {
  it('a labels-only export adds the chosen column as keyed pseudonyms, the same in every export; the manifest names the method, never the key', async () => {
    const { t, run, key } = await setup();
    const first = await run('share.csv', { format: 'csv', content: 'labels', filter: 'all', pseudonymise: ['author'] });
    const k = key();
    expect(k.length).toBe(32);
    const alice = ps(k, 'Alice');
    expect(first.data).toBe(
      'id,labels,label_codes,final_label,final_label_codes,final_label_source,meta_author\r\n' +
        `a,economy,401,economy,401,human,${alice}\r\n` +
        `b,other,,other,,human,${ps(k, 'Bob, "the" builder')}\r\n` +
        'c,,,,,,\r\n' +
        `d,welfare,504,welfare,504,human,${alice}\r\n`,
    );
    expect(first.manifest.pseudonymisation).toEqual({
      columns: [{ column: 'author', header: 'meta_author' }],
      method: expect.stringMatching(/^HMAC-SHA256 of the value/) as unknown,
    });
    expect(JSON.stringify(first.manifest)).not.toContain(k.toString('hex'));
    const again = await run('share-again.csv', { format: 'csv', content: 'labels', filter: 'all', pseudonymise: ['author'] });
    expect(again.data).toBe(first.data);
    await t.core.shutdown();
  });

  it('a full export keeps the text and the other columns and writes the chosen ones as pseudonyms (CSV and JSON Lines)', async () => {
    const { t, run, key } = await setup();
    const csv = await run('full.csv', { format: 'csv', filter: 'all', pseudonymise: ['author'] });
    const k = key();
    const header = csv.data.split('\r\n')[0]!.split(',');
    const rows = csv.data.split('\r\n').slice(1, 5);
    expect(header.slice(0, 4)).toEqual(['id', 'text', 'meta_author', 'meta_source']);
    expect(rows.map((r) => r.split(',').slice(0, 4).join(','))).toEqual([
      `a,SECRET-TEXT-A about taxes,${ps(k, 'Alice')},paper`,
      `b,SECRET-TEXT-B,${ps(k, 'Bob, "the" builder')},radio`,
      'c,SECRET-TEXT-C,,paper',
      `d,SECRET-TEXT-D,${ps(k, 'Alice')},tv`,
    ]);
    expect(csv.data).not.toContain('Alice');
    expect((csv.manifest.pseudonymisation as { columns: unknown }).columns).toEqual([{ column: 'author', header: 'meta_author' }]);
    const jsonl = await run('full.jsonl', { format: 'jsonl', filter: 'all', pseudonymise: ['author', 'source'] });
    expect(
      jsonl.data
        .split('\n')
        .slice(0, 4)
        .map((l) => (JSON.parse(l) as { metadata: unknown }).metadata),
    ).toEqual([
      { author: ps(k, 'Alice'), source: ps(k, 'paper') },
      { author: ps(k, 'Bob, "the" builder'), source: ps(k, 'radio') },
      { author: '', source: ps(k, 'paper') },
      { author: ps(k, 'Alice'), source: ps(k, 'tv') },
    ]);
    await t.core.shutdown();
  });

  it('refuses in one line a column the project does not have, a format or level a labels-only export cannot be', async () => {
    const { t, p } = await setup();
    const start = (input: Record<string, unknown>) =>
      t.raw('export.start', { questionId: p.question.id, path: join(tmp(), 'x.csv'), format: 'csv', ...input });
    const msg = async (input: Record<string, unknown>) => {
      const r = await start(input);
      return r.ok ? null : r.error.message;
    };
    expect(await msg({ pseudonymise: ['Author'] })).toBe(
      'No metadata column "Author" to pseudonymise. The metadata columns are: author, source.',
    );
    expect(await msg({ content: 'labels', format: 'xlsx' })).toBe(
      'A labels-only export is written as CSV, CSV for Excel or JSON Lines, not xlsx.',
    );
    expect(await msg({ content: 'labels', level: 'parent' })).toBe(
      'A labels-only export has one row per coding unit; choose the unit level.',
    );
    expect(await msg({ pseudonymise: ['author', 'author'] })).toBe('A metadata column is named twice in pseudonymise.');
    await t.core.shutdown();
  });
});
