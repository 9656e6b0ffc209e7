// The Browse table: every document matching the filters in one virtual table. Only the rows in
// view (and a few around them) are in the DOM; their pages are fetched as they scroll in. The grid
// is one focus stop; the arrow keys, Page Up/Down, Home and End move the selected row. With a
// question chosen, Enter (or a click) opens the row's document in Annotate, and i or Space (or the
// row's details button) shows its whole text beside the table; without one there is nothing to code,
// so Enter and a click show the text. Escape closes the text. With a question the rows show its
// state: status, label, suggestion and confidence, coder, decision time and flag, and where the
// project has gold labels the gold (the filters find where it differs); the headers sort.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import type { BrowseRow } from '../../../common/contract';
import { formatDateTime, formatNumber, formatPercent, getLocale, t } from '../i18n/t';
import type { BrowseSort } from '../state/browse-store';
import { rowAt, type Pages } from '../state/page-cache';

/** Fixed row height: two lines of text plus padding. Fixed, so no row is ever measured. */
export const ROW_HEIGHT = 56;
const OVERSCAN = 8;

interface BrowseTableProps {
  id?: string;
  total: number;
  pages: Pages<BrowseRow>;
  selected: number;
  onSelect(index: number): void;
  /** Show the row's whole text: i, Space or the details button (Enter or a click without onAnnotate). */
  onOpen(index: number): void;
  /** Enter or a click: code the row's document in Annotate (given when a question is chosen). */
  onAnnotate?(row: BrowseRow): void;
  /** Escape: hide it again. */
  onClose(): void;
  onRange(first: number, last: number): void;
  /** Show the question's columns (a question is chosen). */
  showSuggestion?: boolean;
  /** Show the Gold column (with the question's columns; the project has gold labels). */
  showGold?: boolean;
  sort: BrowseSort;
  direction: 'asc' | 'desc';
  onSort(sort: BrowseSort): void;
  /** Grows when the query changes: back to the top. */
  queryVersion?: number;
}

/** The Id column grows to the longest id among the loaded rows (up to this many characters). */
const ID_CHARS_MAX = 24;

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The UI language's medium date or short time, made once per language. */
function dateFormat(part: 'date' | 'time'): Intl.DateTimeFormat {
  const key = `${getLocale()}:${part}`;
  let f = dateFormats.get(key);
  if (!f)
    dateFormats.set(key, (f = new Intl.DateTimeFormat(getLocale(), part === 'date' ? { dateStyle: 'medium' } : { timeStyle: 'short' })));
  return f;
}

/** The decision's date over its time: two short lines fit a narrow column whole, where one line
 * ("Dec 17, 2026, 10:00 AM") was cut off at 1440 px. */
function DecidedCell({ iso }: { iso: string | null }) {
  const d = iso ? new Date(iso) : null;
  const valid = d !== null && !Number.isNaN(d.getTime());
  return (
    <div role="gridcell" className="doc-cell browse-date" title={iso ? formatDateTime(iso) : undefined} data-testid="doc-decided">
      {valid && (
        <>
          <span>{dateFormat('date').format(d)}</span>
          <span>{dateFormat('time').format(d)}</span>
        </>
      )}
      {iso && !valid ? iso : null}
    </div>
  );
}

/** A unit of a segmentation: its document's id over its place there ("unit 3 of 12"). */
function UnitIdCell({ row, parent }: { row: BrowseRow; parent: NonNullable<BrowseRow['parent']> }) {
  return (
    <div
      role="gridcell"
      className="doc-cell doc-id doc-id-unit"
      title={t('segments.annotate.position', { index: parent.index + 1, count: parent.count, parent: parent.externalId })}
      data-testid="doc-id"
      data-external-id={row.externalId}
    >
      <span dir="auto" data-testid="doc-parent">
        {parent.externalId}
      </span>
      <span className="doc-position" data-testid="doc-position">
        {t('segments.browse.position', { index: parent.index + 1, count: parent.count })}
      </span>
    </div>
  );
}

