// One export from start to end: a snapshot of the project, the rows that pass the filter written
// in the chosen format, the manifest, and the files moved into place only when all is written.
//
// [Note: safe export] Every file is written under a temporary name in its target folder (an
// export into a folder, e.g. `hf` or any browser-mode export, into a temporary folder beside the
// target) and renamed into place at the very end, data first and the manifest last. A failure or
// a cancel removes what was written, so no half-written file is ever left under a final name. The
// project is read through its own read-only connection (see openSnapshot), so an export cannot
// change it.
//
// The target is checked against the open project by project-guard.ts when the job is asked for
// (checkTarget), when it starts and again just before the rename (a symlink may change meanwhile).
//
// [Note: manifest name] A single-file export's manifest is named after the whole file name,
// `<file name>.manifest.json` beside it (all.csv -> all.csv.manifest.json), so that two exports into
// one folder, even of one base name in two formats, never overwrite each other's manifest; the same
// file exported again replaces its manifest with it. A folder export (`hf`, and every browser-mode
// export) holds `manifest.json`.
// Over 300 lines on purpose: runExport is one sequence (snapshot, rows, split, manifest, rename) whose
// cleanup on failure or cancel must see every step; the writers, the training formats
// (training-export.ts), the counts (export-stats.ts), the manifest and the rename (export-finish.ts),
// output and guard are in their own files.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  PrelabelError,
  type AggregateRule,
  type ExportFilter,
  type ExportFormat,
  type ExportLevel,
  type ExportResult,
  type NliLabels,
  type NliNegatives,
} from '../../../common/contract';
import { findQuestion, readCodebook } from '../codebook/codebook-read';
import { firstRowMetadataKeys, hasSegmentUnits, jsonRecord, metadataKeys, tableCells, tableColumns } from './columns';
import { CsvWriter } from './csv-writer';
import { closeSnapshot, DecisionReader, EXPORT_CHUNK, openSnapshot, type DocumentWithDecision } from './decisions';
import { passes, RecordContext, type ExportRecord } from './export-records';
import { Output } from './export-output';
import { removeDeadTemporaries } from './file-sink';
import { importsManifest } from './import-provenance';
import { unitsManifest, type ManifestValidation } from './manifest';
import { cancelled, finishExport } from './export-finish';
import { pseudonymisationManifest } from './pseudonym';
import { manifestThresholds } from '../thresholds/manifest-thresholds';
import { manifestCalibration } from '../calibration/manifest-calibration';
import { ModelReader, NO_MODEL } from './model-labels';
import { modelNotes, Stats } from './export-stats';
import { writeParentLevel, type ParentExportResult } from './parent-export';
import { isUnit } from '../store/units';
import { assertNotProjectFile } from './project-guard';
import { ParquetTableWriter } from './parquet-writer';
import { writeTrainingData, type TrainingResult } from './training-export';
import { CUT_COLUMN, EXCEL_LIMITS, XlsxWriter, type XlsxLimits } from './xlsx-writer';

export const EXTENSIONS: Record<ExportFormat, string> = {
  csv: '.csv',
  'csv-excel': '.csv',
  jsonl: '.jsonl',
  xlsx: '.xlsx',
  hf: '',
  nli: '.jsonl',
  parquet: '.parquet',
};

export interface ExportProgress {
  phase: 'reading' | 'writing';
  done: number;
  total: number;
}

