// The core's job registry: every long piece of work runs through `start`, so each one is reported
// the same way (`job:progress {jobId, kind, ...}` while it runs, exactly one
// `job:done {jobId, kind, status, result | error}` at its end), can be cancelled (`job.cancel`),
// is listed (`job.list`), and is stopped and awaited when the project closes. A new kind of job is
// declared in common/contract/jobs.ts and started here; no handler writes its own
// start/progress/done/cancel block.
import { randomUUID } from 'node:crypto';
import {
  PrelabelError,
  type ApiError,
  type Emit,
  type JobDoneOf,
  type JobKind,
  type JobProgressFields,
  type JobProgressOf,
  type JobResult,
  type JobStatus,
  type RunningJob,
} from '../../common/contract';
import { toErrorResult } from './api/dispatcher';

/** What the work of a job sees of it. */
export interface JobControl<K extends JobKind> {
  readonly id: string;
  readonly kind: K;
  /** Aborted by job.cancel (where the job allows it) and when the project closes. */
  readonly signal: AbortSignal;
  /** Sends `job:progress` with this job's id and kind. */
  progress(fields: JobProgressFields<K>): void;
}

export interface JobOptions<K extends JobKind, V> {
  /** The caller's id (it follows events that arrive before its call returns); default a new one. */
  jobId?: string;
  /** false: job.cancel leaves it alone (a pre-label run is paused or cancelled through its own
   * methods); closing the project still stops it. Default true. */
  cancellable?: boolean;
  /** What job:done reports of the work's value; default the value itself. */
  result?: (value: V) => JobResult<K>;
  /** For work whose value carries its own outcome (a pre-label run that paused or failed): the
   * status, and error, that job:done reports. Default 'done'. */
  outcome?: (value: V) => { status: JobStatus; error?: ApiError };
  /** Extra words on a failure, e.g. a model download's reason (offline, checksum, ...). */
  reason?: (err: unknown) => string | undefined;
}

export interface StartedJob<V> {
  jobId: string;
  /** The work's value, or its error: for callers that answer with it (an import's dry run, the
   * int8 check). A background job's caller may ignore it: a failure is reported in job:done. */
  value: Promise<V>;
}

interface Entry {
  kind: JobKind;
  abort: AbortController;
  cancellable: boolean;
  settled: Promise<void>;
}

export class JobRegistry {
  private readonly running = new Map<string, Entry>();

  constructor(private readonly emit: Emit) {}

  /**
   * Starts `work` as a job of `kind`. [Note: work starts at once] `work` is called before start
   * returns, so whatever it sets up before its first await (a pre-label run's runner) exists when
   * the caller goes on. Its value ends the job as 'done'; a throw ends it as 'cancelled' when the
   * job was aborted, else as 'failed' with the error a person reads.
   */
  start<K extends JobKind, V = JobResult<K>>(
    kind: K,
    work: (job: JobControl<K>) => Promise<V>,
    options: JobOptions<K, V> = {},
  ): StartedJob<V> {
    const jobId = options.jobId ?? randomUUID();
    if (this.running.has(jobId)) throw new PrelabelError('BUSY', 'A job with this id is already running.');
    const abort = new AbortController();
    let settle!: () => void;
    const entry: Entry = { kind, abort, cancellable: options.cancellable ?? true, settled: new Promise<void>((r) => (settle = r)) };
    this.running.set(jobId, entry);
    const control: JobControl<K> = {
      id: jobId,
      kind,
      signal: abort.signal,
      // The fields of this kind with its id and kind: the contract's JobProgressOf<K>.
      progress: (fields) => this.emit('job:progress', { ...fields, jobId, kind } as JobProgressOf<K>),
    };
    const value = (async () => work(control))();
    void value.then(
      (v) => {
        const outcome = options.outcome?.(v) ?? { status: 'done' as const };
        const result = options.result ? options.result(v) : (v as unknown as JobResult<K>);
        this.end(jobId, {
          jobId,
          kind,
          status: outcome.status,
          result,
          ...(outcome.error ? { error: outcome.error } : {}),
        } as JobDoneOf<K>);
        settle();
      },
      (err: unknown) => {
        if (abort.signal.aborted) {
          // The work's own words on a cancel (a download's "what was downloaded is kept") stay.
          const words = err instanceof PrelabelError ? { error: { code: err.code, message: err.message } } : {};
          this.end(jobId, { jobId, kind, status: 'cancelled', ...words } as JobDoneOf<K>);
        } else {
          const failed = toErrorResult(err, `the ${kind} job`);
          const reason = options.reason?.(err);
          const error = failed.ok ? { code: 'INTERNAL', message: 'The job failed.' } : failed.error;
          this.end(jobId, { jobId, kind, status: 'failed', error: { ...error, ...(reason ? { reason } : {}) } } as JobDoneOf<K>);
        }
        settle();
      },
    );
    return { jobId, value };
  }

  private end<K extends JobKind>(jobId: string, done: JobDoneOf<K>): void {
    // Off the list before job:done goes out: whoever hears it may start the next one.
    this.running.delete(jobId);
    this.emit('job:done', done);
  }

  /** Whether a job of this kind is running (one import at a time, one index job). */
  isRunning(kind: JobKind): boolean {
    return [...this.running.values()].some((e) => e.kind === kind);
  }

  list(): RunningJob[] {
    return [...this.running].map(([jobId, e]) => ({ jobId, kind: e.kind }));
  }

  /** Cancels a cancellable job and waits until it has stopped; false when there is none. */
  async cancel(jobId: string): Promise<boolean> {
    const entry = this.running.get(jobId);
    if (!entry || !entry.cancellable) return false;
    entry.abort.abort();
    await entry.settled;
    return true;
  }

  /** Stops every job (a pre-label run pauses after its batch) and waits for them, e.g. before the
   * project closes. */
  async stopAll(): Promise<void> {
    const entries = [...this.running.values()];
    for (const e of entries) e.abort.abort();
    await Promise.all(entries.map((e) => e.settled));
  }
}
