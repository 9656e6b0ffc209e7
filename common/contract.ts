// The one contract between the faces and the core: every method with its input schema and result
// type; the events (contract/event-schemas.ts) and jobs (contract/jobs.ts) the core pushes; the HTTP
// routes of the browser mode's uploads and downloads (contract/routes.ts). Pure TypeScript: no
// node:, DOM or electron imports. Schemas and types live in contract/<domain>.ts; this file
// assembles the methods.
import { adjudicationListInput, disagreementsCsvInput, type AdjudicationPage, type DisagreementsCsv } from './contract/adjudication';
import { agreementRunInput, type AgreementResult } from './contract/agreement';
import {
  trainingCreateInput,
  trainingResultInput,
  trainingRoundsInput,
  type TrainingResult,
  type TrainingRound,
} from './contract/training';
import { codebookCsvImportInput, codebookInput, type Codebook } from './contract/codebook';
import {
  browseInput,
  codingSettingsInput,
  decideInput,
  goldValuesInput,
  labelByNameInput,
  labelsFromGoldInput,
  queueInput,
  sampleCreateInput,
  sampleSizeInput,
  undoInput,
  type BrowsePage,
  type Coder,
  type CodingProgress,
  type CodingSettings,
  type Decision,
  type GoldValuesOfQuestion,
  type LabelsFromGold,
  type QueuePage,
  type SampleInfo,
  type SampleSizePlan,
  type UndoResult,
} from './contract/coding';
import { backupRestoreInput, backupSettingsInput, type BackupInfo, type BackupList, type BackupRestored } from './contract/backups';
import { describeInvalidInput, type Result } from './contract/errors';
import { mergeInput, packageInput, type CoderProgress, type MergeReport, type PackageWritten } from './contract/merge';
import { exportCountInput, exportStartInput, type ExportCount, type ExportStarted } from './contract/export';
import { evaluationRunInput, reportWriteInput, type EvaluationResult, type ReportWritten } from './contract/evaluation';
import type { EventName, Events } from './contract/event-schemas';
import type { RunningJob } from './contract/jobs';
import {
  importAnalysisInput,
  importPreviewInput,
  importStartInput,
  type ImportAnalysis,
  type ImportPreview,
  type ImportStarted,
} from './contract/imports';
import {
  modelEvaluateInput,
  modelSelectInput,
  playgroundInput,
  precisionSetInput,
  prelabelStartInput,
  providerSetInput,
  runRef,
  type ExecutionProvider,
  type ModelEvaluation,
  type ModelInfo,
  type NliResult,
  type PrecisionResult,
  type PrecisionState,
  type PrelabelStatus,
  type RunInfo,
} from './contract/prelabel';
import {
  modelsAddInput,
  modelsDownloadInput,
  modelsDownloadOfferInput,
  modelsRemoveInput,
  type DownloadOffer,
  type ModelEntry,
  type ModelFolders,
} from './contract/models';
import {
  documentQuery,
  type AppInfo,
  type DocumentPage,
  type DocumentRow,
  type FileChoice,
  type ProjectInfo,
  type ProjectStats,
  type RecentProject,
  type SearchIndexState,
} from './contract/projects';
import {
  segmentsCreateInput,
  segmentsPreviewInput,
  segmentsRemoveInput,
  type Segmentation,
  type SegmentsPreview,
  type SegmentsRemoved,
  type SegmentsStarted,
} from './contract/segments';
import {
  deletionInput,
  deletionPlanInput,
  projectDeletionInput,
  projectDeletionPlanInput,
  type DeletionPlan,
  type DeletionResult,
  type ProjectDeletionPlan,
  type ProjectDeletionResult,
} from './contract/privacy';
import { nonEmpty, returns, uuid, z } from './contract/zod';
import {
  shardMergeInput,
  shardScoreInput,
  shardWriteInput,
  type ShardScored,
  type ShardSetWritten,
  type ShardsMerged,
} from './contract/shards';
import { tuningKeepInput, tuningSuggestInput, tuningTryInput, type TuningStarted, type TuningSuggestions } from './contract/tuning';
import { thresholdsGetInput, thresholdsTuneInput, uncertainBandInput, type ThresholdsResult } from './contract/thresholds';
import { labelQualityInput, type LabelQualityResult } from './contract/label-quality';
import type { ModelThreads } from './contract/threads';
import {
  calibrationEvaluateInput,
  calibrationSetInput,
  calibrationStatusInput,
  type CalibrationStarted,
  type CalibrationStatus,
} from './contract/calibration';

