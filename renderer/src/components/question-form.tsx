// One question of the codebook: its name, whether coders choose one label or several, the
// hypothesis template, what happens to long documents, and its labels.
import { useId, useRef, useState } from 'react';
import { t } from '../i18n/t';
import { activeLabels, type DraftQuestion, type LabelPatch, type QuestionPatch } from '../state/codebook-draft';
import { LabelEditor } from './label-editor';

interface QuestionFormProps {
  question: DraftQuestion;
  disabled: boolean;
  onChange(patch: QuestionPatch): void;
  onRemove(): void;
  /** Returns the new label's key, so its name field takes the focus. */
  onAddLabel(): string;
  onChangeLabel(labelKey: string, patch: LabelPatch): void;
  onMoveLabel(labelKey: string, delta: -1 | 1): void;
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

export function QuestionForm(props: QuestionFormProps) {
  const { question: q, disabled, onChange } = props;
  const id = useId();
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const labels = activeLabels(q);
  const noBraces = !q.template.includes('{}');
  return (
    <section className="card question-form" aria-labelledby={`${id}-title`} data-testid="question-form">
      <div className="card-header">
        <h2 id={`${id}-title`}>{t('codebook.question.title')}</h2>
        <button type="button" className="btn btn-quiet btn-small" onClick={props.onRemove} disabled={disabled} data-testid="question-remove">
          {t('codebook.question.remove')}
        </button>
      </div>
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
      </div>

      <h3 className="subheading" id={`${id}-labels`}>
        {t('codebook.labels.title')}
      </h3>
      {labels.length === 0 ? (
        <p className="muted" data-testid="labels-empty">
          {t('codebook.labels.empty')}
        </p>
      ) : (
        <ol className="label-list" aria-labelledby={`${id}-labels`} data-testid="label-list">
          {labels.map((l, i) => (
            <LabelEditor
              key={l.key}
              label={l}
              index={i}
              count={labels.length}
              template={q.template}
              autoFocus={l.key === focusKey}
              onChange={(patch) => props.onChangeLabel(l.key, patch)}
              onMove={(delta) => props.onMoveLabel(l.key, delta)}
              onRemove={() => {
                props.onRemoveLabel(l.key);
                // The removed row took the focus with it; keep the keyboard in the form.
                addButton.current?.focus();
              }}
            />
          ))}
        </ol>
      )}
      <div>
        <button ref={addButton} type="button" className="btn" onClick={() => setFocusKey(props.onAddLabel())} disabled={disabled} data-testid="add-label">
          {t('codebook.labels.add')}
        </button>
      </div>
    </section>
  );
}
