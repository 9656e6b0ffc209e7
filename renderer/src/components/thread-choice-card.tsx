// The Models screen's card on the active model's threads on this machine: the stored choice, when
// it was measured, the machine's load meanwhile and pairs/s at each count, with "Measure again".
import { useEffect, useId } from 'react';
import type { ModelThreads, ThreadMeasurement } from '../../../common/contract';
import { formatDateTime, formatNumber, t } from '../i18n/t';
import { useThreadChoice } from '../state/thread-choice-store';
import { Notice } from './notice';

function loadLine(m: ThreadMeasurement): string {
  const l = m.load;
  if (!l || l.method === 'none') return t('modelThreads.noLoad');
  const params = { other: formatNumber(l.otherCores), cpus: l.logicalCpus };
  return l.busy ? t('modelThreads.busy', params) : t('modelThreads.quiet', params);
}

interface ThreadChoiceCardProps {
  threads: ModelThreads | null;
  measuring: boolean;
  error: string | null;
  onRemeasure(): void;
}

export function ThreadChoiceCard({ threads, measuring, error, onRemeasure }: ThreadChoiceCardProps) {
  const id = useId();
  const stored = threads?.stored ?? null;
  return (
    <section className="card" aria-labelledby={`${id}-title`} aria-busy={measuring} data-testid="thread-choice">
      <h2 id={`${id}-title`}>{t('modelThreads.title')}</h2>
      {stored ? (
        <>
          <p data-testid="thread-choice-stored">
            {t('modelThreads.choice', { count: stored.threads, when: formatDateTime(stored.at) })} {loadLine(stored)}
          </p>
          <ul className="field-hint" data-testid="thread-choice-rates">
            {stored.measured.map((m) => (
              <li key={m.threads}>{t('modelThreads.rate', { count: m.threads, rate: formatNumber(Math.round(m.pairsPerSecond)) })}</li>
            ))}
          </ul>
        </>
      ) : (
        threads && <p data-testid="thread-choice-none">{t('modelThreads.none')}</p>
      )}
      {threads?.measuredNow && !threads.measuredNow.kept && <p className="field-hint">{t('modelThreads.notKept')}</p>}
      {error && <Notice kind="error">{error}</Notice>}
      <button type="button" className="btn" onClick={onRemeasure} disabled={measuring || !threads} data-testid="thread-choice-remeasure">
        {measuring ? t('modelThreads.measuring') : t('modelThreads.remeasure')}
      </button>
    </section>
  );
}

/** The card for the active model (`modelSha`): read again when the model changes. */
export function ThreadChoice({ modelSha }: { modelSha: string }) {
  const threads = useThreadChoice((s) => s.threads);
  const measuring = useThreadChoice((s) => s.measuring);
  const error = useThreadChoice((s) => s.error);
  useEffect(() => {
    void useThreadChoice.getState().load();
  }, [modelSha]);
  return (
    <ThreadChoiceCard
      threads={threads?.model.sha256 === modelSha ? threads : null}
      measuring={measuring}
      error={error}
      onRemeasure={() => void useThreadChoice.getState().remeasure()}
    />
  );
}
