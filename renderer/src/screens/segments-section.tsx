// The Import screen's "Split into units" card, shown once the project has documents: what the
// project codes now (whole documents, or each segmentation with its way back to whole documents),
// and for the imports still whole the choice of units, a preview of the first document's units
// (nothing written), then the split as a job with progress and Cancel. The core's refusals (a
// document with decisions, a unit with decisions) show as its own sentence.
import { useEffect, useId } from 'react';
import type { Segmentation } from '../../../common/contract';
import { JobProgressRow } from '../components/job-progress';
import { Notice } from '../components/notice';
import { SplitOptions } from '../components/split-options';
import { getLocale, t } from '../i18n/t';
import { PREVIEW_SHOWN, useSegments } from '../state/segments-store';
import { languageOptions } from '../state/segment-languages';

/** A choice typed into the window fields waits for a pause before its preview is asked for. */
const PREVIEW_DELAY_MS = 250;

function languageName(tag: string): string {
  if (tag === 'auto') return t('segments.language.auto');
  return languageOptions(getLocale()).find((l) => l.tag === tag)?.name ?? tag;
}

/** "Sentences of speeches.csv: 1,204 units from 40 documents (sentence rules: English)". */
function describe(s: Segmentation): string {
  const base = t('segments.current.item', {
    unit: t(`segments.unit.${s.unit}`),
    sources: s.sources.map((x) => x.sourceName).join(', '),
    count: s.segments,
    parents: s.parents,
  });
  const details = [
    ...(s.unit !== 'paragraph' ? [t('segments.current.language', { language: s.languageColumn ?? languageName(s.language) })] : []),
    ...(s.unit === 'window' ? [t('segments.current.window', { size: s.windowSize, overlap: s.windowOverlap })] : []),
  ];
  return details.length ? `${base} (${details.join('; ')})` : base;
}

function Current({ segmentations, busy }: { segmentations: readonly Segmentation[]; busy: boolean }) {
  const removing = useSegments((s) => s.removing);
  return (
    <div className="stack" data-testid="segments-current">
      <h3 className="subheading">{t('segments.current')}</h3>
      {segmentations.length === 0 ? (
        <p className="field-hint">{t('segments.current.document')}</p>
      ) : (
        <ul className="segments-current">
          {segmentations.map((s) => (
            <li key={s.id} data-testid="segmentation">
              <span dir="auto">{describe(s)}</span>
              <button
                type="button"
                className="btn btn-small"
                disabled={busy}
                onClick={() => void useSegments.getState().remove(s.id)}
                data-testid="segments-undo"
              >
                {removing ? t('segments.undoing') : t('segments.undo')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Preview() {
  const preview = useSegments((s) => s.preview);
  const previewing = useSegments((s) => s.previewing);
  const previewError = useSegments((s) => s.previewError);
  if (previewError) return <p className="error-text">{previewError}</p>;
  if (!preview) return previewing ? <p className="field-hint">{t('segments.preview.loading')}</p> : null;
  const shown = preview.units.slice(0, PREVIEW_SHOWN);
  return (
    <div className="segments-preview" aria-busy={previewing} data-testid="segments-preview">
      <h3 className="subheading">{t('segments.preview.title')}</h3>
      {preview.units.length === 0 ? (
        <p className="field-hint">{t('segments.preview.none')}</p>
      ) : (
        <>
          <p className="field-hint" data-testid="segments-preview-count">
            {t('segments.preview.first', { id: preview.externalId ?? '', count: preview.units.length })}
          </p>
          <ol>
            {shown.map((u) => (
              <li key={u.index} dir="auto" data-testid="segments-preview-unit">
                {u.text}
              </li>
            ))}
          </ol>
          {preview.units.length > shown.length && (
            <p className="field-hint">{t('segments.preview.more', { count: preview.units.length - shown.length })}</p>
          )}
        </>
      )}
    </div>
  );
}

export function SegmentsSection() {
  const titleId = useId();
  const s = useSegments();
  const busy = s.job !== null || s.removing;
  const choiceKey = JSON.stringify(s.choice);
  const canSplit = s.splittable > 0;

  useEffect(() => {
    void useSegments.getState().load();
  }, []);
  useEffect(() => {
    if (!canSplit) return;
    const timer = setTimeout(() => void useSegments.getState().runPreview(), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [choiceKey, canSplit]);

  if (s.segmentations === null) return null;
  const progress = s.job?.progress ?? null;
  const label = !progress
    ? t('segments.starting')
    : progress.phase === 'indexing'
      ? t('segments.progress.indexing', { done: progress.done, count: progress.total ?? progress.done })
      : t('segments.progress.splitting', { done: progress.done, count: progress.total ?? progress.done });

  return (
    <section className="card" aria-labelledby={titleId} data-testid="segments-section">
      <div className="stack">
        <h2 id={titleId}>{t('segments.title')}</h2>
        <p className="muted">{t('segments.intro')}</p>
      </div>
      {s.error && (
        <Notice kind="error" testId="segments-error" onDismiss={s.dismiss}>
          {s.error}
        </Notice>
      )}
      {s.notice && (
        <Notice kind="info" testId="segments-notice" onDismiss={s.dismiss}>
          {s.notice}
        </Notice>
      )}
      <Current segmentations={s.segmentations} busy={busy} />
      {canSplit ? (
        <>
          <SplitOptions choice={s.choice} disabled={busy} testId="segments" onChange={(c) => c && s.choose(c)} />
          <Preview />
          <div className="actions">
            {s.job ? (
              <JobProgressRow
                name={t('segments.progressName')}
                label={label}
                progress={progress}
                canCancel={!s.job.cancelling}
                testId="segments-progress"
                cancelTestId="segments-cancel"
                onCancel={() => void s.cancel()}
              />
            ) : (
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void s.start()} data-testid="segments-start">
                {t('segments.start')}
              </button>
            )}
          </div>
        </>
      ) : (
        s.segmentations.length > 0 && <p className="field-hint">{t('segments.nothingLeft')}</p>
      )}
    </section>
  );
}
