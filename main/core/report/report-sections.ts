// The methods report's tables, as HTML text from an EvaluationResult: the validation numbers with
// their intervals, per label, the confusion matrix as a heatmap (counts and row shares), the group
// breakdown, the prevalence estimates and anchoring. Every number cell carries data-stat (its place in
// the result), so a test can check the report against `prelabel evaluate --json`.
import type { EvaluationResult, LabelPrevalenceView, PrevalenceEstimateView } from '../../../common/contract';
import { fmtCoef, fmtCoefInterval, fmtMetric, fmtPoints, fmtShare, fmtShareInterval } from '../../../common/evaluation-format';
import { heatClass } from '../../../common/plots';

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const td = (stat: string, text: string) => `<td data-stat="${esc(stat)}">${esc(text)}</td>`;
const th = (text: string, cls = '') => `<th scope="col"${cls ? ` class="${cls}"` : ''}>${esc(text)}</th>`;
const rowHead = (text: string) => `<th scope="row" class="text">${esc(text)}</th>`;

export function summaryTable(r: EvaluationResult): string {
  const m = r.metrics;
  if (!m) return '<p>No document has both a truth and a current prediction, so there are no validation numbers yet.</p>';
  const rows =
    m.kind === 'single'
      ? [
          ['Accuracy', 'accuracy', fmtShare(m.accuracy), fmtShareInterval(m.intervals.accuracy)],
          ['Macro F1', 'macroF1', fmtCoef(m.macro.f1), fmtCoefInterval(m.intervals.macroF1)],
          ['Weighted F1', 'weightedF1', fmtCoef(m.weighted.f1), fmtCoefInterval(m.intervals.weightedF1)],
          ["Cohen's kappa (model vs truth)", 'kappa', fmtCoef(m.kappa), fmtCoefInterval(m.intervals.kappa)],
          ...(m.weightedKappa
            ? [
                ['Linear weighted kappa', 'weightedKappa.linear', fmtCoef(m.weightedKappa.linear), ''],
                ['Quadratic weighted kappa', 'weightedKappa.quadratic', fmtCoef(m.weightedKappa.quadratic), ''],
              ]
            : []),
        ]
      : [
          ['Micro F1', 'microF1', fmtCoef(m.micro.f1), fmtCoefInterval(m.intervals.microF1)],
          ['Macro F1', 'macroF1', fmtCoef(m.macro.f1), fmtCoefInterval(m.intervals.macroF1)],
          ['Weighted F1', 'weightedF1', fmtCoef(m.weighted.f1), fmtCoefInterval(m.intervals.weightedF1)],
          ['Subset accuracy', 'subsetAccuracy', fmtShare(m.subsetAccuracy), fmtShareInterval(m.intervals.subsetAccuracy)],
          ['Hamming loss', 'hammingLoss', fmtShare(m.hammingLoss), fmtShareInterval(m.intervals.hammingLoss)],
        ];
  const body = rows.map(([name, stat, value, ci]) => `<tr>${rowHead(name!)}${td(stat!, value!)}${td(`${stat}.ci`, ci!)}</tr>`).join('');
  return `<table><caption>n = <span data-stat="n">${m.n}</span> documents; 95% intervals by a seeded bootstrap (${r.bootstrap.replicates} replicates, seed ${r.bootstrap.seed})</caption>
<thead><tr>${th('Statistic', 'text')}${th('Value')}${th('95% interval')}</tr></thead><tbody>${body}</tbody></table>${
    m.kind === 'multi'
      ? `<p>Thresholds: ${m.thresholds.map((t) => `${esc(t.label)} ≥ ${t.threshold}`).join(', ')} (a label is the model's when its score reaches it).</p>`
      : ''
  }`;
}

export function perLabelTable(r: EvaluationResult): string {
  const m = r.metrics;
  if (!m) return '';
  const rows = m.perLabel
    .map((l, i) => {
      const u = (k: 'precision' | 'recall' | 'f1') => l.undefined.includes(k);
      return `<tr>${rowHead(l.label)}${td(`perLabel.${i}.precision`, fmtMetric(l.precision, u('precision')))}${td(`perLabel.${i}.precision.ci`, fmtCoefInterval(l.intervals.precision))}${td(`perLabel.${i}.recall`, fmtMetric(l.recall, u('recall')))}${td(`perLabel.${i}.recall.ci`, fmtCoefInterval(l.intervals.recall))}${td(`perLabel.${i}.f1`, fmtMetric(l.f1, u('f1')))}${td(`perLabel.${i}.f1.ci`, fmtCoefInterval(l.intervals.f1))}${td(`perLabel.${i}.support`, String(l.support))}${td(`perLabel.${i}.predicted`, String(l.predicted))}</tr>`;
    })
    .join('');
  return `<table><caption>Per label (undefined: the denominator was 0; counted as 0 in averages, as scikit-learn does)</caption>
<thead><tr>${th('Label', 'text')}${th('Precision')}${th('95% interval')}${th('Recall')}${th('95% interval')}${th('F1')}${th('95% interval')}${th('Support')}${th('Predicted')}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function confusionTable(r: EvaluationResult): string {
  const m = r.metrics;
  if (!m || m.kind !== 'single') return '';
  const c = m.confusion;
  const truthName = r.source.against === 'gold' ? 'Gold' : 'Human';
  const rows = c.labels
    .map(
      (label, i) =>
        `<tr>${rowHead(label)}${c.counts[i]!.map(
          (n, j) =>
            `<td class="${heatClass(c.rowShares[i]![j]!)}" data-stat="confusion.${i}.${j}">${n}<span class="share">${fmtShare(c.rowShares[i]![j]!)}</span></td>`,
        ).join('')}<td data-stat="confusion.${i}.total">${c.rowTotals[i]}</td></tr>`,
    )
    .join('');
  return `<table class="confusion"><caption>Confusion matrix: rows ${truthName.toLowerCase()} label, columns model label; counts with row shares (the colour follows the row share)</caption>
<thead><tr>${th(`${truthName} \\ model`, 'text')}${c.labels.map((l) => th(l)).join('')}${th('Total')}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function groupTable(r: EvaluationResult): string {
  if (!r.groups) return '';
  const multi = r.metrics?.kind === 'multi';
  const rows = r.groups.rows
    .map(
      (g, i) =>
        `<tr>${rowHead(g.group ?? '(none)')}${td(`groups.${i}.n`, String(g.n))}${td(`groups.${i}.accuracy`, fmtShare(g.accuracy?.estimate))}${td(`groups.${i}.accuracy.ci`, fmtShareInterval(g.accuracy))}${td(`groups.${i}.macroF1`, fmtCoef(g.macroF1))}${td(`groups.${i}.kappa`, fmtCoef(multi ? g.microF1 : g.kappa))}</tr>`,
    )
    .join('');
  const note = r.groups.note ? `<p>${esc(r.groups.note)}</p>` : '';
  return `${note}<table><caption>By "${esc(r.groups.column)}" (Wilson 95% interval of the accuracy; small groups give wide intervals)</caption>
<thead><tr>${th('Value', 'text')}${th('n')}${th(multi ? 'Subset accuracy' : 'Accuracy')}${th('95% interval')}${th('Macro F1')}${th(multi ? 'Micro F1' : 'Kappa')}</tr></thead><tbody>${rows}</tbody></table>`;
}

function estimateCells(stat: string, e: PrevalenceEstimateView | null): string {
  if (!e) return `${td(stat, '–')}${td(`${stat}.ci`, '–')}${td(`${stat}.width`, '–')}`;
  return `${td(stat, fmtShare(e.estimate))}${td(`${stat}.ci`, fmtShareInterval(e))}${td(`${stat}.width`, fmtPoints(e.width))}`;
}

function prevalenceRows(labels: readonly LabelPrevalenceView[], prefix: string): string {
  return labels
    .map(
      (l, i) =>
        `<tr>${rowHead(l.label)}${estimateCells(`${prefix}.${i}.naive`, l.naive)}${estimateCells(`${prefix}.${i}.human`, l.human)}${estimateCells(`${prefix}.${i}.ppi`, l.ppi)}${estimateCells(`${prefix}.${i}.ppiPlusPlus`, l.ppiPlusPlus)}</tr>`,
    )
    .join('');
}

const PREVALENCE_HEAD = `<thead><tr><th rowspan="2" class="text" scope="col">Label</th><th colspan="3" scope="colgroup">Model count (naive)</th><th colspan="3" scope="colgroup">Human only</th><th colspan="3" scope="colgroup">PPI</th><th colspan="3" scope="colgroup">PPI++</th></tr>
<tr>${Array.from({ length: 4 }, () => `${th('Share')}${th('95% interval')}${th('Width (points)')}`).join('')}</tr></thead>`;

export function prevalenceTables(r: EvaluationResult): string {
  const p = r.prevalence;
  if (!p) return '<p>No unit has a current prediction: no corpus estimates.</p>';
  let html = `<table><caption>Share of each label in the ${p.corpusN} units with a current prediction, from ${p.sampleN} labelled documents</caption>${PREVALENCE_HEAD}<tbody>${prevalenceRows(p.labels, 'prevalence')}</tbody></table>`;
  for (const [gi, g] of (p.groups ?? []).entries())
    html += `<table><caption>${esc(r.groups?.column ?? 'Group')} = ${esc(g.group || '(none)')}: ${g.corpusN} units, ${g.sampleN} labelled</caption>${PREVALENCE_HEAD}<tbody>${prevalenceRows(g.labels, `prevalence.groups.${gi}`)}</tbody></table>`;
  return html;
}

export function anchoringTable(r: EvaluationResult): string {
  const a = r.anchoring;
  if (!a) return '<p>No decision recorded a current suggestion: nothing to compare.</p>';
  const row = (name: string, stat: string, s: typeof a.shown) =>
    `<tr>${rowHead(name)}${td(`anchoring.${stat}.decisions`, String(s.decisions))}${td(`anchoring.${stat}.share`, fmtShare(s.share))}${td(`anchoring.${stat}.ci`, fmtShareInterval(s))}</tr>`;
  const blindName = a.blind.sameAsTable
    ? "Blind validation sample: the model's current accuracy (the table's number; bootstrap interval)"
    : "Blind validation sample: the model's current accuracy (Wilson interval)";
  return `<table><caption>Agreement with the model's suggestion (Wilson 95% intervals unless named)</caption>
<thead><tr>${th('Decisions', 'text')}${th('n')}${th('Same labels as the model')}${th('95% interval')}</tr></thead><tbody>
${row('Ordinary coding, suggestion shown (acceptance of the suggestion at decision time)', 'shown', a.shown)}${row('Suggestion hidden outside the blind sample (CLI)', 'hidden', a.hidden)}${row(blindName, 'blind', a.blind)}</tbody></table>
<p>Gap (acceptance minus blind accuracy): <span data-stat="anchoring.gap">${a.gap === null ? '–' : `${fmtPoints(a.gap)} points`}</span>. Left out, with a suggestion of an older model input: <span data-stat="anchoring.staleLeftOut">${a.staleLeftOut}</span> decisions.</p>
<ul>${a.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`;
}
