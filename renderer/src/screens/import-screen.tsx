// Import: choose a file, check the preview and the columns, run the import with progress and cancel.
import type { JobProgress } from '../../../common/contract';
import { ColumnMapping } from '../components/column-mapping';
import { CsvOptions } from '../components/csv-options';
import { DropZone } from '../components/drop-zone';
import { Notice } from '../components/notice';
import { PreviewTable } from '../components/preview-table';
import { ProgressBar } from '../components/progress-bar';
import { formatBytes, t } from '../i18n/t';
import { platform } from '../platform/platform';
import { useImport } from '../state/import-store';
import { useProject } from '../state/project-store';

const ACCEPT = '.csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain';

function progressLabel(p: JobProgress | null, name: string): string {
  if (!p) return t('import.starting');
  if (p.unit === 'bytes') {
    return p.total === null
      ? t('import.progress.readingUnknown', { name, done: formatBytes(p.done) })
      : t('import.progress.reading', { name, done: formatBytes(p.done), total: formatBytes(p.total) });
  }
  return t('import.progress.indexing', { done: p.done, count: p.total ?? p.done });
}

export function ImportScreen() {
  const project = useProject((s) => s.project);
  const s = useImport();
  const face = platform().face;
  if (!project) return null;

  const running = s.step === 'starting' || s.step === 'running' || s.step === 'cancelling';
  const choosing = s.step === 'choose' || s.step === 'uploading';

  return (
    <div className="screen">
      <div className="screen-header">
        <h1>{t('import.title')}</h1>
        <p className="muted">{t('import.intro', { project: project.name })}</p>
      </div>

      {s.error && (
        <Notice kind="error" testId="import-error" onDismiss={() => useImport.setState({ error: null })}>
          {s.error}
        </Notice>
      )}
      {s.notice && (
        <Notice kind="info" testId="import-notice" onDismiss={() => useImport.setState({ notice: null })}>
          {s.notice}
        </Notice>
      )}

      {choosing && (
        <section className="card">
          <DropZone
            accept={ACCEPT}
            disabled={s.step === 'uploading'}
            onFile={(f) => void s.chooseFile(f)}
            onBrowse={face === 'electron' ? () => void s.chooseWithDialog() : undefined}
          />
          {s.upload && (
            <ProgressBar
              testId="upload-progress"
              name={t('import.progress.label')}
              done={s.upload.sent}
              total={s.upload.total}
              label={t('import.upload.progress', {
                name: s.sourceName,
                sent: formatBytes(s.upload.sent),
                total: formatBytes(s.upload.total),
              })}
            />
          )}
        </section>
      )}

      {s.step === 'previewing' && !s.preview && (
        <section className="card">
          <ProgressBar name={t('import.preview.loading')} label={t('import.preview.loading')} done={0} total={null} />
        </section>
      )}

      {s.preview && !choosing && (
        <>
          <section
            className={`card${s.step === 'previewing' ? ' is-loading' : ''}`}
            aria-labelledby="preview-title"
            aria-busy={s.step === 'previewing'}
            data-testid="import-preview"
          >
            <div className="card-header">
              <h2 id="preview-title" dir="auto">
                {t('import.preview.title', { name: s.preview.sourceName })}
              </h2>
              {!running && (
                <button type="button" className="btn btn-small" onClick={s.reset} data-testid="change-file">
                  {t('import.preview.changeFile')}
                </button>
              )}
            </div>
            <CsvOptions
              delimiter={s.requested?.delimiter ?? s.preview.delimiter}
              hasHeader={s.requested?.hasHeader ?? s.preview.hasHeader}
              disabled={running}
              onDelimiter={(d) => void s.setDelimiter(d)}
              onHasHeader={(h) => void s.setHasHeader(h)}
            />
            {s.preview.rows.length ? (
              <>
                <p className="field-hint">{t('import.preview.caption', { count: s.preview.rows.length })}</p>
                <PreviewTable preview={s.preview} textColumns={s.textColumns} idColumn={s.idColumn} />
              </>
            ) : (
              <p className="muted">{t('import.preview.empty')}</p>
            )}
          </section>

          <section className="card" aria-labelledby="mapping-title">
            <h2 id="mapping-title">{t('import.mapping.title')}</h2>
            <ColumnMapping
              columns={s.preview.columns}
              textColumns={s.textColumns}
              idColumn={s.idColumn}
              disabled={running}
              onToggleText={s.toggleTextColumn}
              onIdColumn={s.setIdColumn}
            />
            <div className="actions">
              {running ? (
                <>
                  <div className="grow">
                    <ProgressBar
                      testId="import-progress"
                      name={t('import.progress.label')}
                      done={s.progress?.done ?? 0}
                      total={s.progress?.total ?? null}
                      label={s.step === 'cancelling' ? t('import.cancelling') : progressLabel(s.progress, s.sourceName)}
                    />
                  </div>
                  <button
                    type="button"
                    className="btn"
                    onClick={() => void s.cancel()}
                    disabled={s.step !== 'running'}
                    data-testid="cancel-import"
                  >
                    {t('common.cancel')}
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  className="btn btn-primary"
                  onClick={() => void s.start()}
                  disabled={s.textColumns.length === 0 || s.step !== 'preview'}
                  data-testid="start-import"
                >
                  {t('import.start')}
                </button>
              )}
            </div>
          </section>
        </>
      )}
    </div>
  );
}
