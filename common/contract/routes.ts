// The browser mode's HTTP routes, next to the methods and events they carry: where calls, events,
// uploads and export downloads go, with their parameters and limits. main/server serves exactly
// these and renderer/src/api/http-transport.ts requests exactly these; neither spells a path or a
// limit of its own. (The Electron face needs none: the preload bridge carries calls and events,
// and native dialogs give real paths instead of uploads and downloads.)

/** Every API route starts here; anything else is the built renderer. */
export const API_PREFIX = '/api';

/** POST /api/call/<method>: a JSON body with the method's input, answered with its Result. */
export const callRoute = {
  method: 'POST',
  prefix: `${API_PREFIX}/call/`,
  /** Larger inputs are files: they are uploaded, not sent in a call. */
  maxBodyBytes: 1024 * 1024,
  path: (method: string): string => `${API_PREFIX}/call/${encodeURIComponent(method)}`,
} as const;

/** GET /api/events: server-sent events, one `event: <name>` / `data: <payload JSON>` per event. */
export const eventsRoute = { method: 'GET', path: `${API_PREFIX}/events` } as const;

/** POST /api/upload: the raw body is the file, its name URL-encoded in a header. The answer is a
 * Result of UploadResult; import and codebook calls then name the file by its upload id
 * (`source: {kind: 'upload', uploadId}`). Uploads are kept for a day. */
export const uploadRoute = {
  method: 'POST',
  path: `${API_PREFIX}/upload`,
  fileNameHeader: 'X-File-Name',
  /** The server's default limit (npm run serve); larger files are refused with 413. */
  defaultMaxBytes: 4 * 1024 ** 3,
  maxAgeMs: 24 * 60 * 60 * 1000,
} as const;

export interface UploadResult {
  uploadId: string;
  /** The file's name as stored (made safe for any file system). */
  name: string;
  bytes: number;
}

/** GET (or HEAD) /api/export/<exportId>/<file name>: a file of a finished browser-mode export, by
 * the id in its ExportResult and a name from its files. Exports are kept for a day. */
export const exportDownloadRoute = {
  methods: ['GET', 'HEAD'],
  prefix: `${API_PREFIX}/export/`,
  maxAgeMs: 24 * 60 * 60 * 1000,
} as const;

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether a string has the shape of the ids the server makes for uploads and exports. */
export function isTransferId(value: string): boolean {
  return ID.test(value);
}

/** The route of a file of a finished export. */
export function exportDownloadPath(exportId: string, name: string): string {
  return `${exportDownloadRoute.prefix}${encodeURIComponent(exportId)}/${encodeURIComponent(name)}`;
}

/** The export id and file name of a download path's rest (after the prefix); null when it has
 * not that shape, 'bad-name' when the name is not valid URL encoding. */
export function parseExportDownloadPath(rest: string): { exportId: string; name: string } | null | 'bad-name' {
  const parts = rest.split('/');
  if (parts.length !== 2 || !isTransferId(parts[0]!)) return null;
  try {
    return { exportId: parts[0]!, name: decodeURIComponent(parts[1]!) };
  } catch {
    return 'bad-name';
  }
}
