// Removing a model from the Models screen: a button on the entry, then a question that says what
// happens to the files (an added folder is only forgotten; a downloaded copy is deleted from this
// machine) and, for the active model, that another one takes over. The bundled model has neither.
import { useId, type KeyboardEvent, type Ref } from 'react';
import type { ModelEntry } from '../../../common/contract';
import { formatBytes, t } from '../i18n/t';

interface RemoveButtonProps {
  entry: ModelEntry;
  disabled: boolean;
  onAsk(): void;
  ref?: Ref<HTMLButtonElement>;
}

export function ModelRemoveButton({ entry, disabled, onAsk, ref }: RemoveButtonProps) {
  if (entry.source === 'bundled') return null;
  const forget = entry.source === 'added';
  return (
    <button
      ref={ref}
      type="button"
      className="btn btn-small btn-quiet"
      onClick={onAsk}
      disabled={disabled}
      aria-label={t(forget ? 'modelsManage.forgetLabel' : 'modelsManage.deleteLabel', { id: entry.id })}
      data-testid="model-entry-remove"
    >
      {t(forget ? 'modelsManage.forget' : 'modelsManage.delete')}
    </button>
  );
}

interface RemoveConfirmProps {
  entry: ModelEntry;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}

export function ModelRemoveConfirm({ entry, busy, onConfirm, onCancel }: RemoveConfirmProps) {
  const id = useId();
  const forget = entry.source === 'added';
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    onCancel();
  };
  return (
    <div className="consent" role="group" aria-labelledby={`${id}-text`} onKeyDown={onKeyDown} data-testid="model-remove-confirm">
      <div id={`${id}-text`} className="stack">
        <p data-testid="model-remove-text">
          {t(forget ? 'modelsManage.confirm.forget' : 'modelsManage.confirm.delete', {
            id: entry.id,
            path: entry.path,
            size: formatBytes(entry.sizeBytes),
          })}
        </p>
        {entry.active && <p data-testid="model-remove-active">{t('modelsManage.confirm.active')}</p>}
      </div>
      <div className="row">
        {/* [Note: the safe choice has the focus] Enter on arrival keeps the model. */}
        <button type="button" className="btn" autoFocus onClick={onCancel} disabled={busy} data-testid="model-remove-cancel">
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" onClick={onConfirm} disabled={busy} data-testid="model-remove-yes">
          {busy ? t('modelsManage.removing') : t(forget ? 'modelsManage.confirm.forgetYes' : 'modelsManage.confirm.deleteYes')}
        </button>
      </div>
    </div>
  );
}
