// Test support: the numbers a methods report names (its data-stat cells) and the numbers an
// EvaluationResult says, written the same way (common/evaluation-format.ts), so a test can check
// that the report, `prelabel evaluate --json` and the validation screen agree.
import type { EvaluationResult, PrevalenceEstimateView } from '../../../../common/contract';
import { fmtCoef, fmtCoefInterval, fmtMetric, fmtPoints, fmtShare, fmtShareInterval } from '../../../../common/evaluation-format';

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** data-stat -> the cell's text (for the confusion matrix: the count only). */
export function reportNumbers(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<(td|span)[^>]*data-stat="([^"]+)"[^>]*>(.*?)<\/\1>/g)) {
    const text = m[3]!.replace(/<span class="share">.*?<\/span>/, '').replace(/<[^>]+>/g, '');
    out.set(unescape(m[2]!), unescape(text));
  }
  return out;
}

function estimate(out: Map<string, string>, stat: string, e: PrevalenceEstimateView | null): void {
  out.set(stat, e ? fmtShare(e.estimate) : '–');
  out.set(`${stat}.ci`, e ? fmtShareInterval(e) : '–');
  out.set(`${stat}.width`, e ? fmtPoints(e.width) : '–');
}

/** The numbers of a result as the report writes them, by the same data-stat names. */
export function expectedNumbers(r: EvaluationResult): Map<string, string> {
  const out = new Map<string, string>();
  out.set('corpus.units', String(r.corpus.units));
  out.set('corpus.withCurrentPrediction', String(r.corpus.withCurrentPrediction));
  out.set('documents.withTruth', String(r.documents.withTruth));
  out.set('documents.used', String(r.documents.used));
  const m = r.metrics;
  if (m) {
    out.set('n', String(m.n));
    if (m.kind === 'single') {
      out.set('accuracy', fmtShare(m.accuracy));
      out.set('accuracy.ci', fmtShareInterval(m.intervals.accuracy));
      out.set('macroF1', fmtCoef(m.macro.f1));
      out.set('macroF1.ci', fmtCoefInterval(m.intervals.macroF1));
      out.set('weightedF1', fmtCoef(m.weighted.f1));
      out.set('weightedF1.ci', fmtCoefInterval(m.intervals.weightedF1));
      out.set('kappa', fmtCoef(m.kappa));
      out.set('kappa.ci', fmtCoefInterval(m.intervals.kappa));
      m.confusion.counts.forEach((row, i) => row.forEach((n, j) => out.set(`confusion.${i}.${j}`, String(n))));
      m.confusion.rowTotals.forEach((n, i) => out.set(`confusion.${i}.total`, String(n)));
    } else {
      out.set('microF1', fmtCoef(m.micro.f1));
      out.set('microF1.ci', fmtCoefInterval(m.intervals.microF1));
      out.set('macroF1', fmtCoef(m.macro.f1));
      out.set('macroF1.ci', fmtCoefInterval(m.intervals.macroF1));
      out.set('weightedF1', fmtCoef(m.weighted.f1));
      out.set('weightedF1.ci', fmtCoefInterval(m.intervals.weightedF1));
      out.set('subsetAccuracy', fmtShare(m.subsetAccuracy));
      out.set('subsetAccuracy.ci', fmtShareInterval(m.intervals.subsetAccuracy));
      out.set('hammingLoss', fmtShare(m.hammingLoss));
      out.set('hammingLoss.ci', fmtShareInterval(m.intervals.hammingLoss));
    }
    m.perLabel.forEach((l, i) => {
      out.set(`perLabel.${i}.precision`, fmtMetric(l.precision, l.undefined.includes('precision')));
      out.set(`perLabel.${i}.precision.ci`, fmtCoefInterval(l.intervals.precision));
      out.set(`perLabel.${i}.recall`, fmtMetric(l.recall, l.undefined.includes('recall')));
      out.set(`perLabel.${i}.recall.ci`, fmtCoefInterval(l.intervals.recall));
      out.set(`perLabel.${i}.f1`, fmtMetric(l.f1, l.undefined.includes('f1')));
      out.set(`perLabel.${i}.f1.ci`, fmtCoefInterval(l.intervals.f1));
      out.set(`perLabel.${i}.support`, String(l.support));
      out.set(`perLabel.${i}.predicted`, String(l.predicted));
    });
  }
  if (r.calibration) out.set('calibration.ece', (r.calibration.ece * 100).toFixed(1));
  r.groups?.rows.forEach((g, i) => {
    out.set(`groups.${i}.n`, String(g.n));
    out.set(`groups.${i}.accuracy`, fmtShare(g.accuracy?.estimate));
    out.set(`groups.${i}.accuracy.ci`, fmtShareInterval(g.accuracy));
    out.set(`groups.${i}.macroF1`, fmtCoef(g.macroF1));
    out.set(`groups.${i}.kappa`, fmtCoef(m?.kind === 'multi' ? g.microF1 : g.kappa));
  });
  const prevalence = (prefix: string, labels: NonNullable<EvaluationResult['prevalence']>['labels']) =>
    labels.forEach((l, i) => {
      estimate(out, `${prefix}.${i}.naive`, l.naive);
      estimate(out, `${prefix}.${i}.human`, l.human);
      estimate(out, `${prefix}.${i}.ppi`, l.ppi);
      estimate(out, `${prefix}.${i}.ppiPlusPlus`, l.ppiPlusPlus);
    });
  if (r.prevalence) prevalence('prevalence', r.prevalence.labels);
  r.prevalence?.groups?.forEach((g, gi) => prevalence(`prevalence.groups.${gi}`, g.labels));
  if (r.anchoring) {
    for (const k of ['shown', 'hidden', 'blind'] as const) {
      out.set(`anchoring.${k}.decisions`, String(r.anchoring[k].decisions));
      out.set(`anchoring.${k}.share`, fmtShare(r.anchoring[k].share));
      out.set(`anchoring.${k}.ci`, fmtShareInterval(r.anchoring[k]));
    }
    out.set('anchoring.staleLeftOut', String(r.anchoring.staleLeftOut));
  }
  return out;
}
