// The models on this machine, one item each: name, where it came from, size, folder, whether it is
// the active one, what is wrong with it (a folder that is gone, files that are missing), and the
// ways to use it or remove it. Unfinished downloads are never items: the download card continues them.
import { useRef, useState } from 'react';
import type { ModelEntry } from '../../../common/contract';
import { formatBytes, t } from '../i18n/t';
import type { ModelsPending } from '../state/models-store';
import { ModelRemoveButton, ModelRemoveConfirm } from './model-remove';
import { Notice } from './notice';

type EntryError = { path: string; message: string } | null;

interface ModelListProps {
  entries: ModelEntry[];
  pending: ModelsPending | null;
  useError: EntryError;
  removeError: EntryError;
  onUse(entry: ModelEntry): void;
  /** Resolves when the removal has ended, either way. */
  onRemove(entry: ModelEntry): Promise<unknown>;
}

interface ModelItemProps {
  entry: ModelEntry;
  pending: ModelsPending | null;
  useError: string | null;
  removeError: string | null;
  onUse(): void;
  onRemove(): Promise<unknown>;
}

function ModelItem({ entry, pending, useError, removeError, onUse, onRemove }: ModelItemProps) {
  const [asking, setAsking] = useState(false);
  const removeButton = useRef<HTMLButtonElement>(null);
  const using = pending?.kind === 'use' && pending.path === entry.path;
  const removing = pending?.kind === 'remove' && pending.path === entry.path;
  const canUse = !entry.active && entry.complete;
  const closeQuestion = () => {
    setAsking(false);
    // Back to the button that asked (rendered again once the question is gone).
    setTimeout(() => removeButton.current?.focus(), 0);
  };
  return (
    <li
      className={`model-item${entry.active ? ' model-item-active' : ''}${entry.missing ? ' model-item-missing' : ''}`}
      data-testid="model-entry"
      data-path={entry.path}
      data-active={entry.active}
    >
      <div className="model-item-head">
        <span className="model-item-name" data-testid="model-entry-id">
          {entry.id}
        </span>
        {entry.active && (
          <span className="badge badge-active" data-testid="model-entry-active">
            {t('models.active')}
          </span>
        )}
        <span className="tag" data-testid="model-entry-source">
          {t(`models.source.${entry.source}`)}
        </span>
        <span className="grow" />
        {canUse && (
          <button
            type="button"
            className="btn btn-small"
            onClick={onUse}
            disabled={pending !== null}
            aria-label={using ? undefined : t('models.useLabel', { id: entry.id })}
            data-testid="model-entry-use"
          >
            {using ? t('models.using') : t('models.use')}
          </button>
        )}
        {!asking && <ModelRemoveButton ref={removeButton} entry={entry} disabled={pending !== null} onAsk={() => setAsking(true)} />}
      </div>
      <dl className="facts">
        <div className="fact">
          <dt>{t('models.size')}</dt>
          <dd data-testid="model-entry-size">{formatBytes(entry.sizeBytes)}</dd>
        </div>
        <div className="fact model-item-path">
          <dt>{t('models.folder')}</dt>
          <dd className="mono" dir="auto" data-testid="model-entry-path">
            {entry.path}
          </dd>
        </div>
      </dl>
      {entry.missing && (
        <Notice kind="warning" testId="model-entry-missing">
          {t('models.missing')}
        </Notice>
      )}
      {entry.missingFiles.length > 0 && (
        <Notice kind="warning" testId="model-entry-missing-files">
          {t('modelsManage.missingFiles', { count: entry.missingFiles.length, files: entry.missingFiles.join(', ') })}
        </Notice>
      )}
      {asking && (
        <ModelRemoveConfirm
          entry={entry}
          busy={removing}
          onCancel={closeQuestion}
          // A removed model leaves the list; one that could not be removed shows why.
          onConfirm={() => void onRemove().then(() => setAsking(false))}
        />
      )}
      {useError && (
        <Notice kind="error" testId="model-entry-error">
          {t('models.useFailed', { id: entry.id, message: useError })}
        </Notice>
      )}
      {removeError && (
        <Notice kind="error" testId="model-entry-remove-error">
          {t('modelsManage.removeFailed', { id: entry.id, message: removeError })}
        </Notice>
      )}
    </li>
  );
}

export function ModelList({ entries, pending, useError, removeError, onUse, onRemove }: ModelListProps) {
  if (entries.length === 0) {
    return (
      <p className="muted" data-testid="models-empty">
        {t('models.list.empty')}
      </p>
    );
  }
  return (
    <ul className="model-list" data-testid="models-list">
      {entries.map((entry) => (
        <ModelItem
          key={entry.path}
          entry={entry}
          pending={pending}
          useError={useError?.path === entry.path ? useError.message : null}
          removeError={removeError?.path === entry.path ? removeError.message : null}
          onUse={() => onUse(entry)}
          onRemove={() => onRemove(entry)}
        />
      ))}
    </ul>
  );
}
