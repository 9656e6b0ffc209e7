// How far the coder is. In the question's open queue: documents decided (and skipped) of all, and
// the decisions per label. In a validation sample's, the skipped or the flagged queue: that queue's
// own numbers (a sample of 8 shows "3 of 8", not the project's "41 of 60"), with the whole
// question's named as such on one line below. Where each coder codes every document (several
// coders, mode 'every'), the bar is the coder's own, and the project's count is one line below;
// blind coders see no counts per label (they would show the other coders' labels).
import type { CodingProgress, QueuePage, QueueProgress, QueueSource } from '../../../common/contract';
import { formatNumber, t } from '../i18n/t';
import type { AnnotateLabel } from '../state/annotate-store';
import { ProgressBar } from './progress-bar';

interface AnnotateProgressProps {
  progress: CodingProgress | null;
  queueProgress: QueueProgress | null;
  source: QueueSource;
  labels: readonly AnnotateLabel[];
  mine?: QueuePage['mine'];
  coding?: QueuePage['coding'] | null;
}

type OtherSource = Exclude<QueueSource, 'queue'>;

/** The bar, its detail line and the counts per label of one queue. */
function Numbers({
  label,
  bar,
  detail,
  done,
  total,
  byLabel,
  labels,
}: {
  label: string;
  bar: string;
  detail: string;
  done: number;
  total: number;
  byLabel: CodingProgress['byLabel'];
  labels: readonly AnnotateLabel[];
}) {
  const counts = new Map(byLabel.map((b) => [b.labelId, b.count]));
  return (
    <>
      <ProgressBar name={label} label={bar} done={done} total={total} testId="annotate-progress-bar" />
      <p className="field-hint" data-testid="annotate-progress-detail">
        {detail}
      </p>
      <ul className="annotate-by-label">
        {labels.map((l) => (
          <li key={l.id} data-testid="annotate-label-count" data-label={l.name}>
            <span dir="auto">{l.name}</span>
            <span className="annotate-count">{formatNumber(counts.get(l.id) ?? 0)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function queueNumbers(source: OtherSource, q: QueueProgress) {
  return {
    label: t(`annotate.progressLabel.${source}`),
    bar: t(`annotate.progress.${source}`, { done: formatNumber(q.done), total: formatNumber(q.total) }),
    detail: t(`annotate.progressDetail.${source}`, {
      decided: formatNumber(q.decided),
      skipped: formatNumber(q.skipped),
      left: formatNumber(q.total - q.done),
    }),
  };
}

export function AnnotateProgress({ progress, queueProgress, source, labels, mine, coding }: AnnotateProgressProps) {
  if (source !== 'queue' && queueProgress) {
    const names = queueNumbers(source, queueProgress);
    return (
      <section className="annotate-progress" aria-label={names.label} data-testid="annotate-progress" data-source={source}>
        <Numbers {...names} done={queueProgress.done} total={queueProgress.total} byLabel={queueProgress.byLabel} labels={labels} />
        {progress && (
          <p className="field-hint" data-testid="annotate-progress-question">
            {t('annotate.progressQuestion', {
              done: formatNumber(progress.decided + progress.skipped),
              total: formatNumber(progress.total),
              decided: formatNumber(progress.decided),
              skipped: formatNumber(progress.skipped),
            })}
          </p>
        )}
      </section>
    );
  }
  if (!progress) return null;
  const done = progress.decided + progress.skipped;
  if (coding?.mode === 'every' && mine) {
    const own = mine.decided + mine.skipped;
    return (
      <section
        className="annotate-progress"
        aria-label={t('annotate.progressLabel.mine')}
        data-testid="annotate-progress"
        data-source="mine"
      >
        <Numbers
          label={t('annotate.progressLabel.mine')}
          bar={t('annotate.progress.mine', { done: formatNumber(own), total: formatNumber(progress.total) })}
          detail={t('annotate.progressDetail.mine', {
            decided: formatNumber(mine.decided),
            skipped: formatNumber(mine.skipped),
            project: formatNumber(done),
          })}
          done={own}
          total={progress.total}
          byLabel={coding.blindCoders ? [] : progress.byLabel}
          labels={labels}
        />
      </section>
    );
  }
  return (
    <section className="annotate-progress" aria-label={t('annotate.progressLabel')} data-testid="annotate-progress" data-source="queue">
      <Numbers
        label={t('annotate.progressLabel')}
        bar={t('annotate.progress', { done: formatNumber(done), total: formatNumber(progress.total) })}
        detail={t('annotate.progressDetail', {
          decided: formatNumber(progress.decided),
          skipped: formatNumber(progress.skipped),
          accepted: formatNumber(progress.accepted),
          changed: formatNumber(progress.changed),
        })}
        done={done}
        total={progress.total}
        byLabel={progress.byLabel}
        labels={labels}
      />
    </section>
  );
}
