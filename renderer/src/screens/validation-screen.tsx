// Validation: how good a question's current pre-labels are. The choices (question, compared with every
// coded document, a blind sample or gold; a breakdown column), then every number of evaluation.run:
// which documents and how they were drawn with the warnings, the summary with intervals, per label,
// the confusion heatmap, the calibration plot and score distributions, the breakdown, the corpus
// share of each label and anchoring; and the methods report (a file, or a download in the browser).
import { useEffect, useId, useMemo } from 'react';
import { exportDownloadPath, evaluationAgainst } from '../../../common/contract';
import { Notice } from '../components/notice';
import { QuestionSelect } from '../components/question-select';
import { ConfusionHeatmap, ValidationSummary } from '../components/validation-metrics';
import { ValidationPlots } from '../components/validation-plots';
import { RandomBanner, TruthCoders } from '../components/validation-source';
import { ValidationAnchoring, ValidationGroups, ValidationPrevalence } from '../components/validation-prevalence';
import { formatDateTime, t } from '../i18n/t';
import { useCodebook } from '../state/codebook-store';
import { useNav } from '../state/nav-store';
import { useValidation } from '../state/validation-store';
import { LabelQualitySection } from './label-quality-section';
import { ThresholdsSection } from './thresholds-section';
import { CalibrationSection } from './calibration-section';