export interface RunExportArgs {
  projectPath: string;
  exportId: string;
  questionId: string;
  format: ExportFormat;
  filter: ExportFilter;
  seed: number;
  testFraction: number;
  /** NLI pairs: balanced or all not_entailment pairs, text or 0/1 labels (defaults: balanced, text). */
  nliNegatives?: NliNegatives;
  nliLabels?: NliLabels;
  /** `file`: the file (for hf: the folder) the user chose. `folder`: a folder of its own that must
   * not exist yet (the browser mode's exports/<id>), holding every file of the export. */
  target: { kind: 'file'; path: string } | { kind: 'folder'; path: string };
  appVersion: string;
  signal: AbortSignal;
  onProgress(p: ExportProgress): void;
  xlsxLimits?: XlsxLimits;
  chunkSize?: number;
  /** 'parent': one row per parent document, the units' results combined by `aggregate`
   * (parent-export.ts); default 'unit'. */
  level?: ExportLevel;
  aggregate?: AggregateRule;
  /** The question's current model-input hash: whose predictions are current (the model columns, and
   * what a parent-level export aggregates); '' when there is none. */
  hash?: string;
  /** The question's validation numbers for the manifest (manifest-validation.ts), computed by the
   * caller on the core's connection; absent: the manifest says none were computed. */
  validation?: ManifestValidation;
  /** Metadata columns written as pseudonyms ([Note: pseudonyms] in pseudonym.ts); unit level. */
  pseudonymise?: readonly string[];
}

/** A file name from a question name: letters of every script kept, path characters removed. */
export function exportBaseName(questionName: string, format: ExportFormat): string {
  const safe = questionName
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 100);
  return `${safe || 'export'}${format === 'nli' ? '-nli' : ''}`;
}

/** [Note: manifest name] The manifest beside a single-file export. */
export function manifestFileName(dataName: string): string {
  return `${dataName}.manifest.json`;
}

/** Checks a target before a job starts, so that a wrong path is refused at once. */
export function checkTarget(format: ExportFormat, path: string, projectPath: string): void {
  assertNotProjectFile(path, projectPath, { folder: format === 'hf' });
  const parent = dirname(path);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) {
    throw new PrelabelError('NOT_FOUND', `The folder ${parent} does not exist. Create it first or choose another place for the export.`);
  }
  if (!existsSync(path)) return;
  const isDir = statSync(path).isDirectory();
  if (format === 'hf') {
    if (!isDir)
      throw new PrelabelError(
        'ALREADY_EXISTS',
        `${basename(path)} is a file; a Hugging Face export is a folder. Choose a new folder name.`,
      );
    if (readdirSync(path).length > 0)
      throw new PrelabelError('ALREADY_EXISTS', `The folder ${path} is not empty. Choose a new folder name for the dataset.`);
  } else if (isDir) {
    throw new PrelabelError('ALREADY_EXISTS', `${path} is a folder. Give the name of the file to write.`);
  }
}

