// `prelabel agreement`'s plain-text output: the AgreementResult as aligned tables (coders, the
// coefficients with their intervals and pairable values, per label, the coder-by-coder matrix),
// numbers written as `prelabel evaluate` writes them (common/evaluation-format.ts).
import type { AgreementCoefficient, AgreementResult, AlphaView, CoderMatrixView } from '../../../common/contract';
import { fmtCoef, fmtCoefInterval, fmtShare } from '../../../common/evaluation-format';
import { table } from './evaluate-text';

function alphaRow(name: string, a: AlphaView<unknown>): string[] {
  return [name, fmtCoef(a.alpha), fmtCoefInterval(a.interval), String(a.pairableValues), String(a.pairableUnits)];
}

function coefRow(name: string, c: AgreementCoefficient, share = false): string[] {
  return [name, share ? fmtShare(c.value) : fmtCoef(c.value), '', String(c.pairableValues), String(c.units)];
}

function matrixLines(m: CoderMatrixView): string[] {
  const cell = (i: number, j: number) =>
    i === j ? `(${m.n[i]![j]})` : `${fmtCoef(m.kappa[i]![j])} / ${fmtShare(m.agreement[i]![j])} (${m.n[i]![j]})`;
  return table([['', ...m.coders], ...m.coders.map((a, i) => [a, ...m.coders.map((_, j) => cell(i, j))])]);
}

export function agreementText(r: AgreementResult): string[] {
  const out: string[] = [];
  const humans = r.coders.filter((c) => !c.model).length;
  out.push(
    `"${r.question.name}": ${humans} coder${humans === 1 ? '' : 's'}${r.model ? ' and the model' : ''} on ${r.units} documents, ${r.codedByTwoOrMore} coded by two or more`,
  );
  if (r.sample)
    out.push(
      `Reliability sample ${r.sample.id}: ${r.sample.size} documents drawn with seed ${r.sample.seed} on ${r.sample.createdAt.slice(0, 10)}.`,
    );
  if (r.model)
    out.push(
      `Model: ${r.model.predicted} of ${r.units} documents have a current pre-label (model input ${r.model.modelInputHash ?? '–'}); ${r.model.staleOnly} only stale ones, left out.`,
    );
  out.push(
    '',
    ...table([
      ['coder', 'in table', 'label decisions', 'not codable', 'skips'],
      ...r.coders.map((c) => [c.name, String(c.coded), String(c.labels), String(c.notCodable), String(c.skips)]),
    ]),
  );
  const rep = r.report;
  out.push('', `Agreement (95% bootstrap intervals over documents, ${r.bootstrap.replicates} replicates, seed ${r.bootstrap.seed})`);
  const head = ['statistic', 'value', '95% interval', 'pairable values', 'units'];
  const rows =
    rep.kind === 'single'
      ? [
          alphaRow("Krippendorff's alpha (nominal)", rep.alpha),
          ...(rep.alphaOrdinal ? [alphaRow("Krippendorff's alpha (ordinal)", rep.alphaOrdinal)] : []),
          coefRow("Fleiss' kappa", rep.fleiss),
          coefRow("Gwet's AC1", rep.ac1),
          coefRow('percent agreement', rep.percent, true),
          ["mean Cohen's kappa (Light)", fmtCoef(rep.matrix.meanKappa), '', '', ''],
        ]
      : [
          alphaRow("Krippendorff's alpha (MASI)", rep.alphaMasi),
          alphaRow("Krippendorff's alpha (Jaccard)", rep.alphaJaccard),
          coefRow('same label set', rep.exactSet, true),
        ];
  out.push(...table([head, ...rows]));
  const alpha = rep.kind === 'single' ? rep.alpha : rep.alphaMasi;
  if (alpha.undefinedReason) out.push(`Alpha is undefined (–): ${alpha.undefinedReason}.`);
  out.push(
    '',
    'Per label (the label given or not)',
    ...table([
      ['label', 'alpha', '95% interval', "Fleiss' kappa", 'AC1', 'agreement', 'pairable values'],
      ...rep.perLabel.map((l) => [
        l.label,
        fmtCoef(l.alpha.alpha),
        fmtCoefInterval(l.alpha.interval),
        fmtCoef(l.fleiss.value),
        fmtCoef(l.ac1.value),
        fmtShare(l.percent.value),
        String(l.alpha.pairableValues),
      ]),
    ]),
  );
  if (rep.kind === 'single') out.push('', "Coder by coder: Cohen's kappa / agreement (documents both coded)", ...matrixLines(rep.matrix));
  for (const n of r.notes) out.push(`Note: ${n}`);
  return out;
}
