// The XNLI test accuracy a model card reports, one row a language and the average at the foot.
import { formatPercent, languageName, t } from '../i18n/t';

export function XnliTable({ accuracy }: { accuracy: Record<string, number> }) {
  const languages = Object.entries(accuracy).filter(([code]) => code !== 'avg');
  const average = accuracy.avg;
  return (
    <table className="xnli-table" data-testid="model-accuracy">
      <caption className="visually-hidden">{t('model.card.accuracyCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('model.card.language')}</th>
          <th scope="col" className="num">
            {t('model.card.accuracyColumn')}
          </th>
        </tr>
      </thead>
      <tbody>
        {languages.map(([code, value]) => (
          <tr key={code} data-testid="accuracy-row" data-language={code}>
            <th scope="row">
              {languageName(code)} <span className="muted">({code})</span>
            </th>
            <td className="num">{formatPercent(value, 1)}</td>
          </tr>
        ))}
      </tbody>
      {average !== undefined && (
        <tfoot>
          <tr data-testid="accuracy-average">
            <th scope="row">{t('model.card.average')}</th>
            <td className="num">{formatPercent(average, 1)}</td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}
