// Downloading the default model: a button, then a consent step that says what will be fetched from
// where and into which folder, then progress (bytes, speed, time left, the file, the checksum
// check) with Cancel, and the end: done, cancelled (partial files kept), or the core's reason.
import { useEffect, useId, useRef, type KeyboardEvent, type RefObject } from 'react';
import type { DownloadOffer, ModelDownloadProgress } from '../../../common/contract';
import { formatBytes, formatEta, t } from '../i18n/t';
import { suggestsCopy, type DownloadFailure, type DownloadStep } from '../state/model-download-store';
import { Notice } from './notice';
import { ProgressBar } from './progress-bar';

/** "1.2 MB of 3.4 MB · 610 kB/s · a few seconds left" */
export function downloadLabel(p: ModelDownloadProgress | null): string {
  if (!p) return t('download.starting');
  const parts = [t('download.bytes', { done: formatBytes(p.bytes), total: formatBytes(p.total) })];
  if (p.phase === 'downloading') {
    if (p.bytesPerSecond) parts.push(t('download.speed', { rate: formatBytes(p.bytesPerSecond) }));
    const eta = formatEta(p.etaSeconds);
    if (eta) parts.push(t('download.eta', { eta }));
  }
  return parts.join(' · ');
}

export function fileLine(p: ModelDownloadProgress | null): string {
  if (!p) return '';
  if (p.phase === 'done') return t('download.file.done');
  return t(p.phase === 'verifying' ? 'download.file.verifying' : 'download.file.downloading', { file: p.file });
}

/** Moves the focus to a step that just appeared, when the control that led there went away with the
 * previous step; not when the person is elsewhere (the nav, a field), e.g. on coming back here. */
function useFocusOnArrival(ref: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const active = document.activeElement;
    const card = ref.current?.closest('section');
    if (!active || active === document.body || card?.contains(active)) ref.current?.focus();
  }, [ref]);
}

interface ModelDownloadProps {
  step: DownloadStep;
  offer: DownloadOffer | null;
  /** Bytes an earlier download left in the offer's folder, which this one continues from. */
  resumeBytes: number;
  progress: ModelDownloadProgress | null;
  failure: DownloadFailure | null;
  doneId: string | null;
  onAsk(): void;
  onAgree(): void;
  onDecline(): void;
  onCancel(): void;
  onDismiss(): void;
  onGoAdd(): void;
}

function ConsentStep({
  offer,
  resumeBytes,
  onAgree,
  onDecline,
}: Pick<ModelDownloadProps, 'resumeBytes' | 'onAgree' | 'onDecline'> & { offer: DownloadOffer }) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useFocusOnArrival(ref);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onDecline();
    }
  };
  return (
    <div
      ref={ref}
      className="consent"
      role="group"
      tabIndex={-1}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onKeyDown={onKeyDown}
      data-testid="download-consent"
    >
      <h3 id={`${id}-title`}>{t('download.consent.title')}</h3>
      <div id={`${id}-text`} className="stack">
        <p data-testid="download-consent-text">
          {t('download.consent.text', {
            repo: offer.repo,
            revision: offer.revision.slice(0, 7),
            host: offer.host,
            size: formatBytes(offer.totalBytes),
            destDir: offer.destDir,
          })}
        </p>
        {resumeBytes > 0 && (
          <p data-testid="download-consent-resume">{t('download.consent.resume', { bytes: formatBytes(resumeBytes) })}</p>
        )}
        <p className="field-hint">{t('download.consent.checks')}</p>
      </div>
      <div className="row">
        <button type="button" className="btn btn-primary" onClick={onAgree} data-testid="download-agree">
          {t('download.consent.agree')}
        </button>
        <button type="button" className="btn" onClick={onDecline} data-testid="download-decline">
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

function Progress({ step, progress, onCancel }: Pick<ModelDownloadProps, 'step' | 'progress' | 'onCancel'>) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusOnArrival(ref);
  const cancelling = step === 'cancelling';
  return (
    <div ref={ref} className="stack download-progress" tabIndex={-1} data-testid="download-running">
      <div className="job-row">
        <div className="grow">
          <ProgressBar
            name={t('download.progressLabel')}
            done={progress?.bytes ?? 0}
            total={progress ? progress.total : null}
            label={downloadLabel(progress)}
            testId="download-progress"
          />
        </div>
        <button type="button" className="btn" onClick={onCancel} disabled={cancelling} data-testid="download-cancel">
          {cancelling ? t('download.cancelling') : t('download.cancel')}
        </button>
      </div>
      <p className="field-hint download-file" aria-live="polite" data-testid="download-file" data-phase={progress?.phase ?? 'starting'}>
        {fileLine(progress)}
      </p>
    </div>
  );
}

