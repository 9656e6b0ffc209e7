// Where the shared labelled corpora live. Tests that need them fail loudly when they are missing.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DATA_DIR = process.env.PRELABEL_DATA_DIR ?? resolve(__dirname, '../../../../shared/data');

export function corpusFile(...parts: string[]): string {
  const path = join(DATA_DIR, ...parts);
  if (!existsSync(path)) {
    throw new Error(`Corpus file missing: ${path}. Set PRELABEL_DATA_DIR to the shared data folder (it holds INDEX.md).`);
  }
  return path;
}
