// The Browse table: every document matching the filters in one virtual table. Only the rows in
// view (and a few around them) are in the DOM; their pages are fetched as they scroll in. The grid
// is one focus stop; the arrow keys, Page Up/Down, Home and End move the selected row; Enter (or a
// click) shows the row's whole text beside the table, Ctrl+Enter (or a double click) opens it in
// Annotate, Escape closes the text. With a question chosen the rows show its state: status, label,
// suggestion and confidence, coder, decision time and flag; the column headers sort.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { BrowseRow } from '../../../common/contract';
import { formatDateTime, formatNumber, formatPercent, t } from '../i18n/t';
import type { BrowseSort } from '../state/documents-store';
import { rowAt, type Pages } from '../state/page-cache';

/** Fixed row height: two lines of text plus padding. Fixed, so no row is ever measured. */
export const ROW_HEIGHT = 56;
const OVERSCAN = 8;

interface DocumentTableProps {
  id?: string;
  total: number;
  pages: Pages<BrowseRow>;
  selected: number;
  onSelect(index: number): void;
  /** Enter or a click: show the row's whole text. */
  onOpen(index: number): void;
  /** Ctrl+Enter or a double click: code the row's document in Annotate. */
  onAnnotate?(row: BrowseRow): void;
  /** Escape: hide it again. */
  onClose(): void;
  onRange(first: number, last: number): void;
  /** Show the question's columns (a question is chosen). */
  showSuggestion?: boolean;
  sort: BrowseSort;
  direction: 'asc' | 'desc';
  onSort(sort: BrowseSort): void;
  /** Grows when the query changes: back to the top. */
  queryVersion?: number;
}

function SuggestionCell({ suggestion }: { suggestion: BrowseRow['suggestion'] }) {
  return (
    <div role="gridcell" className="doc-cell doc-suggestion" data-testid="doc-suggestion" data-scored={suggestion ? 'true' : 'false'}>
      {suggestion ? (
        <span className="suggestion" title={t('documents.suggestionValue', { label: suggestion.label, score: formatPercent(suggestion.score, 1) })}>
          <span className="suggestion-label" dir="auto">
            {suggestion.label}
          </span>
          <span className="suggestion-score">{formatPercent(suggestion.score)}</span>
        </span>
      ) : (
        <span className="doc-unscored">{t('documents.notScored')}</span>
      )}
    </div>
  );
}

function StateCells({ row }: { row: BrowseRow }) {
  return (
    <>
      <div role="gridcell" className="doc-cell" data-testid="doc-status" data-status={row.status}>
        <span className={`browse-status browse-status-${row.status}`}>{t(`browse.status.${row.status}`)}</span>
      </div>
      <div role="gridcell" className="doc-cell browse-labels" dir="auto" data-testid="doc-label">
        {row.labels.join(', ')}
        {row.accepted === false && <span className="browse-changed" title={t('browse.changedHint')}>{t('browse.changed')}</span>}
      </div>
      <SuggestionCell suggestion={row.suggestion} />
      <div role="gridcell" className="doc-cell browse-coder" dir="auto" data-testid="doc-coder">
        {row.coder ?? ''}
      </div>
      <div role="gridcell" className="doc-cell browse-date">
        {row.decidedAt ? formatDateTime(row.decidedAt) : ''}
      </div>
      <div role="gridcell" className="doc-cell browse-flag" data-testid="doc-flag" data-flagged={row.flagged ? 'true' : 'false'} title={row.note ?? undefined}>
        {row.flagged ? <span aria-label={t('browse.flagged')}>⚑</span> : null}
        {row.note ? <span className="browse-note" aria-label={t('browse.hasNote')}>✎</span> : null}
      </div>
    </>
  );
}

interface HeaderProps {
  label: string;
  sortKey?: BrowseSort;
  /** A second sort in the same column (the suggestion's confidence). */
  extra?: { label: string; sortKey: BrowseSort };
  sort: BrowseSort;
  direction: 'asc' | 'desc';
  onSort(sort: BrowseSort): void;
  className?: string;
}

function SortButton({ label, sortKey, sort, direction, onSort }: { label: string; sortKey: BrowseSort; sort: BrowseSort; direction: 'asc' | 'desc'; onSort(s: BrowseSort): void }) {
  const active = sort === sortKey;
  return (
    <button type="button" className={`browse-sort${active ? ' browse-sort-active' : ''}`} onClick={() => onSort(sortKey)} data-testid={`sort-${sortKey}`}>
      {label}
      <span aria-hidden="true" className="browse-sort-arrow">
        {active ? (direction === 'asc' ? '▲' : '▼') : ''}
      </span>
    </button>
  );
}

