// Recently opened projects: open one with a click or Enter; files that are gone are greyed out and
// can be forgotten.
import type { RecentProject } from '../../../common/contract';
import { formatDateTime, t } from '../i18n/t';

interface RecentListProps {
  recent: readonly RecentProject[];
  currentPath: string | null;
  busy: boolean;
  onOpen(path: string): void;
  onForget(path: string): void;
}

export function RecentList({ recent, currentPath, busy, onOpen, onForget }: RecentListProps) {
  if (recent.length === 0) return <p className="muted">{t('projects.recent.empty')}</p>;
  return (
    <ul className="recent-list" data-testid="recent-list">
      {recent.map((p) => (
        <li key={p.path} className={`recent-item${p.exists ? '' : ' recent-missing'}`} data-testid="recent-project">
          <button
            type="button"
            className="recent-open"
            disabled={!p.exists || busy}
            onClick={() => onOpen(p.path)}
            aria-current={p.path === currentPath ? 'true' : undefined}
          >
            <span className="recent-name" dir="auto">
              {p.name}
            </span>
            <span className="recent-path" dir="auto">
              {p.path}
            </span>
            <span className="recent-meta">
              {p.exists
                ? p.path === currentPath
                  ? t('projects.recent.current')
                  : t('projects.recent.openedAt', { when: formatDateTime(p.openedAt) })
                : t('projects.recent.missing')}
            </span>
          </button>
          {!p.exists && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => onForget(p.path)}
              disabled={busy}
              aria-label={t('projects.recent.forgetLabel', { name: p.name })}
              data-testid="forget-project"
            >
              {t('projects.recent.forget')}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
