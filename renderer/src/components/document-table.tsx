// The virtual table of every document: only the rows in view (and a few around them) are in the
// DOM; their pages are fetched as they scroll in. The grid is one focus stop; the arrow keys,
// Page Up/Down, Home and End move the selected row; Enter (or a click) opens the row's detail,
// Escape closes it. With a question chosen, a Suggestion column shows the model's top label and
// its score.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { DocumentRow } from '../../../common/contract';
import { formatNumber, formatPercent, t } from '../i18n/t';
import { rowAt, type Pages } from '../state/page-cache';

/** Fixed row height: two lines of text plus padding. Fixed, so no row is ever measured. */
export const ROW_HEIGHT = 56;
const OVERSCAN = 8;
/** Enough for two clamped lines at any width; the cell never holds a whole long article. */
const TEXT_CHARS = 600;

interface DocumentTableProps {
  id?: string;
  total: number;
  pages: Pages<DocumentRow>;
  selected: number;
  onSelect(index: number): void;
  /** Enter or a click: show the row's whole text. */
  onOpen(index: number): void;
  /** Escape: hide it again. */
  onClose(): void;
  onRange(first: number, last: number): void;
  /** Show the Suggestion column (a question is chosen). */
  showSuggestion?: boolean;
}

function SuggestionCell({ suggestion }: { suggestion: DocumentRow['suggestion'] }) {
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

function metadataSummary(metadata: Record<string, string>): string {
  return Object.entries(metadata)
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
}

export function DocumentTable({ id, total, pages, selected, onSelect, onOpen, onClose, onRange, showSuggestion = false }: DocumentTableProps) {
  const columns = showSuggestion ? 5 : 4;
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

  const move = (index: number) => {
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, index));
    onSelect(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === 'Escape') {
      e.preventDefault();
      if (e.key === 'Enter' && total > 0) onOpen(selected);
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

  return (
    <div
      id={id}
      className={showSuggestion ? 'doc-grid doc-grid-suggest' : 'doc-grid'}
      role="grid"
      aria-label={t('documents.tableLabel')}
      aria-rowcount={total + 1}
      aria-colcount={columns}
      aria-activedescendant={selected >= first && selected <= last && total > 0 ? `doc-row-${selected}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="documents-table"
    >
      <div className="doc-head" role="rowgroup">
        <div className="doc-row doc-row-head" role="row" aria-rowindex={1}>
          <div role="columnheader" className="doc-cell doc-index">
            {t('documents.col.index')}
          </div>
          <div role="columnheader" className="doc-cell">
            {t('documents.col.id')}
          </div>
          <div role="columnheader" className="doc-cell">
            {t('documents.col.text')}
          </div>
          {showSuggestion && (
            <div role="columnheader" className="doc-cell">
              {t('documents.col.suggestion')}
            </div>
          )}
          <div role="columnheader" className="doc-cell">
            {t('documents.col.metadata')}
          </div>
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
                data-testid="doc-row"
                data-index={item.index}
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
                      {row.text.length > TEXT_CHARS ? `${row.text.slice(0, TEXT_CHARS)}…` : row.text}
                    </div>
                    {showSuggestion && <SuggestionCell suggestion={row.suggestion ?? null} />}
                    <div role="gridcell" className="doc-cell doc-meta" dir="auto">
                      {metadataSummary(row.metadata)}
                    </div>
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
