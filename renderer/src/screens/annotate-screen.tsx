// Annotate: one document at a time, keyboard first. The coder, question and queue order are chosen
// at the start; then Enter accepts the chosen labels (the suggestion is pre-selected) and moves on
// (blind, nothing is pre-selected: Enter records the label chosen, and with none records nothing),
// numbers or hotkeys choose, Space skips, Backspace or Ctrl+Z undoes, f flags, n opens a note and ?
// lists the keys. Each decision is committed before the next document shows. A validation sample is
// coded blind (no suggestion, no gold); the skipped and flagged documents are queues of their own
// (annotate-status.tsx, annotate-source.tsx).
import { useEffect, useLayoutEffect, useRef } from 'react';
import { AnnotateDocument } from '../components/annotate-document';
import { AnnotateHelp } from '../components/annotate-help';
import { AnnotateLabels } from '../components/annotate-labels';
import { AnnotateNote } from '../components/annotate-note';
import { AnnotateProgress } from '../components/annotate-progress';
import { AnnotateSegment, AnnotateSegmentHead, showUnit } from '../components/annotate-segment';
import { AnnotateSetupForm } from '../components/annotate-setup';
import { AnnotateSettings, BlindNotice, GoldLine, QueueDone } from '../components/annotate-status';
import { Notice } from '../components/notice';
import { formatPercent, t } from '../i18n/t';
import { keysHint } from '../state/annotate-keys';
import { actionForKey, rememberedSession, useAnnotate, type KeyAction } from '../state/annotate-store';
import { usePrelabel } from '../state/prelabel-store';
import { useQuestions } from '../state/use-questions';

declare global {
  interface Window {
    /** Set by benchmarks: the screen then records performance measures (annotate:commit, annotate:frame, annotate:decide). */
    __PRELABEL_PERF__?: boolean;
  }
}

function run(action: KeyAction): Promise<void> | void {
  const s = useAnnotate.getState();
  switch (action.kind) {
    case 'accept':
      return s.accept();
    case 'skip':
      return s.skip();
    case 'none':
      return s.none();
    case 'undo':
      return s.undo();
    case 'flag':
      return s.toggleFlag();
    case 'note':
      return s.openNote();
    case 'help':
      return s.toggleHelp();
    case 'choose':
      return s.choose(action.labelId);
  }
}

/** The keys of the screen, from anywhere but a field. Actions run one after another, in the order
 * pressed: a label chosen while a decision commits applies to the document that follows it. */