export * from './contract/adjudication';
export * from './contract/agreement';
export * from './contract/backups';
export * from './contract/training';
export * from './contract/thresholds';
export * from './contract/label-quality';
export * from './contract/calibration';
export * from './contract/codebook';
export * from './contract/coding';
export * from './contract/errors';
export * from './contract/evaluation';
export * from './contract/event-schemas';
export * from './contract/export';
export * from './contract/imports';
export * from './contract/jobs';
export * from './contract/merge';
export * from './contract/models';
export * from './contract/prelabel';
export * from './contract/privacy';
export * from './contract/projects';
export * from './contract/routes';
export * from './contract/segments';
export * from './contract/shards';
export * from './contract/tuning';
export * from './contract/threads';
export * from './contract/zod';

const none = z.object({}).strict();

export const methods = {
  'app.info': { input: none, output: returns<AppInfo>() },

  'projects.recent': { input: none, output: returns<RecentProject[]>() },
  'projects.forget': { input: z.object({ path: nonEmpty }).strict(), output: returns<RecentProject[]>() },

  /** Creates a project file. Without a path it goes into the projects folder, named after the project. */
  'project.create': {
    input: z.object({ name: nonEmpty.max(200), path: nonEmpty.optional() }).strict(),
    output: returns<ProjectInfo>(),
  },
  'project.open': { input: z.object({ path: nonEmpty }).strict(), output: returns<ProjectInfo>() },
  'project.close': { input: none, output: returns<null>() },
  'project.current': { input: none, output: returns<ProjectInfo | null>() },
  'project.stats': { input: none, output: returns<ProjectStats>() },
  /** Whether search finds every document yet; an unfinished index is (re)started in the background. */
  'project.searchState': { input: none, output: returns<SearchIndexState>() },

  'import.preview': { input: importPreviewInput, output: returns<ImportPreview>() },
  /** Reads the whole file with the mapping and lists the problem rows, writing nothing: a job of
   * kind 'analyze' whose caller picks the id, so it can follow `job:progress` and cancel with
   * `job.cancel`; the call answers with the analysis. */
  'import.analyze': { input: importAnalysisInput, output: returns<ImportAnalysis>() },
  /** Starts an import job (kind 'import'); progress arrives as `job:progress`, the end as `job:done`. */
  'import.start': { input: importStartInput, output: returns<ImportStarted>() },

  /** Stops a job (not a pre-label run: prelabel.pause / prelabel.cancel); answers when it stopped. */
  'job.cancel': { input: z.object({ jobId: uuid }).strict(), output: returns<{ cancelled: boolean }>() },
  /** The jobs running now (the CLI waits for an index job before it exits). */
  'job.list': { input: none, output: returns<RunningJob[]>() },

  'documents.list': { input: documentQuery.strict(), output: returns<DocumentPage>() },
  /** One document with its whole text. */
  'documents.get': { input: z.object({ id: z.number().int().positive() }).strict(), output: returns<DocumentRow>() },

  'codebook.get': { input: none, output: returns<Codebook>() },
  /** Replaces the codebook: questions and labels are matched by id (else by name); labels with
   * decisions are archived, never deleted. Each change is a new codebook revision. */
  'codebook.set': { input: codebookInput, output: returns<Codebook>() },
  /** Adds the labels of a code, name, description CSV (e.g. the Manifesto codebook) to a question. */
  'codebook.importCsv': { input: codebookCsvImportInput, output: returns<Codebook>() },
  /** The project's distinct gold values with their counts, each with the question's label it means. */
  'codebook.goldValues': { input: goldValuesInput, output: returns<GoldValuesOfQuestion>() },
  /** Adds a label for every gold value that names none of the question's labels, or makes a new
   * question with them, leaving out the values asked (one revision). */
  'codebook.labelsFromGold': { input: labelsFromGoldInput, output: returns<LabelsFromGold>() },

  /** Coders who have made decisions in this project (a coder is created by their first decision). */
  'coders.list': { input: none, output: returns<Coder[]>() },
  /** The next documents of a coding queue, with their suggestions and current decisions. */
  'annotate.queue': { input: queueInput, output: returns<QueuePage>() },
  /** Records a decision (committed before the answer), stamped with the codebook revision. */
  'annotate.decide': { input: decideInput, output: returns<Decision>() },
  /** Undoes the coder's latest decision on the question that is not undone yet (append-only: an undo row). */
  'annotate.undo': { input: undoInput, output: returns<UndoResult>() },
  'annotate.progress': { input: z.object({ questionId: uuid }).strict(), output: returns<CodingProgress>() },
  /** A decision by names (the CLI's `prelabel label`): document by its external id, labels by name. */
  'annotate.labelByName': { input: labelByNameInput, output: returns<Decision>() },
  /** One page of the Browse table: filters, sort and keyset pagination over every document's current state. */
  'browse.page': { input: browseInput, output: returns<BrowsePage>() },
  /** The project's coding settings: whether gold labels show while coding (training). */
  'annotate.settings': { input: none, output: returns<CodingSettings>() },
  'annotate.setSettings': { input: codingSettingsInput, output: returns<CodingSettings>() },
  /** The validation sample size for a wanted precision, over the project's coding units. */
  'samples.size': { input: sampleSizeInput, output: returns<SampleSizePlan>() },
  /** Draws a seeded random sample of coding units (optionally stratified by a metadata column) for a
   * question: its own Annotate queue, coded blind (queue source 'sample'). */
  'samples.create': { input: sampleCreateInput, output: returns<SampleInfo>() },
  /** The validation samples (of one question), newest first, with how far their coding got. */
  'samples.list': { input: z.object({ questionId: uuid.optional() }).strict(), output: returns<SampleInfo[]>() },
  /** Metadata columns of the coding units (for a stratified sample), with their number of values. */
  'samples.columns': { input: none, output: returns<Array<{ name: string; values: number }>>() },

  /** The open project's backups (newest first), their folder and the project's backup settings. */
  'backups.list': { input: none, output: returns<BackupList>() },
  /** Makes a backup of the open project now (SQLite online backup), kept within the project's number. */
  'backups.create': { input: none, output: returns<BackupInfo>() },
  /** Restores a backup over the open project: the backup is checked in full first, the project as it
   * is kept as a backup (reason 'restore'), the file replaced by a rename and the project reopened. */
  'backups.restore': { input: backupRestoreInput, output: returns<BackupRestored>() },
  /** Changes the project's backup settings (automatic backups, how many kept, the period on open). */
  'backups.settings': { input: backupSettingsInput, output: returns<BackupList>() },

  /** Starts an export job (kind 'export': training data with a manifest); progress as
   * `job:progress`, the end as `job:done` with the written files; cancel with job.cancel (nothing is
   * left behind). */
  'export.start': { input: exportStartInput, output: returns<ExportStarted>() },
  /** The rows an export with these choices would write now (the Export screen shows it before Export). */
  'export.count': { input: exportCountInput, output: returns<ExportCount>() },

  /** How good a question's current pre-labels are: against every coded document, the gold labels or a
   * blind validation sample; with intervals, the breakdown by a metadata column, the corpus share of
   * each label (naive, human-only, prediction-powered) and anchoring. What the validation screen
   * shows and `prelabel evaluate --json` prints. */
  'evaluation.run': { input: evaluationRunInput, output: returns<EvaluationResult>() },
  /** Writes the methods report of evaluation.run's result as one self-contained HTML file (to the path
   * given, or in the browser mode into a folder the server serves for download). */
  'report.write': { input: reportWriteInput, output: returns<ReportWritten>() },
  /** Agreement between the coders of a question (each coder's current decision; on a reliability
   * sample's documents only when one is named; the model's current pre-labels as one more coder when
   * asked): alpha with its interval, kappas, AC1, percent agreement, the coder matrix, the table. */
  'agreement.run': { input: agreementRunInput, output: returns<AgreementResult>() },
  /** Draws a coder training round: a seeded sample of kind 'training' of documents with a master label
   * (the gold labels or an expert coder's decisions), the master's labels stored with it. */
  'training.create': { input: trainingCreateInput, output: returns<TrainingRound>() },
  /** A question's training rounds, the newest first, each with every coder's agreement with the master. */
  'training.rounds': { input: trainingRoundsInput, output: returns<TrainingRound[]>() },
  /** One trainee's result on a round: overall and per-label agreement with the master and the documents
   * where they differed, with both labels' codebook definitions. */
  'training.result': { input: trainingResultInput, output: returns<TrainingResult>() },

  /** Writes a coder package: a project file with the codebook and the chosen documents, without the
   * other coders' decisions (and, blind, without suggestions), to code offline and merge back; in the
   * browser mode into a folder the server serves for download. */
  'project.package': { input: packageInput, output: returns<PackageWritten>() },
  /** Merges coders' copies into the open project: documents by external id and text hash, codebook
   * by ids and revision, coders by name, decisions by id (nothing overwritten; twice changes nothing). */
  'project.merge': { input: mergeInput, output: returns<MergeReport>() },
  /** Each coder's own progress per question (from each coder's current decisions). */
  'coders.progress': { input: none, output: returns<CoderProgress[]>() },
  /** The documents where the coders' current decisions disagree, most disagreement first, with every
   * coder's decision, the suggestion and gold where allowed, the adjudication, and the counts. */
  'adjudication.list': { input: adjudicationListInput, output: returns<AdjudicationPage>() },
  /** The disagreements as one CSV for a coding meeting (text, each coder's label and note, the
   * suggestion, the adjudicated label). */
  'adjudication.csv': { input: disagreementsCsvInput, output: returns<DisagreementsCsv>() },

  /** Splits documents into units (paragraphs, sentences, windows of sentences): a job of kind
   * 'segment'; the units replace their parents as coding units when it commits, all at once.
   * Refused when a document to split has decisions. */
  'segments.create': { input: segmentsCreateInput, output: returns<SegmentsStarted>() },
  /** The project's segmentations. */
  'segments.list': { input: none, output: returns<Segmentation[]>() },
  /** Undoes segmentations: their units are deleted and the parents are coding units again.
   * Refused when a unit has a current decision. */
  'segments.remove': { input: segmentsRemoveInput, output: returns<SegmentsRemoved>() },
  /** How documents (or a given text) would be split, writing nothing. */
  'segments.preview': { input: segmentsPreviewInput, output: returns<SegmentsPreview>() },

  /** What deleting documents (by id, a search's matches, an import) or a coder's decisions would
   * remove, counted now ([Note: true deletion]). */
  'privacy.plan': { input: deletionPlanInput, output: returns<DeletionPlan>() },
  /** Deletes them for good: dependent rows removed or recomputed, the search index merged, VACUUM,
   * the WAL truncated, every backup removed; refused when the counts differ from those confirmed. */
  'privacy.delete': { input: deletionInput, output: returns<DeletionResult>() },
  /** What deleting a whole project file would remove (its name, counts and files). */
  'privacy.projectPlan': { input: projectDeletionPlanInput, output: returns<ProjectDeletionPlan>() },
  /** Deletes a project file with its -wal, -shm, import locks and backups (closed first if open),
   * once `confirmName` is the project's name. */
  'privacy.deleteProject': { input: projectDeletionInput, output: returns<ProjectDeletionResult>() },

  /** The NLI model used for pre-labels: a folder in the hub layout, validated on selection. */
  'model.select': { input: modelSelectInput, output: returns<ModelInfo>() },
  'model.current': { input: none, output: returns<ModelInfo | null>() },
  /** The active model's thread choice on this machine: stored or not, when, under what load, the timings. */
  'model.threads': { input: none, output: returns<ModelThreads>() },
  /** Measures the active model's threads again now (refused while a run, check or evaluation holds the model). */
  'model.measureThreads': { input: none, output: returns<ModelThreads>() },
  /** Forgets the active model's stored thread choice on this machine: its next use measures again. */
  'model.forgetThreads': { input: none, output: returns<ModelThreads>() },
  /** Where this core's inference runs from the next model load on (the CLI's --provider); CUDA is
   * refused, with how to get it, where onnxruntime-node's CUDA provider is not installed. */
  'model.setProvider': { input: providerSetInput, output: returns<{ provider: ExecutionProvider }>() },
  /** Scores XNLI files with the active model (3-way NLI, classes by config.json's label2id) and
   * answers with the accuracy per language beside the model card's (the CLI's `evaluate-model`): a
   * job of kind 'evaluate-model' (progress as `job:progress`, cancel with job.cancel). */
  'model.evaluate': { input: modelEvaluateInput, output: returns<ModelEvaluation>() },
  /** Hypothesis "try it": variants of a question's template or hypotheses scored on the documents
   * with a truth only, as a job of kind 'tuning' whose job:done carries the TuningResult (each
   * variant's macro-F1 and per-label F1 beside the current wording's); stored predictions untouched. */
  'tuning.try': { input: tuningTryInput, output: returns<TuningStarted>() },
  /** Keeps a variant: it becomes a new codebook revision (old predictions become stale as after any edit). */
  'tuning.keep': { input: tuningKeepInput, output: returns<Codebook>() },
  /** Variants to try, from the label's name and description and the documents' main language. */
  'tuning.suggest': { input: tuningSuggestInput, output: returns<TuningSuggestions>() },
  /** A question's thresholds: multi-label, each label's precision-recall curve on the coded documents
   * (validation samples left out) with the threshold a rule picks and the thresholds in use;
   * single-label, the uncertain band's counts and accuracies. Nothing is stored. */
  'thresholds.get': { input: thresholdsGetInput, output: returns<ThresholdsResult>() },
  /** Tunes and stores a multi-label question's thresholds under the current model input (or clears them). */
  'thresholds.tune': { input: thresholdsTuneInput, output: returns<ThresholdsResult>() },
  /** Sets (or turns off, null) a single-label question's uncertain band. */
  'thresholds.setBand': { input: uncertainBandInput, output: returns<ThresholdsResult>() },
  /** Coded documents whose labels look wrong: near-identical texts coded differently. */
  'labelQuality.check': { input: labelQualityInput, output: returns<LabelQualityResult>() },
  /** The calibrated classifier's cross-validated benefit against raw zero-shot: a job of kind
   * 'calibration' whose job:done carries the CalibrationEvaluation (also kept for calibration.status). */
  'calibration.evaluate': { input: calibrationEvaluateInput, output: returns<CalibrationStarted>() },
  /** On: fits the calibrated classifier on every training decision and makes suggestions from it; off: raw scores again. */
  'calibration.set': { input: calibrationSetInput, output: returns<CalibrationStatus>() },
  /** Whether suggestions are calibrated, on how many decisions, stale or not, and the last evaluation. */
  'calibration.status': { input: calibrationStatusInput, output: returns<CalibrationStatus>() },

  /** Models on this machine: downloaded, bundled with the app, or folders the user added. */
  'models.list': { input: none, output: returns<ModelEntry[]>() },
  /** Records a model folder (validated like model.select) and makes it the active model. */
  'models.add': { input: modelsAddInput, output: returns<ModelEntry[]>() },
  /** The model folders as they are on disk, with unfinished downloads (the CLI's `models list`). */
  'models.folders': { input: none, output: returns<ModelFolders>() },
  /** Records a model folder after checking that its files are there, without loading it or making
   * it active (the CLI's `models add`); `added` is false when it was recorded already. */
  'models.addFolder': { input: modelsAddInput, output: returns<{ path: string; added: boolean }>() },
  /** Forgets an added folder (its files stay) or deletes a downloaded copy; never the bundled model. */
  'models.remove': { input: modelsRemoveInput, output: returns<ModelEntry[]>() },
  /** What a download of the default model would fetch, for the consent question. No network use. */
  'models.downloadOffer': { input: modelsDownloadOfferInput, output: returns<DownloadOffer>() },
  /** Downloads the default model after the user agreed: a job of kind 'download' (progress as
   * `job:progress`, the end as `job:done`); cancel with job.cancel (the partial files stay for a
   * resume). */
  'models.download': { input: modelsDownloadInput, output: returns<{ jobId: string }>() },

  /** Starts (or resumes) pre-labelling a question: a job of kind 'prelabel' whose id is the run's
   * (progress as `job:progress`, the end of this session of the run as `job:done`). */
  'prelabel.start': { input: prelabelStartInput, output: returns<RunInfo>() },
  'prelabel.pause': { input: runRef, output: returns<RunInfo>() },
  'prelabel.resume': { input: runRef, output: returns<RunInfo>() },
  'prelabel.cancel': { input: runRef, output: returns<RunInfo>() },
  'prelabel.status': { input: z.object({ questionId: uuid }).strict(), output: returns<PrelabelStatus>() },
  /** The open project's model precision (fp32, or int8 after an accepted agreement check). */
  'prelabel.precision': { input: none, output: returns<PrecisionState>() },
  /** Switches the project's precision; int8 first checks top-label agreement with fp32 on a sample
   * of the project's documents (a job of kind 'precision') and is refused below the threshold. */
  'prelabel.setPrecision': { input: precisionSetInput, output: returns<PrecisionResult>() },
  /** Cuts what a question still needs scored into shard files for a cluster, with run.sbatch and a
   * README (docs/CLUSTER.md); the open project is only read. */
  'prelabel.shard': { input: shardWriteInput, output: returns<ShardSetWritten>() },
  /** Scores one shard file (no project needed) and writes its result beside it; resumes a stopped try. */
  'prelabel.scoreShard': { input: shardScoreInput, output: returns<ShardScored>() },
  /** Merges a folder of scored shards into the open project as one run, or names the failed shards. */
  'prelabel.mergeShards': { input: shardMergeInput, output: returns<ShardsMerged>() },
  /** The model card's playground: one premise and one hypothesis, the three class probabilities. */
  'nli.playground': { input: playgroundInput, output: returns<NliResult>() },

  /** Native dialogs: only the Electron face implements these (the browser uploads and downloads). */
  'dialog.openFile': {
    /** `importFolder`: a folder of .txt files, read as the 'folder' format. */
    input: z.object({ purpose: z.enum(['import', 'importFolder', 'project', 'model']) }).strict(),
    output: returns<FileChoice | null>(),
  },
  'dialog.saveFile': {
    input: z.object({ purpose: z.enum(['project', 'export']), defaultName: z.string().max(255) }).strict(),
    output: returns<FileChoice | null>(),
  },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = Methods[M]['output'];

/** Methods that the face (Electron main) answers itself; the core never sees them. */
export const shellMethods = ['dialog.openFile', 'dialog.saveFile'] as const satisfies readonly MethodName[];
export type ShellMethodName = (typeof shellMethods)[number];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

/** Validates a call's input against the contract; the one check every boundary runs. */
export function parseInput<M extends MethodName>(method: M, input: unknown): Result<ParsedInput<M>> {
  const parsed = methods[method].input.safeParse(input ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as ParsedInput<M> };
  return { ok: false, error: { code: 'INVALID_INPUT', message: describeInvalidInput(method, parsed.error.issues) } };
}

/** The typed API every face offers the renderer. */
export interface PrelabelApi {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}
