// One label of a question in the codebook editor: name, code, hotkey, an optional hypothesis of its
// own, a description, the hypothesis the model will be asked, and buttons to move or remove it.
import { useId } from 'react';
import { t } from '../i18n/t';
import { hypothesisFor, type DraftLabel, type LabelPatch } from '../state/codebook-draft';

interface LabelEditorProps {
  label: DraftLabel;
  index: number;
  count: number;
  template: string;
  autoFocus: boolean;
  onChange(patch: LabelPatch): void;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
}

export function LabelEditor({ label, index, count, template, autoFocus, onChange, onMove, onRemove }: LabelEditorProps) {
  const id = useId();
  const shownName = label.name.trim() || t('codebook.unnamed');
  const asks = hypothesisFor(template, label);
  return (
    <li className="label-item" data-testid="label-item">
      <fieldset className="label-fields">
        <legend className="visually-hidden">{t('codebook.label.legend', { n: index + 1, name: shownName })}</legend>
        <span className="label-index" aria-hidden="true">
          {index + 1}
        </span>
        <div className="field label-name">
          <label className="field-label" htmlFor={`${id}-name`}>
            {t('codebook.label.name')}
          </label>
          <input
            id={`${id}-name`}
            className="input"
            value={label.name}
            maxLength={200}
            dir="auto"
            autoComplete="off"
            autoFocus={autoFocus}
            onChange={(e) => onChange({ name: e.target.value })}
            data-testid="label-name"
          />
        </div>
        <div className="field label-code">
          <label className="field-label" htmlFor={`${id}-code`}>
            {t('codebook.label.code')}
          </label>
          <input
            id={`${id}-code`}
            className="input mono"
            value={label.code}
            maxLength={50}
            autoComplete="off"
            onChange={(e) => onChange({ code: e.target.value })}
            data-testid="label-code"
          />
        </div>
        <div className="field label-hotkey">
          <label className="field-label" htmlFor={`${id}-key`}>
            {t('codebook.label.hotkey')}
          </label>
          <input
            id={`${id}-key`}
            className="input mono"
            value={label.hotkey}
            maxLength={1}
            autoComplete="off"
            title={t('codebook.label.hotkeyHint')}
            aria-describedby={`${id}-key-hint`}
            onChange={(e) => onChange({ hotkey: e.target.value.trim().toLowerCase() })}
            data-testid="label-hotkey"
          />
          <span id={`${id}-key-hint`} className="visually-hidden">
            {t('codebook.label.hotkeyHint')}
          </span>
        </div>
        <div className="field label-hypothesis">
          <label className="field-label" htmlFor={`${id}-hyp`}>
            {t('codebook.label.hypothesis')}
          </label>
          <input
            id={`${id}-hyp`}
            className="input"
            value={label.hypothesis}
            maxLength={1000}
            dir="auto"
            autoComplete="off"
            placeholder={hypothesisFor(template, { name: label.name, hypothesis: '' })}
            onChange={(e) => onChange({ hypothesis: e.target.value })}
            data-testid="label-hypothesis"
          />
        </div>
        <div className="label-actions">
          <button
            type="button"
            className="btn btn-quiet btn-small btn-icon"
            disabled={index === 0}
            aria-label={t('codebook.label.moveUp', { label: shownName })}
            title={t('codebook.label.moveUp', { label: shownName })}
            onClick={() => onMove(-1)}
            data-testid="label-up"
          >
            <span aria-hidden="true">↑</span>
          </button>
          <button
            type="button"
            className="btn btn-quiet btn-small btn-icon"
            disabled={index === count - 1}
            aria-label={t('codebook.label.moveDown', { label: shownName })}
            title={t('codebook.label.moveDown', { label: shownName })}
            onClick={() => onMove(1)}
            data-testid="label-down"
          >
            <span aria-hidden="true">↓</span>
          </button>
          <button
            type="button"
            className="btn btn-quiet btn-small btn-icon btn-danger-quiet"
            aria-label={t('codebook.label.remove', { label: shownName })}
            title={t('codebook.label.remove', { label: shownName })}
            onClick={onRemove}
            data-testid="label-remove"
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
        <div className="field label-description">
          <label className="visually-hidden" htmlFor={`${id}-desc`}>
            {t('codebook.label.description')}
          </label>
          <input
            id={`${id}-desc`}
            className="input input-quiet"
            value={label.description}
            maxLength={10_000}
            dir="auto"
            autoComplete="off"
            placeholder={t('codebook.label.descriptionPlaceholder')}
            onChange={(e) => onChange({ description: e.target.value })}
            data-testid="label-description"
          />
        </div>
        <p className="label-asks">
          <span className="muted">{t('codebook.label.asks')}</span>{' '}
          <q dir="auto" data-testid="label-preview">
            {asks}
          </q>
        </p>
      </fieldset>
    </li>
  );
}
