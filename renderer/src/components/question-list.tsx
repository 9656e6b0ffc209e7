// The codebook's questions, one button each; the chosen one is edited beside the list.
import { t } from '../i18n/t';
import { activeLabels, type DraftQuestion } from '../state/codebook-draft';

interface QuestionListProps {
  questions: readonly DraftQuestion[];
  selectedKey: string | null;
  disabled: boolean;
  onSelect(key: string): void;
  onAdd(): void;
}

export function QuestionList({ questions, selectedKey, disabled, onSelect, onAdd }: QuestionListProps) {
  return (
    <nav className="card question-list" aria-label={t('codebook.questionsLabel')}>
      <h2>{t('codebook.questions')}</h2>
      {questions.length === 0 ? (
        <p className="muted">{t('codebook.noQuestions')}</p>
      ) : (
        <ul className="question-items">
          {questions.map((q) => (
            <li key={q.key}>
              <button
                type="button"
                className="question-item"
                aria-current={q.key === selectedKey ? 'true' : undefined}
                onClick={() => onSelect(q.key)}
                data-testid="question-item"
              >
                <span className="question-item-name" dir="auto">
                  {q.name.trim() || t('codebook.unnamed')}
                </span>
                <span className="question-item-meta">{t('codebook.labelCount', { count: activeLabels(q).length })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div>
        <button type="button" className="btn btn-small" onClick={onAdd} disabled={disabled} data-testid="add-question">
          {t('codebook.addQuestion')}
        </button>
      </div>
    </nav>
  );
}
