// Helpers for tests that import in a real second process: a large CSV, the project state read
// through a connection of its own, and an import that is killed (SIGKILL) part of the way.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ProjectStore } from '../store/project-store';

export const repoRoot = resolve(__dirname, '../../..');

/** The environment of a child that runs our TypeScript through tsx (VITEST unset, so CLIs run). */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.VITEST;
  return env;
}

/** big.csv with an id and a text column; document i contains "number<i>" and "budget". */
export function bigCsv(dir: string, rows: number): string {
  const file = join(dir, 'big.csv');
  const lines = ['id,text'];
  for (let i = 0; i < rows; i++) lines.push(`${i},document number${i} about the budget and other words`);
  writeFileSync(file, lines.join('\n'));
  return file;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the project holds at least `n` rows of a still-pending import. */
export async function untilPendingRows(path: string, n: number): Promise<void> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    for (let i = 0; i < 6000; i++) {
      const count = db
        .prepare("SELECT count(*) FROM documents WHERE import_id IN (SELECT id FROM imports WHERE status = 'pending')")
        .pluck()
        .get() as number;
      if (count >= n) return;
      await sleep(10);
    }
    throw new Error(`no pending import reached ${n} rows`);
  } finally {
    db.close();
  }
}

/** Rows in the documents table, whatever their import's status. */
export function storedRows(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT count(*) FROM documents').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Creates p.prelabel in `dir` and imports `rows` documents in a child process that kills itself
 * once `dieAt` rows are indexed ('indexing') or read ('reading'). Returns the project's path. */
export async function importAndKill(dir: string, rows: number, dieAt: number, phase: 'reading' | 'indexing' = 'indexing'): Promise<string> {
  const path = join(dir, 'p.prelabel');
  ProjectStore.create(path, 'p').close();
  const csv = bigCsv(dir, rows);
  const script = join(repoRoot, 'main/core/test-support/import-then-die.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, path, csv, String(dieAt), phase], { cwd: repoRoot, env: childEnv() });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, sig) => r(sig)));
  if (signal !== 'SIGKILL') throw new Error(`the importing child was not killed: ${stderr}`);
  return path;
}
