// Pre-label: which model (chosen in Models), the question, the run (start, pause, resume, cancel, progress with ETA)
// and what is scored, stale or cut.
import { useEffect, useId } from 'react';
import { ModelLine } from '../components/model-line';
import { Notice } from '../components/notice';
import { PrecisionCard } from '../components/precision-card';
import { PrelabelCounts } from '../components/prelabel-counts';
import { PrelabelRun } from '../components/prelabel-run';
import { ThreadMeasuring } from '../components/thread-measuring';
import { PrelabelReuse } from '../components/prelabel-reuse';
import { QuestionSelect } from '../components/question-select';
import { t } from '../i18n/t';
import { useCodebook } from '../state/codebook-store';
import { useModel } from '../state/model-store';
import { useNav } from '../state/nav-store';
import { useQuestions } from '../state/use-questions';
import { runCounts, runStatus, usePrelabel } from '../state/prelabel-store';
import { ClusterSection } from './cluster-section';

function RunCard() {
  const id = useId();
  const questions = useQuestions(true);
  const questionId = usePrelabel((s) => s.questionId);
  const status = usePrelabel((s) => s.status);
  const progress = usePrelabel((s) => s.progress);
  const measuring = usePrelabel((s) => s.measuring);
  const pending = usePrelabel((s) => s.pending);
  const error = usePrelabel((s) => s.error);
  const hierarchical = usePrelabel((s) => s.hierarchical);
  const topParents = usePrelabel((s) => s.topParents);
  const model = useModel((s) => s.model);
  const actions = usePrelabel.getState();
  const question = questions.find((q) => q.id === questionId) ?? null;
  const hasLabels = !!question?.labels.some((l) => !l.archived);
  const state = runStatus({ status, progress });
  const counts = runCounts({ status, progress });
  const live = progress && (!status?.run || progress.jobId === status.run.id) ? progress : null;
  const failure = state === 'failed' ? (live?.error ?? status?.run?.error ?? null) : null;

  if (questions.length === 0) {
    return (
      <section className="card empty-state" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t('prelabel.run.title')}</h2>
        <p data-testid="prelabel-no-questions">{t('prelabel.noQuestions')}</p>
        <div>
          <button type="button" className="btn btn-primary" onClick={() => useNav.getState().go('codebook')}>
            {t('prelabel.goCodebook')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="prelabel-card">
      <h2 id={`${id}-title`}>{t('prelabel.run.title')}</h2>
      <div className="row">
        <QuestionSelect
          label={t('prelabel.question')}
          questions={questions}
          value={questionId}
          disabled={state === 'running'}
          testId="prelabel-question"
          onChange={actions.selectQuestion}
        />
      </div>
      {question && !hasLabels && <Notice kind="info">{t('prelabel.noLabels')}</Notice>}
      {!model && <p className="field-hint">{t('prelabel.needModel')}</p>}
      {question?.labels.some((l) => !l.archived && l.parent) && (
        <div className="row">
          <label className="check">
            <input
              type="checkbox"
              checked={hierarchical}
              disabled={state === 'running'}
              onChange={(e) => actions.setHierarchical(e.target.checked)}
              data-testid="prelabel-hierarchical"
            />
            {t('modelsSpeed.hierarchical.label')}
          </label>
          {hierarchical && (
            <label className="field field-inline">
              <span className="field-label">{t('modelsSpeed.hierarchical.topParents')}</span>
              <input
                type="number"
                min={1}
                max={100}
                value={topParents}
                disabled={state === 'running'}
                onChange={(e) => actions.setHierarchical(true, Number(e.target.value))}
                data-testid="prelabel-top-parents"
              />
            </label>
          )}
          <p className="field-hint">{t('modelsSpeed.hierarchical.hint')}</p>
        </div>
      )}
      <PrelabelRun
        status={state}
        done={counts.done}
        total={counts.total}
        pairsPerSecond={live?.pairsPerSecond ?? null}
        etaSeconds={live?.etaSeconds ?? null}
        pending={pending}
        canStart={!!model && hasLabels}
        hasRun={!!status?.run}
        onStart={() => void actions.start()}
        onPause={() => void actions.pause()}
        onResume={() => void actions.resume()}
        onCancel={() => void actions.cancel()}
      />
      <ThreadMeasuring measuring={measuring} />
      <PrelabelReuse progress={live} />
      {failure && (
        <Notice kind="error" testId="prelabel-failed">
          {t('prelabel.failed', { message: failure })}
        </Notice>
      )}
      {error && (
        <Notice kind="error" testId="prelabel-error" onDismiss={actions.clearError}>
          {error}
        </Notice>
      )}
      {status && <PrelabelCounts status={status} liveScored={state === 'running' && live ? live.done : undefined} />}
      {status && status.scored > 0 && (
        <div>
          <button
            type="button"
            className="btn btn-quiet"
            onClick={() => useNav.getState().go('browse')}
            data-testid="prelabel-see-documents"
          >
            {t('prelabel.seeDocuments')}
          </button>
        </div>
      )}
    </section>
  );
}

function PrecisionSection() {
  const questionId = usePrelabel((s) => s.questionId);
  const status = usePrelabel((s) => s.status);
  const progress = usePrelabel((s) => s.progress);
  const model = useModel((s) => s.model);
  if (!model) return null;
  return <PrecisionCard questionId={questionId} disabled={runStatus({ status, progress }) === 'running'} />;
}

export function PrelabelScreen() {
  const model = useModel((s) => s.model);
  const modelLoaded = useModel((s) => s.loaded);
  useEffect(() => {
    void useModel.getState().load();
    void useCodebook.getState().load();
    // The codebook or the model may have changed since the status was read.
    void usePrelabel.getState().refreshStatus();
  }, []);

  return (
    <div className="screen">
      <div className="screen-header">
        <h1>{t('prelabel.title')}</h1>
        <p className="muted">{t('prelabel.intro')}</p>
      </div>
      <ModelLine model={model} loaded={modelLoaded} onGoModels={() => useNav.getState().go('models')} />
      <RunCard />
      <PrecisionSection />
      <ClusterSection />
    </div>
  );
}
