// The bar across the top: the app, the open project with its size, and a way to close it.
import type { ProjectInfo } from '../../../common/contract';
import { t } from '../i18n/t';
import { LogoMark } from './icons';
import { ThemeSwitch } from './theme-switch';

interface AppHeaderProps {
  project: ProjectInfo | null;
  busy: boolean;
  onClose(): void;
}

export function AppHeader({ project, busy, onClose }: AppHeaderProps) {
  return (
    <header className="app-header">
      <div className="brand">
        <LogoMark />
        <span>{t('app.name')}</span>
      </div>
      <div className="header-project" data-testid="header-project">
        {project ? (
          <>
            <span className="header-project-name" dir="auto" data-testid="project-name" title={project.path}>
              {project.name}
            </span>
            <span className="header-count" data-testid="project-document-count">
              {t('header.documentCount', { count: project.documentCount })}
            </span>
          </>
        ) : (
          <span className="muted">{t('header.noProject')}</span>
        )}
      </div>
      {project && (
        <button type="button" className="btn btn-quiet btn-small" onClick={onClose} disabled={busy} data-testid="close-project">
          {t('header.close')}
        </button>
      )}
      <ThemeSwitch />
    </header>
  );
}