function Header({ label, sortKey, extra, sort, direction, onSort, className }: HeaderProps): ReactNode {
  const active = (sortKey && sort === sortKey) || (extra && sort === extra.sortKey);
  return (
    <div role="columnheader" className={`doc-cell${className ? ` ${className}` : ''}`} aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : sortKey ? 'none' : undefined}>
      {sortKey ? <SortButton label={label} sortKey={sortKey} sort={sort} direction={direction} onSort={onSort} /> : label}
      {extra && <SortButton label={extra.label} sortKey={extra.sortKey} sort={sort} direction={direction} onSort={onSort} />}
    </div>
  );
}

export function DocumentTable(props: DocumentTableProps) {
  const { id, total, pages, selected, onSelect, onOpen, onAnnotate, onClose, onRange, showSuggestion = false, sort, direction, onSort, queryVersion = 0 } = props;
  const columns = showSuggestion ? 9 : 3;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    onRange(first, last);
  }, [first, last, total, onRange]);

  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [queryVersion]);

  const move = (index: number) => {
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, index));
    onSelect(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget) return; // the sort buttons in the header keep their own keys
    if (e.key === 'Enter' || e.key === 'Escape') {
      e.preventDefault();
      const row = rowAt(pages, selected);
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && row && onAnnotate) onAnnotate(row);
      else if (e.key === 'Enter' && total > 0) onOpen(selected);
      else if (e.key === 'Escape') onClose();
      return;
    }
    const perPage = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => number> = {
      ArrowDown: () => selected + 1,
      ArrowUp: () => selected - 1,
      PageDown: () => selected + perPage,
      PageUp: () => selected - perPage,
      Home: () => 0,
      End: () => total - 1,
    };
    const target = keys[e.key];
    if (!target) return;
    e.preventDefault();
    move(target());
  };

  const head = { sort, direction, onSort };
  return (
    <div
      id={id}
      className={showSuggestion ? 'doc-grid doc-grid-suggest browse-grid' : 'doc-grid browse-grid-plain'}
      role="grid"
      aria-label={t('browse.tableLabel')}
      aria-rowcount={total + 1}
      aria-colcount={columns}
      aria-activedescendant={selected >= first && selected <= last && total > 0 ? `doc-row-${selected}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="documents-table"
    >
      <div className="doc-head" role="rowgroup">
        <div className="doc-row doc-row-head" role="row" aria-rowindex={1}>
          <Header label={t('documents.col.index')} className="doc-index" {...head} />
          <Header label={t('documents.col.id')} sortKey="document" {...head} />
          <Header label={t('documents.col.text')} {...head} />
          {showSuggestion && (
            <>
              <Header label={t('browse.col.status')} {...head} />
              <Header label={t('browse.col.label')} sortKey="label" {...head} />
              <Header label={t('documents.col.suggestion')} sortKey="suggestion" extra={{ label: t('browse.col.confidence'), sortKey: 'confidence' }} {...head} />
              <Header label={t('browse.col.coder')} sortKey="coder" {...head} />
              <Header label={t('browse.col.decidedAt')} sortKey="decided_at" {...head} />
              <Header label={t('browse.col.flag')} {...head} />
            </>
          )}
        </div>
      </div>
      <div className="doc-scroll" ref={scroller} role="rowgroup" data-testid="documents-scroll">
        <div className="doc-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rowAt(pages, item.index);
            const isSelected = item.index === selected;
            return (
              <div
                key={item.key}
                id={`doc-row-${item.index}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={isSelected}
                className={`doc-row${isSelected ? ' doc-row-selected' : ''}${row ? '' : ' doc-row-loading'}`}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={() => onOpen(item.index)}
                onDoubleClick={() => row && onAnnotate?.(row)}
                data-testid="doc-row"
                data-index={item.index}
                data-document-id={row?.id}
              >
                <div role="gridcell" className="doc-cell doc-index">
                  {formatNumber(item.index + 1)}
                </div>
                {row ? (
                  <>
                    <div role="gridcell" className="doc-cell doc-id" dir="auto" data-testid="doc-id">
                      {row.externalId}
                    </div>
                    <div role="gridcell" className="doc-cell doc-text" dir="auto" data-testid="doc-text">
                      {row.textLength > row.text.length ? `${row.text}…` : row.text}
                    </div>
                    {showSuggestion && <StateCells row={row} />}
                  </>
                ) : (
                  <div role="gridcell" className="doc-cell doc-placeholder" aria-colspan={columns - 1}>
                    {t('documents.loadingRow')}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
