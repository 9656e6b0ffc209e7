// The selected document beside the Browse table: its gold label, the model's suggestion and the
// current decision, its whole text (documents.get) with the line breaks it was stored with, in its
// own direction (Arabic reads right to left), its metadata, and a way into Annotate.
import { useId, type KeyboardEvent } from 'react';
import type { BrowseRow, DocumentRow } from '../../../common/contract';
import { formatPercent, t } from '../i18n/t';

interface BrowseDetailProps {
  /** The row from the table (text cut in lists); null while its page loads. */
  row: BrowseRow | null;
  /** The same document in full, once documents.get has answered. */
  full: DocumentRow | null;
  fullError: string | null;
  index: number;
  total: number;
  /** A question is chosen: show the row's suggestion. */
  showSuggestion: boolean;
  onClose(): void;
  /** Opens the document in Annotate (a question is chosen). */
  onAnnotate?(row: BrowseRow): void;
}

function Labels({ row, whole, showSuggestion }: { row: BrowseRow; whole: DocumentRow | null; showSuggestion: boolean }) {
  const s = row.suggestion;
  return (
    <dl className="doc-detail-labels">
      <div className="doc-detail-field">
        <dt>{t('documents.detail.gold')}</dt>
        <dd dir="auto" data-testid="doc-detail-gold">
          {whole ? (whole.gold ?? <span className="muted">{t('documents.detail.noGold')}</span>) : <span className="muted">…</span>}
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
      {showSuggestion && (
        <div className="doc-detail-field">
          <dt>{t('browse.detail.decision')}</dt>
          <dd dir="auto" data-testid="doc-detail-decision">
            {row.status === 'open'
              ? t('browse.status.open')
              : row.status === 'skipped'
                ? t('browse.detail.skippedBy', { coder: row.coder ?? '' })
                : t('browse.detail.decidedBy', { labels: row.labels.join(', '), coder: row.coder ?? '' })}
            {row.flagged && ` · ${t('browse.flagged')}`}
          </dd>
          {row.note && (
            <dd dir="auto" className="muted">
              {t('browse.detail.note', { note: row.note })}
            </dd>
          )}
        </div>
      )}
    </dl>
  );
}

export function BrowseDetail({ row, full, fullError, index, total, showSuggestion, onClose, onAnnotate }: BrowseDetailProps) {
  const titleId = useId();
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    onClose();
  };
  const whole = full && row && full.id === row.id ? full : null;
  const text = whole?.text ?? row?.text ?? '';
  const cut = row && !whole && row.textLength > row.text.length;
  const meta = whole ? Object.entries(whole.metadata) : [];
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
          <Labels row={row} whole={whole} showSuggestion={showSuggestion} />
          {showSuggestion && onAnnotate && (
            <div>
              <button type="button" className="btn btn-primary btn-small" onClick={() => onAnnotate(row)} data-testid="doc-detail-annotate">
                {t('browse.annotate')}
              </button>
            </div>
          )}
          <h3 className="subheading">{t('documents.detail.text')}</h3>
          {fullError && <p className="error-text">{t('documents.detail.loadFailed', { message: fullError })}</p>}
          {cut && !fullError && (
            <p className="field-hint">{t('documents.detail.cut', { shown: row.text.length, count: row.textLength })}</p>
          )}
          <div className="doc-detail-text" dir="auto" data-testid="doc-detail-text" data-complete={whole ? 'true' : 'false'}>
            {text}
          </div>
          <h3 className="subheading">{t('documents.detail.metadata')}</h3>
          {!whole ? (
            <p className="muted">{t('documents.detail.loading')}</p>
          ) : meta.length ? (
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
