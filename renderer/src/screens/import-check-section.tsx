// The import screen's last card: run the check, decide what happens to each class of problem rows,
// map the gold values to labels, then import; the progress of either job with its Cancel.
import { useId, useMemo } from 'react';
import type { ImportAnalysis, ImportDetection, ProblemCode } from '../../../common/contract';
import { GoldMapping } from '../components/gold-mapping';
import { checkProgressLabel, importProgressLabel, JobProgressRow } from '../components/job-progress';
import { ProblemList } from '../components/problem-list';
import { t } from '../i18n/t';
import { groupGoldValues, importBlockers, labelNames, type Decisions } from '../state/import-rules';
import { canImport, useImport } from '../state/import-store';

function blockerHint(analysis: ImportAnalysis | null, decisions: Decisions): string | null {
  if (!analysis) return t('import.check.needed');
  const b = importBlockers(analysis, decisions);
  const names = (codes: ProblemCode[]) => codes.map((c) => t(`problem.${c}`)).join(', ');
  if (b.undecided.length) return t('import.check.mustChoose', { classes: names(b.undecided) });
  if (b.cancelling.length) return t('import.check.willCancel', { classes: names(b.cancelling) });
  return null;
}

interface TextSizeWarningProps {
  detection: ImportDetection | null;
  /** Past the limit: whether the person confirmed the size (ImportOptions.allowLargeText). */
  confirmed?: boolean;
  disabled?: boolean;
  onConfirm?(confirmed: boolean): void;
}

/** A file whose cells repeat one long text (XLSX, ODS, Parquet): the core's sentence with both
 * sizes; exact after the check, before it the estimate the preview made when it opened the file.
 * Past the limit, a box to confirm the size: without it the check and the import are refused. */
export function TextSizeWarning({ detection, confirmed = false, disabled = false, onConfirm }: TextSizeWarningProps) {
  const size = detection?.textSize;
  const warningId = useId();
  if (!size?.warning) return null;
  return (
    <div className="stack">
      <p id={warningId} className="field-hint hint-warning" role="status" data-testid="text-size-warning">
        {size.warning}
      </p>
      {size.needsConfirmation && onConfirm && (
        <label className="check">
          <input
            type="checkbox"
            checked={confirmed}
            disabled={disabled}
            aria-describedby={warningId}
            data-testid="confirm-large-text"
            onChange={(e) => onConfirm(e.target.checked)}
          />
          {t('import.check.confirmLargeText')}
        </label>
      )}
    </div>
  );
}

export function ImportCheckSection() {
  const s = useImport();
  const hintId = useId();
  const goldGroups = useMemo(() => groupGoldValues(s.analysis?.goldValues ?? []), [s.analysis]);
  const running = s.step === 'starting' || s.step === 'running' || s.step === 'cancelling';
  const checking = s.step === 'checking';
  const ready = canImport(s);
  const hint = running || checking ? null : blockerHint(s.analysis, s.decisions);

  return (
    <section className="card" aria-labelledby="check-title" data-testid="import-check">
      <div className="stack">
        <h2 id="check-title">{t('import.check.title')}</h2>
        <p className="muted">{t('import.check.intro')}</p>
      </div>
      <TextSizeWarning
        detection={s.analysis?.detection ?? s.preview?.detection ?? null}
        confirmed={(s.requested ?? s.options).allowLargeText === true}
        disabled={running || checking}
        onConfirm={(confirmed) => void s.setOption('allowLargeText', confirmed)}
      />
      {s.analysis && <ProblemList analysis={s.analysis} decisions={s.decisions} disabled={running} onChoose={s.setDecision} />}
      {s.analysis && s.goldColumn !== null && (
        <GoldMapping
          column={s.goldColumn}
          groups={goldGroups}
          labels={s.goldLabels}
          names={labelNames(s.goldLabels)}
          disabled={running}
          onLabel={s.setGoldLabel}
        />
      )}
      <div className="actions">
        {checking && s.check ? (
          <JobProgressRow
            name={t('import.check.label')}
            label={s.check.cancelling ? t('import.check.cancelling') : checkProgressLabel(s.check.progress, s.sourceName)}
            progress={s.check.progress}
            canCancel={!s.check.cancelling}
            testId="check-progress"
            cancelTestId="cancel-check"
            onCancel={() => void s.cancelCheck()}
          />
        ) : running ? (
          <JobProgressRow
            name={t('import.progress.label')}
            label={s.step === 'cancelling' ? t('import.cancelling') : importProgressLabel(s.progress, s.sourceName)}
            progress={s.progress}
            canCancel={s.step === 'running'}
            testId="import-progress"
            cancelTestId="cancel-import"
            onCancel={() => void s.cancel()}
          />
        ) : (
          <>
            <button
              type="button"
              className={`btn${s.analysis ? '' : ' btn-primary'}`}
              onClick={() => void s.runCheck()}
              disabled={s.textColumns.length === 0 || s.step !== 'preview'}
              data-testid="check-file"
            >
              {s.analysis ? t('import.check.again') : t('import.check.run')}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void s.start()}
              disabled={!ready}
              aria-describedby={hint ? hintId : undefined}
              data-testid="start-import"
            >
              {t('import.start')}
            </button>
            {hint && (
              <p id={hintId} className="field-hint grow" data-testid="import-hint">
                {hint}
              </p>
            )}
          </>
        )}
      </div>
    </section>
  );
}
