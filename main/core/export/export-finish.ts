// The end every export shares ([Note: safe export] in export-job.ts): the data files closed, the
// manifest written last from what was read (with each data file's size and SHA-256), every file
// renamed into place, and the files as the export's result lists them.
import { basename } from 'node:path';
import { PrelabelError, type CodebookQuestion, type ExportFile, type ExportFilter, type ExportFormat } from '../../../common/contract';
import { readMeta, type Db } from '../store/project-db';
import type { Output } from './export-output';
import type { RecordContext } from './export-records';
import type { Stats } from './export-stats';
import { buildManifest, runsProvenance, severalCodersManifest, type ManifestInput, type ManifestValidation } from './manifest';

export const cancelled = () => new PrelabelError('CANCELLED', 'The export was cancelled; no file was written.');

/** The manifest's fields every export fills the same way, from the snapshot, its arguments and the records read. */
type SharedManifestFields =
  | 'appVersion'
  | 'project'
  | 'createdAt'
  | 'format'
  | 'filter'
  | 'question'
  | 'currentRevisionId'
  | 'decisionRevisions'
  | 'runs'
  | 'provenance'
  | 'modelInputHash'
  | 'validation'
  | 'severalCoders'
  | 'files';

export interface FinishExport {
  snapshot: Db;
  output: Output;
  /** manifest.json in a folder, `<data file>.manifest.json` beside a single file ([Note: manifest name]). */
  manifestName: string;
  /** What the export was asked for, as the manifest names it. */
  args: {
    appVersion: string;
    format: ExportFormat;
    filter: ExportFilter;
    hash?: string;
    validation?: ManifestValidation;
    signal: AbortSignal;
  };
  question: CodebookQuestion;
  currentRevisionId: string | null;
  /** The counts of the records written and the context that read them (its runs). */
  stats: Stats;
  ctx: RecordContext;
  /** True when the files are downloaded (the browser mode's folder): the result gives no paths. */
  downloadable: boolean;
  /** The fields in which one kind of export differs from another. */
  manifest: Omit<ManifestInput, SharedManifestFields>;
}

/** Closes the data files, writes the manifest, moves everything into place; the files, manifest last. */
export function finishExport(f: FinishExport): ExportFile[] {
  const { snapshot, output, question, stats, args } = f;
  const written = output.sinks.map((s) => ({ name: basename(s.finalPath), ...s.close() }));
  const meta = readMeta(snapshot);
  const manifest = buildManifest({
    ...f.manifest,
    appVersion: args.appVersion,
    project: { id: meta.id ?? '', name: meta.name ?? '' },
    createdAt: new Date().toISOString(),
    format: args.format,
    filter: args.filter,
    question,
    currentRevisionId: f.currentRevisionId,
    decisionRevisions: stats.revisions,
    runs: [...stats.runs].map(([id, decisions]) => ({ run: f.ctx.runs.get(id)!, decisions })),
    provenance: runsProvenance(snapshot, question, args.hash ?? '', [...stats.runs.keys(), ...stats.modelRuns]),
    modelInputHash: args.hash || null,
    validation: args.validation ?? null,
    severalCoders: severalCodersManifest(snapshot, question.id),
    files: written.map((w) => ({ name: w.name, bytes: w.bytes, sha256: w.sha256 })),
  });
  const manifestSink = output.open(f.manifestName);
  manifestSink.write(JSON.stringify(manifest, null, 2) + '\n');
  const manifestFile = { name: f.manifestName, ...manifestSink.close() };
  if (args.signal.aborted) throw cancelled();
  output.commit();
  return [...written, manifestFile].map((w) => ({
    name: w.name,
    path: f.downloadable ? null : output.finalPath(w.name),
    bytes: w.bytes,
    sha256: w.sha256,
  }));
}
