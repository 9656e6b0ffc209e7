// The selected document beside the table: its gold label and the model's suggestion, its whole
// text (documents.get) with the line breaks it was stored with, in its own direction (Arabic reads
// right to left), and its metadata.
import { useId, type KeyboardEvent } from 'react';
import type { DocumentRow } from '../../../common/contract';
import { formatPercent, t } from '../i18n/t';

interface DocumentDetailProps {
  /** The row from the table (text cut in lists); null while its page loads. */
  row: DocumentRow | null;
  /** The same document in full, once documents.get has answered. */
  full: DocumentRow | null;
  fullError: string | null;
  index: number;
  total: number;
  /** A question is chosen: show the row's suggestion. */
  showSuggestion: boolean;
  onClose(): void;
}

function Labels({ row, showSuggestion }: { row: DocumentRow; showSuggestion: boolean }) {
  const s = row.suggestion ?? null;
  return (
    <dl className="doc-detail-labels">
      <div className="doc-detail-field">
        <dt>{t('documents.detail.gold')}</dt>
        <dd dir="auto" data-testid="doc-detail-gold">
          {row.gold ?? <span className="muted">{t('documents.detail.noGold')}</span>}
        </dd>
      </div>
      {showSuggestion && (
        <div className="doc-detail-field">
          <dt>{t('documents.detail.suggestion')}</dt>
          <dd data-testid="doc-detail-suggestion">
            {s ? (
              <span className="suggestion">
                <span className="suggestion-label" dir="auto">
                  {s.label}
                </span>
                <span className="suggestion-score">{formatPercent(s.score, 1)}</span>
              </span>
            ) : (
              <span className="muted">{t('documents.detail.noSuggestion')}</span>
            )}
          </dd>
        </div>
      )}
    </dl>
  );
}

export function DocumentDetail({ row, full, fullError, index, total, showSuggestion, onClose }: DocumentDetailProps) {
  const titleId = useId();
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    onClose();
  };
  const whole = full && row && full.id === row.id ? full : null;
  const text = whole?.text ?? row?.text ?? '';
  const cut = row && !whole && row.textLength > row.text.length;
  const meta = row ? Object.entries(row.metadata) : [];
  return (
    // The panel scrolls on its own, so it takes focus for the keyboard to scroll it.
    <aside className="doc-detail" aria-labelledby={titleId} tabIndex={0} onKeyDown={onKeyDown} data-testid="doc-detail">
      <div className="doc-detail-header">
        <h2 id={titleId} className="doc-detail-title" dir="auto">
          {row ? t('documents.detail.title', { id: row.externalId }) : t('documents.detail.loading')}
        </h2>
        <button type="button" className="btn btn-small" onClick={onClose} data-testid="doc-detail-close">
          {t('documents.detail.close')}
        </button>
      </div>
      <p className="field-hint">{t('documents.selected', { index: index + 1, total })}</p>
      {row && (
        <>
          <Labels row={row} showSuggestion={showSuggestion} />
          <h3 className="subheading">{t('documents.detail.text')}</h3>
          {fullError && <p className="error-text">{t('documents.detail.loadFailed', { message: fullError })}</p>}
          {cut && !fullError && <p className="field-hint">{t('documents.detail.cut', { shown: row.text.length, count: row.textLength })}</p>}
          <div className="doc-detail-text" dir="auto" data-testid="doc-detail-text" data-complete={whole ? 'true' : 'false'}>
            {text}
          </div>
          <h3 className="subheading">{t('documents.detail.metadata')}</h3>
          {meta.length ? (
            <dl className="doc-detail-meta" data-testid="doc-detail-meta">
              {meta.map(([k, v]) => (
                <div key={k} className="doc-detail-field">
                  <dt dir="auto">{k}</dt>
                  <dd dir="auto">{v}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="muted">{t('documents.detail.noMetadata')}</p>
          )}
        </>
      )}
    </aside>
  );
}
