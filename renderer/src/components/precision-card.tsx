// The project's model precision on the Pre-label screen: which one runs, the minimum agreement
// for int8, the check's progress and its numbers, and the switch back to fp32.
import { useEffect, useId } from 'react';
import type { PrecisionCheck } from '../../../common/contract';
import { formatNumber, formatPercent, t } from '../i18n/t';
import { usePrecision } from '../state/precision-store';
import { Notice } from './notice';

function CheckResult({ check }: { check: PrecisionCheck }) {
  const params = { agreement: formatPercent(check.agreement, 1), documents: check.documents, min: formatPercent(check.minAgreement, 1) };
  return (
    <Notice kind={check.accepted ? 'success' : 'error'} testId="precision-check">
      <p data-testid="precision-check-message" data-accepted={check.accepted}>
        {t(check.accepted ? 'modelsSpeed.precision.accepted' : 'modelsSpeed.precision.refused', params)}
      </p>
      <p className="muted">
        {t('modelsSpeed.precision.details', {
          error: formatNumber(Math.round(check.relativeError * 1000) / 1000),
          diff: formatNumber(Math.round(check.maxScoreDiff * 1000) / 1000),
          seconds: formatNumber(Math.round(check.seconds * 10) / 10),
        })}
      </p>
    </Notice>
  );
}

export function PrecisionCard({ questionId, disabled }: { questionId: string | null; disabled: boolean }) {
  const id = useId();
  const { state, minAgreement, checking, progress, lastCheck, error } = usePrecision();
  const actions = usePrecision.getState();
  useEffect(() => {
    void usePrecision.getState().load();
  }, []);
  const phase = progress && progress.phase !== 'done' && progress.phase !== 'failed' ? progress : null;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="precision-card">
      <h2 id={`${id}-title`}>{t('modelsSpeed.precision.title')}</h2>
      <p className="muted">{t('modelsSpeed.precision.intro')}</p>
      {state && (
        <p data-testid="precision-current" data-precision={state.effective}>
          {t('modelsSpeed.precision.current', { precision: state.effective })}
        </p>
      )}
      {state && state.precision === 'int8' && state.effective === 'fp32' && (
        <Notice kind="warning">{t('modelsSpeed.precision.otherModel')}</Notice>
      )}
      <div className="row">
        <label className="field" htmlFor={`${id}-min`}>
          <span className="field-label">{t('modelsSpeed.precision.minAgreement')}</span>
          <input
            id={`${id}-min`}
            type="number"
            min={0}
            max={100}
            step={0.5}
            value={minAgreement}
            disabled={checking}
            onChange={(e) => actions.setMinAgreement(Number(e.target.value))}
            data-testid="precision-min-agreement"
          />
          <span className="field-hint">{t('modelsSpeed.precision.minAgreementHint')}</span>
        </label>
      </div>
      {!questionId && <p className="field-hint">{t('modelsSpeed.precision.needQuestion')}</p>}
      <div className="row">
        <button
          type="button"
          className="btn"
          disabled={disabled || checking || !questionId}
          onClick={() => questionId && void actions.toInt8(questionId)}
          data-testid="precision-to-int8"
        >
          {t('modelsSpeed.precision.toInt8')}
        </button>
        {state?.precision === 'int8' && (
          <button
            type="button"
            className="btn btn-quiet"
            disabled={disabled || checking}
            onClick={() => void actions.toFp32()}
            data-testid="precision-to-fp32"
          >
            {t('modelsSpeed.precision.toFp32')}
          </button>
        )}
      </div>
      {checking && (
        <div className="row">
          <p role="status" data-testid="precision-progress">
            {phase?.phase === 'fp32' || phase?.phase === 'int8'
              ? t(`modelsSpeed.precision.phase.${phase.phase}`, { done: phase.done, total: phase.total })
              : t('modelsSpeed.precision.phase.quantising')}
          </p>
          <button type="button" className="btn btn-quiet btn-small" onClick={() => void actions.cancel()} data-testid="precision-cancel">
            {t('common.cancel')}
          </button>
        </div>
      )}
      {lastCheck && <CheckResult check={lastCheck} />}
      {error && (
        <Notice kind="error" testId="precision-error" onDismiss={actions.clearError}>
          {error}
        </Notice>
      )}
    </section>
  );
}
