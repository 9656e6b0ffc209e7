// The fields of a label that coders read more than the model does: description, inclusion and
// exclusion rules, examples, colour and parent. Opened from the label's row; Escape closes it and
// gives the focus back to the button that opened it.
import { useId, useRef } from 'react';
import { t } from '../i18n/t';
import type { DraftLabel, LabelPatch } from '../state/codebook-draft';

interface CodebookLabelDetailsProps {
  id: string;
  label: DraftLabel;
  shownName: string;
  parentChoices: readonly string[];
  onChange(patch: LabelPatch): void;
  onClose(): void;
}

/** A colour for a label that has none yet: the first of Tableau's ten, readable in both themes. */
const FIRST_COLOUR = '#4e79a7';

function TextArea(props: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  testId: string;
  rows?: number;
  onChange(value: string): void;
}) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.hint && (
        <p id={`${props.id}-hint`} className="field-hint">
          {props.hint}
        </p>
      )}
      <textarea
        id={props.id}
        className="input textarea textarea-short"
        value={props.value}
        rows={props.rows ?? 2}
        maxLength={10_000}
        dir="auto"
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={props.testId}
      />
    </div>
  );
}

export function CodebookLabelDetails({ id, label, shownName, parentChoices, onChange, onClose }: CodebookLabelDetailsProps) {
  const base = useId();
  const addExample = useRef<HTMLButtonElement>(null);
  const examples = label.examples;
  const setExample = (k: number, value: string) => onChange({ examples: examples.map((x, i) => (i === k ? value : x)) });
  return (
    <div
      id={id}
      className="label-details"
      role="group"
      aria-label={t('codebookEditor.details.title', { label: shownName })}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        onClose();
      }}
      data-testid="label-details"
    >
      <TextArea
        id={`${base}-desc`}
        label={t('codebook.label.description')}
        value={label.description}
        rows={3}
        testId="label-description"
        onChange={(description) => onChange({ description })}
      />
      <div className="label-details-pair">
        <TextArea
          id={`${base}-inc`}
          label={t('codebookEditor.details.include')}
          hint={t('codebookEditor.details.includeHint')}
          value={label.includeRules}
          testId="label-include"
          onChange={(includeRules) => onChange({ includeRules })}
        />
        <TextArea
          id={`${base}-exc`}
          label={t('codebookEditor.details.exclude')}
          hint={t('codebookEditor.details.excludeHint')}
          value={label.excludeRules}
          testId="label-exclude"
          onChange={(excludeRules) => onChange({ excludeRules })}
        />
      </div>

      <fieldset className="label-examples" data-testid="label-examples">
        <legend className="field-label">{t('codebookEditor.details.examples')}</legend>
        {examples.length === 0 && <p className="field-hint">{t('codebookEditor.details.noExamples')}</p>}
        {examples.map((text, k) => (
          <div className="row label-example" key={k}>
            <label className="visually-hidden" htmlFor={`${base}-ex-${k}`}>
              {t('codebookEditor.details.example', { n: k + 1 })}
            </label>
            <textarea
              id={`${base}-ex-${k}`}
              className="input textarea textarea-short grow"
              value={text}
              rows={2}
              maxLength={10_000}
              dir="auto"
              autoFocus={k === examples.length - 1 && text === ''}
              onChange={(e) => setExample(k, e.target.value)}
              data-testid="label-example"
            />
            <button
              type="button"
              className="btn btn-quiet btn-small btn-danger-quiet"
              aria-label={t('codebookEditor.details.removeExample', { n: k + 1 })}
              onClick={() => {
                onChange({ examples: examples.filter((_, i) => i !== k) });
                addExample.current?.focus();
              }}
              data-testid="label-example-remove"
            >
              {t('codebookEditor.details.remove')}
            </button>
          </div>
        ))}
        <div>
          <button
            ref={addExample}
            type="button"
            className="btn btn-small"
            disabled={examples.length >= 100}
            onClick={() => onChange({ examples: [...examples, ''] })}
            data-testid="label-example-add"
          >
            {t('codebookEditor.details.addExample')}
          </button>
        </div>
      </fieldset>

      <div className="row label-details-row">
        <div className="field">
          <label className="field-label" htmlFor={`${base}-parent`}>
            {t('codebookEditor.details.parent')}
          </label>
          <select
            id={`${base}-parent`}
            className="select"
            value={label.parent ?? ''}
            onChange={(e) => onChange({ parent: e.target.value === '' ? null : e.target.value })}
            data-testid="label-parent"
          >
            <option value="">{t('codebookEditor.details.noParent')}</option>
            {/* A parent the choices lack (renamed away in a file) stays visible until changed. */}
            {label.parent !== null && !parentChoices.includes(label.parent) && <option value={label.parent}>{label.parent}</option>}
            {parentChoices.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <span className="field-label" id={`${base}-colour-label`}>
            {t('codebookEditor.details.colour')}
          </span>
          <div className="row">
            <label className="check">
              <input
                type="checkbox"
                checked={label.color !== null}
                onChange={(e) => onChange({ color: e.target.checked ? FIRST_COLOUR : null })}
                data-testid="label-colour-on"
              />
              {t('codebookEditor.details.ownColour')}
            </label>
            {label.color !== null && (
              <input
                type="color"
                className="colour-input"
                value={label.color}
                aria-labelledby={`${base}-colour-label`}
                onChange={(e) => onChange({ color: e.target.value.toLowerCase() })}
                data-testid="label-colour"
              />
            )}
          </div>
        </div>
      </div>
      <div className="inline-actions">
        <button type="button" className="btn btn-small" onClick={onClose} data-testid="label-details-close">
          {t('codebookEditor.details.close')}
        </button>
        <span className="field-hint">{t('codebookEditor.details.escape')}</span>
      </div>
    </div>
  );
}
