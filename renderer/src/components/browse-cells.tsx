// The cells of a Browse row beyond the index, id and text: a unit's place in its document, and with
// a question its state (status, label, suggestion and confidence, gold, coder, decision time, flag
// and note). browse-table.tsx lays them out.
import type { BrowseRow } from '../../../common/contract';
import { formatDateTime, formatPercent, getLocale, t } from '../i18n/t';

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
export function UnitIdCell({ row, parent }: { row: BrowseRow; parent: NonNullable<BrowseRow['parent']> }) {
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
      {row.gold ?? (row.goldNoLabel ? <span className="browse-gold-none">{t('browse.gold.noLabel')}</span> : '')}
    </div>
  );
}

export function StateCells({ row, showGold }: { row: BrowseRow; showGold: boolean }) {
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
