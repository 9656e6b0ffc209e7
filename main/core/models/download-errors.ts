// Why a model download stopped, as a reason a UI can branch on and a sentence a person can act on.
import { PrelabelError, type ErrorCode } from '../../../common/contract';

export type DownloadFailure =
  | 'no-consent'
  | 'offline'
  | 'proxy'
  | 'not-found'
  | 'unauthorized'
  | 'timeout'
  | 'interrupted'
  | 'http'
  | 'redirect'
  | 'insecure'
  | 'checksum'
  | 'size'
  | 'unverifiable'
  | 'revision-mismatch'
  | 'disk'
  | 'busy'
  | 'cancelled';

// The contract has no network error code yet; INTERNAL is the closest for "the network failed".
// One table, so adding a NETWORK code to common/contract/errors.ts is a one-line change here.
const CODES: Record<DownloadFailure, ErrorCode> = {
  'no-consent': 'FORBIDDEN',
  offline: 'INTERNAL',
  proxy: 'INTERNAL',
  'not-found': 'NOT_FOUND',
  unauthorized: 'FORBIDDEN',
  timeout: 'INTERNAL',
  interrupted: 'INTERNAL',
  http: 'INTERNAL',
  redirect: 'INTERNAL',
  insecure: 'FORBIDDEN',
  checksum: 'BAD_FILE',
  size: 'BAD_FILE',
  unverifiable: 'BAD_FILE',
  'revision-mismatch': 'BAD_FILE',
  disk: 'INTERNAL',
  busy: 'BUSY',
  cancelled: 'CANCELLED',
};

export class ModelDownloadError extends PrelabelError {
  constructor(
    readonly reason: DownloadFailure,
    message: string,
    /** The file being fetched, where there was one. */
    readonly file?: string,
  ) {
    super(CODES[reason], message);
    this.name = 'ModelDownloadError';
  }
}

export const OFFLINE_ALTERNATIVE =
  "You can instead copy the model folder from a machine with internet and choose it with 'Add a model folder'.";

/** Error codes that mean "no route to the host at all", as opposed to a broken transfer. */
const OFFLINE_CODES = new Set([
  'ENOTFOUND',
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EAI_FAIL',
  'EAI_NODATA',
]);
// UND_ERR_*: undici's names for a connection closed early (hub-request.ts).
const BROKEN_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

export function isOfflineError(err: unknown): boolean {
  return OFFLINE_CODES.has((err as NodeJS.ErrnoException | undefined)?.code ?? '');
}

export function isBrokenTransfer(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException | undefined;
  return BROKEN_CODES.has(e?.code ?? '') || e?.message === 'aborted' || e?.message === 'socket hang up';
}

export function offlineError(host: string, file: string): ModelDownloadError {
  return new ModelDownloadError(
    'offline',
    `You seem to be offline: ${host} cannot be reached, so ${file} was not downloaded. ${OFFLINE_ALTERNATIVE}`,
    file,
  );
}

export function cancelledError(file?: string): ModelDownloadError {
  return new ModelDownloadError(
    'cancelled',
    'The model download was cancelled. What was already downloaded is kept; start it again to resume.',
    file,
  );
}
