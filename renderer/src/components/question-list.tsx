// The codebook's questions, one button each, with buttons to move them; the chosen one is edited
// beside the list. Archived questions are listed apart, each with a button to bring it back.
import { t } from '../i18n/t';
import { activeLabels, type DraftQuestion } from '../state/codebook-draft';

interface QuestionListProps {
  questions: readonly DraftQuestion[];
  archived: readonly DraftQuestion[];
  selectedKey: string | null;
  disabled: boolean;
  onSelect(key: string): void;
  onAdd(): void;
  onMove(key: string, delta: number): void;
  onRestore(key: string): void;
}

export function QuestionList({ questions, archived, selectedKey, disabled, onSelect, onAdd, onMove, onRestore }: QuestionListProps) {
  return (
    <nav className="card question-list" aria-label={t('codebook.questionsLabel')}>
      <h2>{t('codebook.questions')}</h2>
      {questions.length === 0 ? (
        <p className="muted">{t('codebook.noQuestions')}</p>
      ) : (
        <ul className="question-items">
          {questions.map((q, i) => {
            const name = q.name.trim() || t('codebook.unnamed');
            return (
              <li key={q.key} className="question-row">
                <button
                  type="button"
                  className="question-item"
                  aria-current={q.key === selectedKey ? 'true' : undefined}
                  onClick={() => onSelect(q.key)}
                  data-testid="question-item"
                >
                  <span className="question-item-name" dir="auto">
                    {name}
                  </span>
                  <span className="question-item-meta">{t('codebook.labelCount', { count: activeLabels(q).length })}</span>
                </button>
                {questions.length > 1 && (
                  <span className="question-move">
                    <button
                      type="button"
                      className="btn btn-quiet btn-small btn-icon"
                      disabled={disabled || i === 0}
                      aria-label={t('codebookEditor.question.moveUp', { question: name })}
                      title={t('codebookEditor.question.moveUp', { question: name })}
                      onClick={() => onMove(q.key, -1)}
                      data-testid="question-up"
                    >
                      <span aria-hidden="true">↑</span>
                    </button>
                    <button
                      type="button"
                      className="btn btn-quiet btn-small btn-icon"
                      disabled={disabled || i === questions.length - 1}
                      aria-label={t('codebookEditor.question.moveDown', { question: name })}
                      title={t('codebookEditor.question.moveDown', { question: name })}
                      onClick={() => onMove(q.key, 1)}
                      data-testid="question-down"
                    >
                      <span aria-hidden="true">↓</span>
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div>
        <button type="button" className="btn btn-small" onClick={onAdd} disabled={disabled} data-testid="add-question">
          {t('codebook.addQuestion')}
        </button>
      </div>
      {archived.length > 0 && (
        <div className="stack" data-testid="archived-questions">
          <h3 className="subheading">{t('codebookEditor.archivedQuestions.title', { count: archived.length })}</h3>
          <ul className="archived-list">
            {archived.map((q) => {
              const name = q.name.trim() || t('codebook.unnamed');
              return (
                <li key={q.key} className="archived-item" data-testid="archived-question">
                  <span dir="auto">{name}</span>
                  <button
                    type="button"
                    className="btn btn-quiet btn-small"
                    disabled={disabled}
                    aria-label={t('codebookEditor.archived.restoreFor', { label: name })}
                    onClick={() => onRestore(q.key)}
                    data-testid="question-restore"
                  >
                    {t('codebookEditor.archived.restore')}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </nav>
  );
}
