// What prelabel.status says about a question's predictions: documents, scored, stale and cut, with
// a warning when predictions are stale and a note about documents that were cut.
import type { PrelabelStatus } from '../../../common/contract';
import { formatNumber, t } from '../i18n/t';
import { Notice } from './notice';

interface PrelabelCountsProps {
  status: PrelabelStatus;
  /** Documents scored so far by a running run: newer than the status, which is read less often. */
  liveScored?: number;
}

export function PrelabelCounts({ status, liveScored }: PrelabelCountsProps) {
  const counts: [string, number, string][] = [
    [t('prelabel.counts.documents'), status.documents, 'count-documents'],
    [t('prelabel.counts.scored'), liveScored ?? status.scored, 'count-scored'],
    [t('prelabel.counts.stale'), status.stale, 'count-stale'],
    [t('prelabel.counts.truncated'), status.truncated, 'count-truncated'],
  ];
  return (
    <div className="stack">
      <dl className="counts" data-testid="prelabel-counts">
        {counts.map(([term, value, testId]) => (
          <div key={testId} className="count">
            <dt>{term}</dt>
            <dd data-testid={testId}>{formatNumber(value)}</dd>
          </div>
        ))}
      </dl>
      {status.stale > 0 && (
        <Notice kind="warning" testId="prelabel-stale">
          {t('prelabel.stale', { count: status.stale })}
        </Notice>
      )}
      {status.truncated > 0 && (
        <Notice kind="info" testId="prelabel-truncated">
          {t('prelabel.truncated', { count: status.truncated })}
        </Notice>
      )}
    </div>
  );
}
