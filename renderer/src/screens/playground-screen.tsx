// The NLI playground of the model card: a text and a hypothesis in; entailment, neutral and
// contradiction out. A label's hypothesis from the codebook can be taken to try it on a text.
import { useEffect, useId, type KeyboardEvent } from 'react';
import { Notice } from '../components/notice';
import { ProbabilityBars } from '../components/probability-bars';
import { t } from '../i18n/t';
import { hypothesisFor } from '../state/codebook-draft';
import { useCodebook } from '../state/codebook-store';
import { useModel } from '../state/model-store';
import { useNav } from '../state/nav-store';
import { usePlayground } from '../state/playground-store';
import { useProject } from '../state/project-store';

function CodebookHypotheses({ onPick }: { onPick(hypothesis: string): void }) {
  const id = useId();
  const saved = useCodebook((s) => s.saved);
  const options = (saved?.questions ?? [])
    .filter((q) => !q.archived)
    .flatMap((q) =>
      q.labels
        .filter((l) => !l.archived)
        .map((l) => ({
          key: l.id,
          group: q.name,
          label: l.name,
          hypothesis: hypothesisFor(q.template, { name: l.name, hypothesis: l.hypothesis ?? '' }),
        })),
    );
  if (options.length === 0) return null;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {t('playground.fromCodebook')}
      </label>
      <select
        id={id}
        className="select"
        value=""
        onChange={(e) => e.target.value && onPick(e.target.value)}
        data-testid="playground-from-codebook"
      >
        <option value="">{t('playground.fromCodebookNone')}</option>
        {options.map((o) => (
          <option key={o.key} value={o.hypothesis}>
            {o.group}: {o.label} — {o.hypothesis}
          </option>
        ))}
      </select>
    </div>
  );
}

export function PlaygroundScreen() {
  const id = useId();
  const premise = usePlayground((s) => s.premise);
  const hypothesis = usePlayground((s) => s.hypothesis);
  const result = usePlayground((s) => s.result);
  const running = usePlayground((s) => s.running);
  const error = usePlayground((s) => s.error);
  const model = useModel((s) => s.model);
  const modelLoaded = useModel((s) => s.loaded);
  const hasProject = useProject((s) => s.project !== null);
  const { setPremise, setHypothesis, run } = usePlayground.getState();
  const ready = premise.trim() !== '' && hypothesis.trim() !== '' && !running;

  useEffect(() => {
    void useModel.getState().load();
    if (hasProject) void useCodebook.getState().load();
  }, [hasProject]);

  const runOnCtrlEnter = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && ready) {
      e.preventDefault();
      void run();
    }
  };

  return (
    <div className="screen">
      <div className="screen-header">
        <h1>{t('playground.title')}</h1>
        <p className="muted">{t('playground.intro')}</p>
      </div>
      {modelLoaded && !model && (
        <Notice kind="info" testId="playground-no-model">
          {t('playground.needModel')}{' '}
          <button type="button" className="btn btn-small" onClick={() => useNav.getState().go('models')} data-testid="playground-go-models">
            {t('nav.models')}
          </button>
        </Notice>
      )}
      <div className="playground-layout">
        <form
          className="card"
          aria-labelledby={`${id}-form`}
          onSubmit={(e) => {
            e.preventDefault();
            if (ready) void run();
          }}
        >
          <h2 id={`${id}-form`} className="visually-hidden">
            {t('playground.title')}
          </h2>
          {model && (
            <p className="field-hint" data-testid="playground-model">
              {t('playground.usingModel', { id: model.id })}
            </p>
          )}
          <div className="field">
            <label className="field-label" htmlFor={`${id}-premise`}>
              {t('playground.premise')}
            </label>
            <textarea
              id={`${id}-premise`}
              className="input textarea"
              rows={7}
              value={premise}
              maxLength={100_000}
              dir="auto"
              placeholder={t('playground.premisePlaceholder')}
              onChange={(e) => setPremise(e.target.value)}
              onKeyDown={runOnCtrlEnter}
              data-testid="playground-premise"
            />
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-hypothesis`}>
              {t('playground.hypothesis')}
            </label>
            <input
              id={`${id}-hypothesis`}
              className="input"
              value={hypothesis}
              maxLength={1000}
              dir="auto"
              autoComplete="off"
              placeholder={t('playground.hypothesisPlaceholder')}
              onChange={(e) => setHypothesis(e.target.value)}
              onKeyDown={runOnCtrlEnter}
              data-testid="playground-hypothesis"
            />
          </div>
          {hasProject && <CodebookHypotheses onPick={setHypothesis} />}
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={!ready || !model} data-testid="playground-run">
              {running ? t('playground.running') : t('playground.run')}
            </button>
            <span className="field-hint">{t('playground.shortcut')}</span>
          </div>
        </form>
        <section className="card" aria-labelledby={`${id}-result`} aria-busy={running}>
          <h2 id={`${id}-result`}>{t('playground.result')}</h2>
          {error && (
            <Notice kind="error" testId="playground-error">
              {error}
            </Notice>
          )}
          {result ? (
            <>
              <ProbabilityBars result={result} />
              {result.truncated && (
                <Notice kind="info" testId="playground-truncated">
                  {t('playground.truncated')}
                </Notice>
              )}
            </>
          ) : (
            !error && <p className="muted">{t('playground.noResult')}</p>
          )}
        </section>
      </div>
    </div>
  );
}
