// Adjudicate: the documents where coders disagree, one at a time, the most disagreement first
// (adjudication.list; [Note: disagreement] in main/core/adjudication/disagreements.ts), keyboard
// first like Annotate: 1-9 choose a label (multi-label: toggle; 0 none of them), Enter records it,
// a or Enter on a coder's row takes that coder's labels, j/k and the arrows move, Backspace, u or
// Ctrl+Z undo the adjudicator's latest adjudication, ? lists the keys. Each adjudication is a
// decision of its own (annotate.decide, role 'adjudication', under the adjudicator's name) and
// becomes the project's current label. The suggestion shows unless the project hides suggestions or
// the adjudicator unticks it; gold only where the project shows gold while coding.
import { useEffect, useMemo, useRef } from 'react';
import { AdjudicationCoders, focusCoderRow } from '../components/adjudication-coders';
import { AdjudicationHelp } from '../components/adjudication-help';
import { AdjudicationSetup } from '../components/adjudication-setup';
import { AnnotateDocument } from '../components/annotate-document';
import { Notice } from '../components/notice';
import { formatPercent, t } from '../i18n/t';
import { adjudicationKey } from '../state/adjudication-keys';
import { useAdjudication } from '../state/adjudication-store';
import { useCodebook } from '../state/codebook-store';
import { useNav } from '../state/nav-store';

