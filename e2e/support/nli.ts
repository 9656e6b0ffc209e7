// Test material for the NLI screens: the generated tiny model (through the project's own script,
// so the e2e suite does not reach into main/ internals), a broken copy of it, and a CSV of real
// AG News texts with their topic as the gold label.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { corpusFile } from '../fixtures';
import { parseCsv } from './csv';

const repoRoot = resolve(__dirname, '../..');
const TOPICS: Record<string, string> = { '1': 'World', '2': 'Sports', '3': 'Business', '4': 'Sci/Tech' };

/** Writes the tiny model (2 layers, hidden 32) into `dir` with `npm run make-model`'s script. */
export function makeTinyModel(dir: string): string {
  execFileSync(join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/model/make-model.ts', '--size', 'tiny', '--out', dir], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
  return dir;
}

/** A copy of a model folder whose config.json names no entailment class. */
export function modelWithoutEntailment(modelDir: string, target: string): string {
  cpSync(modelDir, target, { recursive: true });
  const path = join(target, 'config.json');
  const config = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  config.label2id = { LABEL_0: 0, LABEL_1: 1, LABEL_2: 2 };
  config.id2label = { 0: 'LABEL_0', 1: 'LABEL_1', 2: 'LABEL_2' };
  writeFileSync(path, JSON.stringify(config));
  return target;
}

export interface NewsRow {
  topic: string;
  title: string;
  description: string;
}

/** The first `count` AG News test rows as a CSV with a header (topic, title, description). */
export function writeNewsCsv(path: string, count: number): NewsRow[] {
  const rows = parseCsv(readFileSync(corpusFile('ag_news/test.csv'), 'utf8'))
    .slice(0, count)
    .map(([cls, title, description]) => ({ topic: TOPICS[cls!]!, title: title!, description: description! }));
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(
    path,
    ['topic,title,description', ...rows.map((r) => [r.topic, r.title, r.description].map(quote).join(','))].join('\n') + '\n',
  );
  return rows;
}
