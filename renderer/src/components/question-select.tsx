// A choice of one of the codebook's questions (optionally none), for pre-labelling and for the
// suggestions the Documents table shows.
import { useId } from 'react';
import type { CodebookQuestion } from '../../../common/contract';
import { t } from '../i18n/t';

interface QuestionSelectProps {
  label: string;
  questions: readonly CodebookQuestion[];
  value: string | null;
  /** The label of the "no question" choice; without it a question must be chosen. */
  noneLabel?: string;
  disabled?: boolean;
  inline?: boolean;
  testId: string;
  onChange(questionId: string | null): void;
}

export function QuestionSelect({ label, questions, value, noneLabel, disabled, inline, testId, onChange }: QuestionSelectProps) {
  const id = useId();
  return (
    <div className={inline ? 'field field-inline' : 'field'}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="select select-question"
        value={value ?? ''}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value || null)}
        data-testid={testId}
      >
        {(noneLabel !== undefined || value === null) && <option value="">{noneLabel ?? ''}</option>}
        {questions.map((q) => (
          <option key={q.id} value={q.id}>
            {q.name}
            {q.labels.some((l) => !l.archived) ? '' : ` (${t('codebook.labelCount', { count: 0 })})`}
          </option>
        ))}
      </select>
    </div>
  );
}
