// The results of "try it" side by side (hypothesis-tuning.tsx): the current wording first, then
// each variant, with macro-F1 and its interval, F1 per label, the pairs scored, and Keep.
import type { TuningResult, TuningVariant } from '../../../common/contract';
import { fmtCoef, fmtCoefInterval } from '../../../common/evaluation-format';
import { Notice } from '../components/notice';
import { t } from '../i18n/t';

export function TuningTable({
  result,
  variants,
  busy,
  onKeep,
}: {
  result: TuningResult;
  variants: TuningVariant[];
  busy: boolean;
  onKeep: (v: TuningVariant, name: string) => void;
}) {
  const best = Math.max(...result.variants.map((v) => v.macroF1 ?? -1));
  return (
    <>
      <p className="field-hint" data-testid="tuning-documents">
        {t('tuning.documents', { used: result.documents.used, description: result.source.description })}
      </p>
      {result.warnings.map((w, i) => (
        <Notice key={i} kind="info">
          {w}
        </Notice>
      ))}
      <div className="table-scroll">
        <table className="stat-table" data-testid="tuning-table">
          <thead>
            <tr>
              <th scope="col" />
              {result.variants.map((v, i) => (
                <th
                  scope="col"
                  key={i}
                  title={v.hypotheses
                    .filter((h) => h.changed)
                    .map((h) => `${h.label}: ${h.hypothesis}`)
                    .join('\n')}
                >
                  {v.current ? t('tuning.current') : v.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('tuning.macroF1')}</th>
              {result.variants.map((v, i) => (
                <td className="num" key={i} data-testid="tuning-macro">
                  {v.macroF1 === best ? <strong>{fmtCoef(v.macroF1)}</strong> : fmtCoef(v.macroF1)}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">{t('tuning.interval')}</th>
              {result.variants.map((v, i) => (
                <td className="num" key={i}>
                  {fmtCoefInterval(v.macroF1Interval)}
                </td>
              ))}
            </tr>
            {result.labels.map((label) => (
              <tr key={label}>
                <th scope="row">{t('tuning.f1Of', { label })}</th>
                {result.variants.map((v, i) => (
                  <td className="num" key={i}>
                    {fmtCoef(v.perLabel.find((l) => l.label === label)?.f1)}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">{t('tuning.pairs')}</th>
              {result.variants.map((v, i) => (
                <td className="num" key={i}>
                  {v.pairsScored}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row" />
              {result.variants.map((v, i) => (
                <td key={i}>
                  {!v.current && (
                    <button
                      type="button"
                      className="btn"
                      disabled={busy}
                      title={t('tuning.keepHint')}
                      onClick={() => onKeep(variants[i - 1]!, v.name)}
                      data-testid="tuning-keep"
                    >
                      {t('tuning.keep')}
                    </button>
                  )}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}