function useAnnotateKeys(keyAt: React.RefObject<number | null>) {
  useEffect(() => {
    let chain: Promise<void> = Promise.resolve();
    const onKey = (e: KeyboardEvent) => {
      const s = useAnnotate.getState();
      if (!s.setup || e.defaultPrevented) return;
      const target = e.target instanceof HTMLElement ? e.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (s.helpOpen) {
        if (e.key === 'Escape' || e.key === '?') {
          e.preventDefault();
          s.toggleHelp(false);
        }
        return;
      }
      const action = actionForKey(e, s.labels, s.multiLabel);
      if (!action) return;
      e.preventDefault();
      // A held key must not code a run of documents.
      if (e.repeat && action.kind !== 'choose') return;
      if (action.kind === 'accept' || action.kind === 'skip' || action.kind === 'none' || action.kind === 'undo')
        keyAt.current = e.timeStamp;
      chain = chain.then(() => run(action)).catch(() => undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keyAt]);
}

function Coding() {
  const setup = useAnnotate((s) => s.setup)!;
  const labels = useAnnotate((s) => s.labels);
  const multiLabel = useAnnotate((s) => s.multiLabel);
  const current = useAnnotate((s) => s.current);
  const selection = useAnnotate((s) => s.selection);
  const flagged = useAnnotate((s) => s.flagged);
  const note = useAnnotate((s) => s.note);
  const noteOpen = useAnnotate((s) => s.noteOpen);
  const helpOpen = useAnnotate((s) => s.helpOpen);
  const progress = useAnnotate((s) => s.progress);
  const queueProgress = useAnnotate((s) => s.queueProgress);
  const mine = useAnnotate((s) => s.mine);
  const coding = useAnnotate((s) => s.coding);
  const loading = useAnnotate((s) => s.loading);
  const error = useAnnotate((s) => s.error);
  const notice = useAnnotate((s) => s.notice);
  const contextSize = useAnnotate((s) => s.contextSize);
  const actions = useAnnotate.getState();
  const keyAt = useRef<number | null>(null);
  const textRef = useRef<HTMLDivElement>(null);
  useAnnotateKeys(keyAt);

  const documentId = current?.document.id ?? null;
  // [Note: annotate timing] A benchmark reads keydown -> the next document committed (this layout
  // effect runs in React's commit) and keydown -> the next frame; only with window.__PRELABEL_PERF__.
  useLayoutEffect(() => {
    textRef.current?.scrollTo?.({ top: 0 });
    showUnit(textRef.current);
    const start = keyAt.current;
    keyAt.current = null;
    if (start === null || !window.__PRELABEL_PERF__) return;
    performance.measure('annotate:commit', { start, end: performance.now() });
    requestAnimationFrame(() => performance.measure('annotate:frame', { start, end: performance.now() }));
  }, [documentId]);

  const suggestion = current?.suggestion ?? null;
  // A unit of a segmentation has no metadata of its own: its document's shows.
  const context = current?.context ?? null;
  const meta = current ? Object.entries(context ? context.parentMetadata : current.document.metadata) : [];
  const onContextSize = (size: number) => {
    actions.setContextSize(size);
    // Back to the text, so that the keys code again at once.
    textRef.current?.focus();
  };
  const question = labels.length ? setup : null;
  // A blind item (of a validation sample) has no suggestion: nothing to accept, only a choice to record.
  const blind = Boolean(current?.sampleId);

  return (
    <div className="annotate" data-testid="annotate-coding">
      <div className="annotate-main">
        {error && (
          <Notice kind="error" testId="annotate-error" onDismiss={actions.dismissNotice}>
            {error}
          </Notice>
        )}
        {notice && (
          <Notice kind="info" testId="annotate-notice" onDismiss={actions.dismissNotice}>
            {notice}
          </Notice>
        )}
        {blind && <BlindNotice />}
        {current ? (
          <div
            className="annotate-doc"
            ref={textRef}
            tabIndex={0}
            aria-label={t('annotate.textLabel')}
            data-testid="annotate-doc"
            data-document-id={current.document.id}
          >
            <div className="annotate-doc-head">
              {context ? (
                <AnnotateSegmentHead context={context} contextSize={contextSize} onContextSize={onContextSize} />
              ) : (
                <h2 className="annotate-doc-id" dir="auto" data-testid="annotate-doc-id">
                  {t('annotate.documentTitle', { id: current.document.externalId })}
                </h2>
              )}
              {current.decision && (
                <span className="annotate-decided" data-testid="annotate-decided">
                  {current.decision.kind === 'skip'
                    ? t('annotate.wasSkipped')
                    : t('annotate.wasDecided', { labels: current.decision.labels.join(', ') || t('annotate.none') })}
                </span>
              )}
              {flagged && (
                <span className="annotate-flag" data-testid="annotate-flagged">
                  {t('annotate.flagged')}
                </span>
              )}
            </div>
            {context ? (
              <AnnotateSegment
                context={context}
                contextSize={contextSize}
                documentId={current.document.id}
                text={current.document.text}
                modelWindowEnd={current.modelWindowEnd}
              />
            ) : (
              <AnnotateDocument documentId={current.document.id} text={current.document.text} modelWindowEnd={current.modelWindowEnd} />
            )}
          </div>
        ) : loading ? (
          <p className="muted">{t('annotate.loading')}</p>
        ) : (
          <QueueDone questionId={setup.questionId} />
        )}
      </div>
      <aside className="annotate-side" aria-label={t('annotate.sideLabel')}>
        {current && question && (
          <section className="annotate-suggestion">
            <h3 className="subheading">{t('annotate.labelsTitle')}</h3>
            {blind ? (
              <p className="field-hint" data-testid="annotate-suggestion-hidden">
                {t('annotate.suggestionHidden')}
              </p>
            ) : suggestion ? (
              <p className="field-hint" data-testid="annotate-suggestion">
                {t('annotate.suggestion', { score: formatPercent(suggestion.score) })}
              </p>
            ) : (
              <p className="field-hint" data-testid="annotate-no-suggestion">
                {t('annotate.noSuggestion')}
              </p>
            )}
            <AnnotateLabels
              labels={labels}
              selection={selection}
              suggestion={suggestion}
              multiLabel={multiLabel}
              onChoose={actions.choose}
              onNone={actions.none}
            />
            <p className="field-hint" data-testid="annotate-keys-hint">
              {keysHint(labels, multiLabel, blind)}
            </p>
            {current.document.gold !== null && <GoldLine gold={current.document.gold} />}
          </section>
        )}
        {noteOpen ? (
          <AnnotateNote value={note} onChange={actions.setNote} onClose={actions.closeNote} />
        ) : (
          note && (
            <p className="annotate-note-shown" dir="auto" data-testid="annotate-note-shown">
              {t('annotate.noteShown', { note })}
            </p>
          )
        )}
        <AnnotateProgress
          progress={progress}
          queueProgress={queueProgress}
          source={setup.source ?? 'queue'}
          labels={labels}
          mine={mine}
          coding={coding}
        />
        {meta.length > 0 && (
          <section>
            <h3 className="subheading">{context ? t('segments.annotate.parentMetadata') : t('annotate.metadata')}</h3>
            <dl className="doc-detail-meta" data-testid="annotate-meta">
              {meta.map(([k, v]) => (
                <div key={k} className="doc-detail-field">
                  <dt dir="auto">{k}</dt>
                  <dd dir="auto">{v}</dd>
                </div>
              ))}
            </dl>
          </section>
        )}
        <p className="field-hint">
          {t('annotate.codingAs', { coder: setup.coder })}{' '}
          <button type="button" className="btn btn-small btn-quiet" onClick={actions.stop} data-testid="annotate-stop">
            {t('annotate.change')}
          </button>
        </p>
        <AnnotateSettings onRestarted={() => requestAnimationFrame(() => textRef.current?.focus())} />
        <p className="field-hint">{t('annotate.helpHint')}</p>
      </aside>
      {helpOpen && (
        <AnnotateHelp
          labels={labels}
          multiLabel={multiLabel}
          blind={blind || setup.source === 'sample'}
          onClose={() => actions.toggleHelp(false)}
        />
      )}
    </div>
  );
}

export function AnnotateScreen() {
  const questions = useQuestions(false);
  const setup = useAnnotate((s) => s.setup);
  const loading = useAnnotate((s) => s.loading);
  const pendingDocument = useAnnotate((s) => s.pendingDocument);
  const focusQuestion = usePrelabel((s) => s.questionId);
  // Another project resets the session (project-scope.ts): this screen never sees the last one's.

  // After a reload the session of this tab goes on where its queue stands (the open documents).
  useEffect(() => {
    if (setup || questions.length === 0) return;
    const session = rememberedSession();
    const question = session && questions.find((q) => q.id === session.questionId);
    if (session && question) void useAnnotate.getState().start(session, question);
  }, [setup, questions]);

  return (
    <div className="screen screen-fill annotate-screen">
      <div className="screen-header screen-header-row">
        <h1>{t('annotate.title')}</h1>
        {setup && <span className="count-badge">{questions.find((q) => q.id === setup.questionId)?.name}</span>}
      </div>
      {setup ? (
        <Coding />
      ) : (
        <AnnotateSetupForm
          questions={questions}
          initialQuestionId={focusQuestion}
          pendingDocument={pendingDocument}
          busy={loading}
          onStart={(s, q) => void useAnnotate.getState().start(s, q)}
        />
      )}
    </div>
  );
}
