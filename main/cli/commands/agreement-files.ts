// The reliability data of `prelabel agreement` as files another program can recompute from:
// --matrix, the units x coders matrix (document_id, one column per coder; a label name, a label set
// joined with |, empty where the coder gave no value), and --long, one row per value
// (document_id, coder, label). RFC 4180 CSV, UTF-8, CRLF. R: m <- read.csv(file, na.strings = ""),
// then irr::kripp.alpha(t(as.matrix(m[-1])));
// Python: krippendorff.alpha on the matrix's codes, or nltk's AnnotationTask on the long rows.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrelabelError, type AgreementResult } from '../../../common/contract';

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const line = (cells: readonly string[]) => cells.map(field).join(',') + '\r\n';
const text = (v: string | string[] | null) => (v === null ? '' : Array.isArray(v) ? v.join('|') : v);

export function matrixCsv(r: AgreementResult): string {
  const { documents, coders, values } = r.table;
  return line(['document_id', ...coders]) + documents.map((d, u) => line([d.externalId, ...values[u]!.map(text)])).join('');
}

export function longCsv(r: AgreementResult): string {
  const { documents, coders, values } = r.table;
  const rows = documents.flatMap((d, u) =>
    coders.flatMap((c, k) => (values[u]![k] === null ? [] : [line([d.externalId, c, text(values[u]![k]!)])])),
  );
  return line(['document_id', 'coder', 'label']) + rows.join('');
}

/** Refuses a label name with | in a label-set question (it could not be read back) and a missing folder. */
export function writeTable(path: string, csv: string, r: AgreementResult, flag: string): string {
  const target = resolve(path);
  if (r.question.multiLabel) {
    const bad = r.report.labels.find((l) => l.includes('|'));
    if (bad)
      throw new PrelabelError(
        'INVALID_INPUT',
        `The label "${bad}" holds a |, which joins the labels of a set in --${flag}; rename it first.`,
      );
  }
  const parent = dirname(target);
  if (!existsSync(parent) || !statSync(parent).isDirectory())
    throw new PrelabelError('NOT_FOUND', `--${flag}: the folder ${parent} does not exist.`);
  if (existsSync(target) && statSync(target).isDirectory())
    throw new PrelabelError('ALREADY_EXISTS', `--${flag}: ${target} is a folder, not a file.`);
  writeFileSync(target, csv, 'utf8');
  return target;
}
