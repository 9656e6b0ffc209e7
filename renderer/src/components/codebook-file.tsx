// The codebook as a JSON file: export downloads the stored codebook (the format `prelabel codebook
// --get` writes and --set reads), import reads a chosen file in the page and, once confirmed,
// replaces the codebook with it. [Note: codebook file in the page] Both happen in the page, in the
// browser and in Electron alike: the export is a Blob behind a download link (a blob: URL is not a
// fetch, so the CSP allows it), and the import sends codebook.set like the editor's own save.
import { useId, useRef } from 'react';
import { t } from '../i18n/t';
import { Notice } from './notice';

interface CodebookFileProps {
  /** The file name the export suggests. */
  exportName: string;
  /** Unsaved edits: the export holds the stored codebook and the import replaces the draft. */
  dirty: boolean;
  hasQuestions: boolean;
  busy: boolean;
  pending: { fileName: string; questions: number; labels: number } | null;
  error: string | null;
  fileText(): string;
  onRead(file: File): void;
  onConfirm(): void;
  onCancel(): void;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has the data once the click is handled; the URL can go a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function CodebookFile(props: CodebookFileProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const chooser = useRef<HTMLButtonElement>(null);
  const { pending } = props;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="codebook-file">
      <h2 id={`${id}-title`}>{t('codebookEditor.file.title')}</h2>
      <p className="field-hint">{t('codebookEditor.file.hint')}</p>
      <div className="inline-actions">
        <button
          type="button"
          className="btn"
          disabled={!props.hasQuestions}
          onClick={() => download(props.exportName, props.fileText())}
          data-testid="codebook-export"
        >
          {t('codebookEditor.file.export')}
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          tabIndex={-1}
          aria-label={t('codebookEditor.file.choose')}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) props.onRead(file);
          }}
          data-testid="codebook-import-json"
        />
        <button
          ref={chooser}
          type="button"
          className="btn"
          disabled={props.dirty || props.busy}
          onClick={() => input.current?.click()}
          data-testid="codebook-import-json-choose"
        >
          {t('codebookEditor.file.choose')}
        </button>
      </div>
      {props.dirty && <p className="field-hint">{t('codebookEditor.file.dirty')}</p>}
      {pending && (
        <div
          className="confirm-box"
          role="group"
          aria-labelledby={`${id}-confirm`}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.preventDefault();
            props.onCancel();
            chooser.current?.focus();
          }}
          data-testid="codebook-import-json-confirm"
        >
          <p id={`${id}-confirm`}>
            {t('codebookEditor.file.confirm', {
              file: pending.fileName,
              questions: t('codebookEditor.file.questions', { count: pending.questions }),
              labels: t('codebookEditor.file.labels', { count: pending.labels }),
            })}
          </p>
          <div className="inline-actions">
            <button
              type="button"
              className="btn btn-primary"
              autoFocus
              disabled={props.busy || props.dirty}
              onClick={props.onConfirm}
              data-testid="codebook-import-json-replace"
            >
              {props.busy ? t('codebook.import.working') : t('codebookEditor.file.replace')}
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => {
                props.onCancel();
                chooser.current?.focus();
              }}
              data-testid="codebook-import-json-cancel"
            >
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {props.error && (
        <Notice kind="error" testId="codebook-import-json-error">
          {props.error}
        </Notice>
      )}
    </section>
  );
}
