// The Projects screen's "Delete this project": the open project's file, its journal and backups,
// counted by the core (privacy.projectPlan) and confirmed by typing the project's name.
import { useEffect, useId, useState } from 'react';
import type { ProjectDeletionPlan } from '../../../common/contract';
import { t } from '../i18n/t';
import { errorMessage } from '../platform/error-message';
import { api } from '../platform/platform';
import { Notice } from './notice';

export function ProjectDelete({ projectPath }: { projectPath: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [plan, setPlan] = useState<ProjectDeletionPlan | null>(null);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  useEffect(() => {
    if (!open) return;
    let live = true;
    setPlan(null);
    setTyped('');
    api()
      .call('privacy.projectPlan', { path: projectPath })
      .then((p) => live && setPlan(p))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [open, projectPath]);
  const run = async () => {
    if (!plan) return;
    setWorking(true);
    setError(null);
    try {
      await api().call('privacy.deleteProject', { path: projectPath, confirmName: typed });
    } catch (err) {
      setError(errorMessage(err));
      setWorking(false);
    }
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="project-delete">
      <h2 id={`${id}-title`}>{t('privacy.deleteProject')}</h2>
      <p className="field-hint">{t('privacy.deleteProjectHelp')}</p>
      {error && <Notice kind="error">{t('privacy.failed', { message: error })}</Notice>}
      {!open ? (
        <button type="button" className="btn" data-testid="project-delete-open" onClick={() => setOpen(true)}>
          {t('privacy.deleteProjectButton')}
        </button>
      ) : plan === null ? (
        <p className="muted">{t('privacy.counting')}</p>
      ) : (
        <>
          <p data-testid="project-delete-plan">
            {t('privacy.projectCounts', {
              documents: t('privacy.documents', { count: plan.documents }),
              decisions: t('privacy.decisions', { count: plan.decisions }),
              files: plan.files.length,
              size: (plan.bytes / 1e6).toFixed(1),
            })}
          </p>
          <p className="field-hint">{t('privacy.warning')}</p>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-typed`}>
              {t('privacy.typeName', { name: plan.name })}
            </label>
            <input
              id={`${id}-typed`}
              className="input"
              value={typed}
              autoComplete="off"
              data-testid="project-delete-typed"
              onChange={(e) => setTyped(e.target.value)}
            />
          </div>
          <div className="row">
            <button
              type="button"
              className="btn btn-danger"
              disabled={typed.trim() !== plan.name || working}
              data-testid="project-delete-run"
              onClick={() => void run()}
            >
              {working ? t('privacy.working') : t('privacy.confirm')}
            </button>
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              {t('privacy.cancel')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
