// One question of the codebook: its name, whether coders choose one label or several, whether the
// labels are ordered, the hypothesis template, what happens to long documents, and its labels
// (filtered by typing when there are many, archived ones apart).
import { useCallback, useDeferredValue, useId, useMemo, useRef, useState } from 'react';
import { t } from '../i18n/t';
import {
  FILTER_THRESHOLD,
  activeLabels,
  filterLabels,
  hotkeyProblems,
  parentChoices,
  type DraftQuestion,
  type HotkeyProblem,
  type LabelPatch,
  type QuestionPatch,
} from '../state/codebook-draft';
import { CodebookArchivedLabels } from './codebook-archived-labels';
import { CodebookStaleNote } from './codebook-stale-note';
import { LabelEditor, type LabelRowActions } from './label-editor';

interface QuestionFormProps {
  question: DraftQuestion;
  disabled: boolean;
  /** Documents with current and stale predictions for the stored question, when known. */
  predictions: { scored: number; stale: number } | undefined;
  /** Whether saving the draft changes what the model is asked for this question. */
  changesModelInput: boolean;
  onChange(patch: QuestionPatch): void;
  onRemove(): void;
  /** Returns the new label's key, so its name field takes the focus. */
  onAddLabel(): string;
  onChangeLabel(labelKey: string, patch: LabelPatch): void;
  onMoveLabel(labelKey: string, delta: number): void;
  onRemoveLabel(labelKey: string): void;
}

interface ChoiceProps<V extends string> {
  legend: string;
  name: string;
  value: V;
  options: readonly { value: V; label: string }[];
  testId: string;
  onChange(value: V): void;
}

