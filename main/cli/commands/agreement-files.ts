// The reliability data of `prelabel agreement` written to files (--matrix, --long): the files'
// text is common/agreement-csv.ts, the same the Agreement screen downloads.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { labelWithBar } from '../../../common/agreement-csv';
import { PrelabelError, type AgreementResult } from '../../../common/contract';

/** Refuses a label name with | in a label-set question (it could not be read back) and a missing folder. */
export function writeTable(path: string, csv: string, r: AgreementResult, flag: string): string {
  const target = resolve(path);
  const bad = labelWithBar(r);
  if (bad)
    throw new PrelabelError(
      'INVALID_INPUT',
      `The label "${bad}" holds a |, which joins the labels of a set in --${flag}; rename it first.`,
    );
  const parent = dirname(target);
  if (!existsSync(parent) || !statSync(parent).isDirectory())
    throw new PrelabelError('NOT_FOUND', `--${flag}: the folder ${parent} does not exist.`);
  if (existsSync(target) && statSync(target).isDirectory())
    throw new PrelabelError('ALREADY_EXISTS', `--${flag}: ${target} is a folder, not a file.`);
  // Readable by the owner only: it holds document text ([Note: owner-only files]).
  writeFileSync(target, csv, { encoding: 'utf8', mode: 0o600 });
  return target;
}
