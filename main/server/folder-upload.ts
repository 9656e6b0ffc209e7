// Folder uploads (common/contract/routes.ts: folderUploadRoute): a folder of .txt files picked or
// dropped in the browser arrives as one body, its manifest first. Every path and size is checked
// before anything is written; the files then stream to <uploads>/<upload id>/<folder>/<path>,
// where the core reads the upload as its 'folder' format (main/core/imports/import-source.ts).
import { randomUUID } from 'node:crypto';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { folderPathProblem, folderUploadRoute, type FolderManifest, type UploadResult } from '../../common/contract';
import { sendError, sendJson } from './responses';
import { formatBytes, refuse, sanitizeFileName } from './upload';
import { logSafe } from '../../common/log-safe';

type Refusal = { status: 400 | 413; message: string };

interface CheckedFile {
  /** Where it goes, relative to the folder: each name made safe as a single upload's is. */
  parts: string[];
  bytes: number;
}

function parseManifest(raw: Buffer): FolderManifest | null {
  try {
    const m = JSON.parse(raw.toString('utf8')) as Partial<FolderManifest>;
    if (typeof m.name !== 'string' || !Array.isArray(m.files)) return null;
    const ok = m.files.every((f) => typeof f?.path === 'string' && Number.isSafeInteger(f.bytes) && f.bytes >= 0);
    return ok ? (m as FolderManifest) : null;
  } catch {
    return null;
  }
}

/** The files of a manifest, or why the folder is refused. */
export function checkManifest(m: FolderManifest, maxBytes: number): CheckedFile[] | Refusal {
  if (m.files.length === 0) return { status: 400, message: `The folder ${m.name} holds no .txt files.` };
  if (m.files.length > folderUploadRoute.maxFiles) {
    return {
      status: 413,
      message: `The folder holds more than ${folderUploadRoute.maxFiles.toLocaleString('en')} files; import it in parts, or give its path to prelabel import.`,
    };
  }
  const seen = new Set<string>();
  const out: CheckedFile[] = [];
  let total = 0;
  for (const f of m.files) {
    const problem = folderPathProblem(f.path);
    if (problem) return { status: 400, message: `The folder cannot be uploaded: ${problem}` };
    if (f.bytes > folderUploadRoute.maxFileBytes) {
      return {
        status: 413,
        message: `${f.path} is larger than ${formatBytes(folderUploadRoute.maxFileBytes)}: is it really one document?`,
      };
    }
    const parts = f.path.split('/').map(sanitizeFileName);
    const key = parts.join('/');
    if (seen.has(key)) return { status: 400, message: `The folder names ${f.path} twice.` };
    seen.add(key);
    total += f.bytes;
    out.push({ parts, bytes: f.bytes });
  }
  if (total > maxBytes) return { status: 413, message: `The folder is larger than the upload limit of ${formatBytes(maxBytes)}.` };
  return out;
}

class Mismatch extends Error {}
const MISMATCH = 'The upload does not match its manifest (the files are shorter or longer than it says). Upload the folder again.';

/** Handles POST /api/upload-folder. */
export async function handleFolderUpload(req: IncomingMessage, res: ServerResponse, uploadsDir: string, maxBytes: number): Promise<void> {
  const headBytes = Number(req.headers[folderUploadRoute.manifestBytesHeader.toLowerCase()]);
  if (!Number.isSafeInteger(headBytes) || headBytes <= 0 || headBytes > folderUploadRoute.maxManifestBytes) {
    return refuse(
      req,
      res,
      400,
      'INVALID_INPUT',
      `A folder upload starts with its manifest, whose length the ${folderUploadRoute.manifestBytesHeader} header gives.`,
    );
  }
  const declared = Number(req.headers['content-length']);
  const reader = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let pending = Buffer.alloc(0);
  while (pending.length < headBytes) {
    const next = await reader.next();
    if (next.done) return refuse(req, res, 400, 'INVALID_INPUT', MISMATCH);
    pending = Buffer.concat([pending, next.value]);
  }
  const manifest = parseManifest(pending.subarray(0, headBytes));
  if (!manifest) return refuse(req, res, 400, 'INVALID_INPUT', 'The manifest of the folder upload is not valid.');
  const files = checkManifest(manifest, maxBytes);
  if (!Array.isArray(files)) return refuse(req, res, files.status, 'BAD_FILE', files.message);
  const total = files.reduce((s, f) => s + f.bytes, 0);
  if (Number.isFinite(declared) && declared !== headBytes + total) return refuse(req, res, 400, 'INVALID_INPUT', MISMATCH);

  const uploadId = randomUUID();
  const name = sanitizeFileName(manifest.name);
  const root = join(uploadsDir, uploadId);
  const folder = join(root, name);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  let index = 0;
  let left = files[0]!.bytes;
  let handle: FileHandle | null = null;
  try {
    // Opens the next file to write (empty files are created at once).
    const advance = async () => {
      while (index < files.length && left === 0) {
        const path = join(folder, ...files[index]!.parts);
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        if (handle === null) await (await open(path, 'wx', 0o600)).close();
        else await handle.close();
        handle = null;
        index++;
        left = files[index]?.bytes ?? 0;
      }
    };
    const write = async (chunk: Buffer) => {
      let at = 0;
      while (at < chunk.length) {
        await advance();
        if (index >= files.length) throw new Mismatch();
        if (handle === null) {
          const path = join(folder, ...files[index]!.parts);
          await mkdir(dirname(path), { recursive: true, mode: 0o700 });
          handle = await open(path, 'wx', 0o600);
        }
        const n = Math.min(left, chunk.length - at);
        await handle.write(chunk.subarray(at, at + n));
        at += n;
        left -= n;
      }
    };
    await write(pending.subarray(headBytes));
    for (let next = await reader.next(); !next.done; next = await reader.next()) await write(next.value);
    await advance();
    if (index < files.length) throw new Mismatch();
  } catch (err) {
    await (handle as FileHandle | null)?.close().catch(() => {});
    await rm(root, { recursive: true, force: true });
    if (err instanceof Mismatch) return refuse(req, res, 400, 'INVALID_INPUT', MISMATCH);
    if (!req.complete || req.destroyed) return; // the browser went away: nobody to answer
    console.error(`[server] folder upload failed: ${logSafe(err)}`);
    return sendError(res, 500, 'INTERNAL', 'The folder could not be saved. Is the disk full?');
  }
  sendJson(res, 200, { ok: true, value: { uploadId, name, bytes: total, files: files.length } satisfies UploadResult });
}
