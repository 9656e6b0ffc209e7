// The name of a new project. In Electron a save dialog asks where next; in the browser it goes into
// the server's projects folder. The menu's File > New project focuses the name (bug 8 of issue 10).
import { useId, useRef, useState } from 'react';
import { t } from '../i18n/t';
import { useFocusRequest } from '../state/nav-store';

interface NewProjectFormProps {
  face: 'electron' | 'browser';
  projectsDir: string;
  busy: boolean;
  onCreate(name: string): void;
}

export function NewProjectForm({ face, projectsDir, busy, onCreate }: NewProjectFormProps) {
  const [name, setName] = useState('');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  useFocusRequest('new-project', input);
  const trimmed = name.trim();
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (trimmed) onCreate(trimmed);
      }}
    >
      <div className="field">
        <label className="field-label" htmlFor={id}>
          {t('projects.new.name')}
        </label>
        <div className="row">
          <input
            ref={input}
            id={id}
            className="input grow"
            data-testid="new-project-name"
            value={name}
            maxLength={200}
            placeholder={t('projects.new.placeholder')}
            onChange={(e) => setName(e.target.value)}
            dir="auto"
            autoComplete="off"
          />
          <button type="submit" className="btn btn-primary" disabled={!trimmed || busy} data-testid="create-project">
            {face === 'electron' ? t('projects.new.submitElectron') : t('projects.new.submit')}
          </button>
        </div>
        <p className="field-hint">
          {face === 'electron' ? t('projects.new.whereElectron') : t('projects.new.whereBrowser', { dir: projectsDir })}
        </p>
      </div>
    </form>
  );
}
