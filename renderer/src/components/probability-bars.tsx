// The three NLI class probabilities as labelled bars with percentages, as on a model card.
import type { NliResult } from '../../../common/contract';
import { formatPercent, t } from '../i18n/t';

const CLASSES = ['entailment', 'neutral', 'contradiction'] as const;

export function ProbabilityBars({ result }: { result: NliResult }) {
  return (
    <ul className="prob-bars" aria-label={t('playground.resultLabel')} data-testid="playground-result">
      {CLASSES.map((c) => {
        const p = result[c];
        if (p === null) {
          return (
            <li key={c} className="prob-row prob-none">
              <span className="prob-name">{t(`playground.${c}`)}</span>
              <span className="muted">{t('playground.noNeutral')}</span>
            </li>
          );
        }
        const pct = formatPercent(p, 1);
        return (
          <li key={c} className={`prob-row prob-${c}`} data-testid={`prob-${c}`}>
            <span className="prob-name">{t(`playground.${c}`)}</span>
            <span className="prob-track" aria-hidden="true">
              <span className="prob-fill" style={{ width: `${Math.max(0, Math.min(100, p * 100))}%` }} />
            </span>
            <span className="prob-value" data-testid="prob-value">
              {pct}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
