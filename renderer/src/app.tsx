// The app shell: header, left nav and the current screen, once the core has answered at startup.
import { useEffect } from 'react';
import { AppHeader } from './components/app-header';
import { LocationWarnings } from './components/location-warnings';
import { SideNav } from './components/side-nav';
import { WindowDrop } from './components/window-drop';
import { t } from './i18n/t';
import { screens } from './screens/registry';
import { followHash, useNav } from './state/nav-store';
import { useProject } from './state/project-store';

export function App() {
  const status = useProject((s) => s.status);
  const startError = useProject((s) => s.startError);
  const project = useProject((s) => s.project);
  const busy = useProject((s) => s.busy);
  const screen = useNav((s) => s.screen);

  useEffect(() => {
    const stop = followHash();
    void useProject.getState().init();
    return stop;
  }, []);

  if (status !== 'ready') {
    return (
      <div className="startup" data-testid="startup">
        {status === 'failed' ? (
          <div className="card startup-card">
            <p role="alert">{t('app.startFailed', { message: startError ?? '' })}</p>
            <button type="button" className="btn btn-primary" onClick={() => void useProject.getState().init()}>
              {t('app.retry')}
            </button>
          </div>
        ) : (
          <p className="muted">{t('app.loading')}</p>
        )}
      </div>
    );
  }

  const wanted = screens.find((s) => s.id === screen) ?? screens[0]!;
  // A project screen without a project (a stale URL) falls back to the projects screen.
  const shown = wanted.needsProject && !project ? screens[0]! : wanted;
  const Screen = shown.component;

  return (
    <div className="app">
      <AppHeader project={project} busy={busy} onClose={() => void useProject.getState().close()} />
      <div className="app-body">
        <SideNav screens={screens} current={shown.id} hasProject={!!project} onGo={useNav.getState().go} />
        <main className="app-main" data-testid={`screen-${shown.id}`}>
          {project && <LocationWarnings warnings={project.warnings} />}
          <Screen />
        </main>
      </div>
      <WindowDrop />
    </div>
  );
}
