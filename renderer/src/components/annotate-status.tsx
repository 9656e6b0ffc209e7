// What Annotate says about the session's source (issue 13): the blind mode of a validation sample,
// the gold label where the project shows it for training, the end of a queue (the skipped documents
// counted and offered as a queue of their own, a sample's coding complete), and the gold switch
// beside the document.
import { t } from '../i18n/t';
import { useAnnotate } from '../state/annotate-store';
import { noFilters, useBrowse } from '../state/browse-store';
import { useNav } from '../state/nav-store';
import { usePrelabel } from '../state/prelabel-store';
import { useSamples } from '../state/samples-store';
import { GoldSwitch, sampleName } from './annotate-source';

/** A blind session: neither the model's suggestion nor the gold label shows. How far the sample is
 * coded is in the progress panel (the sample's own numbers, annotate-progress.tsx). */
export function BlindNotice() {
  return (
    <p className="annotate-blind" role="status" data-testid="annotate-blind">
      <strong>{t('annotate.blind')}</strong> {t('annotate.blindHint')}
    </p>
  );
}

/** The gold label of the document, shown only where the project shows gold while coding. */
export function GoldLine({ gold }: { gold: string }) {
  return (
    <p className="annotate-gold field-hint" data-testid="annotate-gold">
      {t('annotate.goldShown', { gold })}
    </p>
  );
}

/** Shows the question's skipped documents in Browse, where a row opens one back in Annotate. */
function showSkippedInBrowse(questionId: string) {
  useBrowse.getState().chooseQuestion(questionId);
  usePrelabel.getState().selectQuestion(questionId);
  useBrowse.getState().setFilters({ ...noFilters, status: 'skipped' });
  useNav.getState().go('browse');
}

/** At the end of the open queue: the question's validation samples with documents still open, which
 * the open queue leaves out (they are coded blind in their own queue), each offered. */
function SamplesLeft({ questionId }: { questionId: string }) {
  const samples = useSamples((s) => s.samples);
  const open = samples.filter((s) => s.questionId === questionId && s.coded + s.skipped < s.size);
  if (open.length === 0) return null;
  return (
    <ul className="annotate-samples-left" data-testid="annotate-samples-left">
      {open.map((s) => (
        <li key={s.id}>
          {t('annotate.sampleLeft', { count: s.size - s.coded - s.skipped, name: sampleName(s) })}{' '}
          <button type="button" className="btn btn-small" onClick={() => void useAnnotate.getState().switchSource('sample', s.id)}>
            {t('annotate.codeSample')}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The end of a queue. Skipped documents are counted and offered as a queue of their own (they
 * used to never come back); a sample says how much of it is coded. */
export function QueueDone({ questionId }: { questionId: string }) {
  const setup = useAnnotate((s) => s.setup);
  const sample = useAnnotate((s) => s.sample);
  const skipped = useAnnotate((s) => s.skippedOutsideSamples);
  const source = setup?.source ?? 'queue';
  const { switchSource } = useAnnotate.getState();
  const sampleSkipped = sample?.skipped ?? 0;
  return (
    <div className="card empty-state" data-testid="annotate-done">
      {source === 'sample' && sample ? (
        <>
          <p data-testid="annotate-done-sample">{t('annotate.sampleDone', { name: sampleName(sample) })}</p>
          {sampleSkipped > 0 && (
            <div>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => void switchSource('skipped', sample.id)}
                data-testid="annotate-code-skipped"
              >
                {t('annotate.codeSkipped', { count: sampleSkipped })}
              </button>
            </div>
          )}
        </>
      ) : source === 'skipped' || source === 'flagged' ? (
        <>
          <p data-testid="annotate-done-review">{t(source === 'skipped' ? 'annotate.skippedDone' : 'annotate.flaggedDone')}</p>
          <div>
            <button type="button" className="btn" onClick={() => void switchSource('queue')} data-testid="annotate-back-to-queue">
              {t('annotate.backToQueue')}
            </button>
          </div>
        </>
      ) : skipped > 0 ? (
        <>
          <p data-testid="annotate-done-skipped">{t('annotate.queueDoneSkipped', { count: skipped })}</p>
          <div className="actions">
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void switchSource('skipped')}
              data-testid="annotate-code-skipped"
            >
              {t('annotate.codeSkipped', { count: skipped })}
            </button>
            <button type="button" className="btn" onClick={() => showSkippedInBrowse(questionId)} data-testid="annotate-show-skipped">
              {t('annotate.showSkipped', { count: skipped })}
            </button>
          </div>
        </>
      ) : (
        <p>{t('annotate.queueDone')}</p>
      )}
      {source === 'queue' && <SamplesLeft questionId={questionId} />}
      <p className="field-hint">{t('annotate.queueDoneHint')}</p>
    </div>
  );
}

/** The session's settings beside the document: the gold switch (outside a blind sample), which
 * starts the queue again at this document so that it shows (or hides) the gold at once; then
 * `onRestarted` (the screen puts the focus back on the text, so that the keys code again). */
export function AnnotateSettings({ onRestarted }: { onRestarted?: () => void }) {
  const setup = useAnnotate((s) => s.setup);
  if (!setup || setup.sampleId) return null;
  return (
    <section aria-label={t('annotate.settingsLabel')} data-testid="annotate-settings">
      <GoldSwitch onChanged={() => void useAnnotate.getState().restart().then(onRestarted)} />
    </section>
  );
}
