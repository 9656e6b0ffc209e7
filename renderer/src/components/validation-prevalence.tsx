// The corpus share of each label (the model's count, human only, PPI, PPI++ with intervals and their
// widths; overall and per group), the breakdown of the validation numbers by a metadata column, and
// anchoring (agreement with the suggestion shown against hidden). data-stat as in the report.
import { useId } from 'react';
import type { EvaluationResult, LabelPrevalenceView, PrevalenceEstimateView } from '../../../common/contract';
import { fmtCoef, fmtPoints, fmtShare, fmtShareInterval } from '../../../common/evaluation-format';
import { t } from '../i18n/t';

const METHODS = ['naive', 'human', 'ppi', 'ppiPlusPlus'] as const;

function Estimate({ stat, e }: { stat: string; e: PrevalenceEstimateView | null }) {
  return (
    <>
      <td className="num" data-stat={stat}>
        {e ? fmtShare(e.estimate) : '–'}
      </td>
      <td className="num" data-stat={`${stat}.ci`}>
        {e ? fmtShareInterval(e) : '–'}
      </td>
      <td className="num" data-stat={`${stat}.width`}>
        {e ? fmtPoints(e.width) : '–'}
      </td>
    </>
  );
}

function PrevalenceTable({ labels, prefix, caption }: { labels: readonly LabelPrevalenceView[]; prefix: string; caption: string }) {
  return (
    <table className="stat-table prevalence">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col" rowSpan={2}>
            {t('validation.label')}
          </th>
          {METHODS.map((m) => (
            <th key={m} scope="colgroup" colSpan={3}>
              {t(`validation.${m}`)}
            </th>
          ))}
        </tr>
        <tr>
          {METHODS.flatMap((m) => [
            <th key={`${m}-s`} scope="col">
              {t('validation.share')}
            </th>,
            <th key={`${m}-i`} scope="col">
              {t('validation.interval')}
            </th>,
            <th key={`${m}-w`} scope="col">
              {t('validation.width')}
            </th>,
          ])}
        </tr>
      </thead>
      <tbody>
        {labels.map((l, i) => (
          <tr key={l.label}>
            <th scope="row">{l.label}</th>
            {METHODS.map((m) => (
              <Estimate key={m} stat={`${prefix}.${i}.${m}`} e={l[m]} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ValidationPrevalence({ result }: { result: EvaluationResult }) {
  const id = useId();
  const p = result.prevalence;
  if (!p) return null;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="validation-prevalence">
      <h2 id={`${id}-title`}>{t('validation.prevalence')}</h2>
      <p className="field-hint">{t('validation.prevalenceHint', { corpusN: String(p.corpusN), sampleN: String(p.sampleN) })}</p>
      {!result.source.random && <p className="validation-warning">{t('validation.prevalenceNotRandom')}</p>}
      <div className="table-scroll">
        <PrevalenceTable labels={p.labels} prefix="prevalence" caption={t('validation.prevalence')} />
        {(p.groups ?? []).map((g, gi) => (
          <PrevalenceTable
            key={g.group}
            labels={g.labels}
            prefix={`prevalence.groups.${gi}`}
            caption={t('validation.groupPrevalence', {
              column: result.groups?.column ?? '',
              value: g.group || t('validation.groupNoValue'),
              corpusN: String(g.corpusN),
              sampleN: String(g.sampleN),
            })}
          />
        ))}
      </div>
    </section>
  );
}

export function ValidationGroups({ result }: { result: EvaluationResult }) {
  const id = useId();
  const g = result.groups;
  if (!g) return null;
  const multi = result.metrics?.kind === 'multi';
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="validation-groups">
      <h2 id={`${id}-title`}>{t('validation.groups', { column: g.column })}</h2>
      {g.note && (
        <p className="field-hint" data-testid="validation-groups-note">
          {g.note}
        </p>
      )}
      <table className="stat-table">
        <thead>
          <tr>
            <th scope="col">{t('validation.groupValue')}</th>
            <th scope="col">n</th>
            <th scope="col">{t(multi ? 'validation.subsetAccuracy' : 'validation.accuracy')}</th>
            <th scope="col">{t('validation.groupInterval')}</th>
            <th scope="col">{t('validation.macroF1')}</th>
            <th scope="col">{t(multi ? 'validation.microF1' : 'validation.kappa')}</th>
          </tr>
        </thead>
        <tbody>
          {g.rows.map((r, i) => (
            <tr key={r.group ?? ''}>
              <th scope="row">{r.group ?? t('validation.groupNoValue')}</th>
              <td className="num" data-stat={`groups.${i}.n`}>
                {r.n}
              </td>
              <td className="num" data-stat={`groups.${i}.accuracy`}>
                {fmtShare(r.accuracy?.estimate)}
              </td>
              <td className="num" data-stat={`groups.${i}.accuracy.ci`}>
                {fmtShareInterval(r.accuracy)}
              </td>
              <td className="num" data-stat={`groups.${i}.macroF1`}>
                {fmtCoef(r.macroF1)}
              </td>
              <td className="num" data-stat={`groups.${i}.kappa`}>
                {fmtCoef(multi ? r.microF1 : r.kappa)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function ValidationAnchoring({ result }: { result: EvaluationResult }) {
  const id = useId();
  const a = result.anchoring;
  const rows = a
    ? ([
        ['shown', a.shown],
        ['hidden', a.hidden],
        ['blind', a.blind],
      ] as const)
    : [];
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="validation-anchoring">
      <h2 id={`${id}-title`}>{t('validation.anchoring')}</h2>
      {!a ? (
        <p>{t('validation.anchoring.none')}</p>
      ) : (
        <>
          <p className="field-hint">{t('validation.anchoringHint')}</p>
          <table className="stat-table">
            <thead>
              <tr>
                <th scope="col">{t('validation.documents')}</th>
                <th scope="col">n</th>
                <th scope="col">{t('validation.anchoring.same')}</th>
                <th scope="col">{t('validation.interval')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([k, s]) => (
                <tr key={k}>
                  <th scope="row">
                    {t(k === 'blind' && a?.blind.sameAsTable ? 'validation.anchoring.blindTable' : `validation.anchoring.${k}`)}
                  </th>
                  <td className="num" data-stat={`anchoring.${k}.decisions`}>
                    {s.decisions}
                  </td>
                  <td className="num" data-stat={`anchoring.${k}.share`}>
                    {fmtShare(s.share)}
                  </td>
                  <td className="num" data-stat={`anchoring.${k}.ci`}>
                    {fmtShareInterval(s)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {a.gap !== null && <p>{t('validation.anchoring.gap', { gap: fmtPoints(a.gap) })}</p>}
          {a.staleLeftOut > 0 && (
            <p data-testid="validation-anchoring-stale">{t('validation.anchoring.stale', { n: String(a.staleLeftOut) })}</p>
          )}
          <ul className="field-hint">
            {a.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
