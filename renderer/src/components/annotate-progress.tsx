// How far the coder is: documents decided (and skipped) of all, and the decisions per label.
import type { CodingProgress } from '../../../common/contract';
import { formatNumber, t } from '../i18n/t';
import type { AnnotateLabel } from '../state/annotate-store';
import { ProgressBar } from './progress-bar';

export function AnnotateProgress({ progress, labels }: { progress: CodingProgress; labels: readonly AnnotateLabel[] }) {
  const counts = new Map(progress.byLabel.map((b) => [b.labelId, b.count]));
  const done = progress.decided + progress.skipped;
  return (
    <section className="annotate-progress" aria-label={t('annotate.progressLabel')} data-testid="annotate-progress">
      <ProgressBar
        name={t('annotate.progressLabel')}
        label={t('annotate.progress', { done: formatNumber(done), total: formatNumber(progress.total) })}
        done={done}
        total={progress.total}
        testId="annotate-progress-bar"
      />
      <p className="field-hint" data-testid="annotate-progress-detail">
        {t('annotate.progressDetail', {
          decided: formatNumber(progress.decided),
          skipped: formatNumber(progress.skipped),
          accepted: formatNumber(progress.accepted),
          changed: formatNumber(progress.changed),
        })}
      </p>
      <ul className="annotate-by-label">
        {labels.map((l) => (
          <li key={l.id} data-testid="annotate-label-count" data-label={l.name}>
            <span dir="auto">{l.name}</span>
            <span className="annotate-count">{formatNumber(counts.get(l.id) ?? 0)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
