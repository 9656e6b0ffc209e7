// One request of a model file download: streams what arrives into the partial file (appending
// after the bytes already there when the server honours the Range), and checks what the hub says
// about the file (status, commit, SHA-256, size) before writing a byte.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { ModelDownloadError } from './download-errors';
import type { ProgressMeter } from './download-progress';
import { hubGet, type HubResponse, type ResponseHeaders } from './hub-request';
import { fileUrl, type ModelFileSpec, type ModelManifest } from './model-manifest';
import type { DownloadModelOptions } from './download-options';

export interface FileJob extends DownloadModelOptions {
  env: NodeJS.ProcessEnv;
  base: string;
  dir: string;
  manifest: ModelManifest;
  spec: ModelFileSpec;
  index: number;
  meter: ProgressMeter;
}

export async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

/** SHA-256 of a file, streamed (the model is 428 MB). */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export type TransferOutcome =
  { kind: 'complete' | 'restart'; serverSha: string | null } | { kind: 'broken'; serverSha: string | null; detail: string };

/** One request: writes what arrives to the partial file, appending after `have` bytes if the server
 * honours the Range. Throws for what a retry cannot fix; reports a broken connection. */
export async function transfer(job: FileJob, partPath: string, have: number): Promise<TransferOutcome> {
  const { spec, meter, manifest } = job;
  const res = await hubGet({
    url: fileUrl(job.base, manifest, spec.path),
    headers: have > 0 ? { Range: `bytes=${have}-` } : {},
    file: spec.path,
    signal: job.signal,
    idleTimeoutMs: job.idleTimeoutMs ?? 30_000,
    proxy: job.proxy,
    env: job.env,
    ca: job.ca,
  });
  let out: WriteStream | null = null;
  try {
    if (res.status === 416) {
      // The partial file is as long as the file or longer: it cannot be resumed, so start over.
      await unlink(partPath).catch(() => {});
      return { kind: 'restart', serverSha: null };
    }
    checkStatus(job, res);
    const serverSha = checkHubHeaders(job, res.hubHeaders);
    let start = 0;
    let total: number | null = null;
    const length = res.headers['content-length'] === undefined ? null : Number(res.headers['content-length']);
    if (res.status === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(String(res.headers['content-range'] ?? ''));
      if (!range || Number(range[1]) !== have) {
        await unlink(partPath).catch(() => {});
        return { kind: 'restart', serverSha };
      }
      start = have;
      total = range[3] === '*' ? null : Number(range[3]);
    } else if (length !== null && Number.isSafeInteger(length)) {
      total = length;
    }
    if (total !== null && spec.size !== null && total !== spec.size) {
      await unlink(partPath).catch(() => {});
      throw new ModelDownloadError(
        'size',
        `The server's ${spec.path} has ${total.toLocaleString('en')} bytes, but revision ${manifest.revision.slice(0, 7)} of it has ${spec.size.toLocaleString('en')}. Nothing was kept.`,
        spec.path,
      );
    }
    if (total !== null && spec.size === null) meter.resizeFile(total);
    meter.setFileBytes(start); // a 200 after a Range request: the server starts over, so do we
    const opened = createWriteStream(partPath, { flags: start > 0 ? 'a' : 'w' });
    out = opened;
    let writeError: NodeJS.ErrnoException | null = null;
    opened.on('error', (err) => (writeError ??= err));
    const diskError = (err: NodeJS.ErrnoException) =>
      new ModelDownloadError(
        'disk',
        `Could not write ${partPath} (${err.code ?? err.message}). Check the free space and that the folder is writable.`,
        spec.path,
      );
    let received = 0;
    try {
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        if (writeError) throw diskError(writeError);
        received += chunk.length;
        meter.add(chunk.length);
        if (!opened.write(chunk)) {
          await new Promise<void>((ok) => {
            const done = () => {
              opened.off('drain', done);
              opened.off('error', done);
              ok();
            };
            opened.on('drain', done).on('error', done);
          });
        }
      }
    } catch (err) {
      if (err instanceof ModelDownloadError && err.reason === 'disk') throw err;
      const failure = res.explain(err);
      if (failure instanceof ModelDownloadError && failure.reason === 'interrupted') {
        const e = err as NodeJS.ErrnoException;
        return { kind: 'broken', serverSha, detail: e.code ?? e.message };
      }
      throw failure;
    }
    if (writeError) throw diskError(writeError);
    if (length !== null && received < length) return { kind: 'broken', serverSha, detail: 'the connection closed early' };
    return { kind: 'complete', serverSha };
  } finally {
    res.close();
    if (out) await closeStream(out);
  }
}

