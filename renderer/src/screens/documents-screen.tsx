// Documents: every document of the project in one virtual table, with the last import's outcome.
import { useCallback } from 'react';
import { DocumentTable } from '../components/document-table';
import { Notice } from '../components/notice';
import { t } from '../i18n/t';
import { useDocuments } from '../state/documents-store';
import { useImport } from '../state/import-store';
import { useNav } from '../state/nav-store';

function ImportResultNotice() {
  const result = useImport((s) => s.lastResult);
  if (!result) return null;
  return (
    <Notice kind="success" testId="import-result" onDismiss={useImport.getState().dismissResult}>
      {t('import.done', { count: result.imported, name: result.name })}
      {result.skipped > 0 && <> {t('import.skipped', { count: result.skipped })}</>}
      {result.flagged > 0 && <> {t('import.flagged', { count: result.flagged })}</>}
    </Notice>
  );
}

export function DocumentsScreen() {
  const total = useDocuments((s) => s.total);
  const pages = useDocuments((s) => s.pages);
  const selected = useDocuments((s) => s.selected);
  const error = useDocuments((s) => s.error);
  const { ensureRange, select } = useDocuments.getState();
  const onRange = useCallback((first: number, last: number) => ensureRange(first, last), [ensureRange]);

  return (
    <div className="screen screen-fill">
      <div className="screen-header screen-header-row">
        <h1>{t('documents.title')}</h1>
        {total !== null && (
          <span className="count-badge" data-testid="documents-total">
            {t('documents.total', { count: total })}
          </span>
        )}
      </div>
      <ImportResultNotice />
      {error && <Notice kind="error">{t('documents.loadFailed', { message: error })}</Notice>}
      {total === 0 ? (
        <div className="card empty-state" data-testid="documents-empty">
          <p>{t('documents.empty')}</p>
          <div>
            <button type="button" className="btn btn-primary" onClick={() => useNav.getState().go('import')}>
              {t('documents.goImport')}
            </button>
          </div>
        </div>
      ) : (
        <DocumentTable total={total ?? 0} pages={pages} selected={selected} onSelect={select} onRange={onRange} />
      )}
    </div>
  );
}
