// "Add a model folder": a path typed for the machine running Prelabel (browser mode) or the native
// folder dialog (Electron). The core checks the whole folder and names the file that is wrong.
import { useId, useState } from 'react';
import { t } from '../i18n/t';
import { Notice } from './notice';

interface ModelAddProps {
  face: 'browser' | 'electron';
  busy: boolean;
  error: string | null;
  /** Where "jump to Add a model folder" puts the focus: the path field or the dialog button. */
  focusRef(el: HTMLElement | null): void;
  onAdd(path: string): void;
  onChoose(): void;
  onDismissError(): void;
}

export function ModelAdd({ face, busy, error, focusRef, onAdd, onChoose, onDismissError }: ModelAddProps) {
  const id = useId();
  const [path, setPath] = useState('');
  const trimmed = path.trim();
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="model-add-card">
      <div className="stack">
        <h2 id={`${id}-title`}>{t('models.add.title')}</h2>
        <p className="field-hint" id={`${id}-hint`}>
          {t('models.add.hint')}
        </p>
      </div>
      {face === 'browser' ? (
        <form
          className="field"
          onSubmit={(e) => {
            e.preventDefault();
            if (trimmed) onAdd(trimmed);
          }}
        >
          <label className="field-label" htmlFor={`${id}-path`}>
            {t('models.add.path')}
          </label>
          <div className="row">
            <input
              id={`${id}-path`}
              ref={focusRef}
              className="input grow mono"
              value={path}
              placeholder={t('models.add.placeholder')}
              onChange={(e) => setPath(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              dir="auto"
              aria-describedby={`${id}-hint`}
              aria-invalid={error ? true : undefined}
              data-testid="model-folder"
            />
            <button type="submit" className="btn" disabled={!trimmed || busy} data-testid="model-add">
              {busy ? t('models.add.checking') : t('models.add.submit')}
            </button>
          </div>
        </form>
      ) : (
        <div>
          <button
            type="button"
            ref={focusRef}
            className="btn"
            onClick={onChoose}
            disabled={busy}
            aria-describedby={`${id}-hint`}
            data-testid="model-add-choose"
          >
            {busy ? t('models.add.checking') : t('models.add.choose')}
          </button>
        </div>
      )}
      {error && (
        <Notice kind="error" testId="model-add-error" onDismiss={onDismissError}>
          {t('models.add.failed', { message: error })}
        </Notice>
      )}
    </section>
  );
}
