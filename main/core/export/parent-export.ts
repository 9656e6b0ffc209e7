// Export at parent level: one row per parent document (a split document, or a whole document that
// is its own single unit) with its text and metadata and its units' decisions and pre-labels
// aggregated by the chosen rule ([Note: aggregation rules] in aggregate.ts).
//
// Two passes: the first reads every unit's current decision (the export's DecisionReader) and
// current suggestion (the stored logits under the current model-input hash) in id order and adds
// them to a tally per parent, small counts per label; the second reads the parents in id order
// with their texts and writes one row each.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { PrelabelError, type AggregateRule, type CodebookQuestion, type ExportFilter, type ExportFormat } from '../../../common/contract';
import { pageSuggestions } from '../coding/page-suggestions';
import type { Db } from '../store/project-db';
import { isUnit, TOP_LEVEL_IMPORTS } from '../store/units';
import { aggregate, ParentTally, type Aggregated } from './aggregate';
import { LABEL_SEPARATOR, metaHeader, metadataKeys, type Cell } from './columns';
import { CsvWriter } from './csv-writer';
import { DecisionReader } from './decisions';
import type { Output } from './export-output';
import { CUT_COLUMN, EXCEL_LIMITS, XlsxWriter, type XlsxLimits } from './xlsx-writer';

export const PARENT_FORMATS: readonly ExportFormat[] = ['csv', 'csv-excel', 'jsonl', 'xlsx'];
export const PARENT_FILTERS: readonly ExportFilter[] = ['all', 'coded'];

/** Refuses what a parent-level export cannot write, before its job starts. */
export function checkParentLevel(format: ExportFormat, filter: ExportFilter): void {
  if (!PARENT_FORMATS.includes(format)) {
    throw new PrelabelError(
      'INVALID_INPUT',
      `An export at parent level is written as CSV, CSV for Excel, JSON Lines or XLSX. For the ${format} format, export at unit level.`,
    );
  }
  if (!PARENT_FILTERS.includes(filter)) {
    throw new PrelabelError(
      'INVALID_INPUT',
      `At parent level the filter is "all" or "coded" (parents with at least one decided unit): "${filter}" describes single decisions; export at unit level for it.`,
    );
  }
}

export interface ParentExportArgs {
  snapshot: Db;
  question: CodebookQuestion;
  hash: string;
  rule: AggregateRule;
  filter: ExportFilter;
  format: ExportFormat;
  output: Output;
  dataName: string;
  chunkSize: number;
  signal: AbortSignal;
  cancelled(): Error;
  onProgress(done: number, total: number): void;
  xlsxLimits?: XlsxLimits;
}

export interface ParentExportResult {
  rows: number;
  columns: string[] | null;
  perLabel: Array<{ label: string; count: number }>;
  units: number;
  decidedUnits: number;
  notes: string[];
  warnings: string[];
}

/** Top-level documents: those of committed imports that are not segmentations (each either a whole
 * document, its own unit, or the parent of a split). */
const PARENTS_SQL = `SELECT d.id, d.external_id, d.text, d.metadata FROM documents d
  WHERE d.id > ? AND d.id <= ? AND d.import_id IN (${TOP_LEVEL_IMPORTS}) ORDER BY d.id`;