function End({
  step,
  failure,
  doneId,
  offer,
  onDismiss,
  onAsk,
  onGoAdd,
}: Pick<ModelDownloadProps, 'step' | 'failure' | 'doneId' | 'offer' | 'onDismiss' | 'onAsk' | 'onGoAdd'>) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusOnArrival(ref);
  const copy = suggestsCopy(failure);
  return (
    <div ref={ref} className="stack download-end" tabIndex={-1} data-testid="download-end" data-step={step}>
      {step === 'done' && (
        <Notice kind="success" testId="download-done" onDismiss={onDismiss}>
          {t('download.done', { id: doneId ?? offer?.repo ?? '' })}
        </Notice>
      )}
      {step === 'cancelled' && (
        <Notice kind="info" testId="download-cancelled" onDismiss={onDismiss}>
          {t('download.cancelled')}
        </Notice>
      )}
      {step === 'failed' && failure && (
        <Notice kind="error" testId="download-failed">
          <p>{t(failure.offer ? 'download.offerFailed' : 'download.failed', { message: failure.message })}</p>
          {copy && failure.reason !== 'offline' && <p data-testid="download-alternative">{t('download.alternative')}</p>}
        </Notice>
      )}
      {step !== 'done' && (
        <div className="row">
          <button type="button" className="btn" onClick={onAsk} data-testid="download-again">
            {t('download.again')}
          </button>
          {copy && (
            <button type="button" className="btn" onClick={onGoAdd} data-testid="download-go-add">
              {t('download.goAdd')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

export function ModelDownload(p: ModelDownloadProps) {
  const id = useId();
  const { step } = p;
  const startRef = useRef<HTMLButtonElement>(null);
  const wasConsent = useRef(false);
  useEffect(() => {
    // Declined: the focus goes back to the button that opened the step.
    if (wasConsent.current && step === 'idle') startRef.current?.focus();
    wasConsent.current = step === 'consent';
  }, [step]);

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="download-card">
      <div className="stack">
        <h2 id={`${id}-title`}>{t('download.title')}</h2>
        <p className="field-hint">{t('download.intro')}</p>
      </div>
      {(step === 'idle' || step === 'offering') && (
        <div>
          <button
            ref={startRef}
            type="button"
            className="btn btn-primary"
            onClick={p.onAsk}
            disabled={step === 'offering'}
            data-testid="download-start"
          >
            {step === 'offering' ? t('download.preparing') : t('download.start')}
          </button>
        </div>
      )}
      {step === 'consent' && p.offer && (
        <ConsentStep offer={p.offer} resumeBytes={p.resumeBytes} onAgree={p.onAgree} onDecline={p.onDecline} />
      )}
      {(step === 'starting' || step === 'running' || step === 'cancelling') && (
        <Progress step={step} progress={p.progress} onCancel={p.onCancel} />
      )}
      {(step === 'done' || step === 'cancelled' || step === 'failed') && (
        <End
          step={step}
          failure={p.failure}
          doneId={p.doneId}
          offer={p.offer}
          onDismiss={p.onDismiss}
          onAsk={p.onAsk}
          onGoAdd={p.onGoAdd}
        />
      )}
    </section>
  );
}
