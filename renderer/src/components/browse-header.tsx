// The Browse table's header row: the column names, the sortable ones as buttons (the suggestion's
// column sorts by label or by confidence), aria-sort on the active one.
import type { ReactNode } from 'react';
import { t } from '../i18n/t';
import type { BrowseSort } from '../state/browse-store';

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

function SortButton({
  label,
  sortKey,
  sort,
  direction,
  onSort,
}: {
  label: string;
  sortKey: BrowseSort;
  sort: BrowseSort;
  direction: 'asc' | 'desc';
  onSort(s: BrowseSort): void;
}) {
  const active = sort === sortKey;
  return (
    <button
      type="button"
      className={`browse-sort${active ? ' browse-sort-active' : ''}`}
      onClick={() => onSort(sortKey)}
      data-testid={`sort-${sortKey}`}
    >
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
    <div
      role="columnheader"
      className={`doc-cell${className ? ` ${className}` : ''}`}
      aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : sortKey ? 'none' : undefined}
    >
      {sortKey ? <SortButton label={label} sortKey={sortKey} sort={sort} direction={direction} onSort={onSort} /> : label}
      {extra && <SortButton label={extra.label} sortKey={extra.sortKey} sort={sort} direction={direction} onSort={onSort} />}
    </div>
  );
}

/** The header row: index, id and text; with a question its columns, the Gold one where shown. */
export function HeadRow({
  showSuggestion,
  showGold,
  sort,
  direction,
  onSort,
}: {
  showSuggestion: boolean;
  showGold: boolean;
  sort: BrowseSort;
  direction: 'asc' | 'desc';
  onSort(sort: BrowseSort): void;
}) {
  const head = { sort, direction, onSort };
  return (
    <div className="doc-row doc-row-head" role="row" aria-rowindex={1}>
      <Header label={t('documents.col.index')} className="doc-index" {...head} />
      <Header label={t('documents.col.id')} sortKey="document" {...head} />
      <Header label={t('documents.col.text')} {...head} />
      {showSuggestion && (
        <>
          <Header label={t('browse.col.status')} {...head} />
          <Header label={t('browse.col.label')} sortKey="label" {...head} />
          <Header
            label={t('documents.col.suggestion')}
            sortKey="suggestion"
            extra={{ label: t('browse.col.confidence'), sortKey: 'confidence' }}
            {...head}
          />
          {showGold && <Header label={t('browse.col.gold')} {...head} />}
          <Header label={t('browse.col.coder')} sortKey="coder" {...head} />
          <Header label={t('browse.col.decidedAt')} sortKey="decided_at" {...head} />
          <Header label={t('browse.col.flag')} className="browse-flag-head" {...head} />
        </>
      )}
    </div>
  );
}
