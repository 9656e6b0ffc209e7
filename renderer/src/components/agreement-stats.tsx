// The agreement numbers of an AgreementResult: the coders with their decision counts, the overall
// coefficients (alpha with its bootstrap interval and the share of replicates below 0.667 and 0.8,
// Fleiss, AC1, percent agreement, with the pairable values and documents each rests on) and the same
// per label. Every number cell carries a data-stat name; e2e/agreement.spec.ts compares each with
// `prelabel agreement --json` formatted by common/evaluation-format.
import { useId } from 'react';
import type { AgreementCoefficient, AgreementResult, AlphaView } from '../../../common/contract';
import { fmtCoef, fmtCoefInterval, fmtShare } from '../../../common/evaluation-format';
import type { MessageKey } from '../i18n/en';
import { t } from '../i18n/t';

export function StatCell({ stat, children }: { stat: string; children: string }) {
  return (
    <td className="num" data-stat={stat}>
      {children}
    </td>
  );
}

const below = (a: AlphaView<unknown>, threshold: number) => fmtShare(a.belowThresholds.find((x) => x.threshold === threshold)?.share);

export function AgreementCoders({ result }: { result: AgreementResult }) {
  const id = useId();
  const humans = result.coders.filter((c) => !c.model).length;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="agreement-coders">
      <h2 id={`${id}-title`}>{t('agreement.coders')}</h2>
      <p data-testid="agreement-summary">
        {t('agreement.summary', {
          count: humans,
          model: result.model ? t('agreement.andModel') : '',
          units: String(result.units),
          twoPlus: String(result.codedByTwoOrMore),
        })}
      </p>
      {result.sample && (
        <p data-testid="agreement-sample-line">
          {t('agreement.onSample', {
            size: String(result.sample.size),
            seed: String(result.sample.seed),
            date: result.sample.createdAt.slice(0, 10),
          })}
        </p>
      )}
      {result.model && (
        <p data-testid="agreement-model-line">
          {t('agreement.modelLine', {
            predicted: String(result.model.predicted),
            units: String(result.units),
            stale: String(result.model.staleOnly),
          })}
        </p>
      )}
      {result.codedByTwoOrMore === 0 && (
        <p className="field-hint" data-testid="agreement-few-coders">
          {t('agreement.fewCoders')}
        </p>
      )}
      {result.coders.length > 0 && (
        <table className="stat-table" data-testid="agreement-coder-table">
          <thead>
            <tr>
              <th scope="col">{t('agreement.coder')}</th>
              <th scope="col">{t('agreement.coded')}</th>
              <th scope="col">{t('agreement.labelDecisions')}</th>
              <th scope="col">{t('agreement.notCodable')}</th>
              <th scope="col">{t('agreement.skips')}</th>
            </tr>
          </thead>
          <tbody>
            {result.coders.map((c, i) => (
              <tr key={c.name}>
                <th scope="row">{c.name}</th>
                <StatCell stat={`coders.${i}.coded`}>{String(c.coded)}</StatCell>
                <StatCell stat={`coders.${i}.labels`}>{String(c.labels)}</StatCell>
                <StatCell stat={`coders.${i}.notCodable`}>{String(c.notCodable)}</StatCell>
                <StatCell stat={`coders.${i}.skips`}>{String(c.skips)}</StatCell>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AlphaRow({ name, stat, a }: { name: MessageKey; stat: string; a: AlphaView<unknown> }) {
  return (
    <tr>
      <th scope="row">{t(name)}</th>
      <StatCell stat={stat}>{fmtCoef(a.alpha)}</StatCell>
      <StatCell stat={`${stat}.ci`}>{fmtCoefInterval(a.interval)}</StatCell>
      <StatCell stat={`${stat}.below667`}>{below(a, 0.667)}</StatCell>
      <StatCell stat={`${stat}.below800`}>{below(a, 0.8)}</StatCell>
      <StatCell stat={`${stat}.pairable`}>{String(a.pairableValues)}</StatCell>
      <StatCell stat={`${stat}.units`}>{String(a.pairableUnits)}</StatCell>
    </tr>
  );
}

function CoefRow({ name, stat, c, share }: { name: MessageKey; stat: string; c: AgreementCoefficient; share?: boolean }) {
  return (
    <tr>
      <th scope="row">{t(name)}</th>
      <StatCell stat={stat}>{share ? fmtShare(c.value) : fmtCoef(c.value)}</StatCell>
      <td />
      <td />
      <td />
      <StatCell stat={`${stat}.pairable`}>{String(c.pairableValues)}</StatCell>
      <StatCell stat={`${stat}.units`}>{String(c.units)}</StatCell>
    </tr>
  );
}

export function AgreementOverall({ result }: { result: AgreementResult }) {
  const id = useId();
  const rep = result.report;
  const alpha = rep.kind === 'single' ? rep.alpha : rep.alphaMasi;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="agreement-overall">
      <h2 id={`${id}-title`}>{t('agreement.overall')}</h2>
      <p className="field-hint" data-testid="agreement-bootstrap">
        {t('agreement.bootstrap', { replicates: String(result.bootstrap.replicates), seed: String(result.bootstrap.seed) })}
      </p>
      <div className="table-scroll">
        <table className="stat-table">
          <thead>
            <tr>
              <th scope="col">{t('agreement.statistic')}</th>
              <th scope="col">{t('agreement.value')}</th>
              <th scope="col">{t('agreement.interval')}</th>
              <th scope="col">{t('agreement.below667')}</th>
              <th scope="col">{t('agreement.below800')}</th>
              <th scope="col">{t('agreement.pairable')}</th>
              <th scope="col">{t('agreement.units')}</th>
            </tr>
          </thead>
          <tbody>
            {rep.kind === 'single' ? (
              <>
                <AlphaRow name="agreement.alphaNominal" stat="alpha" a={rep.alpha} />
                {rep.alphaOrdinal && <AlphaRow name="agreement.alphaOrdinal" stat="alphaOrdinal" a={rep.alphaOrdinal} />}
                <CoefRow name="agreement.fleiss" stat="fleiss" c={rep.fleiss} />
                <CoefRow name="agreement.ac1" stat="ac1" c={rep.ac1} />
                <CoefRow name="agreement.percent" stat="percent" c={rep.percent} share />
                <tr>
                  <th scope="row">{t('agreement.meanKappa')}</th>
                  <StatCell stat="meanKappa">{fmtCoef(rep.matrix.meanKappa)}</StatCell>
                  <td colSpan={5} />
                </tr>
              </>
            ) : (
              <>
                <AlphaRow name="agreement.alphaMasi" stat="alphaMasi" a={rep.alphaMasi} />
                <AlphaRow name="agreement.alphaJaccard" stat="alphaJaccard" a={rep.alphaJaccard} />
                <CoefRow name="agreement.exactSet" stat="exactSet" c={rep.exactSet} share />
              </>
            )}
          </tbody>
        </table>
      </div>
      {alpha.undefinedReason && <p data-testid="agreement-undefined">{t('agreement.undefined', { reason: alpha.undefinedReason })}</p>}
      <p className="field-hint">{t('agreement.thresholdsHint')}</p>
    </section>
  );
}

export function AgreementPerLabel({ result }: { result: AgreementResult }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="agreement-per-label">
      <h2 id={`${id}-title`}>{t('agreement.perLabel')}</h2>
      <p className="field-hint">{t('agreement.perLabelHint')}</p>
      <div className="table-scroll">
        <table className="stat-table">
          <thead>
            <tr>
              <th scope="col">{t('agreement.label')}</th>
              <th scope="col">{t('agreement.alpha')}</th>
              <th scope="col">{t('agreement.interval')}</th>
              <th scope="col">{t('agreement.below667')}</th>
              <th scope="col">{t('agreement.below800')}</th>
              <th scope="col">{t('agreement.fleiss')}</th>
              <th scope="col">{t('agreement.ac1')}</th>
              <th scope="col">{t('agreement.percent')}</th>
              <th scope="col">{t('agreement.pairable')}</th>
            </tr>
          </thead>
          <tbody>
            {result.report.perLabel.map((l, i) => (
              <tr key={l.label}>
                <th scope="row">{l.label}</th>
                <StatCell stat={`perLabel.${i}.alpha`}>{fmtCoef(l.alpha.alpha)}</StatCell>
                <StatCell stat={`perLabel.${i}.alpha.ci`}>{fmtCoefInterval(l.alpha.interval)}</StatCell>
                <StatCell stat={`perLabel.${i}.below667`}>{below(l.alpha, 0.667)}</StatCell>
                <StatCell stat={`perLabel.${i}.below800`}>{below(l.alpha, 0.8)}</StatCell>
                <StatCell stat={`perLabel.${i}.fleiss`}>{fmtCoef(l.fleiss.value)}</StatCell>
                <StatCell stat={`perLabel.${i}.ac1`}>{fmtCoef(l.ac1.value)}</StatCell>
                <StatCell stat={`perLabel.${i}.percent`}>{fmtShare(l.percent.value)}</StatCell>
                <StatCell stat={`perLabel.${i}.pairable`}>{String(l.alpha.pairableValues)}</StatCell>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