export async function writeParentLevel(a: ParentExportArgs): Promise<ParentExportResult> {
  const { snapshot, question, rule } = a;
  checkParentLevel(a.format, a.filter);
  const units = snapshot
    .prepare(`SELECT count(*) FROM documents d WHERE ${isUnit('d')}`)
    .pluck()
    .get() as number;
  const parentCount = snapshot
    .prepare(`SELECT count(*) FROM documents d WHERE d.import_id IN (${TOP_LEVEL_IMPORTS})`)
    .pluck()
    .get() as number;
  const total = units + parentCount;
  let done = 0;
  const tallies = new Map<number, ParentTally>();
  let decidedUnits = 0;
  const reader = new DecisionReader(snapshot, question.id);
  for await (const chunk of reader.all({ chunkSize: a.chunkSize, withText: false })) {
    if (a.signal.aborted) throw a.cancelled();
    const suggestions = pageSuggestions(
      snapshot,
      question,
      a.hash,
      chunk.map((d) => d.id),
    );
    for (const doc of chunk) {
      const key = doc.segment?.parentId ?? doc.id;
      let t = tallies.get(key);
      if (!t) tallies.set(key, (t = new ParentTally()));
      const kind = doc.decision?.kind ?? null;
      if (kind === 'label') decidedUnits++;
      t.add({ kind, labelIds: doc.decision?.labelIds ?? [], suggestion: suggestions.get(doc.id) ?? null });
    }
    done += chunk.length;
    a.onProgress(done, total);
    await yieldToEventLoop();
  }

  const names = new Map(question.labels.map((l) => [l.id, l.name]));
  const joined = (ids: readonly string[]) => (ids.length ? ids.map((id) => names.get(id) ?? id).join(LABEL_SEPARATOR) : null);
  const valueLabels = question.labels.filter((l) => !l.archived);
  const valuePrefix = rule === 'share' ? 'suggestion_share' : rule === 'max_score' ? 'max_score' : null;
  const keys = metadataKeys(snapshot);
  // [Note: column names] in columns.ts: metadata as meta_<name>, as at unit level.
  const meta = keys.map((k) => ({ key: k, header: metaHeader(k) }));
  const names_ = [
    'id',
    'text',
    ...meta.map((m) => m.header),
    'units',
    'decided_units',
    'skipped_units',
    'not_codable_units',
    'labels',
    'label_ties',
    ...(rule === 'share' ? valueLabels.map((l) => `share:${l.name}`) : []),
    'scored_units',
    'suggestion',
    'suggestion_ties',
    ...(valuePrefix ? valueLabels.map((l) => `${valuePrefix}:${l.name}`) : []),
  ];
  const cells = (id: string, text: string, metadata: Record<string, string>, t: ParentTally, g: Aggregated): Cell[] => [
    id,
    text,
    ...meta.map((m) => metadata[m.key] ?? null),
    t.units,
    t.decided,
    t.skipped,
    t.notCodable,
    joined(g.labels),
    joined(g.ties),
    ...(rule === 'share' ? valueLabels.map((l) => g.shares.get(l.id) ?? null) : []),
    t.scored,
    joined(g.suggestion),
    joined(g.suggestionTies),
    ...(valuePrefix ? valueLabels.map((l) => g.suggestionValues.get(l.id) ?? null) : []),
  ];
  const json = (id: string, text: string, metadata: Record<string, string>, t: ParentTally, g: Aggregated) => ({
    id,
    text,
    metadata,
    units: t.units,
    decided_units: t.decided,
    skipped_units: t.skipped,
    not_codable_units: t.notCodable,
    labels: g.labels.map((x) => names.get(x) ?? x),
    label_ties: g.ties.map((x) => names.get(x) ?? x),
    ...(rule === 'share' ? { share: Object.fromEntries(valueLabels.map((l) => [l.name, g.shares.get(l.id) ?? null])) } : {}),
    scored_units: t.scored,
    suggestion: g.suggestion.map((x) => names.get(x) ?? x),
    suggestion_ties: g.suggestionTies.map((x) => names.get(x) ?? x),
    ...(valuePrefix ? { [valuePrefix]: Object.fromEntries(valueLabels.map((l) => [l.name, g.suggestionValues.get(l.id) ?? null])) } : {}),
  });

  const sink = a.output.open(a.dataName);
  const limits = a.xlsxLimits ?? EXCEL_LIMITS;
  const csv = a.format === 'csv' || a.format === 'csv-excel' ? new CsvWriter(sink, names_, a.format === 'csv-excel') : null;
  const xlsx = a.format === 'xlsx' ? new XlsxWriter(sink, names_, limits) : null;
  const perLabel = new Map<string, number>();
  let rows = 0;
  const read = snapshot.prepare(PARENTS_SQL);
  const maxId = (snapshot.prepare('SELECT max(id) FROM documents').pluck().get() as number | null) ?? 0;
  for (let after = 0; after < maxId; after += a.chunkSize) {
    if (a.signal.aborted) throw a.cancelled();
    const parents = read.all(after, after + a.chunkSize) as { id: number; external_id: string; text: string; metadata: string }[];
    for (const p of parents) {
      const t = tallies.get(p.id) ?? new ParentTally();
      if (a.filter === 'coded' && t.decided === 0) continue;
      const g = aggregate(t, rule, question);
      for (const id of g.labels) perLabel.set(id, (perLabel.get(id) ?? 0) + 1);
      const metadata = JSON.parse(p.metadata) as Record<string, string>;
      if (csv) csv.add(cells(p.external_id, p.text, metadata, t, g));
      else if (xlsx) await xlsx.add(cells(p.external_id, p.text, metadata, t, g));
      else sink.write(JSON.stringify(json(p.external_id, p.text, metadata, t, g)) + '\n');
      rows++;
    }
    await xlsx?.drain();
    done += parents.length;
    a.onProgress(done, total);
    await yieldToEventLoop();
  }
  const notes: string[] = [];
  const warnings: string[] = [];
  if (xlsx) {
    await xlsx.finish();
    if (xlsx.sheetCount > 1)
      notes.push(`More rows than one Excel sheet holds: the rows continue on ${xlsx.sheetCount} sheets, each with the header row.`);
    if (xlsx.cutCells > 0) {
      const w = `${xlsx.cutCells} cell${xlsx.cutCells === 1 ? ' was' : 's were'} longer than Excel's limit of ${limits.maxCellChars} characters and cut; the ${CUT_COLUMN} column names them. CSV and JSON Lines keep the whole text.`;
      warnings.push(w);
      notes.push(w);
    }
  }
  return {
    rows,
    columns: a.format === 'jsonl' ? null : xlsx ? [...names_, CUT_COLUMN] : names_,
    perLabel: question.labels
      .filter((l) => !l.archived || perLabel.has(l.id))
      .map((l) => ({ label: l.name, count: perLabel.get(l.id) ?? 0 })),
    units,
    decidedUnits,
    notes,
    warnings,
  };
}
