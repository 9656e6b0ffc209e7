// Agreement: how far the coders of a question agree, from each coder's current decision. The choices
// (question, every decided document or one of its samples, the model as one more coder), then every
// number of agreement.run (the object `prelabel agreement --json` prints): the coders with their
// decision counts, alpha with its bootstrap interval and the replicates below 0.667 and 0.8, Fleiss,
// AC1 and percent agreement with their pairable values, per label, the coder-by-coder matrix, the
// reliability data as CSV and the notes for a methods section.
import { useEffect, useId, useMemo } from 'react';
import { AgreementFiles, AgreementNotes } from '../components/agreement-files';
import { AgreementMatrix } from '../components/agreement-matrix';
import { AgreementCoders, AgreementOverall, AgreementPerLabel } from '../components/agreement-stats';
import { Notice } from '../components/notice';
import { QuestionSelect } from '../components/question-select';
import { formatDateTime, t } from '../i18n/t';
import { useAgreement } from '../state/agreement-store';
import { useCodebook } from '../state/codebook-store';
import { useNav } from '../state/nav-store';

export function AgreementScreen() {
  const id = useId();
  const saved = useCodebook((s) => s.saved);
  const questions = useMemo(() => (saved?.questions ?? []).filter((q) => !q.archived), [saved]);
  const state = useAgreement();
  const question = questions.find((q) => q.id === state.questionId) ?? null;
  const r = state.result;

  useEffect(() => {
    void useCodebook.getState().load();
  }, []);
  useEffect(() => {
    if (question || questions.length === 0) return;
    const first = questions.find((q) => q.labels.some((l) => !l.archived)) ?? questions[0]!;
    useAgreement.getState().choose({ questionId: first.id });
  }, [question, questions]);
  useEffect(() => {
    if (state.questionId) void useAgreement.getState().loadSamples();
  }, [state.questionId]);
  useEffect(() => {
    if (state.questionId) void useAgreement.getState().run();
  }, [state.questionId, state.sampleId, state.includeModel]);

  if (questions.length === 0)
    return (
      <div className="screen">
        <div className="screen-header">
          <h1>{t('agreement.title')}</h1>
        </div>
        <section className="card empty-state">
          <p>{t('agreement.noQuestions')}</p>
          <div>
            <button type="button" className="btn btn-primary" onClick={() => useNav.getState().go('codebook')}>
              {t('agreement.goCodebook')}
            </button>
          </div>
        </section>
      </div>
    );

  return (
    <div className="screen agreement-screen" data-testid="agreement-screen">
      <div className="screen-header">
        <h1>{t('agreement.title')}</h1>
        <p className="muted">{t('agreement.intro')}</p>
      </div>
      <section className="card" aria-labelledby={`${id}-settings`}>
        <h2 id={`${id}-settings`}>{t('agreement.settings')}</h2>
        <div className="agreement-choices">
          <QuestionSelect
            label={t('agreement.question')}
            questions={questions}
            value={state.questionId}
            testId="agreement-question"
            onChange={(questionId) => state.choose({ questionId })}
          />
          {state.samples.length > 0 ? (
            <div className="field">
              <label className="field-label" htmlFor={`${id}-sample`}>
                {t('agreement.sample')}
              </label>
              <select
                id={`${id}-sample`}
                className="select"
                value={state.sampleId ?? ''}
                data-testid="agreement-sample"
                onChange={(e) => state.choose({ sampleId: e.target.value || null })}
              >
                <option value="">{t('agreement.sampleAll')}</option>
                {state.samples.map((s) => (
                  <option key={s.id} value={s.id}>
                    {t('agreement.sampleOption', {
                      kind: t(`agreement.kind.${s.kind}`),
                      size: String(s.size),
                      seed: String(s.seed),
                      date: formatDateTime(s.createdAt),
                    })}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <p className="field-hint" data-testid="agreement-no-samples">
              {t('agreement.noSamples')}
            </p>
          )}
          <label className="check agreement-model">
            <input
              type="checkbox"
              checked={state.includeModel}
              data-testid="agreement-include-model"
              onChange={(e) => state.choose({ includeModel: e.target.checked })}
            />
            {t('agreement.includeModel')}
          </label>
        </div>
        <div className="actions">
          <button type="button" className="btn" disabled={state.loading} onClick={() => void state.run()} data-testid="agreement-run">
            {state.loading ? t('agreement.running') : t('agreement.run')}
          </button>
        </div>
      </section>
      {state.error && (
        <Notice kind="error" testId="agreement-error">
          {state.error}
        </Notice>
      )}
      {state.nothing && (
        <Notice kind="info" testId="agreement-nothing">
          {state.nothing}
        </Notice>
      )}
      {r && r.question.id === state.questionId && (
        <>
          <AgreementCoders result={r} />
          <AgreementOverall result={r} />
          <AgreementPerLabel result={r} />
          <AgreementMatrix key={`${r.question.id} ${r.coders.length}`} result={r} />
          <AgreementFiles result={r} />
          <AgreementNotes result={r} />
        </>
      )}
    </div>
  );
}
