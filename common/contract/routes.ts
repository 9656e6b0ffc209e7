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
  /** The file's name as stored (made safe for any file system); a folder's name for a folder. */
  name: string;
  bytes: number;
  /** A folder upload: how many files it holds. */
  files?: number;
}

/** POST /api/upload-folder: a folder of text files as one upload, the browser's stand-in for a
 * folder path (a directory picker or a dropped folder). The body is the manifest, JSON of
 * FolderManifest, followed by the files' bytes one after another in the manifest's order; the
 * header gives the manifest's length in bytes. The answer is a Result of UploadResult, and the
 * upload id names the folder as an import source, read as the 'folder' format.
 * [Note: folder upload framing] One plain body instead of multipart: the browser sends it with
 * progress like a file upload, and the server checks every path and size in the manifest before
 * it writes a byte, so a refused folder leaves nothing behind. */
export const folderUploadRoute = {
  method: 'POST',
  path: `${API_PREFIX}/upload-folder`,
  manifestBytesHeader: 'X-Folder-Manifest-Bytes',
  maxManifestBytes: 4 * 1024 * 1024,
  maxFiles: 20_000,
  /** As the folder import reads them: one document a file, none over 64 MiB. */
  maxFileBytes: 64 * 1024 * 1024,
  /** The folder format imports .txt files; other files are left out by the page and refused here. */
  extension: '.txt',
} as const;

export interface FolderManifest {
  /** The folder's name, shown as the import's source. */
  name: string;
  /** Paths relative to the folder, with `/` between folders. */
  files: { path: string; bytes: number }[];
}

/** Why a file of a folder upload is refused, or null: a path must stay inside the folder (no `..`,
 * no absolute path, no drive, no backslash) and name a .txt file that is not hidden. */
export function folderPathProblem(path: string): string | null {
  if (path === '' || path.length > 1024) return `"${path.slice(0, 100)}" is not a usable file path.`;
  if (/[\u0000-\u001f\u007f]/.test(path)) return `"${path}" holds a control character.`;
  if (path.startsWith('/') || /^[a-z]:/i.test(path)) return `"${path}" is an absolute path; only paths inside the folder can be uploaded.`;
  if (path.includes('\\')) return `"${path}" holds a backslash; folders are separated by /.`;
  const parts = path.split('/');
  if (parts.some((p) => p === '..')) return `"${path}" leads out of the folder (..).`;
  if (parts.some((p) => p === '' || p === '.')) return `"${path}" has an empty folder name.`;
  if (parts.some((p) => p.startsWith('.'))) return `"${path}" is a hidden file or folder.`;
  if (!path.toLowerCase().endsWith(folderUploadRoute.extension)) return `"${path}" is not a text file (.txt).`;
  return null;
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
