// Reads a folder of XNLI files for `model.evaluate`: the XTREME layout (`dev-<lang>.tsv`,
// `test-<lang>.tsv`) or one file without a language in its name (XGLUE's `test.tsv`, whose language
// the caller names). Each line is `premise \t hypothesis \t label`, read with quoting off (XNLI
// texts hold unbalanced quotes); every refusal names the file, and the line where there is one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PrelabelError } from '../../../common/contract';

/** The gold classes of XNLI, in the order of the usual integer ids (HF `xnli`: 0, 1, 2). */
export const XNLI_CLASSES = ['entailment', 'neutral', 'contradiction'] as const;
export type XnliClass = (typeof XNLI_CLASSES)[number];

export interface XnliPair {
  premise: string;
  hypothesis: string;
  gold: XnliClass;
}

export interface XnliSet {
  language: string;
  /** The file's name inside the folder, and its split as its name says (null: not named). */
  file: string;
  split: 'dev' | 'test' | null;
  pairs: XnliPair[];
}

export interface XnliFolder {
  dir: string;
  sets: XnliSet[];
  /** Files passed over, with why (XTREME's test files carry no labels). */
  skipped: Array<{ file: string; reason: string }>;
}

const NAMED = /^(dev|test)-([a-z]{2,3})\.tsv$/;
const UNNAMED = /^(dev|test)\.(tsv|txt)$/;
const MAX_FILE_BYTES = 256 * 1024 * 1024;

function labelOf(raw: string, where: string): XnliClass {
  const v = raw.trim().toLowerCase();
  if (v === 'entailment' || v === 'neutral' || v === 'contradiction') return v;
  if (v === 'contradictory') return 'contradiction';
  if (v === '0' || v === '1' || v === '2') return XNLI_CLASSES[Number(v)]!;
  throw new PrelabelError(
    'BAD_FILE',
    `${where}: the label "${raw}" is not entailment, neutral or contradiction (or 0, 1, 2); is this an XNLI file (premise, hypothesis, label separated by tabs)?`,
  );
}

function readText(path: string): string {
  const size = statSync(path).size;
  if (size > MAX_FILE_BYTES) throw new PrelabelError('BAD_FILE', `${path}: ${size} bytes is too large for an XNLI file.`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch {
    throw new PrelabelError('BAD_FILE', `${path}: not UTF-8 text; XNLI files are UTF-8.`);
  }
}

/** The pairs of one file (the first `limit`), or null when it has no label column. */
export function readXnliFile(path: string, limit = Infinity): XnliPair[] | null {
  const lines = readText(path).split('\n');
  const pairs: XnliPair[] = [];
  for (let i = 0; i < lines.length && pairs.length < limit; i++) {
    const line = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    if (line === '') continue;
    const fields = line.split('\t');
    if (fields.length === 2 && pairs.length === 0) return null;
    if (fields.length !== 3) {
      throw new PrelabelError(
        'BAD_FILE',
        `${path}, line ${i + 1}: ${fields.length} tab-separated fields; an XNLI line holds premise, hypothesis and label.`,
      );
    }
    pairs.push({ premise: fields[0]!, hypothesis: fields[1]!, gold: labelOf(fields[2]!, `${path}, line ${i + 1}`) });
  }
  if (pairs.length === 0) throw new PrelabelError('BAD_FILE', `${path}: no pairs in the file.`);
  return pairs;
}

interface Candidate {
  file: string;
  split: 'dev' | 'test';
  language: string | null;
}

function candidatesIn(dir: string): Candidate[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory())
      throw new PrelabelError('INVALID_INPUT', `${dir} is a file: name the folder that holds the XNLI files.`);
    names = readdirSync(dir);
  } catch (err) {
    if (err instanceof PrelabelError) throw err;
    throw new PrelabelError('NOT_FOUND', `${dir}: no such folder. Name the folder that holds the XNLI files (e.g. dev-de.tsv).`);
  }
  const out: Candidate[] = [];
  for (const file of names.sort()) {
    const named = NAMED.exec(file);
    if (named) out.push({ file, split: named[1] as 'dev' | 'test', language: named[2]! });
    const unnamed = UNNAMED.exec(file);
    if (unnamed) out.push({ file, split: unnamed[1] as 'dev' | 'test', language: null });
  }
  return out;
}

/**
 * The labelled XNLI files of a folder, one per language (the test split where both are labelled:
 * it is the split the model card reports), the first `limit` pairs of each. `languages` keeps only
 * those; a folder whose file does not name its language needs exactly one.
 */
export function readXnliFolder(folder: string, opts: { languages?: readonly string[]; limit?: number } = {}): XnliFolder {
  const dir = resolve(folder);
  const candidates = candidatesIn(dir);
  const named = candidates.filter((c) => c.language !== null);
  const unnamed = candidates.filter((c) => c.language === null);
  if (candidates.length === 0) {
    throw new PrelabelError(
      'NOT_FOUND',
      `${dir} holds no XNLI files: expected dev-<language>.tsv or test-<language>.tsv (XTREME), or a single test.tsv / dev.tsv (XGLUE).`,
    );
  }
  const wanted = opts.languages?.length ? [...new Set(opts.languages)] : null;
  const byLanguage = new Map<string, Candidate[]>();
  if (named.length) {
    for (const c of named) byLanguage.set(c.language!, [...(byLanguage.get(c.language!) ?? []), c]);
  } else {
    if (wanted?.length !== 1) {
      throw new PrelabelError(
        'INVALID_INPUT',
        `${join(dir, unnamed[0]!.file)} does not say its language: name it with --languages (one language, e.g. --languages de).`,
      );
    }
    // test before dev, as below
    byLanguage.set(
      wanted[0]!,
      unnamed.sort((a, b) => b.split.localeCompare(a.split)),
    );
  }
  const missing = (wanted ?? []).filter((l) => !byLanguage.has(l));
  if (missing.length) {
    throw new PrelabelError(
      'NOT_FOUND',
      `${dir} has no XNLI file for ${missing.join(', ')}; it has ${[...byLanguage.keys()].sort().join(', ')}.`,
    );
  }
  const sets: XnliSet[] = [];
  const skipped: XnliFolder['skipped'] = named.length
    ? unnamed.map((c) => ({ file: c.file, reason: 'its name does not say its language (dev-<language>.tsv does)' }))
    : [];
  for (const language of [...byLanguage.keys()].sort()) {
    if (wanted && !wanted.includes(language)) continue;
    // The test split first: it is what the card reports; XTREME's test files have no labels.
    const files = byLanguage.get(language)!.sort((a, b) => b.split.localeCompare(a.split));
    let chosen: XnliSet | null = null;
    for (const c of files) {
      if (chosen) {
        skipped.push({ file: c.file, reason: `${chosen.file} is used for ${language}` });
        continue;
      }
      const pairs = readXnliFile(join(dir, c.file), opts.limit);
      if (pairs) chosen = { language, file: c.file, split: c.split, pairs };
      else skipped.push({ file: c.file, reason: 'no label column (XTREME strips the test labels)' });
    }
    if (chosen) sets.push(chosen);
  }
  if (sets.length === 0) {
    throw new PrelabelError('BAD_FILE', `${dir}: none of its XNLI files has a label column, so there is nothing to score against.`);
  }
  return { dir, sets, skipped };
}
