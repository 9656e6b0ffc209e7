// Documents: every document of the project in one virtual table, with the last import's outcome,
// and the selected document's whole text in a panel beside it.
import { useCallback } from 'react';
import { DocumentDetail } from '../components/document-detail';
import { DocumentTable } from '../components/document-table';
import { Notice } from '../components/notice';
import { t } from '../i18n/t';
import { useDocuments } from '../state/documents-store';
import { useImport } from '../state/import-store';
import { useNav } from '../state/nav-store';
import { rowAt } from '../state/page-cache';

const GRID_ID = 'documents-grid';

function ImportResultNotice() {
  const result = useImport((s) => s.lastResult);
  if (!result) return null;
  return (
    <Notice kind="success" testId="import-result" onDismiss={useImport.getState().dismissResult}>
      {t('import.done', { count: result.imported, name: result.name })}{' '}
      <span data-testid="import-result-skipped">{result.skipped > 0 ? t('import.skipped', { count: result.skipped }) : t('import.noneSkipped')}</span>{' '}
      <span data-testid="import-result-flagged">{result.flagged > 0 ? t('import.flagged', { count: result.flagged }) : t('import.noneFlagged')}</span>
    </Notice>
  );
}

export function DocumentsScreen() {
  const total = useDocuments((s) => s.total);
  const pages = useDocuments((s) => s.pages);
  const selected = useDocuments((s) => s.selected);
  const error = useDocuments((s) => s.error);
  const detailOpen = useDocuments((s) => s.detailOpen);
  const { ensureRange, select, openDetail, closeDetail } = useDocuments.getState();
  const onRange = useCallback((first: number, last: number) => ensureRange(first, last), [ensureRange]);
  const closeAndReturn = () => {
    closeDetail();
    document.getElementById(GRID_ID)?.focus();
  };

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
        <div className={`doc-layout${detailOpen ? ' doc-layout-detail' : ''}`}>
          <DocumentTable
            id={GRID_ID}
            total={total ?? 0}
            pages={pages}
            selected={selected}
            onSelect={select}
            onOpen={openDetail}
            onClose={closeDetail}
            onRange={onRange}
          />
          {detailOpen && total ? <DocumentDetail row={rowAt(pages, selected) ?? null} index={selected} total={total} onClose={closeAndReturn} /> : null}
        </div>
      )}
    </div>
  );
}
