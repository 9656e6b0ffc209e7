// Test support for true deletion: a project whose documents carry unique marker texts, and a grep of
// the raw bytes of every file that could keep them (the project, its -wal and -shm, its backups).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Codebook } from '../../../../common/contract';
import type { Db } from '../../store/project-db';
import { makeTestCore, type TestCore } from '../../test-support/test-core';

export interface MarkerProject {
  t: TestCore;
  db: () => Db;
  path: string;
  dir: string;
  codebook: Codebook;
  importId: string;
}

/** Kept documents: `Kept document i` with the word keepword; doomed ones (every `doomEvery`th):
 * `SECRETMARK-i` in the text and `METAMARK-i` in a metadata column, with the word plumbusdeleted. */
export function markerCsv(count: number, doomEvery: number, prefix = 'doc'): string {
  const rows = Array.from({ length: count }, (_, k) => {
    const i = k + 1;
    return i % doomEvery === 0
      ? `${prefix}-${i},"Secret SECRETMARK-${prefix}-${i} about plumbusdeleted matters.",METAMARK-${prefix}-${i}`
      : `${prefix}-${i},"Kept document ${prefix} ${i} about keepword matters.",public-${i}`;
  });
  return ['id,text,source', ...rows].join('\n') + '\n';
}

export async function importCsv(t: TestCore, file: string, content: string): Promise<string> {
  writeFileSync(file, content);
  const started = await t.call('import.start', {
    source: { kind: 'path', path: file },
    mapping: { textColumns: ['text'], idColumn: 'id' },
  });
  const done = await t.waitForJob(started.jobId);
  if (done.status !== 'done') throw new Error(`import failed: ${JSON.stringify(done)}`);
  return started.importId;
}

export async function markerProject(dir: string, count = 200, doomEvery = 10): Promise<MarkerProject> {
  const t = makeTestCore(dir);
  const path = join(dir, 'markers.prelabel');
  await t.call('project.create', { name: 'markers', path });
  const importId = await importCsv(t, join(dir, 'docs.csv'), markerCsv(count, doomEvery));
  const codebook = await t.call('codebook.set', {
    questions: [{ name: 'Topic', labels: [{ name: 'yes' }, { name: 'no' }] }],
  });
  return { t, db: () => t.core.context.project!.db, path, dir, codebook, importId };
}

/** A backup beside the project as the backups lane keeps them (`<project>.backups/`). */
export function writeBackup(db: Db, projectPath: string, name = 'backup-1.prelabel'): string {
  const folder = `${projectPath}.backups`;
  mkdirSync(folder, { recursive: true });
  const out = join(folder, name);
  db.prepare('VACUUM INTO ?').run(out);
  return out;
}

/** Every file that holds the project's bytes: the file, its -wal/-shm/-journal, its backups. */
export function projectByteFiles(projectPath: string): string[] {
  const dir = dirname(projectPath);
  const base = basename(projectPath);
  const files = readdirSync(dir)
    .filter((n) => n === base || n.startsWith(`${base}-`))
    .map((n) => join(dir, n));
  const backups = `${projectPath}.backups`;
  if (existsSync(backups)) for (const n of readdirSync(backups)) files.push(join(backups, n));
  return files.filter((f) => statSync(f).isFile());
}

/** Occurrences of `needle` (as UTF-8 bytes) in the raw bytes of the files. */
export function countBytes(files: readonly string[], needle: string): number {
  const pattern = Buffer.from(needle, 'utf8');
  let n = 0;
  for (const f of files) {
    const bytes = readFileSync(f);
    for (let at = bytes.indexOf(pattern); at !== -1; at = bytes.indexOf(pattern, at + 1)) n++;
  }
  return n;
}
