// The model registry's part of the contract: models found on this machine, adding a folder, and
// the consented download of the default model.
import { nonEmpty, uuid, z } from './zod';

export interface ModelEntry {
  id: string;
  path: string;
  /** Downloaded by Prelabel, bundled with the installer, or a folder the user added. */
  source: 'downloaded' | 'bundled' | 'added';
  sizeBytes: number;
  /** An unfinished download's bytes on disk (a later download resumes them). */
  partialBytes: number;
  /** An added folder that is gone (moved, or on a disk that is not connected). */
  missing: boolean;
  /** False for a download that has not finished and been verified: it cannot be used yet. */
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
export const modelsDownloadInput = z
  .object({
    /** The user agreed to download from the internet: the only way the app touches the network. */
    consent: z.literal(true),
    jobId: uuid,
  })
  .strict();
