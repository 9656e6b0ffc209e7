// The reliability data of an AgreementResult as CSV downloads (the units x coders matrix and the long
// format, byte for byte what `prelabel agreement --matrix/--long` writes), and the notes the core
// returns for a methods section. [Note: codebook file in the page] The files are made in the page from
// the result's table and handed over as a Blob behind a download link, in the browser and in Electron
// alike (Electron asks where to save a download); a blob: URL is no fetch, so the CSP allows it.
import { useId, useState } from 'react';
import type { AgreementResult } from '../../../common/contract';
import { t } from '../i18n/t';
import { agreementFile, type AgreementFileKind } from '../../../common/agreement-csv';
import { Notice } from './notice';

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has the data once the click is handled; the URL can go a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function AgreementFiles({ result }: { result: AgreementResult }) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const save = (kind: AgreementFileKind) => {
    const file = agreementFile(result, kind);
    if ('error' in file) return setError(file.error);
    setError(null);
    download(file.name, file.text);
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="agreement-files">
      <h2 id={`${id}-title`}>{t('agreement.files')}</h2>
      <p className="field-hint">{t('agreement.filesHint')}</p>
      <div className="inline-actions">
        <button type="button" className="btn" onClick={() => save('matrix')} data-testid="agreement-download-matrix">
          {t('agreement.downloadMatrix')}
        </button>
        <button type="button" className="btn" onClick={() => save('long')} data-testid="agreement-download-long">
          {t('agreement.downloadLong')}
        </button>
      </div>
      {error && (
        <Notice kind="error" testId="agreement-files-error">
          {error}
        </Notice>
      )}
    </section>
  );
}

export function AgreementNotes({ result }: { result: AgreementResult }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="agreement-notes">
      <h2 id={`${id}-title`}>{t('agreement.notes')}</h2>
      {result.notes.length > 0 && (
        <ul>
          {result.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <p className="field-hint">{t('agreement.took', { ms: String(result.elapsedMs) })}</p>
    </section>
  );
}
