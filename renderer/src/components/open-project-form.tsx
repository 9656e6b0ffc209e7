// Opening an existing project: a file dialog in Electron, a path on the server machine in the browser.
// The menu's File > Open project… focuses it (bug 8 of issue 10).
import { useId, useRef, useState } from 'react';
import { t } from '../i18n/t';
import { useFocusRequest } from '../state/nav-store';

interface OpenProjectFormProps {
  face: 'electron' | 'browser';
  busy: boolean;
  onOpenPath(path: string): void;
  onOpenDialog(): void;
}

export function OpenProjectForm({ face, busy, onOpenPath, onOpenDialog }: OpenProjectFormProps) {
  const [path, setPath] = useState('');
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useFocusRequest('open-project', face === 'electron' ? button : input);
  if (face === 'electron') {
    return (
      <div className="stack">
        <p className="muted">{t('projects.open.electronHint')}</p>
        <div>
          <button ref={button} type="button" className="btn" onClick={onOpenDialog} disabled={busy} data-testid="open-project-dialog">
            {t('projects.open.electronButton')}
          </button>
        </div>
      </div>
    );
  }
  const trimmed = path.trim();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (trimmed) onOpenPath(trimmed);
      }}
    >
      <div className="field">
        <label className="field-label" htmlFor={id}>
          {t('projects.open.path')}
        </label>
        <div className="row">
          <input
            ref={input}
            id={id}
            className="input grow mono"
            value={path}
            placeholder={t('projects.open.pathPlaceholder')}
            onChange={(e) => setPath(e.target.value)}
            data-testid="open-project-path"
            dir="auto"
            autoComplete="off"
            spellCheck={false}
          />
          <button type="submit" className="btn" disabled={!trimmed || busy} data-testid="open-project">
            {t('projects.open.submit')}
          </button>
        </div>
      </div>
    </form>
  );
}
