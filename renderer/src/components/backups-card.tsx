// The open project's backups: when they are made and how many are kept, the list with a Restore
// button each (restored only after a confirmation that says what happens), Back up now, and the
// settings. [Note: backups] in main/core/backup/make-backup.ts.
import { useEffect, useId } from 'react';
import type { BackupInfo } from '../../../common/contract';
import { formatDateTime, t } from '../i18n/t';
import { useBackups } from '../state/backups-store';
import { Notice } from './notice';

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export function BackupsCard({ projectPath }: { projectPath: string }) {
  const id = useId();
  const s = useBackups();
  useEffect(() => {
    void useBackups.getState().load();
  }, [projectPath]);
  const list = s.list;
  const when = (b: BackupInfo) => formatDateTime(b.createdAt);

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="backups-card">
      <h2 id={`${id}-title`}>{t('backups.title')}</h2>
      {list && (
        <p className="muted" dir="auto">
          {list.settings.auto
            ? t('backups.intro', { folder: list.folder, hours: list.settings.periodHours, keep: list.settings.keep })
            : t('backups.off')}
        </p>
      )}
      {list && list.backups.length === 0 && <p className="muted">{t('backups.none')}</p>}
      {list && list.backups.length > 0 && (
        <ul className="recent-list" data-testid="backups-list">
          {list.backups.map((b) => (
            <li key={b.id} className="recent-item" data-testid="backup-item">
              <span className="recent-open">
                <span className="recent-name">{when(b)}</span>
                <span className="recent-meta">
                  {t(`backups.reason.${b.reason}`)} · {t('backups.size', { size: megabytes(b.bytes) })}
                </span>
              </span>
              <button
                type="button"
                className="btn btn-small"
                disabled={s.busy}
                aria-label={t('backups.restoreLabel', { when: when(b) })}
                onClick={() => s.askRestore(b)}
                data-testid="backup-restore"
              >
                {t('backups.restore')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {s.confirming && (
        <div
          className="confirm-box"
          role="group"
          aria-labelledby={`${id}-confirm`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') s.askRestore(null);
          }}
          data-testid="backup-confirm"
        >
          <p id={`${id}-confirm`}>{t('backups.confirm', { when: when(s.confirming) })}</p>
          <div className="inline-actions">
            <button
              type="button"
              className="btn btn-primary"
              autoFocus
              disabled={s.busy}
              onClick={() => void s.restore()}
              data-testid="backup-confirm-yes"
            >
              {s.busy ? t('backups.working') : t('backups.confirmYes')}
            </button>
            <button type="button" className="btn" onClick={() => s.askRestore(null)} data-testid="backup-confirm-no">
              {t('backups.confirmNo')}
            </button>
          </div>
        </div>
      )}
      <div className="row">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-keep`}>
            {t('backups.keep')}
          </label>
          <input
            id={`${id}-keep`}
            className="input"
            type="number"
            min={1}
            max={100}
            value={list?.settings.keep ?? 7}
            disabled={s.busy || !list}
            onChange={(e) => {
              const keep = Number(e.target.value);
              if (Number.isInteger(keep) && keep >= 1 && keep <= 100) void s.settings({ keep });
            }}
            data-testid="backups-keep"
          />
        </div>
        <div className="field">
          <label className="check">
            <input
              type="checkbox"
              checked={list?.settings.auto ?? true}
              disabled={s.busy || !list}
              onChange={(e) => void s.settings({ auto: e.target.checked })}
              data-testid="backups-auto"
            />
            {t('backups.auto')}
          </label>
        </div>
      </div>
      <div className="actions">
        <button type="button" className="btn" disabled={s.busy} onClick={() => void s.backupNow()} data-testid="backup-now">
          {s.busy ? t('backups.working') : t('backups.now')}
        </button>
      </div>
      {s.error && (
        <Notice kind="error" onDismiss={s.dismiss} testId="backups-error">
          {s.error}
        </Notice>
      )}
      {s.notice && (
        <Notice kind="info" onDismiss={s.dismiss} testId="backups-notice">
          {s.notice}
        </Notice>
      )}
    </section>
  );
}