export function ValidationScreen() {
  const id = useId();
  const saved = useCodebook((s) => s.saved);
  const questions = useMemo(() => (saved?.questions ?? []).filter((q) => !q.archived), [saved]);
  const state = useValidation();
  const question = questions.find((q) => q.id === state.questionId) ?? null;
  const r = state.result;

  useEffect(() => {
    void useCodebook.getState().load();
  }, []);
  useEffect(() => {
    if (question || questions.length === 0) return;
    const first = questions.find((q) => q.labels.some((l) => !l.archived)) ?? questions[0]!;
    useValidation.getState().choose({ questionId: first.id });
  }, [question, questions]);
  useEffect(() => {
    if (!state.questionId) return;
    void useValidation.getState().loadChoices();
  }, [state.questionId]);
  useEffect(() => {
    if (state.questionId) void useValidation.getState().run();
  }, [state.questionId, state.against, state.sampleId, state.groupBy, state.coder]);

  if (questions.length === 0)
    return (
      <div className="screen">
        <div className="screen-header">
          <h1>{t('validation.title')}</h1>
        </div>
        <section className="card empty-state">
          <p>{t('validation.noQuestions')}</p>
          <div>
            <button type="button" className="btn btn-primary" onClick={() => useNav.getState().go('codebook')}>
              {t('validation.goCodebook')}
            </button>
          </div>
        </section>
      </div>
    );

  const written = state.report.written;
  return (
    <div className="screen validation-screen" data-testid="validation-screen">
      <div className="screen-header">
        <h1>{t('validation.title')}</h1>
        <p className="muted">{t('validation.intro')}</p>
      </div>
      <section className="card" aria-labelledby={`${id}-settings`}>
        <h2 id={`${id}-settings`}>{t('validation.settings')}</h2>
        <div className="validation-choices">
          <QuestionSelect
            label={t('validation.question')}
            questions={questions}
            value={state.questionId}
            testId="validation-question"
            onChange={(questionId) => state.choose({ questionId })}
          />
          <div className="field">
            <label className="field-label" htmlFor={`${id}-against`}>
              {t('validation.against')}
            </label>
            <select
              id={`${id}-against`}
              className="select"
              value={state.against}
              data-testid="validation-against"
              onChange={(e) => state.choose({ against: e.target.value as (typeof evaluationAgainst.options)[number] })}
            >
              {evaluationAgainst.options.map((a) => (
                <option key={a} value={a}>
                  {t(`validation.against.${a}`)}
                </option>
              ))}
            </select>
          </div>
          {state.against === 'sample' && state.samples.length === 0 && (
            <p className="field-hint" data-testid="validation-no-samples">
              {t('validation.noSamples')}
            </p>
          )}
          {state.against === 'sample' && state.samples.length > 0 && (
            <div className="field">
              <label className="field-label" htmlFor={`${id}-sample`}>
                {t('validation.sample')}
              </label>
              <select
                id={`${id}-sample`}
                className="select"
                value={state.sampleId ?? ''}
                data-testid="validation-sample"
                onChange={(e) => state.choose({ sampleId: e.target.value || null })}
              >
                <option value="">{t('validation.sampleNewest')}</option>
                {state.samples.map((s) => (
                  <option key={s.id} value={s.id}>
                    {t('validation.sampleOption', {
                      size: String(s.size),
                      seed: String(s.seed),
                      coded: String(s.coded),
                      date: formatDateTime(s.createdAt),
                    })}
                  </option>
                ))}
              </select>
            </div>
          )}
          {state.against !== 'gold' && state.coders.length > 1 && (
            <div className="field">
              <label className="field-label" htmlFor={`${id}-coder`}>
                {t('validation.coder')}
              </label>
              <select
                id={`${id}-coder`}
                className="select"
                value={state.coder ?? ''}
                data-testid="validation-coder"
                onChange={(e) => state.choose({ coder: e.target.value || null })}
              >
                <option value="">{t('validation.coderLatest')}</option>
                {state.coders.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="field">
            <label className="field-label" htmlFor={`${id}-group`}>
              {t('validation.groupBy')}
            </label>
            <select
              id={`${id}-group`}
              className="select"
              value={state.groupBy ?? ''}
              data-testid="validation-group-by"
              onChange={(e) => state.choose({ groupBy: e.target.value || null })}
            >
              <option value="">{t('validation.groupNone')}</option>
              {state.columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="actions">
          <button type="button" className="btn" disabled={state.loading} onClick={() => void state.run()} data-testid="validation-run">
            {state.loading ? t('validation.running') : t('validation.run')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!question || state.report.phase === 'writing'}
            onClick={() => void state.writeReport(question?.name ?? '')}
            data-testid="validation-report"
          >
            {state.report.phase === 'writing' ? t('validation.reportWriting') : t('validation.report')}
          </button>
        </div>
        {written &&
          (written.downloadable && written.exportId ? (
            <p data-testid="validation-report-written">
              <a href={exportDownloadPath(written.exportId, written.name)} download={written.name} data-testid="validation-report-download">
                {t('validation.reportDownload', { name: written.name })}
              </a>
            </p>
          ) : (
            <p data-testid="validation-report-written">{t('validation.reportWritten', { path: written.path })}</p>
          ))}
      </section>
      {state.error && (
        <Notice kind="error" testId="validation-error">
          {state.error}
        </Notice>
      )}
      {state.report.error && (
        <Notice kind="error" testId="validation-report-error">
          {state.report.error}
        </Notice>
      )}
      {r && (
        <>
          <section className="card" aria-labelledby={`${id}-source`} data-testid="validation-source">
            <h2 id={`${id}-source`}>{t('validation.source')}</h2>
            <p>{r.source.description}</p>
            <RandomBanner result={r} />
            <TruthCoders result={r} />
            <p className="field-hint" data-testid="validation-counts">
              {t('validation.counts', {
                used: String(r.documents.used),
                withTruth: String(r.documents.withTruth),
                dropped: String(r.documents.dropped.noCurrentPrediction),
                stale: String(r.documents.dropped.staleOnly),
                units: String(r.corpus.units),
                current: String(r.corpus.withCurrentPrediction),
              })}
            </p>
            {r.warnings.length > 0 && (
              <div className="validation-warnings" role="note" data-testid="validation-warnings">
                <strong>{t('validation.warnings')}</strong>
                <ul>
                  {r.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </div>
            )}
            <p className="field-hint">{t('validation.took', { ms: String(r.tookMs) })}</p>
          </section>
          {r.metrics ? (
            <>
              <ValidationSummary result={r} />
              <ConfusionHeatmap result={r} />
              <ValidationPlots result={r} />
              <ValidationGroups result={r} />
            </>
          ) : (
            <section className="card">
              <p data-testid="validation-empty">{t('validation.empty')}</p>
            </section>
          )}
          <ValidationPrevalence result={r} />
          <ValidationAnchoring result={r} />
        </>
      )}
      {question && <ThresholdsSection key={`t-${question.id}`} questionId={question.id} />}
      {question && <LabelQualitySection key={`q-${question.id}`} questionId={question.id} />}
      {question && <CalibrationSection key={`c-${question.id}`} questionId={question.id} />}
    </div>
  );
}
