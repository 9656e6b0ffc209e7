// What a caller passes to the model download (model-download.ts), in a file of its own so that the
// per-file transfer (file-transfer.ts) can name it without importing the download that calls it.
import type { DownloadProgress } from './download-progress';
import type { ModelManifest } from './model-manifest';

export interface DownloadModelOptions {
  /** The user agreed to this download: without it nothing is fetched and no socket is opened. */
  consent: true;
  destDir: string;
  /** Default: the manifest of PRELABEL_MODEL_MANIFEST, else the pinned default model. */
  manifest?: ModelManifest;
  /** The hub (default PRELABEL_HUB_URL or https://huggingface.co). */
  baseUrl?: string;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** A proxy URL, null for none, undefined for HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
  proxy?: string | null;
  env?: NodeJS.ProcessEnv;
  /** Give up when no byte arrives for this long (default 30 s). */
  idleTimeoutMs?: number;
  /** Resumes after a broken connection within this call (default 3). */
  retries?: number;
  retryDelayMs?: number;
  /** Extra trusted certificates (tests); a TLS-inspecting firewall uses NODE_EXTRA_CA_CERTS instead. */
  ca?: string | Buffer;
  now?: () => number;
  progressIntervalMs?: number;
}
