// Export: one question's decisions as training data, with the rows it will write (before Export),
// progress, Cancel, and the files written (download links and one ZIP of everything in the browser).
import { useEffect, useId, useMemo } from 'react';
import { ExportLevelOptions } from '../components/export-level';
import { ExportOptions } from '../components/export-options';
import { ExportCountLine } from '../components/export-count';
import { ExportResultCard } from '../components/export-result';
import { ExportSharing } from '../components/export-sharing';
import { JobProgressRow } from '../components/job-progress';
import { Notice } from '../components/notice';
import { t } from '../i18n/t';
import { useCodebook } from '../state/codebook-store';
import { useExport } from '../state/export-store';
import { useNav } from '../state/nav-store';
import { useSegments } from '../state/segments-store';

export function ExportScreen() {
  const id = useId();
  const saved = useCodebook((s) => s.saved);
  const questions = useMemo(() => (saved?.questions ?? []).filter((q) => !q.archived), [saved]);
  const state = useExport();
  const question = questions.find((q) => q.id === state.questionId) ?? null;
  const busy = state.phase !== 'idle';
  // Levels exist once the project has units of a segmentation.
  const segmented = (useSegments((s) => s.segmentations) ?? []).length > 0;

  useEffect(() => {
    void useCodebook.getState().load();
    void useSegments.getState().load();
    void useExport.getState().loadColumns();
    // The decisions may have changed since the count was made: count again.
    void useExport.getState().refreshCount();
  }, []);
  useEffect(() => {
    if (!segmented && state.level !== 'unit') useExport.getState().choose({ level: 'unit' });
  }, [segmented, state.level]);
  useEffect(() => {
    // The question in focus went away, or none was chosen yet: the first one with labels.
    if (question || questions.length === 0) return;
    const first = questions.find((q) => q.labels.some((l) => !l.archived)) ?? questions[0]!;
    useExport.getState().choose({ questionId: first.id });
  }, [question, questions]);

  const total = state.progress?.total ?? null;
  const label = state.progress
    ? t('export.progress', { done: state.progress.done, count: total ?? state.progress.done })
    : t('export.starting');

  return (
    <div className="screen">
      <div className="screen-header">
        <h1>{t('export.title')}</h1>
        <p className="muted">{t('export.intro')}</p>
      </div>
      {questions.length === 0 ? (
        <section className="card empty-state">
          <p data-testid="export-no-questions">{t('export.noQuestions')}</p>
          <div>
            <button type="button" className="btn btn-primary" onClick={() => useNav.getState().go('codebook')}>
              {t('export.goCodebook')}
            </button>
          </div>
        </section>
      ) : (
        <section className="card" aria-labelledby={`${id}-title`}>
          <h2 id={`${id}-title`}>{t('export.settings')}</h2>
          <ExportOptions
            questions={questions}
            questionId={state.questionId}
            format={state.format}
            filter={state.filter}
            seed={state.seed}
            testFraction={state.testFraction}
            nliNegatives={state.nliNegatives}
            nliLabels={state.nliLabels}
            disabled={busy}
            parentLevel={state.level === 'parent'}
            labelsOnly={state.content === 'labels'}
            onChange={(patch) => state.choose(patch)}
          />
          <ExportSharing
            content={state.content}
            pseudonymise={state.pseudonymise}
            columns={state.metadataColumns}
            disabled={busy}
            onChange={(patch) => state.choose(patch)}
          />
          {segmented && (
            <ExportLevelOptions level={state.level} aggregate={state.aggregate} disabled={busy} onChange={(patch) => state.choose(patch)} />
          )}
          <ExportCountLine count={state.count} error={state.countError} format={state.format} parentLevel={state.level === 'parent'} />
          <div className="actions">
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy || !question}
              onClick={() => void state.start(question?.name ?? '')}
              data-testid="export-start"
            >
              {t('export.start')}
            </button>
          </div>
          {busy && (
            <JobProgressRow
              name={t('export.progressName')}
              label={label}
              progress={state.progress}
              canCancel={state.phase === 'running' || state.phase === 'starting'}
              testId="export-progress"
              cancelTestId="export-cancel"
              onCancel={() => void state.cancel()}
            />
          )}
        </section>
      )}
      {state.error && (
        <Notice kind="error" testId="export-error" onDismiss={state.dismiss}>
          {state.error}
        </Notice>
      )}
      {state.notice && (
        <Notice kind="info" testId="export-notice" onDismiss={state.dismiss}>
          {state.notice}
        </Notice>
      )}
      {state.result && <ExportResultCard result={state.result} onDismiss={() => useExport.setState({ result: null })} />}
    </div>
  );
}
