// The consented download of a model from the hub: each file streamed into a staging folder (see
// [Note: download staging] in download-staging.ts) as <file>.part, resumed with a Range request
// after an interruption, checked (size and SHA-256); only when every file is verified does the
// download become a model folder, with prelabel-model.json written last, so its presence means
// "complete and verified". Nothing here runs unless the caller passes consent: true.
import { mkdir, rename, stat, statfs, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { megabytes } from '../../../common/units';
import { cancelledError, ModelDownloadError } from './download-errors';
import type { DownloadModelOptions } from './download-options';
import type { DownloadedModel } from '../../../common/contract';
import { ProgressMeter } from './download-progress';
import { adoptOldLayout, downloadStagingDir, partPathOf, placeDownload, tidyStage } from './download-staging';
import { sha256File, sizeOf, transfer, type FileJob } from './file-transfer';
import {
  checkManifest,
  hubBaseUrl,
  manifestBytes,
  MODEL_RECORD_FILE,
  PARTIAL_DIR,
  resolveManifest,
  type ModelManifest,
} from './model-manifest';

export { MODEL_RECORD_FILE, PARTIAL_DIR };
export type { DownloadModelOptions };
export { downloadStagingDir, stagedBytes } from './download-staging';

/** A finished download's record (prelabel-model.json): the contract's DownloadedModel without its folder. */
export type ModelRecord = Omit<DownloadedModel, 'dir'>;
export type DownloadedFile = ModelRecord['files'][number];

const active = new Set<string>();

export async function downloadModel(options: DownloadModelOptions): Promise<DownloadedModel> {
  // Checked at run time too: a caller in plain JavaScript (or IPC input) must not slip past.
  if ((options as { consent?: unknown }).consent !== true) {
    throw new ModelDownloadError('no-consent', 'The model is downloaded only after you agree to it: nothing was fetched.');
  }
  const env = options.env ?? process.env;
  const manifest = options.manifest ?? resolveManifest(env);
  checkManifest(manifest);
  const base = (options.baseUrl ?? hubBaseUrl(env)).replace(/\/+$/, '');
  const dir = resolve(options.destDir);
  if (options.signal?.aborted) throw cancelledError();
  if (active.has(dir)) throw new ModelDownloadError('busy', `A download into ${dir} is already running.`);
  active.add(dir);
  const stage = downloadStagingDir(dir);
  try {
    await adoptOldLayout(dir, stage);
    await mkdir(join(stage, PARTIAL_DIR), { recursive: true }).catch((err: NodeJS.ErrnoException) => {
      throw new ModelDownloadError(
        'disk',
        `Cannot create the model folder ${dir} (${err.code ?? err.message}). Choose a folder you can write to.`,
      );
    });
    await checkFreeSpace(dir, stage, manifest);
    const meter = new ProgressMeter(manifestBytes(manifest), manifest.files.length, {
      emit: (p) => options.onProgress?.(p),
      now: options.now,
      intervalMs: options.progressIntervalMs,
    });
    const files: DownloadedFile[] = [];
    const staged: string[] = [];
    for (const [index, spec] of manifest.files.entries()) {
      const file = await fetchFile({ ...options, destDir: dir, env, base, dir: stage, manifest, spec, index, meter });
      files.push(file.file);
      if (file.staged) staged.push(spec.path);
    }
    meter.phase('done');
    const record: ModelRecord = {
      format: 1,
      id: manifest.id,
      repo: manifest.repo,
      revision: manifest.revision,
      source: base,
      downloadedAt: new Date().toISOString(),
      files,
    };
    await placeDownload(stage, dir, staged, `${JSON.stringify(record, null, 2)}\n`);
    return { ...record, dir };
  } catch (err) {
    tidyStage(stage);
    throw err;
  } finally {
    active.delete(dir);
  }
}

/** A verified file, and whether it is in the staging folder (else it was verified in place). */
interface FetchedFile {
  file: DownloadedFile;
  staged: boolean;
}

/** A file from an earlier run, kept when it matches its pinned checksum: the staged copy, else
 * the model folder's own (a repair fetches only what is damaged). */
async function verifiedEarlier(job: FileJob): Promise<FetchedFile | null> {
  const { spec, meter } = job;
  if (!spec.sha256) return null;
  for (const [dir, staged] of [
    [job.dir, true],
    [job.destDir, false],
  ] as const) {
    const path = join(dir, ...spec.path.split('/'));
    const existing = await sizeOf(path);
    if (existing === null || (spec.size !== null && existing !== spec.size)) continue;
    if (spec.size === null) meter.resizeFile(existing);
    meter.setFileBytes(existing);
    meter.phase('verifying');
    if ((await sha256File(path)) === spec.sha256)
      return { file: { path: spec.path, size: existing, sha256: spec.sha256, hashSource: 'manifest' }, staged };
    meter.setFileBytes(0);
    meter.phase('downloading');
  }
  return null;
}

async function fetchFile(job: FileJob): Promise<FetchedFile> {
  const { spec, meter } = job;
  const finalPath = join(job.dir, ...spec.path.split('/'));
  const partPath = partPathOf(job.dir, spec.path);
  await mkdir(dirname(partPath), { recursive: true });

  meter.startFile(spec.path, job.index, spec.size ?? spec.approxSize);
  const earlier = await verifiedEarlier(job);
  if (earlier) return earlier;

  const attempts = 1 + Math.max(0, job.retries ?? 3);
  let serverSha: string | null = null;
  for (let attempt = 1; ; attempt++) {
    let have = (await sizeOf(partPath)) ?? 0;
    if (spec.size !== null && have > spec.size) {
      await unlink(partPath);
      have = 0;
    }
    meter.setFileBytes(have);
    if (!(spec.size !== null && have === spec.size && spec.sha256)) {
      const outcome = await transfer(job, partPath, have);
      serverSha = outcome.serverSha ?? serverSha;
      if (outcome.kind !== 'complete' && job.signal?.aborted) throw cancelledError(spec.path);
      if (outcome.kind !== 'complete' && attempt >= attempts) {
        const done = (await sizeOf(partPath)) ?? 0;
        throw outcome.kind === 'broken'
          ? new ModelDownloadError(
              'interrupted',
              `The download of ${spec.path} stopped after ${megabytes(done)} of ${megabytes(spec.size ?? spec.approxSize)} (${outcome.detail}). Run the download again: it resumes where it stopped.`,
              spec.path,
            )
          : new ModelDownloadError(
              'http',
              `The server's answers to a resumed download of ${spec.path} did not fit together, so Prelabel gave up. Run the download again.`,
              spec.path,
            );
      }
      if (outcome.kind === 'restart') continue;
      if (outcome.kind === 'broken') {
        await delay(job.retryDelayMs ?? 1000 * attempt, job.signal);
        continue;
      }
    }
    return { file: await verifyAndPlace(job, partPath, finalPath, serverSha), staged: true };
  }
}

async function verifyAndPlace(job: FileJob, partPath: string, finalPath: string, serverSha: string | null): Promise<DownloadedFile> {
  const { spec, meter } = job;
  meter.phase('verifying');
  const size = (await stat(partPath)).size;
  if (spec.size !== null && size !== spec.size) {
    await unlink(partPath);
    throw new ModelDownloadError(
      'size',
      `${spec.path} arrived with ${size.toLocaleString('en')} bytes instead of ${spec.size.toLocaleString('en')}. The damaged download was deleted; run the download again.`,
      spec.path,
    );
  }
  const expected = spec.sha256 ?? serverSha;
  if (!expected)
    throw new ModelDownloadError('unverifiable', `Cannot verify ${spec.path}: no checksum is known for it, so it was not used.`, spec.path);
  const actual = await sha256File(partPath);
  if (actual !== expected) {
    await unlink(partPath);
    throw new ModelDownloadError(
      'checksum',
      `${spec.path} failed its checksum: expected SHA-256 ${expected}, got ${actual}. The damaged download was deleted; run the download again.`,
      spec.path,
    );
  }
  await mkdir(dirname(finalPath), { recursive: true });
  await rename(partPath, finalPath);
  return { path: spec.path, size, sha256: actual, hashSource: spec.sha256 ? 'manifest' : 'server' };
}

async function checkFreeSpace(dir: string, stage: string, manifest: ModelManifest): Promise<void> {
  let free: number;
  try {
    const s = await statfs(stage);
    free = s.bavail * s.bsize;
  } catch {
    return; // not every file system can tell; the write will fail with its own error
  }
  let needed = 0;
  for (const f of manifest.files) {
    const placed = Math.max((await sizeOf(join(dir, ...f.path.split('/')))) ?? 0, (await sizeOf(join(stage, ...f.path.split('/')))) ?? 0);
    const partial = (await sizeOf(partPathOf(stage, f.path))) ?? 0;
    needed += Math.max(0, (f.size ?? f.approxSize) - Math.max(placed, partial));
  }
  if (needed > free) {
    throw new ModelDownloadError(
      'disk',
      `Not enough free disk space in ${dir}: the model needs ${megabytes(needed)} more and ${megabytes(free)} are free.`,
    );
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((ok, bad) => {
    if (signal?.aborted) return bad(cancelledError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      ok();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      bad(cancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
