// A pre-label run's state and controls: status, a progress bar with documents done, pairs per
// second and the time left, and Start / Pause / Resume / Cancel. `compact` is the strip above the
// Documents table: the bar and Pause or Resume only.
import type { RunInfo } from '../../../common/contract';
import { formatEta, formatNumber, t } from '../i18n/t';
import type { RunAction } from '../state/prelabel-store';
import { ProgressBar } from './progress-bar';

interface PrelabelRunProps {
  status: RunInfo['status'] | null;
  done: number;
  total: number;
  pairsPerSecond: number | null;
  etaSeconds: number | null;
  pending: RunAction | null;
  canStart: boolean;
  hasRun: boolean;
  compact?: boolean;
  onStart(): void;
  onPause(): void;
  onResume(): void;
  onCancel(): void;
}

/** "1,200 of 2,000 documents scored · 310 pairs/s · about 3 min left" */
export function runLabel(done: number, total: number, running: boolean, pairsPerSecond: number | null, etaSeconds: number | null): string {
  const parts = [t('prelabel.progress', { done, count: total })];
  if (running && pairsPerSecond) parts.push(t('prelabel.speed', { rate: formatNumber(Math.round(pairsPerSecond)) }));
  const eta = running ? formatEta(etaSeconds) : '';
  if (eta) parts.push(t('prelabel.eta', { eta }));
  return parts.join(' · ');
}

export function PrelabelRun(p: PrelabelRunProps) {
  const running = p.status === 'running';
  const paused = p.status === 'paused';
  const busy = p.pending !== null;
  const statusKey = p.status ? (`prelabel.status.${p.status}` as const) : 'prelabel.status.none';
  return (
    <div className={p.compact ? 'run run-compact' : 'run'} data-testid={p.compact ? 'prelabel-strip' : 'prelabel-run'}>
      <div className="run-head">
        <span
          className={`run-status run-status-${p.status ?? 'none'}`}
          role="status"
          data-testid="prelabel-status"
          data-status={p.status ?? 'none'}
        >
          {t(statusKey)}
        </span>
      </div>
      <div className="job-row">
        <div className="grow">
          <ProgressBar
            name={t('prelabel.progressLabel')}
            done={p.done}
            total={p.total}
            label={runLabel(p.done, p.total, running, p.pairsPerSecond, p.etaSeconds)}
            testId="prelabel-progress"
          />
        </div>
        {running && (
          <button type="button" className="btn" onClick={p.onPause} disabled={busy} data-testid="prelabel-pause">
            {t('prelabel.pause')}
          </button>
        )}
        {paused && (
          <button type="button" className="btn btn-primary" onClick={p.onResume} disabled={busy} data-testid="prelabel-resume">
            {t('prelabel.resume')}
          </button>
        )}
        {!p.compact && (running || paused) && (
          <button type="button" className="btn" onClick={p.onCancel} disabled={busy} data-testid="prelabel-cancel">
            {t('prelabel.cancel')}
          </button>
        )}
        {!p.compact && !running && !paused && (
          <button type="button" className="btn btn-primary" onClick={p.onStart} disabled={busy || !p.canStart} data-testid="prelabel-start">
            {p.hasRun ? t('prelabel.runAgain') : t('prelabel.start')}
          </button>
        )}
      </div>
    </div>
  );
}
