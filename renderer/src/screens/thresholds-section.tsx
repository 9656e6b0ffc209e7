// The Validation screen's thresholds section (issue 16, item 2). Multi-label: each label's
// precision-recall curve on the coded documents with the threshold the chosen rule picks, its
// precision and recall beside 0.5's, and the thresholds in use; "Use these thresholds" stores them
// (thresholds.tune), "Back to 0.5" removes them. Single-label: the uncertain band's numbers at a few
// margins, and the band set or turned off (thresholds.setBand).
import { useEffect, useId, useState } from 'react';
import type { ThresholdRuleInput, ThresholdsResult } from '../../../common/contract';
import { Notice } from '../components/notice';
import { NumberField } from '../components/number-field';
import { PrCurvePlot } from '../components/pr-curve-plot';
import { formatDateTime, t } from '../i18n/t';
import { errorMessage } from '../platform/error-message';
import { api } from '../platform/platform';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
const thr = (x: number) => x.toFixed(3);
type RuleKind = ThresholdRuleInput['kind'];

function ruleText(r: ThresholdRuleInput): string {
  return r.kind === 'maxF1' ? t('thresholds.rule.maxF1') : `${t(`thresholds.rule.${r.kind}`)} ${r.value}`;
}

function BandSection({ result, onSet, busy }: { result: ThresholdsResult; onSet: (m: number | null) => void; busy: boolean }) {
  const id = useId();
  const band = result.band!;
  const [margin, setMargin] = useState(String(band.margin ?? 0.1));
  const value = Number(margin);
  const valid = margin.trim() !== '' && value > 0 && value < 1;
  const rows = [...(band.current ? [band.current] : []), ...band.candidates];
  return (
    <>
      <p>{t('thresholds.band.intro')}</p>
      <p data-testid="band-current">
        {band.margin === null ? t('thresholds.band.currentOff') : t('thresholds.band.current', { margin: String(band.margin) })}
      </p>
      <div className="validation-choices">
        <NumberField
          id={`${id}-m`}
          label={t('thresholds.band.margin')}
          min={0.01}
          max={0.99}
          step={0.01}
          value={margin}
          onChange={setMargin}
          testId="band-margin"
        />
      </div>
      <div className="actions">
        <button type="button" className="btn btn-primary" disabled={!valid || busy} onClick={() => onSet(value)} data-testid="band-set">
          {t('thresholds.band.set')}
        </button>
        <button type="button" className="btn" disabled={band.margin === null || busy} onClick={() => onSet(null)} data-testid="band-off">
          {t('thresholds.band.off')}
        </button>
      </div>
      <table className="stat-table" data-testid="band-table">
        <thead>
          <tr>
            <th scope="col">{t('thresholds.band.margin')}</th>
            <th scope="col">{t('thresholds.band.coded')}</th>
            <th scope="col">{t('thresholds.band.accInside')}</th>
            <th scope="col">{t('thresholds.band.accOutside')}</th>
            <th scope="col">{t('thresholds.band.corpus', { scored: String(band.scored) })}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c, i) => (
            <tr key={i}>
              <th scope="row">{i === 0 && band.current ? <strong>{c.margin}</strong> : c.margin}</th>
              <td className="num">{c.coded}</td>
              <td className="num">{pct(c.accuracyInside)}</td>
              <td className="num">{pct(c.accuracyOutside)}</td>
              <td className="num">{c.corpus}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function ThresholdsSection({ questionId }: { questionId: string }) {
  const id = useId();
  const [result, setResult] = useState<ThresholdsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState<RuleKind>('maxF1');
  const [target, setTarget] = useState('0.9');
  const value = Number(target);
  const rule: ThresholdRuleInput | null = kind === 'maxF1' ? { kind } : value > 0 && value <= 1 ? { kind, value } : null;
  const ruleKey = JSON.stringify(rule);

  const act = async (work: () => Promise<ThresholdsResult>) => {
    setBusy(true);
    try {
      setResult(await work());
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (!rule) return;
    void act(() => api().call('thresholds.get', { questionId, rule }));
    // ruleKey stands for rule (a new object each render).
  }, [questionId, ruleKey]);

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="thresholds-section">
      <h2 id={`${id}-title`}>{result?.band ? t('thresholds.band.title') : t('thresholds.title')}</h2>
      {error && (
        <Notice kind="error" testId="thresholds-error">
          {error}
        </Notice>
      )}
      {result && (
        <p className="field-hint" data-testid="thresholds-documents">
          {t('thresholds.documents', {
            documents: String(result.documents),
            excluded: String(result.excludedValidation),
            unscored: String(result.unscored),
          })}
        </p>
      )}
      {result?.appliesTo && (result.appliesTo.calibrated || result.band) && (
        <p className="field-hint" data-testid="thresholds-applies-to">
          {result.appliesTo.text}
        </p>
      )}
      {result?.band && (
        <BandSection
          result={result}
          busy={busy}
          onSet={(margin) => void act(() => api().call('thresholds.setBand', { questionId, margin }))}
        />
      )}
      {result && !result.band && (
        <>
          <p>{t('thresholds.intro')}</p>
          <p data-testid="thresholds-stored">
            {result.stored
              ? result.stored.current
                ? t('thresholds.stored', {
                    date: formatDateTime(result.stored.tunedAt),
                    documents: String(result.stored.documents),
                    rule: ruleText(result.stored.rule),
                  })
                : t('thresholds.stale')
              : t('thresholds.none')}
          </p>
          {result.stored?.current && <p className="field-hint">{t('thresholds.optimistic')}</p>}
          <div className="validation-choices">
            <div className="field">
              <label className="field-label" htmlFor={`${id}-rule`}>
                {t('thresholds.rule')}
              </label>
              <select
                id={`${id}-rule`}
                className="select"
                value={kind}
                onChange={(e) => setKind(e.target.value as RuleKind)}
                data-testid="thresholds-rule"
              >
                {(['maxF1', 'targetPrecision', 'targetRecall'] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`thresholds.rule.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            {kind !== 'maxF1' && (
              <NumberField
                id={`${id}-target`}
                label={t('thresholds.target')}
                min={0.01}
                max={1}
                step={0.01}
                value={target}
                onChange={setTarget}
                testId="thresholds-target"
              />
            )}
          </div>
          <div className="actions">
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy || !rule}
              onClick={() => rule && void act(() => api().call('thresholds.tune', { questionId, rule }))}
              data-testid="thresholds-use"
            >
              {busy ? t('thresholds.working') : t('thresholds.use')}
            </button>
            <button
              type="button"
              className="btn"
              disabled={busy || !result.stored}
              onClick={() => void act(() => api().call('thresholds.tune', { questionId, rule: rule ?? { kind: 'maxF1' }, clear: true }))}
              data-testid="thresholds-clear"
            >
              {t('thresholds.clear')}
            </button>
          </div>
          <div className="plot-grid-layout">
            {result.labels.map((l, i) => (
              <figure key={l.labelId} data-testid="thresholds-label">
                <PrCurvePlot label={l} id={`${id}-pr${i}`} />
                <figcaption>
                  <strong>{l.label}</strong>:{' '}
                  {l.chosen
                    ? `${t('thresholds.threshold')} ${thr(l.chosen.threshold)}, ${t('thresholds.precision')} ${pct(l.chosen.precision)}, ${t('thresholds.recall')} ${pct(l.chosen.recall)}`
                    : t('thresholds.noChoice', { reason: l.reason ?? '' })}
                </figcaption>
              </figure>
            ))}
          </div>
          <div className="table-scroll">
            <table className="stat-table" data-testid="thresholds-table">
              <thead>
                <tr>
                  {(['label', 'with', 'without', 'ap', 'threshold', 'precision', 'recall', 'f1', 'atDefault', 'inUse'] as const).map(
                    (k) => (
                      <th key={k} scope="col">
                        {t(`thresholds.${k}`)}
                      </th>
                    ),
                  )}
                </tr>
              </thead>
              <tbody>
                {result.labels.map((l) => (
                  <tr key={l.labelId}>
                    <th scope="row">{l.label}</th>
                    <td className="num">{l.positives}</td>
                    <td className="num">{l.negatives}</td>
                    <td className="num">{l.averagePrecision === null ? '–' : l.averagePrecision.toFixed(3)}</td>
                    <td className="num">{l.chosen ? thr(l.chosen.threshold) : '–'}</td>
                    <td className="num">{pct(l.chosen?.precision)}</td>
                    <td className="num">{pct(l.chosen?.recall)}</td>
                    <td className="num">{pct(l.chosen?.f1)}</td>
                    <td className="num">
                      {pct(l.atDefault.precision)} / {pct(l.atDefault.recall)} / {pct(l.atDefault.f1)}
                    </td>
                    <td className="num">{l.inUse === null ? '0.5' : thr(l.inUse)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
