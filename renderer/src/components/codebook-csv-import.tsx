// Labels from a code, name, description CSV (e.g. the Manifesto codebook) added to a question: a
// file input in the browser (the file is uploaded), the native dialog in Electron.
import { useId, useRef, useState } from 'react';
import { t } from '../i18n/t';
import { Notice } from './notice';

interface CodebookCsvImportProps {
  face: 'electron' | 'browser';
  defaultQuestion: string;
  /** Unsaved edits: the import replaces the draft, so it waits for a save or a discard. */
  blocked: boolean;
  busy: boolean;
  error: string | null;
  onImport(questionName: string, file?: File): void;
}

export function CodebookCsvImport({ face, defaultQuestion, blocked, busy, error, onImport }: CodebookCsvImportProps) {
  const id = useId();
  const [typed, setTyped] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const questionName = typed ?? defaultQuestion;
  const ready = questionName.trim() !== '' && !blocked && !busy;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="codebook-import">
      <h2 id={`${id}-title`}>{t('codebook.import.title')}</h2>
      <p className="field-hint">{t('codebook.import.hint')}</p>
      <div className="row">
        <div className="field grow">
          <label className="field-label" htmlFor={`${id}-question`}>
            {t('codebook.import.question')}
          </label>
          <input
            id={`${id}-question`}
            className="input"
            value={questionName}
            maxLength={200}
            dir="auto"
            autoComplete="off"
            onChange={(e) => setTyped(e.target.value)}
            data-testid="codebook-import-question"
          />
        </div>
        {face === 'browser' ? (
          <>
            <input
              ref={input}
              id={`${id}-file`}
              type="file"
              accept=".csv,.tsv,.txt,text/csv"
              className="visually-hidden"
              tabIndex={-1}
              aria-label={t('codebook.import.file')}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file && ready) onImport(questionName, file);
              }}
              data-testid="codebook-import-file"
            />
            <button
              type="button"
              className="btn"
              disabled={!ready}
              onClick={() => input.current?.click()}
              data-testid="codebook-import-choose"
            >
              {busy ? t('codebook.import.working') : t('codebook.import.choose')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="btn"
            disabled={!ready}
            onClick={() => onImport(questionName)}
            data-testid="codebook-import-choose"
          >
            {busy ? t('codebook.import.working') : t('codebook.import.choose')}
          </button>
        )}
      </div>
      {blocked && <p className="field-hint">{t('codebook.import.saveFirst')}</p>}
      {error && (
        <Notice kind="error" testId="codebook-import-error">
          {t('codebook.import.failed', { message: error })}
        </Notice>
      )}
    </section>
  );
}
