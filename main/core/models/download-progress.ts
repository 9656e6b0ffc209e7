// Progress of a model download: bytes done of the total, speed as a moving average over the last
// few seconds, time left; throttled so a fast connection does not flood the UI with events.

export type DownloadPhase = 'downloading' | 'verifying' | 'done';

export interface DownloadProgress {
  phase: DownloadPhase;
  /** The file in hand (repository path) and its place in the list. */
  file: string;
  fileIndex: number;
  fileCount: number;
  fileBytes: number;
  fileTotal: number;
  /** All files together, including what was already on disk from an earlier attempt. */
  bytes: number;
  total: number;
  /** Moving average over the last seconds, null until there is enough to tell. */
  bytesPerSecond: number | null;
  etaSeconds: number | null;
}

export interface ProgressMeterOptions {
  emit: (p: DownloadProgress) => void;
  now?: () => number;
  /** Minimum milliseconds between two byte-count events (200: at most 5 a second). */
  intervalMs?: number;
  /** The window of the moving average. */
  windowMs?: number;
}

interface Sample {
  t: number;
  fetched: number;
}

export class ProgressMeter {
  private readonly emitFn: (p: DownloadProgress) => void;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly windowMs: number;
  private samples: Sample[] = [];
  /** Bytes fetched over the network in this session: the speed ignores what a resume skipped. */
  private fetched = 0;
  private lastEmit = -Infinity;
  private state: Omit<DownloadProgress, 'bytesPerSecond' | 'etaSeconds'>;

  constructor(total: number, fileCount: number, options: ProgressMeterOptions) {
    this.emitFn = options.emit;
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? 200;
    this.windowMs = options.windowMs ?? 5000;
    this.state = { phase: 'downloading', file: '', fileIndex: 0, fileCount, fileBytes: 0, fileTotal: 0, bytes: 0, total };
  }

  get bytes(): number {
    return this.state.bytes;
  }

  /** A new file starts, none of it on disk yet. */
  startFile(file: string, fileIndex: number, fileTotal: number): void {
    this.state = { ...this.state, phase: 'downloading', file, fileIndex, fileTotal, fileBytes: 0 };
    this.report(true);
  }

  /** The file's real size became known (the server said it); the total follows. */
  resizeFile(fileTotal: number): void {
    this.state.total += fileTotal - this.state.fileTotal;
    this.state.fileTotal = fileTotal;
  }

  /** Bytes of the file on disk without being fetched now: a partial file resumed, a file already in
   * place, or zero when the server ignored a Range request and the transfer starts over. */
  setFileBytes(fileBytes: number): void {
    this.state.bytes += fileBytes - this.state.fileBytes;
    this.state.fileBytes = fileBytes;
  }

  add(n: number): void {
    this.state.fileBytes += n;
    this.state.bytes += n;
    this.fetched += n;
    this.report(false);
  }

  phase(phase: DownloadPhase): void {
    this.state.phase = phase;
    this.report(true);
  }

  /** Emits now when forced (a phase change, at most a few a file), else at most once an interval. */
  private report(force: boolean): void {
    const t = this.now();
    const last = this.samples[this.samples.length - 1];
    if (!last || t - last.t >= 100) this.samples.push({ t, fetched: this.fetched });
    while (this.samples.length > 2 && this.samples[1]!.t <= t - this.windowMs) this.samples.shift();
    if (!force && t - this.lastEmit < this.intervalMs) return;
    this.lastEmit = t;
    const speed = this.speed(t);
    const left = Math.max(0, this.state.total - this.state.bytes);
    const etaSeconds = speed ? Math.ceil(left / speed) : left === 0 ? 0 : null;
    this.emitFn({ ...this.state, bytesPerSecond: speed, etaSeconds });
  }

  private speed(t: number): number | null {
    const first = this.samples[0];
    if (!first) return null;
    const span = t - first.t;
    if (span < 250) return null;
    return Math.round(((this.fetched - first.fetched) * 1000) / span);
  }
}