export async function runExport(args: RunExportArgs): Promise<ExportResult> {
  const snapshot = openSnapshot(args.projectPath);
  let output: Output | null = null;
  try {
    const codebook = readCodebook(snapshot);
    const question = findQuestion(codebook, args.questionId);
    if (!question) throw new PrelabelError('NOT_FOUND', 'The question of this export no longer exists in the codebook.');
    const isFolder = args.target.kind === 'folder' || args.format === 'hf';
    assertNotProjectFile(args.target.path, args.projectPath, { folder: isFolder });
    // Files left by exports killed midway (see [Note: temporary files carry their owner]).
    removeDeadTemporaries(dirname(args.target.path));
    const newOutput = () =>
      isFolder ? new Output(args.projectPath, args.target.path, null) : new Output(args.projectPath, null, dirname(args.target.path));
    output = newOutput();
    const dataName =
      args.target.kind === 'file' && !isFolder
        ? basename(args.target.path)
        : `${exportBaseName(question.name, args.format)}${EXTENSIONS[args.format]}`;
    const ctx = new RecordContext(snapshot, question, args.pseudonymise);
    const total = snapshot
      .prepare(`SELECT count(*) FROM documents d WHERE ${isUnit('d')}`)
      .pluck()
      .get() as number;
    const reader = new DecisionReader(snapshot, question.id);
    const models = new ModelReader(snapshot, question, args.hash ?? '');
    let stats = new Stats();
    const chunkSize = args.chunkSize ?? EXPORT_CHUNK;
    const passCount = args.format === 'hf' ? 2 : 1;
    let done = 0;

    /** Reads every chunk, hands the passing records over, reports progress, stops on cancel. A pass
     * with texts carries the model's side of each unit (the tables and JSON Lines write it). */
    const pass = async (
      withText: boolean,
      take: (doc: DocumentWithDecision) => boolean,
      each: (r: ExportRecord) => void | Promise<void>,
      between?: () => Promise<void>,
    ) => {
      for await (const { afterId, span, docs: chunk } of reader.ranges({ chunkSize, withText })) {
        if (args.signal.aborted) throw cancelled();
        const model = withText && chunk.length > 0 ? models.chunk(afterId, span) : null;
        for (const doc of chunk) {
          if (!passes(args.filter, doc, ctx) || !take(doc)) continue;
          await each(ctx.record(doc, withText, model?.get(doc.id) ?? NO_MODEL));
        }
        await between?.();
        done += chunk.length;
        args.onProgress({ phase: withText ? 'writing' : 'reading', done, total: total * passCount });
        await yieldToEventLoop();
      }
      if (args.signal.aborted) throw cancelled();
    };
    const notes: string[] = [];
    let columns: string[] | null = null;
    let training: TrainingResult | null = null;
    let rows = 0;
    const warnings: string[] = [];
    const level = args.level ?? 'unit';
    let parentLevel: ParentExportResult | null = null;

    if (level === 'parent') {
      parentLevel = await writeParentLevel({
        snapshot,
        question,
        hash: args.hash ?? '',
        rule: args.aggregate ?? 'any',
        filter: args.filter,
        format: args.format,
        output,
        dataName,
        chunkSize,
        signal: args.signal,
        cancelled,
        onProgress: (done, total) => args.onProgress({ phase: 'writing', done, total }),
        ...(args.xlsxLimits ? { xlsxLimits: args.xlsxLimits } : {}),
      });
      ({ rows, columns } = parentLevel);
      notes.push(...parentLevel.notes);
      warnings.push(...parentLevel.warnings);
    } else if (args.format === 'csv' || args.format === 'csv-excel' || args.format === 'xlsx' || args.format === 'parquet') {
      const table = async (keys: string[]) => {
        const cols = tableColumns(keys, hasSegmentUnits(snapshot), models.labels);
        const known = new Set(keys);
        // Metadata objects are shared between records with the same stored JSON (RecordContext):
        // each is checked once.
        const checked = new Set<Record<string, string>>();
        const sink = output!.open(dataName);
        const take = (r: ExportRecord) => {
          if (!checked.has(r.metadata)) {
            for (const k in r.metadata) if (!known.has(k)) throw new UnseenMetadataKey();
            if (checked.size < 10_000) checked.add(r.metadata);
          }
          stats.add(r);
          return tableCells(r, cols);
        };
        if (args.format === 'parquet') {
          const parquet = new ParquetTableWriter(sink, cols.names);
          await pass(
            true,
            () => true,
            (r) => parquet.add(take(r)),
          );
          parquet.finish();
          if (parquet.badTimestamps > 0)
            warnings.push(
              `${parquet.badTimestamps} decided_at value${parquet.badTimestamps === 1 ? ' was' : 's were'} not a date and left empty.`,
            );
          return cols.names;
        }
        if (args.format !== 'xlsx') {
          const csv = new CsvWriter(sink, cols.names, args.format === 'csv-excel');
          await pass(
            true,
            () => true,
            (r) => csv.add(take(r)),
          );
          return cols.names;
        }
        const xlsx = new XlsxWriter(sink, cols.names, args.xlsxLimits ?? EXCEL_LIMITS);
        await pass(
          true,
          () => true,
          (r) => xlsx.add(take(r)),
          () => xlsx.drain(),
        );
        await xlsx.finish();
        if (xlsx.sheetCount > 1)
          notes.push(`More rows than one Excel sheet holds: the rows continue on ${xlsx.sheetCount} sheets, each with the header row.`);
        if (xlsx.cutCells > 0) {
          const w = `${xlsx.cutCells} cell${xlsx.cutCells === 1 ? ' was' : 's were'} longer than Excel's limit of ${(args.xlsxLimits ?? EXCEL_LIMITS).maxCellChars} characters and cut; the ${CUT_COLUMN} column names them. CSV and JSON Lines keep the whole text.`;
          warnings.push(w);
          notes.push(w);
        }
        return [...cols.names, CUT_COLUMN];
      };
      try {
        columns = await table(firstRowMetadataKeys(snapshot));
      } catch (err) {
        if (!(err instanceof UnseenMetadataKey)) throw err;
        // Documents differ in their metadata keys (e.g. a JSON import): start again with all of them.
        output.discard();
        output = newOutput();
        stats = new Stats();
        done = 0;
        columns = await table(metadataKeys(snapshot));
      }
      rows = stats.documents;
    } else if (args.format === 'jsonl') {
      const sink = output.open(dataName);
      await pass(
        true,
        () => true,
        (r) => {
          stats.add(r);
          sink.write(JSON.stringify(jsonRecord(r, models.labels)) + '\n');
        },
      );
      rows = stats.documents;
    } else {
      training = await writeTrainingData({
        format: args.format,
        question,
        filter: args.filter,
        seed: args.seed,
        testFraction: args.testFraction,
        nliNegatives: args.nliNegatives ?? 'balanced',
        nliLabels: args.nliLabels ?? 'text',
        output,
        dataName,
        pass: (withText, take, each) => pass(withText, take, each),
        count: (r) => stats.add(r),
      });
      rows = training.rows;
      notes.push(...training.notes);
    }
    if (level === 'unit' && args.format !== 'hf' && args.format !== 'nli') notes.push(...modelNotes(models));

    const files = finishExport({
      snapshot,
      output,
      manifestName: isFolder ? 'manifest.json' : manifestFileName(dataName),
      args,
      question,
      currentRevisionId: codebook.revisionId,
      stats,
      ctx,
      downloadable: args.target.kind === 'folder',
      manifest: {
        scoreColumns: level === 'unit' && args.format !== 'hf' && args.format !== 'nli' ? models.labels.map((l) => l.name) : [],
        thresholds: manifestThresholds(snapshot, question, args.hash ?? ''),
        calibration: manifestCalibration(snapshot, question, args.hash ?? ''),
        split: training?.split ?? null,
        nli: training?.nli ?? null,
        counts: parentLevel
          ? {
              rows,
              documents: rows,
              perLabel: parentLevel.perLabel,
              decisions: stats.kinds,
              units: parentLevel.units,
              decidedUnits: parentLevel.decidedUnits,
            }
          : {
              rows,
              documents: stats.documents,
              perLabel: stats.perLabel(question),
              decisions: stats.kinds,
              ...(args.format !== 'hf' && args.format !== 'nli' ? { model: stats.model } : {}),
            },
        columns,
        notes,
        units: unitsManifest(snapshot, level, level === 'parent' ? (args.aggregate ?? 'any') : null, args.hash ?? null),
        imports: importsManifest(snapshot),
        ...(args.pseudonymise?.length ? { pseudonymisation: pseudonymisationManifest(args.pseudonymise) } : {}),
      },
    });
    return {
      exportId: args.exportId,
      format: args.format,
      filter: args.filter,
      level,
      aggregate: level === 'parent' ? (args.aggregate ?? 'any') : null,
      rows,
      perLabel: parentLevel?.perLabel ?? stats.perLabel(question),
      files,
      downloadable: args.target.kind === 'folder',
      warnings,
    };
  } catch (err) {
    output?.discard();
    throw err;
  } finally {
    closeSnapshot(snapshot);
  }
}

class UnseenMetadataKey extends Error {}
