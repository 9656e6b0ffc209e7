// The outcome of a check: the rows read and one card per class of problem rows found.
import type { ImportAnalysis, ProblemChoice, ProblemCode } from '../../../common/contract';
import { t } from '../i18n/t';
import type { Decisions } from '../state/import-rules';
import { ProblemCard } from './problem-card';

interface ProblemListProps {
  analysis: ImportAnalysis;
  decisions: Decisions;
  disabled: boolean;
  onChoose(code: ProblemCode, choice: ProblemChoice): void;
}

export function ProblemList({ analysis, decisions, disabled, onChoose }: ProblemListProps) {
  const found = analysis.problems.filter((p) => p.count > 0);
  return (
    <div className="stack" data-testid="check-result">
      <p className="check-summary" role="status">
        <strong data-testid="check-rows">{t('import.check.rows', { count: analysis.rows })}</strong>{' '}
        {found.length === 0 ? t('import.check.clean') : t('import.check.problems', { count: found.length })}
      </p>
      {found.map((p) => (
        <ProblemCard
          key={p.code}
          problem={p}
          choice={decisions[p.code]}
          prominent={p.code === 'duplicate_id'}
          disabled={disabled}
          onChoose={(c) => onChoose(p.code, c)}
        />
      ))}
    </div>
  );
}
