// The left navigation: one button per screen; project screens wait for an open project.
import { t } from '../i18n/t';
import type { ScreenEntry } from '../screens/registry';
import type { ScreenId } from '../state/nav-store';

interface SideNavProps {
  screens: readonly ScreenEntry[];
  current: ScreenId;
  hasProject: boolean;
  onGo(screen: ScreenId): void;
}

export function SideNav({ screens, current, hasProject, onGo }: SideNavProps) {
  return (
    <nav className="side-nav" aria-label={t('nav.label')}>
      <ul>
        {screens.map(({ id, label, icon: Icon, needsProject }) => {
          const disabled = needsProject && !hasProject;
          return (
            <li key={id}>
              <button
                type="button"
                className="nav-item"
                data-testid={`nav-${id}`}
                aria-current={current === id ? 'page' : undefined}
                disabled={disabled}
                title={disabled ? t('nav.needsProject') : undefined}
                onClick={() => onGo(id)}
              >
                <Icon />
                <span>{t(label)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
