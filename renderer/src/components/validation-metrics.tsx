// The validation numbers of an EvaluationResult: the summary with 95% intervals, the per-label table,
// and the confusion matrix as a heatmap (an HTML table whose cells carry count and row share, the
// colour a class per tenth of the row share). Number cells carry data-stat, the same names as the
// methods report's, so a test compares both with `prelabel evaluate --json`.
import { useId } from 'react';
import type { EvaluationResult } from '../../../common/contract';
import { fmtCoef, fmtCoefInterval, fmtMetric, fmtShare, fmtShareInterval } from '../../../common/evaluation-format';
import { heatClass } from '../../../common/plots';
import type { MessageKey } from '../i18n/en';
import { t } from '../i18n/t';

type Metrics = NonNullable<EvaluationResult['metrics']>;

function Cell({ stat, children }: { stat: string; children: string }) {
  return (
    <td className="num" data-stat={stat}>
      {children}
    </td>
  );
}

function summaryRows(m: Metrics): Array<[MessageKey, string, string, string]> {
  if (m.kind === 'single')
    return [
      ['validation.accuracy', 'accuracy', fmtShare(m.accuracy), fmtShareInterval(m.intervals.accuracy)],
      ['validation.macroF1', 'macroF1', fmtCoef(m.macro.f1), fmtCoefInterval(m.intervals.macroF1)],
      ['validation.weightedF1', 'weightedF1', fmtCoef(m.weighted.f1), fmtCoefInterval(m.intervals.weightedF1)],
      ['validation.kappa', 'kappa', fmtCoef(m.kappa), fmtCoefInterval(m.intervals.kappa)],
    ];
  return [
    ['validation.microF1', 'microF1', fmtCoef(m.micro.f1), fmtCoefInterval(m.intervals.microF1)],
    ['validation.macroF1', 'macroF1', fmtCoef(m.macro.f1), fmtCoefInterval(m.intervals.macroF1)],
    ['validation.weightedF1', 'weightedF1', fmtCoef(m.weighted.f1), fmtCoefInterval(m.intervals.weightedF1)],
    ['validation.subsetAccuracy', 'subsetAccuracy', fmtShare(m.subsetAccuracy), fmtShareInterval(m.intervals.subsetAccuracy)],
    ['validation.hammingLoss', 'hammingLoss', fmtShare(m.hammingLoss), fmtShareInterval(m.intervals.hammingLoss)],
  ];
}

export function ValidationSummary({ result }: { result: EvaluationResult }) {
  const id = useId();
  const m = result.metrics!;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="validation-summary">
      <h2 id={`${id}-title`}>{t('validation.summary', { truth: t(`validation.truth.${result.source.against}`) })}</h2>
      <p className="field-hint">
        {t('validation.n', { n: String(m.n), replicates: String(result.bootstrap.replicates), seed: String(result.bootstrap.seed) })}
      </p>
      <table className="stat-table">
        <thead>
          <tr>
            <th scope="col">{t('validation.statistic')}</th>
            <th scope="col">{t('validation.value')}</th>
            <th scope="col">{t('validation.interval')}</th>
          </tr>
        </thead>
        <tbody>
          {summaryRows(m).map(([label, stat, value, ci]) => (
            <tr key={stat}>
              <th scope="row">{t(label)}</th>
              <Cell stat={stat}>{value}</Cell>
              <Cell stat={`${stat}.ci`}>{ci}</Cell>
            </tr>
          ))}
        </tbody>
      </table>
      {m.kind === 'multi' && (
        <p className="field-hint" data-testid="validation-thresholds">
          {t('validation.thresholds', { list: m.thresholds.map((x) => `${x.label} ≥ ${x.threshold}`).join(', ') })}
        </p>
      )}
      <h3>{t('validation.perLabel')}</h3>
      <p className="field-hint">{t('validation.perLabelHint')}</p>
      <table className="stat-table" data-testid="validation-per-label">
        <thead>
          <tr>
            <th scope="col">{t('validation.label')}</th>
            <th scope="col">{t('validation.precision')}</th>
            <th scope="col">{t('validation.interval')}</th>
            <th scope="col">{t('validation.recall')}</th>
            <th scope="col">{t('validation.interval')}</th>
            <th scope="col">{t('validation.f1')}</th>
            <th scope="col">{t('validation.interval')}</th>
            <th scope="col">{t('validation.support')}</th>
            <th scope="col">{t('validation.predicted')}</th>
          </tr>
        </thead>
        <tbody>
          {m.perLabel.map((l, i) => (
            <tr key={l.label}>
              <th scope="row">{l.label}</th>
              <Cell stat={`perLabel.${i}.precision`}>{fmtMetric(l.precision, l.undefined.includes('precision'))}</Cell>
              <Cell stat={`perLabel.${i}.precision.ci`}>{fmtCoefInterval(l.intervals.precision)}</Cell>
              <Cell stat={`perLabel.${i}.recall`}>{fmtMetric(l.recall, l.undefined.includes('recall'))}</Cell>
              <Cell stat={`perLabel.${i}.recall.ci`}>{fmtCoefInterval(l.intervals.recall)}</Cell>
              <Cell stat={`perLabel.${i}.f1`}>{fmtMetric(l.f1, l.undefined.includes('f1'))}</Cell>
              <Cell stat={`perLabel.${i}.f1.ci`}>{fmtCoefInterval(l.intervals.f1)}</Cell>
              <Cell stat={`perLabel.${i}.support`}>{String(l.support)}</Cell>
              <Cell stat={`perLabel.${i}.predicted`}>{String(l.predicted)}</Cell>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function ConfusionHeatmap({ result }: { result: EvaluationResult }) {
  const id = useId();
  const m = result.metrics;
  if (!m || m.kind !== 'single') return null;
  const c = m.confusion;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="validation-confusion">
      <h2 id={`${id}-title`}>{t('validation.confusion')}</h2>
      <p className="field-hint">{t('validation.confusionHint', { truth: t(`validation.truth.${result.source.against}`) })}</p>
      <table className="confusion">
        <thead>
          <tr>
            <td />
            {c.labels.map((l) => (
              <th key={l} scope="col">
                {l}
              </th>
            ))}
            <th scope="col">{t('validation.total')}</th>
          </tr>
        </thead>
        <tbody>
          {c.labels.map((label, i) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {c.counts[i]!.map((n, j) => (
                <td key={j} className={`num ${heatClass(c.rowShares[i]![j]!)}`} data-stat={`confusion.${i}.${j}`}>
                  {n}
                  <span className="share">{fmtShare(c.rowShares[i]![j]!)}</span>
                </td>
              ))}
              <td className="num" data-stat={`confusion.${i}.total`}>
                {c.rowTotals[i]}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