function Choice<V extends string>({ legend, name, value, options, testId, onChange }: ChoiceProps<V>) {
  return (
    <fieldset className="choices" data-testid={testId}>
      <legend className="field-label">{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="check choice">
          <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

function problemText(p: HotkeyProblem): string {
  if (p.kind === 'reserved') return t('codebookEditor.hotkey.reserved', { key: p.key });
  if (p.kind === 'invalid') return t('codebookEditor.hotkey.invalid', { key: p.key });
  return t('codebookEditor.hotkey.taken', { key: p.key, label: p.by || t('codebook.unnamed') });
}

export function QuestionForm(props: QuestionFormProps) {
  const { question: q, disabled, onChange, onChangeLabel, onMoveLabel, onRemoveLabel } = props;
  const id = useId();
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [query, setQuery] = useState('');
  // Typing in the filter stays responsive; the list follows a moment later.
  const deferredQuery = useDeferredValue(query);
  const addButton = useRef<HTMLButtonElement>(null);
  const labels = activeLabels(q);
  const archived = q.labels.filter((l) => l.archived);
  const filtering = deferredQuery.trim() !== '';
  const shown = filtering ? filterLabels(labels, deferredQuery) : labels;
  const showFilter = labels.length >= FILTER_THRESHOLD || query !== '';
  const noBraces = !q.template.includes('{}');
  const problems = useMemo(() => hotkeyProblems(q), [q]);
  // The drop handler reads the current order without making the actions change on every edit.
  const activeLabelKeys = useRef<string[]>([]);
  activeLabelKeys.current = labels.map((l) => l.key);

  const actions = useMemo<LabelRowActions>(
    () => ({
      onChange: onChangeLabel,
      onMove: onMoveLabel,
      onArchive: (labelKey) => {
        onChangeLabel(labelKey, { archived: true });
        // The row leaves the list with the focus in it; keep the keyboard in the form.
        addButton.current?.focus();
      },
      onRemove: (labelKey) => {
        onRemoveLabel(labelKey);
        addButton.current?.focus();
      },
      onToggleDetails: (labelKey) =>
        setOpen((prev) => {
          const next = new Set(prev);
          if (!next.delete(labelKey)) next.add(labelKey);
          return next;
        }),
      onDrop: (draggedKey, targetKey) => {
        const all = activeLabelKeys.current;
        const from = all.indexOf(draggedKey);
        const to = all.indexOf(targetKey);
        if (from >= 0 && to >= 0 && from !== to) onMoveLabel(draggedKey, to - from);
      },
    }),
    [onChangeLabel, onMoveLabel, onRemoveLabel],
  );
  const restore = useCallback((labelKey: string) => onChangeLabel(labelKey, { archived: false }), [onChangeLabel]);

  return (
    <section className="card question-form" aria-labelledby={`${id}-title`} data-testid="question-form">
      <div className="card-header">
        <h2 id={`${id}-title`}>{t('codebook.question.title')}</h2>
        <div className="inline-actions">
          <button
            type="button"
            className="btn btn-quiet btn-small"
            onClick={() => onChange({ archived: true })}
            disabled={disabled}
            title={t('codebookEditor.question.archiveHint')}
            data-testid="question-archive"
          >
            {t('codebookEditor.question.archive')}
          </button>
          <button
            type="button"
            className="btn btn-quiet btn-small"
            onClick={props.onRemove}
            disabled={disabled}
            data-testid="question-remove"
          >
            {t('codebook.question.remove')}
          </button>
        </div>
      </div>
      <CodebookStaleNote questionName={q.name} predictions={props.predictions} changesModelInput={props.changesModelInput} />
      <div className="question-grid">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-name`}>
            {t('codebook.question.name')}
          </label>
          <input
            id={`${id}-name`}
            className="input"
            value={q.name}
            maxLength={200}
            dir="auto"
            autoComplete="off"
            onChange={(e) => onChange({ name: e.target.value })}
            data-testid="question-name"
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-template`}>
            {t('codebook.question.template')}
          </label>
          <input
            id={`${id}-template`}
            className="input"
            value={q.template}
            maxLength={1000}
            dir="auto"
            autoComplete="off"
            aria-describedby={`${id}-template-hint`}
            onChange={(e) => onChange({ template: e.target.value })}
            data-testid="question-template"
          />
          <p id={`${id}-template-hint`} className={noBraces ? 'field-hint hint-warning' : 'field-hint'}>
            {noBraces ? t('codebook.question.templateNoBraces') : t('codebook.question.templateHint')}
          </p>
        </div>
      </div>
      <div className="options-row">
        <Choice
          legend={t('codebook.question.kind')}
          name={`${id}-kind`}
          value={q.multiLabel ? 'multi' : 'single'}
          options={[
            { value: 'single', label: t('codebook.question.single') },
            { value: 'multi', label: t('codebook.question.multi') },
          ]}
          testId="question-kind"
          onChange={(v) => onChange({ multiLabel: v === 'multi' })}
        />
        <Choice
          legend={t('codebook.question.longText')}
          name={`${id}-long`}
          value={q.longText}
          options={[
            { value: 'truncate', label: t('codebook.question.truncate') },
            { value: 'windows', label: t('codebook.question.windows') },
          ]}
          testId="question-long-text"
          onChange={(longText) => onChange({ longText })}
        />
        <fieldset className="choices">
          <legend className="field-label">{t('codebookEditor.question.scale')}</legend>
          <label className="check choice">
            <input
              type="checkbox"
              checked={q.ordered}
              onChange={(e) => onChange({ ordered: e.target.checked })}
              data-testid="question-ordered"
            />
            {t('codebookEditor.question.ordered')}
          </label>
        </fieldset>
      </div>

      <div className="labels-header">
        <h3 className="subheading" id={`${id}-labels`}>
          {t('codebook.labels.title')}
        </h3>
        {showFilter && (
          <div className="field field-inline label-filter">
            <label className="field-label" htmlFor={`${id}-filter`}>
              {t('codebookEditor.filter.label')}
            </label>
            <input
              id={`${id}-filter`}
              className="input"
              type="search"
              value={query}
              autoComplete="off"
              placeholder={t('codebookEditor.filter.placeholder')}
              aria-describedby={`${id}-filter-count`}
              onChange={(e) => {
                setQuery(e.target.value);
                // A new label's row mounts again when the filter lets it back: it must not take the focus then.
                setFocusKey(null);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Escape' && query !== '') {
                  e.preventDefault();
                  setQuery('');
                }
              }}
              data-testid="label-filter"
            />
            <span id={`${id}-filter-count`} className="muted" role="status" data-testid="label-filter-count">
              {filtering ? t('codebookEditor.filter.count', { shown: shown.length, count: labels.length }) : ''}
            </span>
          </div>
        )}
      </div>
      {filtering && <p className="field-hint">{t('codebookEditor.filter.noReorder')}</p>}
      {labels.length === 0 ? (
        <p className="muted" data-testid="labels-empty">
          {t('codebook.labels.empty')}
        </p>
      ) : shown.length === 0 ? (
        <p className="muted" data-testid="labels-none-match">
          {t('codebookEditor.filter.none', { query: deferredQuery.trim() })}
        </p>
      ) : (
        <ol className="label-list" aria-labelledby={`${id}-labels`} data-testid="label-list">
          {shown.map((l, k) => {
            const index = filtering ? labels.indexOf(l) : k;
            const problem = problems.get(l.key);
            return (
              <LabelEditor
                key={l.key}
                label={l}
                index={index}
                count={labels.length}
                template={q.template}
                autoFocus={l.key === focusKey}
                reorderable={!filtering}
                hotkeyProblem={problem ? problemText(problem) : null}
                parentChoices={open.has(l.key) ? parentChoices(q, l.key) : null}
                actions={actions}
              />
            );
          })}
        </ol>
      )}
      <div>
        <button
          ref={addButton}
          type="button"
          className="btn"
          onClick={() => {
            setQuery('');
            setFocusKey(props.onAddLabel());
          }}
          disabled={disabled}
          data-testid="add-label"
        >
          {t('codebook.labels.add')}
        </button>
      </div>
      {archived.length > 0 && <CodebookArchivedLabels labels={archived} onRestore={restore} />}
    </section>
  );
}