function SuggestionCell({ suggestion }: { suggestion: BrowseRow['suggestion'] }) {
  return (
    <div role="gridcell" className="doc-cell doc-suggestion" data-testid="doc-suggestion" data-scored={suggestion ? 'true' : 'false'}>
      {suggestion ? (
        <span
          className="suggestion"
          title={t('documents.suggestionValue', { label: suggestion.label, score: formatPercent(suggestion.score, 1) })}
        >
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

function GoldCell({ row }: { row: BrowseRow }) {
  return (
    <div role="gridcell" className="doc-cell browse-gold" dir="auto" data-testid="doc-gold">
      {row.gold ?? ''}
    </div>
  );
}

function StateCells({ row, showGold }: { row: BrowseRow; showGold: boolean }) {
  return (
    <>
      <div role="gridcell" className="doc-cell" data-testid="doc-status" data-status={row.status}>
        <span className={`browse-status browse-status-${row.status}`}>{t(`browse.status.${row.status}`)}</span>
      </div>
      <div role="gridcell" className="doc-cell browse-labels" dir="auto" data-testid="doc-label">
        {row.labels.join(', ')}
        {row.accepted === false && (
          <span className="browse-changed" title={t('browse.changedHint')}>
            {t('browse.changed')}
          </span>
        )}
      </div>
      <SuggestionCell suggestion={row.suggestion} />
      {showGold && <GoldCell row={row} />}
      <div role="gridcell" className="doc-cell browse-coder" dir="auto" data-testid="doc-coder">
        {row.coder ?? ''}
      </div>
      <DecidedCell iso={row.decidedAt} />
      <div
        role="gridcell"
        className="doc-cell browse-flag"
        data-testid="doc-flag"
        data-flagged={row.flagged ? 'true' : 'false'}
        title={row.note ?? undefined}
      >
        {row.flagged ? <span aria-label={t('browse.flagged')}>⚑</span> : null}
        {row.note ? (
          <span className="browse-note" aria-label={t('browse.hasNote')}>
            ✎
          </span>
        ) : null}
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

export function BrowseTable(props: BrowseTableProps) {
  const {
    id,
    total,
    pages,
    selected,
    onSelect,
    onOpen,
    onAnnotate,
    onClose,
    onRange,
    showSuggestion = false,
    showGold: goldWanted = false,
    sort,
    direction,
    onSort,
    queryVersion = 0,
  } = props;
  const showGold = showSuggestion && goldWanted;
  const columns = showSuggestion ? (showGold ? 10 : 9) : 3;
  const scroller = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLDivElement>(null);
  // The header scrolls with the rows (sticky at the top): rows start below it.
  const [headHeight, setHeadHeight] = useState(0);
  useLayoutEffect(() => setHeadHeight(headRef.current?.offsetHeight ?? 0), [showSuggestion, goldWanted]);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin: headHeight,
  });
  const items = virtualizer.getVirtualItems();
  // The Id column is as wide as the longest id loaded so far (ids are short codes, numbers or
  // names), within the grid's bounds (browse.css); a longer one ends in … with its title.
  const idStyle = useMemo(() => {
    let chars = 2;
    for (const rows of Object.values(pages)) for (const r of rows ?? []) chars = Math.max(chars, r.externalId.length);
    return { '--doc-id-width': `calc(${Math.min(chars, ID_CHARS_MAX)}ch + 1.75rem)` } as CSSProperties;
  }, [pages]);
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
    if (e.altKey) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
      return;
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      const row = rowAt(pages, selected);
      if (onAnnotate) {
        if (row) onAnnotate(row);
      } else if (total > 0) onOpen(selected);
      return;
    }
    if (!e.ctrlKey && !e.metaKey && (e.key === 'i' || e.key === 'I' || e.key === ' ')) {
      e.preventDefault();
      if (total > 0) onOpen(selected);
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
  // [Note: grid scrolling] The scrolling frame holds the grid, the one focus stop of the table
  // (arrow keys move the active row through aria-activedescendant and scroll it into view), with a
  // sticky header, so the scrolled region has keyboard access (axe: scrollable-region-focusable).
  return (
    <div className="doc-frame" ref={scroller} data-testid="browse-scroll">
      <div
        id={id}
        className={
          showSuggestion ? `doc-grid doc-grid-suggest browse-grid${showGold ? ' browse-grid-gold' : ''}` : 'doc-grid browse-grid-plain'
        }
        role="grid"
        aria-label={t(onAnnotate ? 'browse.tableLabelCoding' : 'browse.tableLabel')}
        aria-rowcount={total + 1}
        aria-colcount={columns}
        style={idStyle}
        aria-activedescendant={selected >= first && selected <= last && total > 0 ? `doc-row-${selected}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="browse-table"
      >
        <div className="doc-head" role="rowgroup" ref={headRef}>
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
        </div>
        <div className="doc-body" role="rowgroup">
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
                  className={`doc-row${isSelected ? ' doc-row-selected' : ''}${row ? '' : ' doc-row-loading'}${row?.parent?.index === 0 ? ' doc-row-parent-start' : ''}`}
                  style={{ height: ROW_HEIGHT, transform: `translateY(${item.start - headHeight}px)` }}
                  onClick={() => {
                    if (!onAnnotate) onOpen(item.index);
                    else if (row) {
                      onSelect(item.index);
                      onAnnotate(row);
                    } else onSelect(item.index);
                  }}
                  data-testid="doc-row"
                  data-index={item.index}
                  data-document-id={row?.id}
                >
                  <div role="gridcell" className="doc-cell doc-index">
                    {formatNumber(item.index + 1)}
                    {onAnnotate && row && (
                      // One focus stop for the whole grid: the keyboard's way to the text is i or Space.
                      <button
                        type="button"
                        className="browse-details"
                        tabIndex={-1}
                        aria-label={t('browse.details', { id: row.externalId })}
                        title={t('browse.detailsHint')}
                        onClick={(e) => {
                          e.stopPropagation();
                          onOpen(item.index);
                        }}
                        data-testid="doc-details"
                      >
                        <span aria-hidden="true">i</span>
                      </button>
                    )}
                  </div>
                  {row ? (
                    <>
                      {row.parent ? (
                        <UnitIdCell row={row} parent={row.parent} />
                      ) : (
                        <div
                          role="gridcell"
                          className="doc-cell doc-id"
                          dir="auto"
                          title={row.externalId.length > ID_CHARS_MAX ? row.externalId : undefined}
                          data-testid="doc-id"
                        >
                          {row.externalId}
                        </div>
                      )}
                      <div role="gridcell" className="doc-cell doc-text" dir="auto" data-testid="doc-text">
                        {row.textLength > row.text.length ? `${row.text}…` : row.text}
                      </div>
                      {showSuggestion && <StateCells row={row} showGold={showGold} />}
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
    </div>
  );
}
