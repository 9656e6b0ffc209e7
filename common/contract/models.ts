// The model registry's part of the contract: models found on this machine, adding and removing a
// folder, and the consented download of the default model. (The active model is chosen with
// model.select.)
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

export interface ModelDownloadProgress {
  jobId: string;
  phase: 'downloading' | 'verifying' | 'done';
  file: string;
  bytes: number;
  total: number;
  bytesPerSecond: number | null;
  etaSeconds: number | null;
}

export interface ModelDownloadDone {
  jobId: string;
  status: 'done' | 'cancelled' | 'failed';
  /** The folder, once verified (and made the active model). */
  path?: string;
  error?: { code: string; message: string; reason?: string };
}

export const modelsAddInput = z.object({ path: nonEmpty }).strict();
/** Removes a model from the list: an added folder is forgotten (its files stay where they are); a
 * downloaded copy in the app data folder is deleted. The bundled model cannot be removed. When it
 * was the active model, another usable one becomes active, or none. */
export const modelsRemoveInput = z.object({ path: nonEmpty }).strict();
export const modelsDownloadInput = z
  .object({
    /** The user agreed to download from the internet: the only way the app touches the network. */
    consent: z.literal(true),
    jobId: uuid,
  })
  .strict();
