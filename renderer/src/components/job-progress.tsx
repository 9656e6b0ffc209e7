// The progress of a check or an import as a labelled bar, with its Cancel button.
import type { RowJobProgress } from '../../../common/contract';
import { formatBytes, t } from '../i18n/t';
import { ProgressBar } from './progress-bar';

/** "Reading x.csv: 1.2 MB of 3.3 MB", "Indexing for search: 500 of 1,000 rows". */
export function importProgressLabel(p: RowJobProgress | null, name: string): string {
  if (!p) return t('import.starting');
  // An import indexes its documents for search once they are stored.
  if (p.phase === 'indexing') return t('import.progress.indexing', { done: p.done, count: p.total ?? p.done });
  if (p.unit === 'rows') return t('import.progress.readingRows', { name, done: p.done, count: p.total ?? p.done });
  return p.total === null
    ? t('import.progress.readingUnknown', { name, done: formatBytes(p.done) })
    : t('import.progress.reading', { name, done: formatBytes(p.done), total: formatBytes(p.total) });
}

export function checkProgressLabel(p: RowJobProgress | null, name: string): string {
  if (!p) return t('import.check.starting');
  if (p.unit === 'rows') return t('import.check.progressRows', { name, done: p.done, count: p.total ?? p.done });
  return p.total === null
    ? t('import.check.progressUnknown', { name, done: formatBytes(p.done) })
    : t('import.check.progress', { name, done: formatBytes(p.done), total: formatBytes(p.total) });
}

interface JobProgressRowProps {
  name: string;
  label: string;
  progress: RowJobProgress | null;
  canCancel: boolean;
  testId: string;
  cancelTestId: string;
  onCancel(): void;
}

export function JobProgressRow({ name, label, progress, canCancel, testId, cancelTestId, onCancel }: JobProgressRowProps) {
  const total = progress?.total ?? null;
  return (
    <div className="job-row">
      <div className="grow">
        <ProgressBar testId={testId} name={name} done={progress?.done ?? 0} total={total} label={label} />
      </div>
      <button type="button" className="btn" onClick={onCancel} disabled={!canCancel} data-testid={cancelTestId}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