function closeStream(out: WriteStream): Promise<void> {
  // end() flushes what was written, so a resume continues after the last byte that reached the disk.
  return new Promise((ok) => {
    if (out.closed) return ok();
    out.once('close', () => ok());
    out.once('error', () => ok());
    out.end();
  });
}

function headerValue(headers: ResponseHeaders, name: string): string | null {
  const v = headers[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? null) : null;
}

/** The hub's own statements about the file: the commit it resolved to, and for LFS files the SHA-256. */
function checkHubHeaders(job: FileJob, headers: ResponseHeaders): string | null {
  const commit = headerValue(headers, 'x-repo-commit')?.trim().toLowerCase();
  if (commit && commit !== job.manifest.revision) {
    throw new ModelDownloadError(
      'revision-mismatch',
      `The server gave ${job.spec.path} from commit ${commit.slice(0, 12)} instead of the pinned revision ${job.manifest.revision.slice(0, 12)}. Nothing was kept.`,
      job.spec.path,
    );
  }
  // The hub's X-Linked-ETag of an LFS file is the SHA-256 of its content; a plain ETag counts only
  // for LFS files (for a file in git it is the blob's SHA-1, and a mirror may use anything).
  const linked = headerValue(headers, 'x-linked-etag') ?? (job.spec.lfs ? headerValue(headers, 'etag') : null);
  const etag = (linked ?? '').replace(/^W\//, '').replace(/"/g, '').trim().toLowerCase();
  const serverSha = /^[0-9a-f]{64}$/.test(etag) ? etag : null;
  if (serverSha && job.spec.sha256 && serverSha !== job.spec.sha256) {
    throw new ModelDownloadError(
      'checksum',
      `The server says ${job.spec.path} has SHA-256 ${serverSha.slice(0, 12)}…, but Prelabel expects ${job.spec.sha256.slice(0, 12)}… for revision ${job.manifest.revision.slice(0, 7)}. Nothing was downloaded.`,
      job.spec.path,
    );
  }
  if (!job.spec.sha256 && !serverSha) {
    throw new ModelDownloadError(
      'unverifiable',
      `Cannot verify ${job.spec.path}: Prelabel has no pinned checksum for it and the server did not state one (X-Linked-ETag), so it was not downloaded.`,
      job.spec.path,
    );
  }
  return serverSha;
}

function checkStatus(job: FileJob, res: HubResponse): void {
  const { spec, manifest } = job;
  const host = new URL(res.url).hostname;
  if (res.status === 200 || res.status === 206) return;
  if (res.status === 404) {
    throw new ModelDownloadError(
      'not-found',
      `${spec.path} was not found at revision ${manifest.revision} of ${manifest.repo} on ${host} (HTTP 404).`,
      spec.path,
    );
  }
  if (res.status === 401 || res.status === 403) {
    throw new ModelDownloadError(
      'unauthorized',
      `${host} refused access to ${spec.path} (HTTP ${res.status}). The model is public, so a firewall or proxy may be blocking it, or the repository now requires a login.`,
      spec.path,
    );
  }
  throw new ModelDownloadError('http', `${host} answered HTTP ${res.status} for ${spec.path}. Try again later.`, spec.path);
}
