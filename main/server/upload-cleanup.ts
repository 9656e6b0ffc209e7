// Uploads are people's texts: each goes as soon as what used it is over, not a day later.
//
// [Note: uploads removed after use] An upload is read by import.preview and import.analyze
// (again and again while the person maps columns) and then by import.start, whose job reads it to
// the end: the upload is removed when that job is done, failed or cancelled. A codebook CSV and
// the copies given to project.merge are uploaded for that one call and removed when it answers.
// An upload nobody imported is removed a day later (removeOldUploads), and at server start every
// upload is removed unless another live server shares the folder (removeStaleUploads): no import
// of a stopped server can still need one. A live server marks the folder with
// `.prelabel-server-<pid>`.
import { rmSync, writeFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isTransferId, type Result } from '../../common/contract';
import { processAlive } from '../core/process-alive';

const SERVER_MARK = /^\.prelabel-server-(\d+)$/;
/** Import jobs that ended before their start call answered (kept for a while, then forgotten). */
const RECENT_DONE = 200;

function uploadIdsOf(method: string, input: unknown): string[] {
  const value = input as { source?: { kind?: unknown; uploadId?: unknown }; uploadIds?: unknown } | null;
  if (method === 'project.merge') return Array.isArray(value?.uploadIds) ? value.uploadIds.filter((u) => typeof u === 'string') : [];
  const source = value?.source;
  return source?.kind === 'upload' && typeof source.uploadId === 'string' ? [source.uploadId] : [];
}

export class UploadCleanup {
  private readonly waiting = new Map<string, string>();
  private readonly doneJobs: string[] = [];

  constructor(private readonly uploadsDir: string) {}

  /** Called with every event of the core. */
  onEvent(event: string, payload: unknown): void {
    if (event !== 'job:done') return;
    const done = payload as { kind?: string; jobId?: string };
    if (done.kind !== 'import' || typeof done.jobId !== 'string') return;
    const uploadId = this.waiting.get(done.jobId);
    if (uploadId) {
      this.waiting.delete(done.jobId);
      void this.remove(uploadId);
    } else {
      this.doneJobs.push(done.jobId);
      if (this.doneJobs.length > RECENT_DONE) this.doneJobs.shift();
    }
  }

  /** Called with every answered contract call. */
  afterCall(method: string, input: unknown, result: Result<unknown>): void {
    const ids = uploadIdsOf(method, input).filter(isTransferId);
    if (ids.length === 0) return;
    if (method === 'codebook.importCsv' || method === 'project.merge') {
      for (const id of ids) void this.remove(id);
      return;
    }
    if (method !== 'import.start' || !result.ok) return;
    const jobId = (result.value as { jobId?: unknown }).jobId;
    if (typeof jobId !== 'string') return;
    if (this.doneJobs.includes(jobId)) void this.remove(ids[0]!);
    else this.waiting.set(jobId, ids[0]!);
  }

  private async remove(uploadId: string): Promise<void> {
    await rm(join(this.uploadsDir, uploadId), { recursive: true, force: true }).catch(() => {});
  }
}

/** At server start: marks the folder as used by this process and removes every upload (and any
 * half-written one a killed server left) unless another live server uses the folder. Returns the number of
 * uploads removed, and a function that takes the mark away when the server stops. */
export async function removeStaleUploads(uploadsDir: string): Promise<{ removed: number; unmark: () => void }> {
  const names = await readdir(uploadsDir).catch(() => [] as string[]);
  let others = false;
  for (const name of names) {
    const mark = SERVER_MARK.exec(name);
    if (!mark) continue;
    if (Number(mark[1]) !== process.pid && processAlive(Number(mark[1]))) others = true;
    else rmSync(join(uploadsDir, name), { force: true });
  }
  const own = join(uploadsDir, `.prelabel-server-${process.pid}`);
  writeFileSync(own, '', { mode: 0o600 });
  let removed = 0;
  if (!others) {
    for (const name of names) {
      if (!isTransferId(name)) continue;
      await rm(join(uploadsDir, name), { recursive: true, force: true });
      removed++;
    }
  }
  return { removed, unmark: () => rmSync(own, { force: true }) };
}
