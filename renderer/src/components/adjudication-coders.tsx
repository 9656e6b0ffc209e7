// The coders' decisions on the disagreement on screen: one row per coder with the label(s), the note,
// when and in how many seconds. Each row is a button: a (or Enter) on it takes that coder's labels
// as the adjudication; ↑ and ↓ move between the rows. A skip is shown but cannot be taken (no label).
import type { AdjudicationCoderDecision } from '../../../common/contract';
import { formatDateTime, t } from '../i18n/t';

export function decisionText(d: Pick<AdjudicationCoderDecision, 'kind' | 'labels'>): string {
  if (d.kind === 'skip') return t('adjudication.skip');
  if (d.kind === 'not_codable') return t('adjudication.notCodable');
  return d.labels.length ? d.labels.join(', ') : t('adjudication.noneOfThese');
}

interface AdjudicationCodersProps {
  coders: readonly AdjudicationCoderDecision[];
  onTake(coder: AdjudicationCoderDecision): void;
}

/** Moves the focus to the previous or next coder row (↑ ↓ on a row). */
export function focusCoderRow(from: HTMLElement, delta: 1 | -1): void {
  const rows = [...document.querySelectorAll<HTMLElement>('[data-coder-row]:not([disabled])')];
  const at = rows.indexOf(from);
  rows[Math.min(rows.length - 1, Math.max(0, at + delta))]?.focus();
}

export function AdjudicationCoders({ coders, onTake }: AdjudicationCodersProps) {
  return (
    <ul className="adjudication-coders" aria-label={t('adjudication.coders')} data-testid="adjudication-coders">
      {coders.map((c) => (
        <li key={c.coder}>
          <button
            type="button"
            className="adjudication-coder"
            data-coder-row={c.coder}
            data-testid="adjudication-coder"
            disabled={c.kind === 'skip'}
            aria-label={`${t('adjudication.take', { coder: c.coder })}: ${decisionText(c)}`}
            // Enter and a are handled by the screen's keys (one decision per press).
            onClick={(e) => {
              if (e.detail > 0) onTake(c);
            }}
          >
            <span className="adjudication-coder-name" dir="auto">
              {c.coder}
            </span>
            <span className="adjudication-coder-labels" dir="auto" data-testid="adjudication-coder-labels">
              {decisionText(c)}
            </span>
            {c.note && (
              <span className="adjudication-coder-note" dir="auto">
                {c.note}
              </span>
            )}
            <span className="adjudication-coder-time">
              {formatDateTime(c.decidedAt)}
              {c.seconds !== null ? ` · ${t('adjudication.seconds', { seconds: String(Math.round(c.seconds)) })}` : ''}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
