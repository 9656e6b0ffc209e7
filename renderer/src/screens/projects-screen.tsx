// Projects: the recent list, a new project, opening one from a file, and the open project's backups.
import { BackupsCard } from '../components/backups-card';
import { Notice } from '../components/notice';
import { NewProjectForm } from '../components/new-project-form';
import { OpenProjectForm } from '../components/open-project-form';
import { RecentList } from '../components/recent-list';
import { t } from '../i18n/t';
import { platform } from '../platform/platform';
import { useProject } from '../state/project-store';
import { ProjectDelete } from '../components/project-delete';

export function ProjectsScreen() {
  const recent = useProject((s) => s.recent);
  const project = useProject((s) => s.project);
  const appInfo = useProject((s) => s.appInfo);
  const busy = useProject((s) => s.busy);
  const error = useProject((s) => s.error);
  const actions = useProject.getState();
  const face = platform().face;

  return (
    <div className="screen">
      <div className="screen-header">
        <h1>{t('projects.title')}</h1>
        <p className="muted">{t('projects.intro')}</p>
      </div>
      {error && (
        <Notice kind="error" onDismiss={actions.clearError} testId="projects-error">
          {error}
        </Notice>
      )}
      <div className="projects-grid">
        <section className="card" aria-labelledby="recent-title">
          <h2 id="recent-title">{t('projects.recent.title')}</h2>
          <RecentList
            recent={recent}
            currentPath={project?.path ?? null}
            busy={busy}
            onOpen={(path) => void actions.open(path)}
            onForget={(path) => void actions.forget(path)}
          />
        </section>
        <div className="stack-lg">
          <section className="card" aria-labelledby="new-title">
            <h2 id="new-title">{t('projects.new.title')}</h2>
            <NewProjectForm
              face={face}
              projectsDir={appInfo?.projectsDir ?? ''}
              busy={busy}
              onCreate={(name) => void actions.create(name)}
            />
          </section>
          <section className="card" aria-labelledby="open-title">
            <h2 id="open-title">{t('projects.open.title')}</h2>
            <OpenProjectForm
              face={face}
              busy={busy}
              onOpenPath={(path) => void actions.open(path)}
              onOpenDialog={() => void actions.openWithDialog()}
            />
          </section>
        </div>
      </div>
      {project && <BackupsCard projectPath={project.path} />}
      {project && <ProjectDelete projectPath={project.path} />}
    </div>
  );
}
