// The model registry's part of the contract: models found on this machine, adding and removing a
// folder, and the consented download of the default model (a job of kind 'download'). (The active
// model is chosen with model.select.)
import { nonEmpty, uuid, z } from './zod';

export interface ModelEntry {
  id: string;
  path: string;
  /** Downloaded by Prelabel, bundled with the installer, or a folder the user added. */
  source: 'downloaded' | 'bundled' | 'added';
  sizeBytes: number;
  /** An added folder that is gone (moved, or on a disk that is not connected). */
  missing: boolean;
  /** Files every model folder needs that are not there, e.g. ['onnx/model.onnx']. */
  missingFiles: string[];
  /** The folder is there with every file a model needs (a download: finished and verified). An
   * unfinished download is never an entry: its bytes are the offer's resumeBytes. */
  complete: boolean;
  /** The model pre-labels use now. */
  active: boolean;
  /** What the model card says, for models Prelabel knows. */
  card: ModelCard | null;
}

export interface ModelCard {
  name: string;
  languages: string;
  /** Reported XNLI test accuracy per language code, and the average. */
  xnliAccuracy: Record<string, number>;
  notes: string;
}

export interface DownloadOffer {
  repo: string;
  revision: string;
  totalBytes: number;
  host: string;
  /** Where it would go. */
  destDir: string;
  /** Bytes an earlier, unfinished download of it left, which this one continues from. */
  resumeBytes: number;
}

/** A model folder as it is on disk (the CLI's `models list`): what the Models screen's entries are
 * made of, with whether a download's record file is there. */
export interface ModelFolder {
  id: string;
  path: string;
  source: ModelEntry['source'];
  /** prelabel-model.json is there: a download that finished and was verified. */
  hasRecord: boolean;
  sizeBytes: number;
  missingFiles: string[];
  missing: boolean;
}

/** A download into the models folder that has not finished: not a model; a later download of the
 * same model continues from its bytes. */
export interface UnfinishedDownload {
  id: string;
  /** The model folder it will become. */
  path: string;
  /** Bytes kept so far. */
  bytes: number;
}

export interface ModelFolders {
  /** The app data folder whose models these are (--data-dir, PRELABEL_HOME or the OS's). */
  dataDir: string;
  models: ModelFolder[];
  unfinishedDownloads: UnfinishedDownload[];
}

/** A finished, verified download: its record (prelabel-model.json) and the folder it is in. */
export interface DownloadedModel {
  format: 1;
  id: string;
  repo: string;
  revision: string;
  source: string;
  downloadedAt: string;
  files: { path: string; size: number; sha256: string; hashSource: 'manifest' | 'server' }[];
  dir: string;
}

export const modelsAddInput = z.object({ path: nonEmpty }).strict();
/** Removes a model from the list: an added folder is forgotten (its files stay where they are); a
 * downloaded copy in the app data folder is deleted. The bundled model cannot be removed. When it
 * was the active model, another usable one becomes active, or none. */
export const modelsRemoveInput = z.object({ path: nonEmpty }).strict();
/** Where a download goes: absent, the models folder of the app data folder. A face that lets no
 * caller choose where the core writes (the browser mode) refuses a folder. */
const downloadDir = nonEmpty.max(4096).optional();
export const modelsDownloadOfferInput = z.object({ dir: downloadDir }).strict();
export const modelsDownloadInput = z
  .object({
    /** The user agreed to download from the internet: the only way the app touches the network. */
    consent: z.literal(true),
    jobId: uuid,
    dir: downloadDir,
    /** A proxy URL for this download; absent: HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
    proxy: nonEmpty.max(2048).optional(),
    /** Make the downloaded model the active one (the app); the CLI only downloads. */
    activate: z.boolean().default(true),
  })
  .strict();
