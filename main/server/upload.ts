// File uploads, the browser's stand-in for a file path (common/contract/routes.ts: uploadRoute):
// streamed to disk under a fresh upload id that import calls name; the core finds the file itself
// (main/core/imports/import-source.ts).
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isTransferId, uploadRoute, type UploadResult } from '../../common/contract';
import { sendError, sendJson } from './responses';
import { logSafe } from '../../common/log-safe';

export const DEFAULT_MAX_UPLOAD_BYTES = uploadRoute.defaultMaxBytes;
export const UPLOAD_MAX_AGE_MS = uploadRoute.maxAgeMs;

const MAX_NAME_CHARS = 200;
// Most file systems allow 255 bytes a name; 200 characters of CJK text are 600.
const MAX_NAME_BYTES = 240;

export type { UploadResult };

/** A base name that is safe to create on any platform, keeping the extension the importer reads. */
export function sanitizeFileName(raw: string): string {
  let name = raw.split(/[/\\]/).pop() ?? '';
  name = name.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_');
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(name)) name = `_${name}`;
  const fits = (s: string) => [...s].length <= MAX_NAME_CHARS && Buffer.byteLength(s) <= MAX_NAME_BYTES;
  if (!fits(name)) {
    const ext = extname(name).length <= 16 ? extname(name) : '';
    const stem = [...name.slice(0, name.length - ext.length)];
    while (stem.length > 0 && !fits(stem.join('') + ext)) stem.pop();
    name = stem.join('') + ext;
  }
  return name || 'upload';
}

/** The folder holds people's texts: only this user may read it. */
export function ensureUploadsDir(uploadsDir: string): void {
  mkdirSync(uploadsDir, { recursive: true, mode: 0o700 });
}

/** Removes uploads older than maxAgeMs; only folders named like upload ids are ever touched. */
export async function removeOldUploads(uploadsDir: string, maxAgeMs = UPLOAD_MAX_AGE_MS, now = Date.now()): Promise<number> {
  const entries = await readdir(uploadsDir).catch(() => [] as string[]);
  let removed = 0;
  for (const entry of entries) {
    if (!isTransferId(entry)) continue;
    const dir = join(uploadsDir, entry);
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory() || now - info.mtimeMs <= maxAgeMs) continue;
    await rm(dir, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

class TooLarge extends Error {}

/** Handles POST /api/upload: the raw body is the file, X-File-Name its URL-encoded name. */
export async function handleUpload(req: IncomingMessage, res: ServerResponse, uploadsDir: string, maxBytes: number): Promise<void> {
  const header = req.headers[uploadRoute.fileNameHeader.toLowerCase()];
  if (typeof header !== 'string' || header === '') {
    return sendError(res, 400, 'INVALID_INPUT', `The upload has no file name (${uploadRoute.fileNameHeader} header).`);
  }
  let original: string;
  try {
    original = decodeURIComponent(header);
  } catch {
    return sendError(res, 400, 'INVALID_INPUT', 'The file name of the upload is not valid URL encoding.');
  }
  const tooLarge = `The file is larger than the upload limit of ${formatBytes(maxBytes)}.`;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return refuse(req, res, 413, 'BAD_FILE', tooLarge);

  const uploadId = randomUUID();
  const name = sanitizeFileName(original);
  const dir = join(uploadsDir, uploadId);
  await mkdir(dir, { mode: 0o700 });

  let bytes = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(new TooLarge());
      else done(null, chunk);
    },
  });
  // req is piped rather than handed to pipeline: pipeline would destroy the socket on a size
  // error, and the browser would see a dropped connection instead of the 413 that explains it.
  const onAbort = () => {
    if (!req.complete) limiter.destroy(new Error('The upload was interrupted.'));
  };
  req.on('close', onAbort);
  req.on('error', onAbort);
  req.pipe(limiter);
  try {
    await pipeline(limiter, createWriteStream(join(dir, name), { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    req.unpipe(limiter);
    await rm(dir, { recursive: true, force: true });
    if (err instanceof TooLarge) return refuse(req, res, 413, 'BAD_FILE', tooLarge);
    if (!req.complete || req.destroyed) return; // the browser went away: nobody to answer
    console.error(`[server] upload failed: ${logSafe(err)}`);
    return sendError(res, 500, 'INTERNAL', 'The upload could not be saved. Is the disk full?');
  } finally {
    req.off('close', onAbort);
    req.off('error', onAbort);
  }
  sendJson(res, 200, { ok: true, value: { uploadId, name, bytes } satisfies UploadResult });
}

/** Answers before the body is read; closing afterwards saves reading gigabytes nobody wants. */
export function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: 'BAD_FILE' | 'INVALID_INPUT',
  message: string,
): void {
  res.setHeader('Connection', 'close');
  sendError(res, status, code, message);
  res.on('finish', () => req.destroy());
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${+(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${+(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
