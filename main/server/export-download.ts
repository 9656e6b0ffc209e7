// GET /api/export/<export id>/<file name> (common/contract/routes.ts: exportDownloadRoute): the
// browser mode's download of a finished export. Only
// files in an export's own folder are served, by the id the core gave and a name listed in that
// folder; nothing else on the machine can be named. Exports are people's data: they are removed a
// day after they were made, like uploads.
import { createReadStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { exportDownloadRoute, isTransferId, parseExportDownloadPath } from '../../common/contract';
import { forgetExportOwner, removeOrphanOwners } from '../core/export/export-owners';
import { sendError } from './responses';

export const EXPORT_MAX_AGE_MS = exportDownloadRoute.maxAgeMs;

const TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.parquet': 'application/vnd.apache.parquet',
};

const GONE = 'This export is no longer available (exports are kept for a day). Export again.';

/** Content-Disposition for any file name: an ASCII fallback and the exact UTF-8 name (RFC 6266). */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function handleExportDownload(req: IncomingMessage, res: ServerResponse, exportsDir: string, rest: string): Promise<void> {
  const parsed = parseExportDownloadPath(rest);
  if (parsed === null) return sendError(res, 404, 'NOT_FOUND', 'No such export.');
  if (parsed === 'bad-name') return sendError(res, 400, 'INVALID_INPUT', 'The file name is not valid URL encoding.');
  const { exportId, name } = parsed;
  const dir = join(exportsDir, exportId);
  // Listed, not joined from the request: a name can only match a file the export wrote.
  const files = await readdir(dir).catch(() => null);
  if (!files) return sendError(res, 404, 'NOT_FOUND', GONE);
  if (!files.includes(name) || name.startsWith('.'))
    return sendError(res, 404, 'NOT_FOUND', `The export has no file named ${name.slice(0, 100)}.`);
  const path = join(dir, name);
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return sendError(res, 404, 'NOT_FOUND', GONE);
  res.statusCode = 200;
  res.setHeader('Content-Type', TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('Content-Length', info.size);
  res.setHeader('Content-Disposition', attachmentHeader(name));
  if (req.method === 'HEAD') return void res.end();
  await pipeline(createReadStream(path), res).catch(() => res.destroy());
}

/** Removes exports older than maxAgeMs, with the record of their project ([Note: export owners]);
 * only folders named like export ids are ever touched. */
export async function removeOldExports(exportsDir: string, maxAgeMs = EXPORT_MAX_AGE_MS, now = Date.now()): Promise<number> {
  const entries = await readdir(exportsDir).catch(() => [] as string[]);
  let removed = 0;
  for (const entry of entries) {
    if (!isTransferId(entry)) continue;
    const dir = join(exportsDir, entry);
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory() || now - info.mtimeMs <= maxAgeMs) continue;
    await rm(dir, { recursive: true, force: true });
    forgetExportOwner(exportsDir, entry);
    removed++;
  }
  removeOrphanOwners(exportsDir, maxAgeMs, now);
  return removed;
}
