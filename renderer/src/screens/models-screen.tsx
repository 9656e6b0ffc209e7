// Models: the models on this machine and the active one's card, adding a model folder, and the
// consented download of the default model. Works without a project: the model is the app's.
import { useEffect, useId, useRef } from 'react';
import { ActiveModelCard } from '../components/model-card';
import { ThreadChoice } from '../components/thread-choice-card';
import { ModelAdd } from '../components/model-add';
import { ModelDownload } from '../components/model-download';
import { ModelList } from '../components/model-list';
import { Notice } from '../components/notice';
import { t } from '../i18n/t';
import { platform } from '../platform/platform';
import { useModelDownload } from '../state/model-download-store';
import { useModel } from '../state/model-store';
import { useModels, type ModelsNotice } from '../state/models-store';

function noticeText(notice: ModelsNotice): string {
  if (notice.kind === 'added') return t('models.add.done', { id: notice.id });
  if (notice.kind === 'used') return t('models.used', { id: notice.id });
  const done = t(notice.kind === 'forgotten' ? 'modelsManage.forgotten' : 'modelsManage.deleted', { id: notice.id });
  const now = notice.activeId ? t('modelsManage.nowActive', { id: notice.activeId }) : t('modelsManage.noneActive');
  return `${done} ${now}`;
}

function ModelsListCard() {
  const id = useId();
  const entries = useModels((s) => s.entries);
  const loaded = useModels((s) => s.loaded);
  const loadError = useModels((s) => s.loadError);
  const pending = useModels((s) => s.pending);
  const useError = useModels((s) => s.useError);
  const removeError = useModels((s) => s.removeError);
  const notice = useModels((s) => s.notice);
  const { use, remove, clearMessages } = useModels.getState();
  return (
    <section className="card" aria-labelledby={`${id}-title`} aria-busy={!loaded} data-testid="models-card">
      <h2 id={`${id}-title`}>{t('models.list.title')}</h2>
      {loadError && (
        <Notice kind="error" testId="models-load-error">
          {t('models.loadFailed', { message: loadError })}
        </Notice>
      )}
      {notice && (
        <Notice kind="success" testId="models-notice" onDismiss={clearMessages}>
          {noticeText(notice)}
        </Notice>
      )}
      {!loaded ? (
        <p className="muted">{t('models.loading')}</p>
      ) : (
        <ModelList
          entries={entries}
          pending={pending}
          useError={useError}
          removeError={removeError}
          onUse={(e) => void use(e)}
          onRemove={remove}
        />
      )}
    </section>
  );
}

function DownloadCard({ onGoAdd }: { onGoAdd(): void }) {
  const step = useModelDownload((s) => s.step);
  const offer = useModelDownload((s) => s.offer);
  const progress = useModelDownload((s) => s.progress);
  const failure = useModelDownload((s) => s.failure);
  const doneId = useModelDownload((s) => s.doneId);
  const actions = useModelDownload.getState();
  return (
    <ModelDownload
      step={step}
      offer={offer}
      resumeBytes={offer?.resumeBytes ?? 0}
      progress={progress}
      failure={failure}
      doneId={doneId}
      onAsk={() => void actions.ask()}
      onAgree={() => void actions.start()}
      onDecline={actions.decline}
      onCancel={() => void actions.cancel()}
      onDismiss={actions.dismiss}
      onGoAdd={onGoAdd}
    />
  );
}

export function ModelsScreen() {
  const model = useModel((s) => s.model);
  const modelLoaded = useModel((s) => s.loaded);
  const modelError = useModel((s) => s.error);
  const card = useModels((s) => s.entries.find((e) => e.active)?.card ?? null);
  const pending = useModels((s) => s.pending);
  const addError = useModels((s) => s.addError);
  const addTarget = useRef<HTMLElement | null>(null);
  const { add, addWithDialog, clearMessages } = useModels.getState();

  useEffect(() => {
    void useModels.getState().load();
    void useModel.getState().load(true);
    // Confirmations answer what was just done; they are old news on the next visit.
    return () => useModels.getState().clearMessages();
  }, []);

  return (
    <div className="screen" data-testid="models-screen">
      <div className="screen-header">
        <h1>{t('models.title')}</h1>
        <p className="muted">{t('models.intro')}</p>
      </div>
      {modelError && <Notice kind="error">{modelError}</Notice>}
      <ModelsListCard />
      {model ? (
        <>
          <ActiveModelCard model={model} card={card} />
          <ThreadChoice modelSha={model.sha256} />
        </>
      ) : (
        modelLoaded && (
          <Notice kind="info" testId="model-none">
            {t('model.none')}
          </Notice>
        )
      )}
      <div className="models-get">
        <DownloadCard onGoAdd={() => addTarget.current?.focus()} />
        <ModelAdd
          face={platform().face}
          busy={pending?.kind === 'add'}
          error={addError}
          focusRef={(el) => {
            addTarget.current = el;
          }}
          onAdd={(path) => void add(path)}
          onChoose={() => void addWithDialog()}
          onDismissError={clearMessages}
        />
      </div>
    </div>
  );
}
