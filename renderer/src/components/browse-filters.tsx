// The filters above the Browse table: full-text search (words by prefix, accents ignored) and, with
// a question chosen, its status, current label, suggestion, confidence range, coder, flag and
// whether the decision kept the suggestion, and where the project has gold labels the gold (has one,
// means a label, differs from the decision or the suggestion). Every control is labelled; Reset
// clears them.
import { useCallback, useEffect, useId, useState } from 'react';
import type { CodebookQuestion, Coder } from '../../../common/contract';
import { t } from '../i18n/t';
import { api } from '../platform/platform';
import { noFilters, type BrowseFilters as Filters } from '../state/browse-store';

/** Search and the confidence bounds wait for a pause in typing before they ask the core. */
const SEARCH_DELAY_MS = 250;

interface BrowseFiltersProps {
  filters: Filters;
  question: CodebookQuestion | null;
  /** The project has gold labels: the gold filter shows. */
  hasGold?: boolean;
  onChange(patch: Partial<Filters>): void;
}

/** The gold filter as one choice: a kind, or `label:<id>`. */
const goldValue = (f: Filters) => (f.goldLabelId ? `label:${f.goldLabelId}` : (f.gold ?? ''));
const goldPatch = (v: string): Partial<Filters> =>
  v.startsWith('label:')
    ? { gold: null, goldLabelId: v.slice('label:'.length) }
    : { gold: (v || null) as Filters['gold'], goldLabelId: null };

function SelectField({
  label,
  value,
  onChange,
  testId,
  children,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  testId: string;
  children: React.ReactNode;
}) {
  const id = useId();
  return (
    <div className="field browse-field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {children}
      </select>
    </div>
  );
}

/** A percentage field for a confidence bound: empty is open, else 0-100. It applies as typed, after
 * a pause like the search (Enter or leaving the field applies at once). */
