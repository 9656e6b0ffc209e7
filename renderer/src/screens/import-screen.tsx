// Import: choose a file; see how it is read (every detection, each one overridable) and its first
// rows; map the columns; check the whole file and decide about its problem rows; then import.
import { ColumnMapping } from '../components/column-mapping';
import { DropZone } from '../components/drop-zone';
import { EntitiesOption } from '../components/entities-option';
import { Notice } from '../components/notice';
import { PreviewTable } from '../components/preview-table';
import { ProgressBar } from '../components/progress-bar';
import { ReadOptions } from '../components/read-options';
import { SegmentOnImport } from '../components/segment-on-import';
import { formatBytes, t } from '../i18n/t';
import { platform } from '../platform/platform';
import { useImport } from '../state/import-store';
import { useProject } from '../state/project-store';
import { ImportCheckSection } from './import-check-section';
import { SegmentsSection } from './segments-section';
import { ImportsDelete } from '../components/imports-delete';

const ACCEPT = [
  '.csv',
  '.tsv',
  '.tab',
  '.txt',
  '.xlsx',
  '.ods',
  '.json',
  '.jsonl',
  '.ndjson',
  '.parquet',
  'text/csv',
  'text/tab-separated-values',
  'text/plain',
  'application/json',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.spreadsheet',
].join(',');

function ChooseSection() {
  const s = useImport();
  const face = platform().face;
  return (
    <section className="card">
      <DropZone
        accept={ACCEPT}
        disabled={s.step === 'uploading'}
        onFile={(f) => void s.chooseFile(f)}
        onBrowse={face === 'electron' ? () => void s.chooseWithDialog() : undefined}
        onBrowseFolder={face === 'electron' ? () => void s.chooseWithDialog('importFolder') : undefined}
        onFolder={platform().uploadFolder ? (f) => void s.chooseFolder(f) : undefined}
        onError={(message) => useImport.setState({ error: message })}
      />
      {s.upload && (
        <ProgressBar
          testId="upload-progress"
          name={t('import.progress.label')}
          done={s.upload.sent}
          total={s.upload.total}
          label={t('import.upload.progress', { name: s.sourceName, sent: formatBytes(s.upload.sent), total: formatBytes(s.upload.total) })}
        />
      )}
    </section>
  );
}

function PreviewSection({ locked }: { locked: boolean }) {
  const s = useImport();
  const preview = s.preview!;
  const loading = s.step === 'previewing';
  return (
    <section
      className={`card${loading ? ' is-loading' : ''}`}
      aria-labelledby="preview-title"
      aria-busy={loading}
      data-testid="import-preview"
    >
      <div className="card-header">
        <h2 id="preview-title" dir="auto">
          {t('import.preview.title', { name: preview.sourceName })}
        </h2>
        {!locked && (
          <button type="button" className="btn btn-small" onClick={s.reset} data-testid="change-file">
            {t('import.preview.changeFile')}
          </button>
        )}
      </div>
      <div className="stack">
        <h3 className="subheading">{t('import.options.title')}</h3>
        <p className="field-hint">{t('import.options.hint')}</p>
        <ReadOptions
          detection={preview.detection}
          detected={s.detected}
          options={s.requested ?? s.options}
          disabled={locked}
          onChange={(key, value) => void s.setOption(key, value)}
        />
        <EntitiesOption
          checked={(s.requested ?? s.options).decodeHtmlEntities ?? preview.decodeHtmlEntities}
          found={preview.entityCells}
          disabled={locked}
          onChange={(decode) => void s.setOption('decodeHtmlEntities', decode)}
        />
      </div>
      {preview.rows.length ? (
        <>
          <p className="field-hint">{t('import.preview.caption', { count: preview.rows.length })}</p>
          <PreviewTable preview={preview} textColumns={s.textColumns} idColumn={s.idColumn} goldColumn={s.goldColumn} />
        </>
      ) : (
        <p className="muted">{t('import.preview.empty')}</p>
      )}
    </section>
  );
}

function MappingSection({ locked }: { locked: boolean }) {
  const s = useImport();
  return (
    <section className="card" aria-labelledby="mapping-title" data-testid="import-mapping">
      <h2 id="mapping-title">{t('import.mapping.title')}</h2>
      <ColumnMapping
        columns={s.preview!.columns}
        textColumns={s.textColumns}
        joinWith={s.joinWith}
        idColumn={s.idColumn}
        goldColumn={s.goldColumn}
        disabled={locked}
        onToggleText={s.toggleTextColumn}
        onMoveText={s.moveTextColumn}
        onJoinWith={s.setJoinWith}
        onIdColumn={s.setIdColumn}
        onGoldColumn={s.setGoldColumn}
      />
    </section>
  );
}

export function ImportScreen() {
  const project = useProject((p) => p.project);
  const step = useImport((s) => s.step);
  const error = useImport((s) => s.error);
  const notice = useImport((s) => s.notice);
  const hasPreview = useImport((s) => s.preview !== null);
  if (!project) return null;

  // While a check or an import runs, what it reads must not change under it.
  const locked = step === 'checking' || step === 'starting' || step === 'running' || step === 'cancelling';
  const choosing = step === 'choose' || step === 'uploading';

  return (
    <div className="screen">
      <div className="screen-header">
        <h1>{t('import.title')}</h1>
        <p className="muted">{t('import.intro', { project: project.name })}</p>
      </div>

      {error && (
        <Notice kind="error" testId="import-error" onDismiss={() => useImport.setState({ error: null })}>
          {error}
        </Notice>
      )}
      {notice && (
        <Notice kind="info" testId="import-notice" onDismiss={() => useImport.setState({ notice: null })}>
          {notice}
        </Notice>
      )}

      {choosing && <ChooseSection />}
      {choosing && project.documentCount > 0 && <SegmentsSection />}
      {choosing && project.documentCount > 0 && <ImportsDelete documentCount={project.documentCount} />}

      {step === 'previewing' && !hasPreview && (
        <section className="card">
          <ProgressBar name={t('import.preview.loading')} label={t('import.preview.loading')} done={0} total={null} />
        </section>
      )}

      {hasPreview && !choosing && (
        <>
          <PreviewSection locked={locked} />
          <MappingSection locked={locked} />
          <SegmentOnImport locked={locked} />
          <ImportCheckSection />
        </>
      )}
    </div>
  );
}
