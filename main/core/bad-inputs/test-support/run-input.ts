// Runs one catalogue entry against a core, as a face calls it, and reports the error it got; plus
// the logical dump that shows the project unchanged (every table's rows, sorted, and the schema).
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { parseCodebookJson, problemCodes, type ApiError, type ImportPreview, type JobDone, type Result } from '../../../../common/contract';
import type { TestCore } from '../../test-support/test-core';
import type { BadInput } from './catalogue';
import { generated, makeInput } from './generate';

export const FILES_DIR = join(__dirname, '..', '__fixtures__');

/** The input's path inside `dir`: a copy of the committed file, or made by generate.ts. */
export function placeInput(entry: BadInput, dir: string): string {
  const path = join(dir, entry.input);
  if (existsSync(path)) return path;
  if (generated[entry.input]) makeInput(entry.input, path);
  else cpSync(join(FILES_DIR, entry.input), path);
  return path;
}

const strict = Object.fromEntries(problemCodes.map((c) => [c, 'cancel'])) as Record<(typeof problemCodes)[number], 'cancel'>;

/** The outcome: the error, or null when the input was accepted. */
export async function runInput(core: TestCore, entry: BadInput, path: string): Promise<ApiError | null> {
  const fail = (r: Result<unknown>) => (r.ok ? null : r.error);
  switch (entry.operation) {
    case 'call':
      return fail(await core.raw(entry.input, JSON.parse(entry.payload ?? '{}')));
    case 'preview':
      return fail(await core.raw('import.preview', { source: { kind: 'path', path } }));
    case 'import': {
      const preview = await core.raw('import.preview', { source: { kind: 'path', path } });
      if (!preview.ok) return preview.error;
      const p = preview.value as ImportPreview;
      const text = p.suggestedTextColumns[0] ?? 1;
      const started = await core.raw('import.start', {
        source: { kind: 'path', path },
        mapping: { textColumns: [text], idColumn: p.suggestedIdColumn },
        decisions: strict,
      });
      if (!started.ok) return started.error;
      const done: JobDone = await core.waitForJob((started.value as { jobId: string }).jobId);
      if (done.status === 'done') return null;
      return done.error ?? { code: 'INTERNAL', message: `the import ended ${done.status} without an error` };
    }
    case 'codebook-json': {
      let input: unknown;
      try {
        input = parseCodebookJson(readFileSync(path, 'utf8'), basename(path));
      } catch (err) {
        const e = err as { code?: string; message: string };
        return { code: (e.code ?? 'INTERNAL') as ApiError['code'], message: e.message };
      }
      return fail(await core.raw('codebook.set', input));
    }
    case 'codebook-csv':
      return fail(await core.raw('codebook.importCsv', { source: { kind: 'path', path }, questionName: 'Topic' }));
    case 'model':
      return fail(await core.raw('model.select', { path, persist: false }));
    case 'project':
      return fail(await core.raw('project.open', { path }));
  }
}

/** Every table's rows (sorted) and the schema, read through a connection of its own. */
export function logicalDump(projectPath: string): Record<string, unknown> {
  const db = new Database(projectPath, { readonly: true, fileMustExist: true });
  try {
    const schema = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all() as {
      type: string;
      name: string;
    }[];
    const dump: Record<string, unknown> = { schema, user_version: db.pragma('user_version', { simple: true }) };
    for (const { name } of schema.filter((s) => s.type === 'table')) {
      const rows = db
        .prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`)
        .raw()
        .all() as unknown[][];
      dump[name] = rows
        .map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? String(v) : v)))
        .sort();
    }
    return dump;
  } finally {
    db.close();
  }
}
