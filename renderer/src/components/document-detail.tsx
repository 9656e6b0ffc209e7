// The selected document beside the table: its whole text with the line breaks it was stored with,
// in its own direction (Arabic reads right to left), and its metadata.
import { useId, type KeyboardEvent } from 'react';
import type { DocumentRow } from '../../../common/contract';
import { t } from '../i18n/t';

interface DocumentDetailProps {
  /** Null while its page loads. */
  row: DocumentRow | null;
  index: number;
  total: number;
  onClose(): void;
}

export function DocumentDetail({ row, index, total, onClose }: DocumentDetailProps) {
  const titleId = useId();
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    onClose();
  };
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
          <h3 className="subheading">{t('documents.detail.text')}</h3>
          <div className="doc-detail-text" dir="auto" data-testid="doc-detail-text">
            {row.text}
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
