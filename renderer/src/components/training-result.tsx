// A trainee's result on a training round (training.result): the overall numbers, per label (each
// label as given or not: master, trainee, both, agreement, kappa), and every document where the
// trainee differed from the master with the codebook definitions of both labels side by side.
import type { TrainingLabelDefinition, TrainingResult } from '../../../common/contract';
import { fmtCoef, fmtShare } from '../../../common/evaluation-format';
import { t } from '../i18n/t';

function Definition({ label }: { label: TrainingLabelDefinition }) {
  return (
    <div className="training-definition" data-testid="training-definition">
      <strong>{label.name}</strong>
      {label.description ? <p>{label.description}</p> : <p className="muted">{t('training.noDefinition')}</p>}
      {label.includeRules && (
        <p>
          <span className="muted">{t('training.include')}: </span>
          {label.includeRules}
        </p>
      )}
      {label.excludeRules && (
        <p>
          <span className="muted">{t('training.exclude')}: </span>
          {label.excludeRules}
        </p>
      )}
      {label.examples.length > 0 && (
        <div>
          <span className="muted">{t('training.examples')}:</span>
          <ul>
            {label.examples.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

const names = (labels: TrainingLabelDefinition[]) => labels.map((l) => l.name).join(', ') || t('training.noLabel');

export function TrainingResultView({ result }: { result: TrainingResult }) {
  const s = result.score;
  return (
    <section className="card" aria-labelledby="training-result-title" data-testid="training-result">
      <h2 id="training-result-title">{t('training.resultTitle', { coder: s.coder })}</h2>
      <p data-testid="training-summary">
        {t('training.summary', {
          coded: String(s.coded),
          skipped: String(s.skipped),
          open: String(result.open),
          percent: fmtShare(s.percent),
          kappa: fmtCoef(s.kappa),
          alpha: fmtCoef(s.alpha),
        })}
      </p>
      <div className="table-scroll">
        <table className="stat-table" data-testid="training-per-label">
          <caption>{t('training.perLabel')}</caption>
          <thead>
            <tr>
              <th scope="col" className="text">
                {t('training.label')}
              </th>
              <th scope="col">{t('training.byMaster')}</th>
              <th scope="col">{t('training.byTrainee')}</th>
              <th scope="col">{t('training.both')}</th>
              <th scope="col">{t('training.agreement')}</th>
              <th scope="col">{t('training.kappa')}</th>
            </tr>
          </thead>
          <tbody>
            {result.perLabel.map((l) => (
              <tr key={l.labelId} data-label={l.label}>
                <th scope="row" className="text">
                  {l.label}
                </th>
                <td data-stat="master">{l.master}</td>
                <td data-stat="trainee">{l.trainee}</td>
                <td data-stat="both">{l.both}</td>
                <td data-stat="percent">{fmtShare(l.percent)}</td>
                <td data-stat="kappa">{fmtCoef(l.kappa)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="subheading">
        {result.differences.length
          ? t('training.differences', { count: result.differences.length, coder: s.coder })
          : t('training.noDifferences')}
      </h3>
      <ol className="training-differences" data-testid="training-differences">
        {result.differences.map((d) => (
          <li key={d.documentId} className="training-difference" data-testid="training-difference" data-external-id={d.externalId}>
            <p className="training-text">
              <span className="mono muted">{d.externalId}</span> {d.text}
            </p>
            <div className="training-sides">
              <div>
                <p className="training-side-head">{t('training.masterSide', { labels: names(d.master) })}</p>
                {d.master.map((l) => (
                  <Definition key={l.id} label={l} />
                ))}
              </div>
              <div>
                <p className="training-side-head">{t('training.traineeSide', { coder: s.coder, labels: names(d.trainee) })}</p>
                {d.trainee.map((l) => (
                  <Definition key={l.id} label={l} />
                ))}
              </div>
            </div>
          </li>
        ))}
      </ol>
      <details>
        <summary>{t('training.notes')}</summary>
        <ul>
          {result.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}
