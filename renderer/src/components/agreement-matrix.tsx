// The coder-by-coder matrix of an AgreementResult as an accessible table: for every pair of coders
// Cohen's kappa, percent agreement and n (the documents both coded); on the diagonal the documents the
// coder coded. Single-label questions show all labels or one label as binary; label-set questions one
// label at a time. Cells are coloured by kappa with the validation heatmap's classes (heat-0..heat-10,
// readable in both themes; none below 0). Every number carries data-stat (matrix.<i>.<j>.kappa ...).
import { useId, useState } from 'react';
import type { AgreementResult, CoderMatrixView } from '../../../common/contract';
import { fmtCoef, fmtShare } from '../../../common/evaluation-format';
import { heatClass } from '../../../common/plots';
import { t } from '../i18n/t';

/** The matrices the picker offers: 'all' (single-label) and one per label, by index. */
export function matrixChoices(result: AgreementResult): Array<{ key: string; matrix: CoderMatrixView; label: string | null }> {
  const rep = result.report;
  const perLabel = rep.perLabel.map((l, i) => ({ key: String(i), matrix: l.matrix, label: l.label }));
  return rep.kind === 'single' ? [{ key: 'all', matrix: rep.matrix, label: null }, ...perLabel] : perLabel;
}

export function AgreementMatrix({ result }: { result: AgreementResult }) {
  const id = useId();
  const choices = matrixChoices(result);
  const [key, setKey] = useState<string | null>(null);
  const chosen = choices.find((c) => c.key === key) ?? choices[0];
  if (!chosen || chosen.matrix.coders.length < 2) return null;
  const m = chosen.matrix;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="agreement-matrix">
      <h2 id={`${id}-title`}>{t('agreement.matrix')}</h2>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-of`}>
          {t('agreement.matrixOf')}
        </label>
        <select
          id={`${id}-of`}
          className="select agreement-matrix-of"
          value={chosen.key}
          data-testid="agreement-matrix-of"
          onChange={(e) => setKey(e.target.value)}
        >
          {choices.map((c) => (
            <option key={c.key} value={c.key}>
              {c.label === null ? t('agreement.matrixAll') : t('agreement.matrixLabel', { label: c.label })}
            </option>
          ))}
        </select>
      </div>
      <p className="field-hint">{t('agreement.matrixHint')}</p>
      <div className="table-scroll">
        <table className="confusion agreement-matrix" data-testid="agreement-matrix-table">
          <caption className="visually-hidden">{t('agreement.matrixCaption')}</caption>
          <thead>
            <tr>
              <td />
              {m.coders.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.coders.map((a, i) => (
              <tr key={a}>
                <th scope="row">{a}</th>
                {m.coders.map((_, j) =>
                  i === j ? (
                    <td key={j} className="num heat-0 agreement-diagonal">
                      <span className="share">
                        n = <span data-stat={`matrix.${i}.${j}.n`}>{m.n[i]![j]}</span>
                      </span>
                    </td>
                  ) : (
                    <td key={j} className={`num ${heatClass(Math.max(0, m.kappa[i]![j] ?? 0))}`}>
                      <span data-stat={`matrix.${i}.${j}.kappa`}>{fmtCoef(m.kappa[i]![j])}</span>
                      <span className="share" data-stat={`matrix.${i}.${j}.agreement`}>
                        {fmtShare(m.agreement[i]![j])}
                      </span>
                      <span className="share">
                        n = <span data-stat={`matrix.${i}.${j}.n`}>{m.n[i]![j]}</span>
                      </span>
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
