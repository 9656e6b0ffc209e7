// The models on this machine, one item each: name, where it came from, size, folder, whether it is
// the active one, and what is wrong with it (a folder that is gone, an unfinished download).
import type { ModelEntry } from '../../../common/contract';
import { formatBytes, t } from '../i18n/t';
import type { ModelsPending } from '../state/models-store';
import { Notice } from './notice';

interface ModelListProps {
  entries: ModelEntry[];
  pending: ModelsPending | null;
  useError: { path: string; message: string } | null;
  onUse(entry: ModelEntry): void;
}

function ModelItem({ entry, pending, error, onUse }: { entry: ModelEntry; pending: ModelsPending | null; error: string | null; onUse(): void }) {
  const using = pending?.kind === 'use' && pending.path === entry.path;
  // An unfinished download is not a model yet: the download continues it.
  const unfinished = !entry.complete;
  const canUse = !entry.active && !entry.missing && !unfinished;
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
      {entry.partialBytes > 0 && (
        <Notice kind="info" testId="model-entry-partial">
          {t('models.partial', { bytes: formatBytes(entry.partialBytes) })}
        </Notice>
      )}
      {error && (
        <Notice kind="error" testId="model-entry-error">
          {t('models.useFailed', { id: entry.id, message: error })}
        </Notice>
      )}
    </li>
  );
}

export function ModelList({ entries, pending, useError, onUse }: ModelListProps) {
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
          error={useError?.path === entry.path ? useError.message : null}
          onUse={() => onUse(entry)}
        />
      ))}
    </ul>
  );
}
