// Each coder's own progress per question (coders.progress, from each coder's current decisions).
import { useId } from 'react';
import { formatDateTime, t } from '../i18n/t';
import { useCoders } from '../state/coders-store';

export function CodersProgress() {
  const id = useId();
  const progress = useCoders((s) => s.progress);
  const questions = progress[0]?.questions ?? [];
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="coders-progress">
      <h2 id={`${id}-title`}>{t('coders.progress')}</h2>
      {progress.length === 0 ? (
        <p className="field-hint">{t('coders.noCoders')}</p>
      ) : (
        <div className="table-scroll">
          <table className="stat-table">
            <thead>
              <tr>
                <th scope="col">{t('coders.coder')}</th>
                {questions.map((q) => (
                  <th scope="col" key={q.questionId}>
                    {q.question}
                  </th>
                ))}
                <th scope="col">{t('coders.last')}</th>
              </tr>
            </thead>
            <tbody>
              {progress.map((c) => (
                <tr key={c.coderId} data-testid="coders-progress-row">
                  <th scope="row">{c.coder}</th>
                  {c.questions.map((q) => (
                    <td key={q.questionId} data-stat={`${c.coder}.${q.question}`}>
                      {t('coders.decided', { decided: String(q.decided), units: String(q.units), skipped: String(q.skipped) })}
                    </td>
                  ))}
                  <td>{c.lastDecisionAt ? formatDateTime(c.lastDecisionAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
