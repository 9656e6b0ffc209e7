// The reliability data of an AgreementResult as files another program can recompute from: what
// `prelabel agreement --matrix/--long` writes and what the Agreement screen downloads (made in the
// page from the result's table it holds, so no call and no server file), one code for both: the
// units x coders matrix (document_id, one column per coder; a label name, a label set joined
// with |, empty where the coder gave no value) and the long format (document_id, coder, label; one row
// per value). RFC 4180, UTF-8, CRLF (e2e/agreement.spec.ts compares the screen's files with the CLI's).
// R: m <- read.csv(file, na.strings = ""), then irr::kripp.alpha(t(as.matrix(m[-1])));
// Python: krippendorff.alpha on the matrix's codes, or nltk's AnnotationTask on the long rows.
import type { AgreementResult } from './contract';

export type AgreementFileKind = 'matrix' | 'long';

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const line = (cells: readonly string[]) => cells.map(field).join(',') + '\r\n';
const text = (v: string | string[] | null) => (v === null ? '' : Array.isArray(v) ? v.join('|') : v);

export function agreementMatrixCsv(r: AgreementResult): string {
  const { documents, coders, values } = r.table;
  return line(['document_id', ...coders]) + documents.map((d, u) => line([d.externalId, ...values[u]!.map(text)])).join('');
}

export function agreementLongCsv(r: AgreementResult): string {
  const { documents, coders, values } = r.table;
  const rows = documents.flatMap((d, u) =>
    coders.flatMap((c, k) => (values[u]![k] === null ? [] : [line([d.externalId, c, text(values[u]![k]!)])])),
  );
  return line(['document_id', 'coder', 'label']) + rows.join('');
}

/** The file's name: agreement-<question>-matrix.csv, without characters a file system refuses. */
export function agreementFileName(questionName: string, kind: AgreementFileKind): string {
  const base = questionName.replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ').trim() || 'question';
  return `agreement-${base}-${kind}.csv`;
}

/** A label of a label-set question that holds | (it could not be read back from the files), or null. */
export function labelWithBar(r: AgreementResult): string | null {
  return r.question.multiLabel ? (r.report.labels.find((l) => l.includes('|')) ?? null) : null;
}

/** The file's text, or a one-line error when a label set could not be read back (a label holding |). */
export function agreementFile(r: AgreementResult, kind: AgreementFileKind): { name: string; text: string } | { error: string } {
  const bad = labelWithBar(r);
  if (bad) return { error: `The label "${bad}" holds a |, which joins the labels of a set in the file; rename it first.` };
  return {
    name: agreementFileName(r.question.name, kind),
    text: kind === 'matrix' ? agreementMatrixCsv(r) : agreementLongCsv(r),
  };
}
