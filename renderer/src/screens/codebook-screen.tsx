// Codebook: the questions and their labels, edited as a draft and saved whole with codebook.set;
// the core's refusals (a hotkey used twice, a template without {}) are shown beside the form.
import { useEffect } from 'react';
import { CodebookCsvImport } from '../components/codebook-csv-import';
import { Notice } from '../components/notice';
import { QuestionForm } from '../components/question-form';
import { QuestionList } from '../components/question-list';
import { t } from '../i18n/t';
import { platform } from '../platform/platform';
import { selectDirty, useCodebook } from '../state/codebook-store';

function SaveBar({ dirty }: { dirty: boolean }) {
  const saving = useCodebook((s) => s.saving);
  const saveError = useCodebook((s) => s.saveError);
  const notice = useCodebook((s) => s.notice);
  const { save, discard, clearNotice } = useCodebook.getState();
  return (
    <div className="stack">
      {saveError && (
        <Notice kind="error" testId="codebook-error">
          {t('codebook.saveFailed', { message: saveError })}
        </Notice>
      )}
      {notice && !dirty && (
        <Notice kind="success" testId="codebook-notice" onDismiss={clearNotice}>
          {notice}
        </Notice>
      )}
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={!dirty || saving} data-testid="save-codebook">
          {saving ? t('codebook.saving') : t('codebook.save')}
        </button>
        <button type="button" className="btn" onClick={discard} disabled={!dirty || saving} data-testid="discard-codebook">
          {t('codebook.discard')}
        </button>
        {dirty && (
          <span className="muted" data-testid="codebook-dirty">
            {t('codebook.unsaved')}
          </span>
        )}
      </div>
    </div>
  );
}

export function CodebookScreen() {
  const draft = useCodebook((s) => s.draft);
  const selectedKey = useCodebook((s) => s.selectedKey);
  const loading = useCodebook((s) => s.loading);
  const loaded = useCodebook((s) => s.saved !== null);
  const loadError = useCodebook((s) => s.loadError);
  const saving = useCodebook((s) => s.saving);
  const importing = useCodebook((s) => s.importing);
  const importError = useCodebook((s) => s.importError);
  const dirty = useCodebook(selectDirty);
  const actions = useCodebook.getState();

  useEffect(() => {
    void useCodebook.getState().load();
  }, []);

  const shown = draft.filter((q) => !q.archived);
  const question = shown.find((q) => q.key === selectedKey) ?? null;

  return (
    <div className="screen">
      <div className="screen-header">
        <h1>{t('codebook.title')}</h1>
        <p className="muted">{t('codebook.intro')}</p>
      </div>
      {loadError && <Notice kind="error">{t('codebook.loadFailed', { message: loadError })}</Notice>}
      {!loaded ? (
        loading && <p className="muted">{t('codebook.loading')}</p>
      ) : (
        <>
          <div className="codebook-layout">
            <QuestionList questions={shown} selectedKey={question?.key ?? null} disabled={saving} onSelect={actions.select} onAdd={actions.addQuestion} />
            <div className="stack-lg">
              {question && (
                <QuestionForm
                  key={question.key}
                  question={question}
                  disabled={saving}
                  onChange={(patch) => actions.updateQuestion(question.key, patch)}
                  onRemove={() => actions.removeQuestion(question.key)}
                  onAddLabel={() => actions.addLabel(question.key)}
                  onChangeLabel={(labelKey, patch) => actions.updateLabel(question.key, labelKey, patch)}
                  onMoveLabel={(labelKey, delta) => actions.moveLabel(question.key, labelKey, delta)}
                  onRemoveLabel={(labelKey) => actions.removeLabel(question.key, labelKey)}
                />
              )}
              <SaveBar dirty={dirty} />
            </div>
          </div>
          <CodebookCsvImport
            face={platform().face}
            defaultQuestion={question?.name ?? ''}
            blocked={dirty}
            busy={importing}
            error={importError}
            onImport={(name, file) => void actions.importCsv(name, file)}
          />
        </>
      )}
    </div>
  );
}
