// The browser-mode transport: contract calls over fetch, events over one shared EventSource, and
// file uploads with progress, on the routes of common/contract/routes.ts. Runs in the browser; the
// session cookie does the authentication.
import {
  callRoute,
  eventNames,
  eventsRoute,
  folderUploadRoute,
  uploadRoute,
  type ApiError,
  type FolderManifest,
  type Result,
  type UploadResult,
} from '../../../common/contract';
import { ApiCallError } from './api-client';
import type { PickedFolder } from './folder-files';
import type { Transport } from './transport';

const UNREACHABLE: ApiError = {
  code: 'INTERNAL',
  message: 'The Prelabel server is not reachable. Is npm run serve still running?',
};
const NO_SESSION = 'This browser has no Prelabel session: open the link printed by npm run serve.';

type Listener = (event: string, payload: unknown) => void;

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return 'value' in r;
  return r.ok === false && typeof r.error?.code === 'string' && typeof r.error.message === 'string';
}

function forbidden(body: unknown): ApiError {
  return { code: 'FORBIDDEN', message: isResult(body) && !body.ok ? body.error.message : NO_SESSION };
}

export function createHttpTransport(baseUrl = ''): Transport {
  const listeners = new Set<Listener>();
  let source: EventSource | null = null;

  // One stream for the whole page, opened on the first subscriber: browsers allow only a few
  // connections per host over HTTP/1.1, and each EventSource holds one open.
  const openSource = () => {
    const es = new EventSource(`${baseUrl}${eventsRoute.path}`);
    for (const name of eventNames) {
      es.addEventListener(name, (e) => {
        let payload: unknown;
        try {
          payload = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return;
        }
        for (const l of [...listeners]) l(name, payload);
      });
    }
    return es;
  };

  return {
    face: 'browser',

    async call(method, input) {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${callRoute.path(method)}`, {
          method: callRoute.method,
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return { ok: false, error: UNREACHABLE };
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        body = undefined;
      }
      if (response.status === 401) return { ok: false, error: forbidden(body) };
      // The server answers every call, refusals included, with a Result; anything else came
      // from something in between (a proxy, a server that has gone).
      return isResult(body) ? body : { ok: false, error: UNREACHABLE };
    },

    subscribe(listener) {
      listeners.add(listener);
      source ??= openSource();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
  };
}

function cancelled(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('The upload was cancelled.', 'AbortError');
}

export type UploadedFile = UploadResult;

export interface UploadOptions {
  signal?: AbortSignal;
  baseUrl?: string;
}

/**
 * Sends a file to the server, which keeps it under the returned upload id for import calls.
 * Rejects with ApiCallError (code and message from the server where it answered), or with the
 * signal's AbortError when cancelled.
 */
export function uploadFile(
  file: File,
  onProgress?: (sent: number, total: number) => void,
  options: UploadOptions = {},
): Promise<UploadedFile> {
  return send(uploadRoute, { [uploadRoute.fileNameHeader]: encodeURIComponent(file.name) }, file, onProgress, options);
}

/**
 * Sends the .txt files of a folder as one upload (folderUploadRoute): the manifest of paths and
 * sizes, then the files' bytes in its order. The server keeps the folder under the returned id,
 * which import calls name like a file's. Rejects as uploadFile does.
 */
export function uploadFolder(
  folder: PickedFolder,
  onProgress?: (sent: number, total: number) => void,
  options: UploadOptions = {},
): Promise<UploadedFile> {
  const manifest: FolderManifest = { name: folder.name, files: folder.files.map((f) => ({ path: f.path, bytes: f.file.size })) };
  const head = new TextEncoder().encode(JSON.stringify(manifest));
  const body = new Blob([head, ...folder.files.map((f) => f.file)]);
  return send(folderUploadRoute, { [folderUploadRoute.manifestBytesHeader]: String(head.byteLength) }, body, onProgress, options);
}

/** XMLHttpRequest, not fetch: fetch reports no upload progress, and big files take a while. */
function send(
  route: { method: string; path: string },
  headers: Record<string, string>,
  body: Blob,
  onProgress: ((sent: number, total: number) => void) | undefined,
  options: UploadOptions,
): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const { signal, baseUrl = '' } = options;
    if (signal?.aborted) return reject(cancelled(signal));
    const xhr = new XMLHttpRequest();
    xhr.open(route.method, `${baseUrl}${route.path}`);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.responseType = 'text';
    if (onProgress) {
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : body.size);
    }
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);

    xhr.onload = () => {
      settle();
      let reply: unknown;
      try {
        reply = JSON.parse(xhr.responseText);
      } catch {
        reply = undefined;
      }
      if (xhr.status === 401) return reject(new ApiCallError(forbidden(reply)));
      if (!isResult(reply)) return reject(new ApiCallError(UNREACHABLE));
      if (!reply.ok) return reject(new ApiCallError(reply.error));
      resolve(reply.value as UploadedFile);
    };
    xhr.onerror = () => {
      settle();
      reject(new ApiCallError(UNREACHABLE));
    };
    xhr.onabort = () => {
      settle();
      reject(cancelled(signal));
    };
    xhr.send(body);
  });
}
