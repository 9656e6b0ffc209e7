// The calibration plot (reliability diagram with its ECE) and the score distributions, drawn from
// common/plots.ts (the trees the methods report inlines too). Each plot is an img with a title and a
// description, and its numbers are a table beside it (in a <details>) for readers who cannot see it.
import { useId } from 'react';
import type { EvaluationResult, HistogramBinView } from '../../../common/contract';
import { histogramPlot, reliabilityPlot } from '../../../common/plots';
import { t } from '../i18n/t';
import { PlotSvg } from './plot-svg';

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

function HistogramTable({ series }: { series: Array<{ name: string; bins: readonly HistogramBinView[] }> }) {
  return (
    <details>
      <summary>{t('validation.showTable')}</summary>
      <table className="stat-table">
        <thead>
          <tr>
            <th scope="col">{t('validation.bin')}</th>
            {series.map((s) => (
              <th key={s.name} scope="col">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {series[0]!.bins.map((b, i) => (
            <tr key={i}>
              <th scope="row">
                {pct(b.lower)}–{pct(b.upper)}
              </th>
              {series.map((s) => (
                <td key={s.name} className="num">
                  {s.bins[i]!.count}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function ValidationPlots({ result }: { result: EvaluationResult }) {
  const id = useId();
  const cal = result.calibration;
  const used = result.scores.used;
  const right = t('validation.right');
  const wrong = t('validation.wrong');
  const corpus = t('validation.corpus');
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="validation-plots">
      <h2 id={`${id}-title`}>{t('validation.calibration')}</h2>
      <div className="plot-grid-layout">
        {cal && (
          <figure data-testid="validation-calibration">
            <PlotSvg
              plot={reliabilityPlot(`${id}-cal`, cal, {
                title: t('validation.calibrationTitle'),
                x: t('validation.confidence'),
                y: t('validation.shareRight'),
              })}
            />
            <figcaption>
              {t('validation.calibrationHint', { ece: (cal.ece * 100).toFixed(1), what: cal.what })}{' '}
              <span className="visually-hidden" data-stat="calibration.ece">
                {(cal.ece * 100).toFixed(1)}
              </span>
            </figcaption>
            <details>
              <summary>{t('validation.showTable')}</summary>
              <table className="stat-table">
                <thead>
                  <tr>
                    <th scope="col">{t('validation.bin')}</th>
                    <th scope="col">{t('validation.count')}</th>
                    <th scope="col">{t('validation.meanConfidence')}</th>
                    <th scope="col">{t('validation.shareRight')}</th>
                  </tr>
                </thead>
                <tbody>
                  {cal.bins
                    .filter((b) => b.count > 0)
                    .map((b) => (
                      <tr key={b.lower}>
                        <th scope="row">
                          {pct(b.lower)}–{pct(b.upper)}
                        </th>
                        <td className="num">{b.count}</td>
                        <td className="num">{((b.meanConfidence ?? 0) * 100).toFixed(1)}%</td>
                        <td className="num">{((b.accuracy ?? 0) * 100).toFixed(1)}%</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </details>
          </figure>
        )}
        {used && (
          <figure data-testid="validation-scores-used">
            <PlotSvg
              plot={histogramPlot(
                `${id}-used`,
                [
                  { name: right, className: 'plot-bar', bins: used.right },
                  { name: wrong, className: 'plot-bar-alt', bins: used.wrong },
                ],
                { title: t('validation.scoresUsed'), x: t('validation.topScore'), y: t('validation.documents') },
              )}
            />
            <figcaption>{t('validation.scoresUsed')}</figcaption>
            <HistogramTable
              series={[
                { name: right, bins: used.right },
                { name: wrong, bins: used.wrong },
              ]}
            />
          </figure>
        )}
        <figure data-testid="validation-scores-corpus">
          <PlotSvg
            plot={histogramPlot(`${id}-corpus`, [{ name: corpus, className: 'plot-bar', bins: result.scores.corpus }], {
              title: t('validation.scoresCorpus'),
              x: t('validation.topScore'),
              y: t('validation.documents'),
            })}
          />
          <figcaption>{t('validation.scoresCorpus')}</figcaption>
          <HistogramTable series={[{ name: corpus, bins: result.scores.corpus }]} />
        </figure>
      </div>
    </section>
  );
}