function PercentField({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: number | null;
  onChange(v: number | null): void;
  testId: string;
}) {
  const id = useId();
  const [text, setText] = useState(value === null ? '' : String(Math.round(value * 100)));
  useEffect(() => setText(value === null ? '' : String(Math.round(value * 100))), [value]);
  const n = Number(text);
  const valid = text.trim() === '' || (Number.isFinite(n) && n >= 0 && n <= 100);
  const next = !valid ? undefined : text.trim() === '' ? null : n / 100;
  const commit = () => {
    if (next !== undefined && next !== value) onChange(next);
  };
  useEffect(() => {
    if (next === undefined || next === value) return;
    const timer = setTimeout(() => onChange(next), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [next, value, onChange]);
  return (
    <div className="field browse-field browse-field-narrow">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="input"
        inputMode="decimal"
        value={text}
        aria-invalid={!valid}
        title={valid ? undefined : t('browse.percentInvalid')}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        data-testid={testId}
      />
    </div>
  );
}

export function BrowseFilters({ filters, question, hasGold = false, onChange }: BrowseFiltersProps) {
  const searchId = useId();
  const [search, setSearch] = useState(filters.search);
  const [coders, setCoders] = useState<Coder[]>([]);
  useEffect(() => setSearch(filters.search), [filters.search]);
  useEffect(() => {
    if (search === filters.search) return;
    const timer = setTimeout(() => onChange({ search }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, filters.search, onChange]);
  useEffect(() => {
    if (!question) return;
    let live = true;
    api()
      .call('coders.list', {})
      .then((list) => live && setCoders(list))
      .catch(() => undefined); // Without the list the coder filter offers no names; nothing else depends on it.
    return () => {
      live = false;
    };
  }, [question]);

  // Stable, so a bound's pending change survives a render of the table meanwhile.
  const setMin = useCallback((v: number | null) => onChange({ minConfidence: v }), [onChange]);
  const setMax = useCallback((v: number | null) => onChange({ maxConfidence: v }), [onChange]);

  const labels = question?.labels.filter((l) => !l.archived) ?? [];
  const any = t('browse.any');
  // The label filter and the suggestion filter offer the same labels.
  const labelOptions = labels.map((l) => (
    <option key={l.id} value={l.id}>
      {l.name}
    </option>
  ));
  const active = JSON.stringify({ ...filters, search: '' }) !== JSON.stringify({ ...noFilters, search: '' }) || filters.search !== '';
  return (
    <div className="browse-filters" role="search" aria-label={t('browse.filtersLabel')} data-testid="browse-filters">
      <div className="field browse-field browse-search">
        <label className="field-label" htmlFor={searchId}>
          {t('browse.search')}
        </label>
        <input
          id={searchId}
          className="input"
          type="search"
          value={search}
          maxLength={500}
          placeholder={t('browse.searchPlaceholder')}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="browse-search"
        />
      </div>
      {question && (
        <>
          <SelectField
            label={t('browse.col.status')}
            value={filters.status}
            onChange={(v) => onChange({ status: v as Filters['status'] })}
            testId="filter-status"
          >
            <option value="any">{any}</option>
            <option value="open">{t('browse.status.open')}</option>
            <option value="decided">{t('browse.status.decided')}</option>
            <option value="skipped">{t('browse.status.skipped')}</option>
          </SelectField>
          <SelectField
            label={t('browse.col.label')}
            value={filters.labelId ?? ''}
            onChange={(v) => onChange({ labelId: v || null })}
            testId="filter-label"
          >
            <option value="">{any}</option>
            {labelOptions}
          </SelectField>
          <SelectField
            label={t('documents.col.suggestion')}
            value={filters.suggestionId ?? ''}
            onChange={(v) => onChange({ suggestionId: v || null })}
            testId="filter-suggestion"
          >
            <option value="">{any}</option>
            {labelOptions}
          </SelectField>
          <PercentField label={t('browse.minConfidence')} value={filters.minConfidence} onChange={setMin} testId="filter-min-confidence" />
          <PercentField label={t('browse.maxConfidence')} value={filters.maxConfidence} onChange={setMax} testId="filter-max-confidence" />
          <SelectField
            label={t('browse.col.coder')}
            value={filters.coder ?? ''}
            onChange={(v) => onChange({ coder: v || null })}
            testId="filter-coder"
          >
            <option value="">{any}</option>
            {coders.map((c) => (
              <option key={c.id} value={c.name}>
                {c.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('browse.col.flag')}
            value={filters.flagged === null ? '' : String(filters.flagged)}
            onChange={(v) => onChange({ flagged: v === '' ? null : v === 'true' })}
            testId="filter-flagged"
          >
            <option value="">{any}</option>
            <option value="true">{t('browse.flaggedOnly')}</option>
            <option value="false">{t('browse.notFlagged')}</option>
          </SelectField>
          <SelectField
            label={t('browse.agreement')}
            value={filters.agreement ?? ''}
            onChange={(v) => onChange({ agreement: (v || null) as Filters['agreement'] })}
            testId="filter-agreement"
          >
            <option value="">{any}</option>
            <option value="accepted">{t('browse.accepted')}</option>
            <option value="changed">{t('browse.changedFilter')}</option>
          </SelectField>
          {hasGold && (
            <SelectField
              label={t('browse.col.gold')}
              value={goldValue(filters)}
              onChange={(v) => onChange(goldPatch(v))}
              testId="filter-gold"
            >
              <option value="">{any}</option>
              <option value="has">{t('browse.gold.has')}</option>
              {labels.map((l) => (
                <option key={l.id} value={`label:${l.id}`}>
                  {t('browse.gold.is', { label: l.name })}
                </option>
              ))}
              <option value="differs_decision">{t('browse.gold.differsDecision')}</option>
              <option value="differs_suggestion">{t('browse.gold.differsSuggestion')}</option>
            </SelectField>
          )}
        </>
      )}
      {active && (
        <button
          type="button"
          className="btn btn-small btn-quiet browse-reset"
          onClick={() => {
            setSearch('');
            onChange({ ...noFilters });
          }}
          data-testid="filter-reset"
        >
          {t('browse.reset')}
        </button>
      )}
    </div>
  );
}
