// The Validation screen's calibration section (issue 16, item 3): the calibrated classifier's
// cross-validated benefit against raw zero-shot (calibration.evaluate, a job followed with onJob),
// the switch that makes suggestions from it (calibration.set) and the provenance line (calibration.status).
import { useCallback, useEffect, useId, useState } from 'react';
import type { CalibrationEvaluation, CalibrationInterval, CalibrationStatus, JobProgressOf } from '../../../common/contract';
import { onJob } from '../api/jobs';
import { Notice } from '../components/notice';
import { formatDateTime, t } from '../i18n/t';
import { errorMessage } from '../platform/error-message';
import { api } from '../platform/platform';

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
const pts = (x: number | null) => (x === null ? '–' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`);
const cell = (i: CalibrationInterval, f: (x: number | null) => string) => `${f(i.estimate)} [${f(i.lower)}, ${f(i.upper)}]`;

function Benefit({ e }: { e: CalibrationEvaluation }) {
  const rows: Array<['macroF1' | 'accuracy', string]> = [
    ['macroF1', t('calibration.macroF1')],
    ['accuracy', t('calibration.accuracy')],
  ];
  return (
    <>
      <p data-testid="calibration-summary">
        {t('calibration.summary', { decisions: String(e.decisions), folds: String(e.folds), seed: String(e.seed) })}{' '}
        {e.left.blind + e.left.unscored + e.left.archived > 0 &&
          t('calibration.left', { blind: String(e.left.blind), unscored: String(e.left.unscored), archived: String(e.left.archived) })}
      </p>
      <table className="table" data-testid="calibration-benefit">
        <thead>
          <tr>
            <th scope="col">{t('calibration.metric')}</th>
            <th scope="col">{t('calibration.raw')}</th>
            <th scope="col">{t('calibration.calibrated')}</th>
            <th scope="col">{t('calibration.difference')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([key, name]) => (
            <tr key={key}>
              <th scope="row">{name}</th>
              <td>{cell(e.raw[key], pct)}</td>
              <td>{cell(e.calibrated[key], pct)}</td>
              <td data-testid={`calibration-difference-${key}`}>{cell(e.difference[key], pts)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {t('calibration.intervals', { confidence: String(Math.round(e.confidence * 100)), replicates: String(e.replicates) })}
      </p>
    </>
  );
}

export function CalibrationSection({ questionId }: { questionId: string }) {
  const id = useId();
  const [status, setStatus] = useState<CalibrationStatus | null>(null);
  const [evaluation, setEvaluation] = useState<CalibrationEvaluation | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<JobProgressOf<'calibration'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const s = await api().call('calibration.status', { questionId });
      setStatus(s);
      if (s.evaluation) setEvaluation(s.evaluation);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [questionId]);

  useEffect(() => {
    void refresh();
    // Listening from the start: a small cross-validation can end before its call answers.
    return onJob(api(), ['calibration'], {
      progress: (p) => setProgress(p),
      done: (d) => {
        setJobId(null);
        setProgress(null);
        if (d.status === 'done' && d.result) {
          if (d.result.questionId === questionId) setEvaluation(d.result);
        } else setError(d.status === 'cancelled' ? t('calibration.cancelled') : (d.error?.message ?? t('calibration.cancelled')));
      },
    });
  }, [questionId, refresh]);

  const measure = async () => {
    setError(null);
    try {
      const started = await api().call('calibration.evaluate', { questionId, folds: 5, seed: 1, c: 1 });
      setJobId(started.jobId);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const toggle = async (on: boolean) => {
    setBusy(true);
    setError(null);
    try {
      setStatus(await api().call('calibration.set', { questionId, on, c: 1 }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="calibration-section">
      <h2 id={`${id}-title`}>{t('calibration.title')}</h2>
      <p>{t('calibration.intro')}</p>
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={jobId !== null}
          onClick={() => void measure()}
          data-testid="calibration-measure"
        >
          {t('calibration.measure')}
        </button>
        {jobId && (
          <button type="button" className="btn" onClick={() => void api().call('job.cancel', { jobId })} data-testid="calibration-cancel">
            {t('calibration.cancel')}
          </button>
        )}
      </div>
      {progress && (
        <p role="status" data-testid="calibration-progress">
          {t('calibration.measuring', { phase: progress.phase, done: String(progress.done), total: String(progress.total) })}
        </p>
      )}
      {error && (
        <Notice kind="error" testId="calibration-error">
          {error}
        </Notice>
      )}
      {evaluation && <Benefit e={evaluation} />}
      {status && (
        <>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={status.on && !status.stale}
              disabled={busy}
              onChange={(e) => void toggle(e.target.checked)}
              data-testid="calibration-switch"
            />{' '}
            {t('calibration.switch')}
          </label>
          <p data-testid="calibration-provenance">
            {status.active
              ? t('calibration.active', {
                  decisions: String(status.decisions),
                  date: status.fittedAt ? formatDateTime(status.fittedAt) : '',
                  now: String(status.decisionsNow),
                })
              : t('calibration.raw.status', { now: String(status.decisionsNow) })}
          </p>
          {status.stale && <Notice kind="info">{t('calibration.stale')}</Notice>}
          {status.active && <p className="muted">{t('calibration.inSample')}</p>}
        </>
      )}
    </section>
  );
}
