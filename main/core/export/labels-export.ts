// The labels-only export (issue 15): a file to share the coding without the corpus. One row per
// unit that passes the filter: its id (a unit of a split: its parent's id and position too), the
// human labels and their codes, the final label with its codes and source; no text, no metadata,
// no coders, notes or model columns. Chosen metadata columns may be added, pseudonymised only
// ([Note: pseudonyms] in pseudonym.ts; RecordContext replaces their values). Written like every export ([Note: safe export] in
// export-job.ts): temporary names, renamed into place at the end, the manifest last (export-finish.ts).
import { basename, dirname } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { PrelabelError, type CodebookLabel, type ExportResult } from '../../../common/contract';
import { findQuestion, readCodebook } from '../codebook/codebook-read';
import { isUnit } from '../store/units';
import { hasSegmentUnits, LABEL_SEPARATOR, metaHeader, names, type Cell } from './columns';
import { CsvWriter } from './csv-writer';
import { closeSnapshot, DecisionReader, EXPORT_CHUNK, openSnapshot } from './decisions';
import { EXTENSIONS, exportBaseName, manifestFileName, type RunExportArgs } from './export-job';
import { passes, RecordContext, type ExportRecord } from './export-records';
import { Output } from './export-output';
import { Stats } from './export-stats';
import { cancelled, finishExport } from './export-finish';
import { unitsManifest } from './manifest';
import { ModelReader, NO_MODEL } from './model-labels';
import { assertNotProjectFile } from './project-guard';
import { pseudonymisationManifest } from './pseudonym';

export const LABELS_ONLY_FORMATS = ['csv', 'csv-excel', 'jsonl'] as const;

/** The labels' codes joined like their names; a label without a code is an empty place. */
const codes = (labels: readonly CodebookLabel[]): string | null =>
  labels.some((l) => l.code) ? labels.map((l) => l.code ?? '').join(LABEL_SEPARATOR) : null;

export interface LabelsExportArgs extends Omit<RunExportArgs, 'level' | 'aggregate' | 'nliNegatives' | 'nliLabels' | 'xlsxLimits'> {
  /** Metadata columns written, pseudonymised (none by default). */
  pseudonymise: readonly string[];
}

export function labelsOnlyColumns(segments: boolean, pseudonymised: readonly string[]): string[] {
  return [
    'id',
    ...(segments ? ['parent_id', 'segment'] : []),
    'labels',
    'label_codes',
    'final_label',
    'final_label_codes',
    'final_label_source',
    ...pseudonymised.map(metaHeader),
  ];
}

function cells(r: ExportRecord, segments: boolean, columns: readonly string[], meta: Record<string, string>): Cell[] {
  const human = r.decision?.kind === 'label' ? r.labels : null;
  const final = r.finalSource ? r.final : null;
  return [
    r.externalId,
    ...(segments ? [r.segment?.parentExternalId ?? null, r.segment ? r.segment.index + 1 : null] : []),
    human ? names(human) : null,
    human ? codes(human) : null,
    final ? names(final) : null,
    final ? codes(final) : null,
    r.finalSource,
    ...columns.map((c) => meta[c] ?? null),
  ];
}

export async function runLabelsExport(args: LabelsExportArgs): Promise<ExportResult> {
  if (!(LABELS_ONLY_FORMATS as readonly string[]).includes(args.format))
    throw new PrelabelError('INVALID_INPUT', `A labels-only export is written as CSV, CSV for Excel or JSON Lines, not ${args.format}.`);
  const snapshot = openSnapshot(args.projectPath);
  let output: Output | null = null;
  try {
    const codebook = readCodebook(snapshot);
    const question = findQuestion(codebook, args.questionId);
    if (!question) throw new PrelabelError('NOT_FOUND', 'The question of this export no longer exists in the codebook.');
    const isFolder = args.target.kind === 'folder';
    assertNotProjectFile(args.target.path, args.projectPath, { folder: isFolder });
    output = isFolder
      ? new Output(args.projectPath, args.target.path, null)
      : new Output(args.projectPath, null, dirname(args.target.path));
    const dataName = isFolder
      ? `${exportBaseName(question.name, args.format)}-labels${EXTENSIONS[args.format]}`
      : basename(args.target.path);
    const ctx = new RecordContext(snapshot, question, args.pseudonymise);
    const models = new ModelReader(snapshot, question, args.hash ?? '');
    const reader = new DecisionReader(snapshot, question.id);
    const withMetadata = args.pseudonymise.length > 0;
    const segments = hasSegmentUnits(snapshot);
    const columns = labelsOnlyColumns(segments, args.pseudonymise);
    const total = snapshot
      .prepare(`SELECT count(*) FROM documents d WHERE ${isUnit('d')}`)
      .pluck()
      .get() as number;
    const stats = new Stats();
    const sink = output.open(dataName);
    const csv = args.format === 'jsonl' ? null : new CsvWriter(sink, columns, args.format === 'csv-excel');
    let done = 0;
    // Texts are read only when pseudonymised metadata is wanted (they come in the same rows); never written.
    for await (const { afterId, span, docs } of reader.ranges({ chunkSize: args.chunkSize ?? EXPORT_CHUNK, withText: withMetadata })) {
      if (args.signal.aborted) throw cancelled();
      const model = docs.length > 0 ? models.chunk(afterId, span) : null;
      for (const doc of docs) {
        if (!passes(args.filter, doc, ctx)) continue;
        const r = ctx.record(doc, withMetadata, model?.get(doc.id) ?? NO_MODEL);
        stats.add(r);
        const row = cells(r, segments, args.pseudonymise, r.metadata);
        if (csv) csv.add(row);
        else sink.write(JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, row[i]]))) + '\n');
      }
      done += docs.length;
      args.onProgress({ phase: 'writing', done, total });
      await yieldToEventLoop();
    }
    if (args.signal.aborted) throw cancelled();
    const files = finishExport({
      snapshot,
      output,
      manifestName: isFolder ? 'manifest.json' : manifestFileName(dataName),
      args,
      question,
      currentRevisionId: codebook.revisionId,
      stats,
      ctx,
      downloadable: isFolder,
      manifest: {
        scoreColumns: [],
        split: null,
        nli: null,
        counts: { rows: stats.documents, documents: stats.documents, perLabel: stats.perLabel(question), decisions: stats.kinds },
        columns,
        notes: [
          'Labels only: ids, the human labels and the final label with their codes; no text, no metadata except the pseudonymised columns listed under pseudonymisation.',
        ],
        units: unitsManifest(snapshot, 'unit', null, args.hash ?? null),
        content: 'labels',
        pseudonymisation: pseudonymisationManifest(args.pseudonymise),
      },
    });
    return {
      exportId: args.exportId,
      format: args.format,
      filter: args.filter,
      level: 'unit',
      aggregate: null,
      rows: stats.documents,
      perLabel: stats.perLabel(question),
      files,
      downloadable: isFolder,
      warnings: [],
    };
  } catch (err) {
    output?.discard();
    throw err;
  } finally {
    closeSnapshot(snapshot);
  }
}
