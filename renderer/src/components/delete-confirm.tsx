// The confirmation of a true deletion (privacy.plan, then privacy.delete): what would go, counted
// by the core, a typed word to confirm, and afterwards what ran. Browse (a document, a search's
// matches), the Coders screen (a coder's decisions) and the import list use it.
import { useEffect, useId, useState } from 'react';
import type { DeletionPlan, DeletionResult, DeletionTarget } from '../../../common/contract';
import { t } from '../i18n/t';
import { errorMessage } from '../platform/error-message';
import { api } from '../platform/platform';
import { Notice } from './notice';

interface DeleteConfirmProps {
  target: DeletionTarget;
  onClose(): void;
  onDone?(result: DeletionResult): void;
}

function planItems(plan: DeletionPlan): string[] {
  if (plan.target.kind === 'coder')
    return [t('privacy.decisions', { count: plan.decisions }), t('privacy.coder', { name: plan.target.coder })];
  return [
    `${t('privacy.documents', { count: plan.documents })}${plan.units ? ` ${t('privacy.units', { count: plan.units })}` : ''}`,
    t('privacy.decisions', { count: plan.decisions }),
    ...(plan.predicted ? [t('privacy.predicted', { count: plan.predicted })] : []),
    ...(plan.samplesChanged ? [t('privacy.samples', { count: plan.samplesChanged })] : []),
    ...(plan.importsRemoved ? [t('privacy.imports', { count: plan.importsRemoved })] : []),
  ];
}

export function DeleteConfirm({ target, onClose, onDone }: DeleteConfirmProps) {
  const id = useId();
  const [plan, setPlan] = useState<DeletionPlan | null>(null);
  const [typed, setTyped] = useState('');
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<DeletionResult | null>(null);
  const key = JSON.stringify(target);
  useEffect(() => {
    let live = true;
    setPlan(null);
    setResult(null);
    setError(null);
    setTyped('');
    api()
      .call('privacy.plan', { target })
      .then((p) => live && setPlan(p))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
    // Keyed by the target's value, not its identity (a new object each render).
  }, [key]); // target is read through key

  const empty = plan !== null && plan.target.kind !== 'coder' && plan.documents + plan.units === 0;
  const confirmed = typed.trim().toLowerCase() === t('privacy.typeWord');
  const run = async () => {
    if (!plan) return;
    setWorking(true);
    setError(null);
    try {
      const r = await api().call('privacy.delete', {
        target,
        expected: { documents: plan.documents, units: plan.units, decisions: plan.decisions },
      });
      setResult(r);
      onDone?.(r);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setWorking(false);
    }
  };

  return (
    <section className="card delete-confirm" role="region" aria-labelledby={`${id}-title`} data-testid="delete-confirm">
      <h2 id={`${id}-title`}>{t('privacy.title')}</h2>
      {error && <Notice kind="error">{result ? error : t('privacy.failed', { message: error })}</Notice>}
      {result ? (
        <Notice kind="success" testId="delete-done">
          {t('privacy.done', {
            wal: result.walTruncated ? t('privacy.walTruncated') : t('privacy.walKept'),
            backups: t('privacy.backupsRemoved', { count: result.backupsRemoved }),
          })}
        </Notice>
      ) : plan === null ? (
        !error && <p className="muted">{t('privacy.counting')}</p>
      ) : empty ? (
        <p data-testid="delete-nothing">{t('privacy.nothing')}</p>
      ) : (
        <>
          <ul data-testid="delete-plan">
            {planItems(plan).map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
          <p>{plan.backups ? t('privacy.backups', { count: plan.backups }) : t('privacy.noBackups')}</p>
          <p className="field-hint">{t('privacy.warning')}</p>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-typed`}>
              {t('privacy.typeLabel', { word: t('privacy.typeWord') })}
            </label>
            <input
              id={`${id}-typed`}
              className="input"
              value={typed}
              autoComplete="off"
              data-testid="delete-typed"
              onChange={(e) => setTyped(e.target.value)}
            />
          </div>
        </>
      )}
      <div className="row">
        {!result && !empty && plan && (
          <button
            type="button"
            className="btn btn-danger"
            disabled={!confirmed || working}
            data-testid="delete-run"
            onClick={() => void run()}
          >
            {working ? t('privacy.working') : t('privacy.confirm')}
          </button>
        )}
        <button type="button" className="btn" data-testid="delete-close" onClick={onClose}>
          {result ? t('common.dismiss') : t('privacy.cancel')}
        </button>
      </div>
    </section>
  );
}
