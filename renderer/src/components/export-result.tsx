// A finished export: how many rows, per label, and its files with size and SHA-256; in the browser
// each file is a download link to the server's authenticated export route, and one button downloads
// them all (data and manifest) as a ZIP (state/export-zip.ts).
import { useId, useState } from 'react';
import { exportDownloadPath, type ExportResult } from '../../../common/contract';
import { formatBytes, t } from '../i18n/t';
import { errorMessage } from '../platform/error-message';
import { downloadExportZip } from '../state/export-zip';

export function ExportResultCard({ result, onDismiss }: { result: ExportResult; onDismiss(): void }) {
  const id = useId();
  const [zipping, setZipping] = useState(false);
  const [zipError, setZipError] = useState<string | null>(null);
  const zip = async () => {
    setZipping(true);
    setZipError(null);
    try {
      await downloadExportZip(result);
    } catch (err) {
      setZipError(t('export.result.zipFailed', { message: errorMessage(err) }));
    } finally {
      setZipping(false);
    }
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="export-result">
      <div className="card-header">
        <h2 id={`${id}-title`}>{t('export.result.title')}</h2>
        <button type="button" className="btn btn-quiet btn-small" onClick={onDismiss}>
          {t('common.dismiss')}
        </button>
      </div>
      <p data-testid="export-rows">{t(result.format === 'nli' ? 'export.result.pairs' : 'export.result.rows', { count: result.rows })}</p>
      <ul className="meta-list" data-testid="export-per-label">
        {result.perLabel.map((l) => (
          <li key={l.label}>{t('export.result.perLabel', { label: l.label, count: l.count })}</li>
        ))}
      </ul>
      <table className="gold-table" data-testid="export-files">
        <thead>
          <tr>
            <th scope="col">{t('export.result.file')}</th>
            <th scope="col">{t('export.result.size')}</th>
            <th scope="col">{t('export.result.sha256')}</th>
          </tr>
        </thead>
        <tbody>
          {result.files.map((f) => (
            <tr key={f.name}>
              <td>
                {result.downloadable ? (
                  <a
                    href={exportDownloadPath(result.exportId, f.name)}
                    download={f.name}
                    data-testid="export-download"
                    aria-label={`${t('export.result.download')} ${f.name}`}
                  >
                    {f.name}
                  </a>
                ) : (
                  <span className="mono" title={f.path ?? undefined}>
                    {f.path ?? f.name}
                  </span>
                )}
              </td>
              <td>{formatBytes(f.bytes)}</td>
              <td className="mono" title={f.sha256}>
                {f.sha256.slice(0, 16)}…
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.downloadable && (
        <div className="actions">
          <button type="button" className="btn" disabled={zipping} onClick={() => void zip()} data-testid="export-download-zip">
            {zipping ? t('export.result.zipping') : t('export.result.zip')}
          </button>
        </div>
      )}
      {zipError && (
        <p className="field-hint" role="alert" data-testid="export-zip-error">
          {zipError}
        </p>
      )}
      {result.warnings.map((w) => (
        <p key={w} className="field-hint">
          {w}
        </p>
      ))}
    </section>
  );
}
