// The Browse table: every document matching the filters in one virtual table. Only the rows in
// view (and a few around them) are in the DOM; their pages are fetched as they scroll in. The grid
// is one focus stop; the arrow keys, Page Up/Down, Home and End move the selected row. With a
// question chosen, Enter (or a click) opens the row's document in Annotate, and i or Space (or the
// row's details button) shows its whole text beside the table; without one there is nothing to code,
// so Enter and a click show the text. Escape closes the text. With a question the rows show its
// state: status, label, suggestion and confidence, coder, decision time and flag, and where the
// project has gold labels the gold (the filters find where it differs); the headers sort. The cells
// are browse-cells.tsx, the header row browse-header.tsx.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import type { BrowseRow } from '../../../common/contract';
import { formatNumber, t } from '../i18n/t';
import type { BrowseSort } from '../state/browse-store';
import { rowAt, type Pages } from '../state/page-cache';
import { StateCells, UnitIdCell } from './browse-cells';
import { HeadRow } from './browse-header';

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
          <HeadRow showSuggestion={showSuggestion} showGold={showGold} sort={sort} direction={direction} onSort={onSort} />
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
