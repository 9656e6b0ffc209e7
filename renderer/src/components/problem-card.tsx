// One class of problem rows from the check: what it is, how many, where, a few examples, and the
// user's choice of what to do with those rows.
import { useId } from 'react';
import type { ProblemChoice, ProblemSummary } from '../../../common/contract';
import { formatNumber, t } from '../i18n/t';
import { firstRows } from '../state/import-rules';

interface ProblemCardProps {
  problem: ProblemSummary;
  choice: ProblemChoice | undefined;
  /** Shown as a warning that needs a choice (duplicate ids). */
  prominent: boolean;
  disabled: boolean;
  onChoose(choice: ProblemChoice): void;
}

export function ProblemCard({ problem, choice, prominent, disabled, onChoose }: ProblemCardProps) {
  const titleId = useId();
  const name = useId();
  const { rows, more } = firstRows(problem.rows, problem.count);
  const rowList = rows.map(formatNumber).join(', ');
  return (
    <section className={`problem${prominent ? ' problem-warning' : ''}`} aria-labelledby={titleId} data-testid={`problem-${problem.code}`}>
      <div className="problem-header">
        <h3 id={titleId} className="problem-title">
          {t(`problem.${problem.code}`)}
        </h3>
        <span className="problem-count">{t('problem.count', { count: problem.count })}</span>
      </div>
      <p className="problem-summary" data-testid="problem-summary">
        {problem.summary}
      </p>
      {rows.length > 0 && (
        <p className="field-hint" data-testid="problem-rows">
          {more > 0 ? t('problem.rowsMore', { rows: rowList, count: more }) : t('problem.rows', { rows: rowList })}
        </p>
      )}
      {problem.examples.length > 0 && (
        <details className="problem-examples">
          <summary>{t('problem.examples', { count: problem.examples.length })}</summary>
          <ul>
            {problem.examples.map((e, i) => (
              <li key={i} dir="auto">
                {e.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      <fieldset className="choices" disabled={disabled} data-testid="problem-choices">
        <legend className="field-label">{t('problem.choice')}</legend>
        {problem.choices.map((c) => (
          <label key={c} className="check choice">
            <input type="radio" name={name} value={c} checked={choice === c} onChange={() => onChoose(c)} data-testid={`choice-${c}`} />
            {t(`choice.${c}`)}
          </label>
        ))}
        {!choice && <p className="field-hint error-text">{t('problem.chooseOne')}</p>}
      </fieldset>
    </section>
  );
}
