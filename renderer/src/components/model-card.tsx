// The NLI model in use (model.current) and a way to choose another folder: a path on the machine
// running the core in the browser, the native dialog in Electron. The core checks the folder and
// says what is wrong with a broken one.
import { useEffect, useId, useState } from 'react';
import type { ModelInfo } from '../../../common/contract';
import { formatBytes, formatNumber, t } from '../i18n/t';
import { platform } from '../platform/platform';
import { useModel } from '../state/model-store';
import { Notice } from './notice';

function ModelFacts({ model }: { model: ModelInfo }) {
  const { entailment, neutral, contradiction } = model.labels;
  // [term, value, test id, wide]
  const facts: [string, string, string, boolean][] = [
    [t('model.id'), model.id, 'model-id', false],
    [t('model.size'), formatBytes(model.sizeBytes), 'model-size', false],
    [t('model.sha'), model.sha256.slice(0, 12), 'model-sha', false],
    [t('model.window'), t('model.windowValue', { count: model.maxLength }), 'model-window', false],
    [t('model.path'), model.path, 'model-path-shown', true],
    [
      t('model.labels'),
      t('model.labelsValue', {
        entailment: formatNumber(entailment),
        neutral: neutral === null ? t('model.noNeutral') : formatNumber(neutral),
        contradiction: formatNumber(contradiction),
      }),
      'model-labels',
      true,
    ],
  ];
  return (
    <dl className="model-facts" data-testid="model-info">
      {facts.map(([term, value, testId, wide]) => (
        <div key={testId} className={wide ? 'model-fact model-fact-wide' : 'model-fact'}>
          <dt>{term}</dt>
          <dd className={testId === 'model-path-shown' || testId === 'model-sha' ? 'mono' : undefined} title={testId === 'model-sha' ? model.sha256 : undefined} data-testid={testId}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function FolderForm({ busy, onSubmit }: { busy: boolean; onSubmit(path: string): void }) {
  const id = useId();
  const [path, setPath] = useState('');
  const trimmed = path.trim();
  return (
    <form
      className="field"
      onSubmit={(e) => {
        e.preventDefault();
        if (trimmed) onSubmit(trimmed);
      }}
    >
      <label className="field-label" htmlFor={id}>
        {t('model.folder')}
      </label>
      <div className="row">
        <input
          id={id}
          className="input grow mono"
          value={path}
          placeholder={t('model.folderPlaceholder')}
          onChange={(e) => setPath(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          dir="auto"
          data-testid="model-folder"
        />
        <button type="submit" className="btn" disabled={!trimmed || busy} data-testid="model-use">
          {busy ? t('model.checking') : t('model.use')}
        </button>
      </div>
    </form>
  );
}

export function ModelCard() {
  const id = useId();
  const model = useModel((s) => s.model);
  const loaded = useModel((s) => s.loaded);
  const selecting = useModel((s) => s.selecting);
  const error = useModel((s) => s.error);
  const justSelected = useModel((s) => s.justSelected);
  const { select, selectWithDialog, clearError } = useModel.getState();
  const face = platform().face;

  useEffect(() => {
    void useModel.getState().load();
    // "Model ready" answers the choice just made; it is old news on the next visit.
    return () => useModel.setState({ justSelected: false });
  }, []);

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="model-card">
      <h2 id={`${id}-title`}>{t('model.title')}</h2>
      {!loaded ? (
        <p className="muted">{t('model.loading')}</p>
      ) : model ? (
        <ModelFacts model={model} />
      ) : (
        <p className="muted" data-testid="model-none">
          {t('model.none')}
        </p>
      )}
      {face === 'browser' ? (
        <FolderForm busy={selecting} onSubmit={(path) => void select(path)} />
      ) : (
        <div>
          <button type="button" className="btn" onClick={() => void selectWithDialog()} disabled={selecting} data-testid="model-choose">
            {selecting ? t('model.checking') : model ? t('model.change') : t('model.choose')}
          </button>
        </div>
      )}
      {error && (
        <Notice kind="error" testId="model-error" onDismiss={clearError}>
          {t('model.failed', { message: error })}
        </Notice>
      )}
      {justSelected && model && !error && (
        <Notice kind="success" testId="model-selected" onDismiss={clearError}>
          {t('model.selected', { id: model.id })}
        </Notice>
      )}
    </section>
  );
}