/** The screen's keys, from anywhere but a field. One action at a time, in the order pressed. */
function useAdjudicationKeys(labelIds: readonly string[]) {
  const ids = useRef(labelIds);
  ids.current = labelIds;
  useEffect(() => {
    let chain: Promise<void> = Promise.resolve();
    const onKey = (e: KeyboardEvent) => {
      const s = useAdjudication.getState();
      if (e.defaultPrevented || !s.questionId) return;
      const target = e.target instanceof HTMLElement ? e.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (s.helpOpen) {
        if (e.key === 'Escape' || e.key === '?') {
          e.preventDefault();
          s.toggleHelp(false);
        }
        return;
      }
      const row = target?.closest<HTMLElement>('[data-coder-row]') ?? null;
      if (row && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        e.preventDefault();
        return focusCoderRow(row, e.key === 'ArrowDown' ? 1 : -1);
      }
      const action = adjudicationKey(e, s.multiLabel, row !== null);
      if (!action) return;
      e.preventDefault();
      if (e.repeat && action.kind !== 'move') return;
      const unit = s.units[s.index];
      chain = chain
        .then(async () => {
          const now = useAdjudication.getState();
          switch (action.kind) {
            case 'choose': {
              const id = ids.current[action.index];
              if (id) now.pick(id);
              return;
            }
            case 'none':
              return now.none();
            case 'record':
              return now.record();
            case 'take': {
              if (!row) return document.querySelector<HTMLElement>('[data-coder-row]:not([disabled])')?.focus();
              const coder = unit?.coders.find((c) => c.coder === row.dataset.coderRow);
              if (coder && coder.kind === 'label') await now.record(coder.labelIds);
              document.querySelector<HTMLElement>('[data-testid="adjudication-doc"]')?.focus();
              return;
            }
            case 'move':
              return now.move(action.delta);
            case 'undo':
              return now.undo();
            case 'help':
              return now.toggleHelp();
          }
        })
        .catch(() => undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function Walk({ labels }: { labels: ReadonlyArray<{ id: string; name: string }> }) {
  const s = useAdjudication();
  const unit = s.units[s.index];
  const docRef = useRef<HTMLDivElement>(null);
  useAdjudicationKeys(useMemo(() => labels.map((l) => l.id), [labels]));
  const documentId = unit?.documentId;
  useEffect(() => {
    docRef.current?.scrollTo?.({ top: 0 });
  }, [documentId]);
  if (!unit) return null;
  const settled = unit.adjudication;
  return (
    <div className="annotate adjudication" data-testid="adjudication-walk">
      <div className="annotate-main">
        <div
          className="annotate-doc"
          ref={docRef}
          tabIndex={0}
          aria-label={t('adjudication.documentTitle', { id: unit.externalId })}
          data-testid="adjudication-doc"
          data-document-id={unit.documentId}
          data-external-id={unit.externalId}
        >
          <div className="annotate-doc-head">
            <h2 className="annotate-doc-id" dir="auto">
              {t('adjudication.documentTitle', { id: unit.externalId })}
            </h2>
            <span className="muted" data-testid="adjudication-position">
              {t('adjudication.position', { n: String(s.index + 1), total: String(s.units.length) })}
            </span>
          </div>
          <AnnotateDocument documentId={unit.documentId} text={unit.text} modelWindowEnd={null} />
        </div>
      </div>
      <aside className="annotate-side" aria-label={t('adjudication.coders')}>
        <section>
          <h3 className="subheading">{t('adjudication.coders')}</h3>
          <p className="field-hint" data-testid="adjudication-disagreement">
            {t('adjudication.disagreement', {
              value: unit.disagreement.toFixed(2),
              differing: String(unit.differingPairs),
              pairs: String(unit.pairs),
            })}
          </p>
          <AdjudicationCoders coders={unit.coders} onTake={(c) => void s.record(c.labelIds)} />
          {!s.suggestionsHidden && s.showSuggestion && (
            <p className="field-hint" data-testid="adjudication-suggestion">
              {unit.suggestion
                ? t('adjudication.suggestion', { labels: unit.suggestion.labels.join(', '), score: formatPercent(unit.suggestion.score) })
                : t('adjudication.noSuggestion')}
            </p>
          )}
          {s.goldShown && (
            <p className="field-hint annotate-gold" data-testid="adjudication-gold">
              {unit.gold !== null ? t('adjudication.gold', { gold: unit.gold }) : t('adjudication.noGold')}
            </p>
          )}
        </section>
        <section className="annotate-suggestion">
          <h3 className="subheading">{t('adjudication.labels')}</h3>
          <div className="annotate-labels" role="group" aria-label={t('adjudication.labels')} data-testid="adjudication-labels">
            {labels.map((label, i) => {
              const chosen = s.chosen ? s.selection.includes(label.id) : (settled?.labelIds.includes(label.id) ?? false);
              return (
                <button
                  key={label.id}
                  type="button"
                  className={`annotate-label${chosen ? ' annotate-label-chosen' : ''}`}
                  aria-pressed={chosen}
                  tabIndex={-1}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => s.pick(label.id)}
                  data-testid="adjudication-label"
                  data-label={label.name}
                  data-chosen={chosen ? 'true' : 'false'}
                >
                  <span className="annotate-label-keys" aria-hidden="true">
                    {i < 9 && <kbd>{i + 1}</kbd>}
                  </span>
                  <span className="annotate-label-name" dir="auto">
                    {label.name}
                  </span>
                </button>
              );
            })}
            {s.multiLabel && (
              <button
                type="button"
                className={`annotate-label${s.chosen && s.selection.length === 0 ? ' annotate-label-chosen' : ''}`}
                aria-pressed={s.chosen && s.selection.length === 0}
                tabIndex={-1}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => s.none()}
              >
                <span className="annotate-label-keys" aria-hidden="true">
                  <kbd>0</kbd>
                </span>
                <span className="annotate-label-name">{t('adjudication.noneLabel')}</span>
              </button>
            )}
          </div>
          <p className="field-hint" data-testid="adjudication-status" data-settled={settled ? 'true' : 'false'}>
            {settled
              ? t('adjudication.settled', { labels: settled.labels.join(', ') || t('adjudication.noneOfThese'), coder: settled.coder })
              : t('adjudication.open')}
          </p>
          <p className="field-hint">{s.multiLabel ? t('adjudication.keysMulti') : t('adjudication.keysSingle')}</p>
        </section>
      </aside>
      {s.helpOpen && <AdjudicationHelp multiLabel={s.multiLabel} onClose={() => s.toggleHelp(false)} />}
    </div>
  );
}

export function AdjudicationScreen() {
  const saved = useCodebook((x) => x.saved);
  const questions = useMemo(() => (saved?.questions ?? []).filter((q) => !q.archived), [saved]);
  const s = useAdjudication();
  const question = questions.find((q) => q.id === s.questionId) ?? null;
  const labels = useMemo(() => (question?.labels ?? []).filter((l) => !l.archived), [question]);

  useEffect(() => {
    void useCodebook.getState().load();
  }, []);
  useEffect(() => {
    if (question || questions.length === 0) return;
    const first = questions.find((q) => q.labels.some((l) => !l.archived)) ?? questions[0]!;
    useAdjudication.getState().choose({ questionId: first.id, multiLabel: first.multiLabel });
  }, [question, questions]);
  useEffect(() => {
    if (s.questionId) void useAdjudication.getState().loadSamples();
  }, [s.questionId]);
  useEffect(() => {
    const now = useAdjudication.getState();
    if (s.questionId) void now.load(now.units[now.index]?.documentId);
  }, [s.questionId, s.showSuggestion, s.sampleId]);

  if (questions.length === 0)
    return (
      <div className="screen">
        <div className="screen-header">
          <h1>{t('adjudication.title')}</h1>
        </div>
        <section className="card empty-state">
          <p>{t('adjudication.noQuestions')}</p>
          <div>
            <button type="button" className="btn btn-primary" onClick={() => useNav.getState().go('codebook')}>
              {t('adjudication.goCodebook')}
            </button>
          </div>
        </section>
      </div>
    );

  return (
    <div className="screen screen-fill adjudication-screen" data-testid="adjudication-screen">
      <div className="screen-header">
        <h1>{t('adjudication.title')}</h1>
        <p className="muted">{t('adjudication.intro')}</p>
      </div>
      <AdjudicationSetup questions={questions} />
      {s.error && (
        <Notice kind="error" testId="adjudication-error" onDismiss={s.dismiss}>
          {s.error}
        </Notice>
      )}
      {s.notice && (
        <Notice kind="info" testId="adjudication-notice" onDismiss={s.dismiss}>
          {s.notice}
        </Notice>
      )}
      {s.units.length > 0 ? (
        <Walk labels={labels} />
      ) : s.loading ? (
        <p className="muted">{t('adjudication.loading')}</p>
      ) : (
        s.counts && (
          <section className="card empty-state" data-testid="adjudication-empty">
            <p>{t('adjudication.none')}</p>
          </section>
        )
      )}
    </div>
  );
}
