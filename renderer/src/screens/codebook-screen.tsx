// Codebook: the questions and their labels, edited as a draft and saved whole with codebook.set;
// the core's refusals (a hotkey used twice, a template without {}) are shown beside the form.
// Import and export as a JSON file, the import of a codebook CSV and labels from the imported gold
// values sit below the editor.
import { useEffect, useMemo } from 'react';
import { CodebookCsvImport } from '../components/codebook-csv-import';
import { CodebookFile } from '../components/codebook-file';
import { CodebookGoldLabels } from '../components/codebook-gold-labels';
import { CodebookGoldQuestion } from '../components/codebook-gold-question';
import { Notice } from '../components/notice';
import { QuestionForm } from '../components/question-form';
import { QuestionList } from '../components/question-list';
import { t } from '../i18n/t';
import { platform } from '../platform/platform';
import { changesModelInput } from '../state/codebook-draft';
import { selectDirty, useCodebook } from '../state/codebook-store';
import { useProject } from '../state/project-store';
import { HypothesisTuning } from './hypothesis-tuning';

/** A file name from the project's name: letters, digits, dashes; never empty. */
function exportName(projectName: string | undefined): string {
  const stem = (projectName ?? '')
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return `${stem || 'prelabel'}-codebook.json`;
}

/** Save and Discard, with the save's outcome. With nothing in the codebook and nothing changed
 * there is nothing to save or discard, so only a notice (if any) shows. */
function SaveBar({ dirty, empty }: { dirty: boolean; empty: boolean }) {
  const saving = useCodebook((s) => s.saving);
  const saveError = useCodebook((s) => s.saveError);
  const notice = useCodebook((s) => s.notice);
  const archivedInstead = useCodebook((s) => s.archivedInstead);
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
          {archivedInstead.length > 0 &&
            ` ${t('codebookEditor.archivedInstead', { count: archivedInstead.length, labels: archivedInstead.join(', ') })}`}
        </Notice>
      )}
      {(dirty || !empty) && (
        <div className="actions">
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void save()}
            disabled={!dirty || saving}
            data-testid="save-codebook"
          >
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
      )}
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
  const saved = useCodebook((s) => s.saved);
  const predictions = useCodebook((s) => s.predictions);
  const pendingFile = useCodebook((s) => s.pendingFile);
  const fileError = useCodebook((s) => s.fileError);
  const projectName = useProject((s) => s.project?.name);
  const dirty = useCodebook(selectDirty);
  const actions = useCodebook.getState();

  useEffect(() => {
    void useCodebook.getState().load();
  }, []);

  const shown = draft.filter((q) => !q.archived);
  const archived = draft.filter((q) => q.archived);
  const question = shown.find((q) => q.key === selectedKey) ?? null;
  const questionKey = question?.key ?? null;
  // Callbacks that keep their identity while the question stays the same, so label rows that did
  // not change are not drawn again ([Note: label rows stay cheap]).
  const labelCallbacks = useMemo(() => {
    const { updateLabel, moveLabel, removeLabel } = useCodebook.getState();
    const key = questionKey ?? '';
    return {
      onChangeLabel: (labelKey: string, patch: Parameters<typeof updateLabel>[2]) => updateLabel(key, labelKey, patch),
      onMoveLabel: (labelKey: string, delta: number) => moveLabel(key, labelKey, delta),
      onRemoveLabel: (labelKey: string) => removeLabel(key, labelKey),
    };
  }, [questionKey]);

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
            <QuestionList
              questions={shown}
              archived={archived}
              selectedKey={question?.key ?? null}
              disabled={saving}
              onSelect={actions.select}
              onAdd={actions.addQuestion}
              onMove={actions.moveQuestion}
              onRestore={(key) => actions.setQuestionArchived(key, false)}
            />
            <div className="stack-lg">
              {question && (
                <QuestionForm
                  key={question.key}
                  question={question}
                  disabled={saving}
                  predictions={question.id ? predictions[question.id] : undefined}
                  changesModelInput={changesModelInput(saved, question)}
                  onChange={(patch) =>
                    patch.archived ? actions.setQuestionArchived(question.key, true) : actions.updateQuestion(question.key, patch)
                  }
                  onRemove={() => actions.removeQuestion(question.key)}
                  onAddLabel={() => actions.addLabel(question.key)}
                  {...labelCallbacks}
                />
              )}
              <SaveBar dirty={dirty} empty={draft.length === 0} />
              {question?.id && <HypothesisTuning questionKey={question.id} />}
              {question && <CodebookGoldLabels questionId={question.id || null} multiLabel={question.multiLabel} blocked={dirty} />}
              <CodebookGoldQuestion blocked={dirty} />
            </div>
          </div>
          <CodebookFile
            exportName={exportName(projectName)}
            dirty={dirty}
            hasQuestions={(saved?.questions.length ?? 0) > 0}
            busy={importing}
            pending={pendingFile}
            error={fileError}
            fileText={actions.fileText}
            onRead={(file) => void actions.readFile(file)}
            onConfirm={() => void actions.confirmFile()}
            onCancel={actions.cancelFile}
          />
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
