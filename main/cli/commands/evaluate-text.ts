// `prelabel evaluate`'s plain-text output: the EvaluationResult as aligned tables, with the numbers
// written as the validation screen and the report write them (common/evaluation-format.ts).
import type { EvaluationResult, LabelPrevalenceView } from '../../../common/contract';
import { fmtCoef, fmtCoefInterval, fmtMetric, fmtPoints, fmtShare, fmtShareInterval } from '../../../common/evaluation-format';

/** Rows of cells as lines, each column as wide as its widest cell; the first column left-aligned. */
export function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
}

function prevalenceRows(labels: readonly LabelPrevalenceView[]): string[][] {
  const e = (x: LabelPrevalenceView['naive'] | null) =>
    x ? [fmtShare(x.estimate), fmtShareInterval(x), fmtPoints(x.width)] : ['–', '–', '–'];
  return [
    ['label', 'naive', 'interval', 'width', 'human', 'interval', 'width', 'PPI', 'interval', 'width', 'PPI++', 'interval', 'width'],
    ...labels.map((l) => [l.label, ...e(l.naive), ...e(l.human), ...e(l.ppi), ...e(l.ppiPlusPlus)]),
  ];
}

export function evaluationText(r: EvaluationResult): string[] {
  const out: string[] = [];
  out.push(`"${r.question.name}" against ${r.source.against}`);
  out.push(r.source.description);
  out.push(
    `Units: ${r.corpus.units}, with a current prediction ${r.corpus.withCurrentPrediction}; documents with a truth ${r.documents.withTruth}, used ${r.documents.used}, left out ${r.documents.dropped.noCurrentPrediction} (only stale ${r.documents.dropped.staleOnly}).`,
  );
  const t = r.truthCoders;
  if (t)
    out.push(
      t.coder !== null
        ? `Truth: the decisions of ${t.coder} (${t.coders[0]?.documents ?? 0} documents).`
        : `Truth: each document's current label${t.coders.length ? `, by ${t.coders.map((c) => `${c.name} (${c.documents})`).join(', ')}` : ''}${t.multiCoder ? `; ${t.multiCoder} documents decided by more than one coder` : ''}.`,
    );
  out.push(
    `Model: ${[r.model.modelId ?? 'none', r.model.precision].filter(Boolean).join(' ')}, sha256 ${r.model.modelSha256 ?? '–'}, model input ${r.model.modelInputHash || '–'}`,
  );
  for (const w of r.warnings) out.push(`Warning: ${w}`);
  const m = r.metrics;
  if (m) {
    out.push('', `Validation (n = ${m.n}; 95% bootstrap intervals, ${r.bootstrap.replicates} replicates, seed ${r.bootstrap.seed})`);
    const rows =
      m.kind === 'single'
        ? [
            ['accuracy', fmtShare(m.accuracy), fmtShareInterval(m.intervals.accuracy)],
            ['macro F1', fmtCoef(m.macro.f1), fmtCoefInterval(m.intervals.macroF1)],
            ['weighted F1', fmtCoef(m.weighted.f1), fmtCoefInterval(m.intervals.weightedF1)],
            ["Cohen's kappa", fmtCoef(m.kappa), fmtCoefInterval(m.intervals.kappa)],
          ]
        : [
            ['micro F1', fmtCoef(m.micro.f1), fmtCoefInterval(m.intervals.microF1)],
            ['macro F1', fmtCoef(m.macro.f1), fmtCoefInterval(m.intervals.macroF1)],
            ['weighted F1', fmtCoef(m.weighted.f1), fmtCoefInterval(m.intervals.weightedF1)],
            ['subset accuracy', fmtShare(m.subsetAccuracy), fmtShareInterval(m.intervals.subsetAccuracy)],
            ['Hamming loss', fmtShare(m.hammingLoss), fmtShareInterval(m.intervals.hammingLoss)],
          ];
    out.push(...table([['statistic', 'value', '95% interval'], ...rows]));
    if (m.kind === 'multi') out.push(`Thresholds: ${m.thresholds.map((t) => `${t.label} >= ${t.threshold}`).join(', ')}`);
    out.push('');
    out.push(
      ...table([
        ['label', 'precision', 'recall', 'F1', 'F1 interval', 'support', 'predicted'],
        ...m.perLabel.map((l) => [
          l.label,
          fmtMetric(l.precision, l.undefined.includes('precision')),
          fmtMetric(l.recall, l.undefined.includes('recall')),
          fmtMetric(l.f1, l.undefined.includes('f1')),
          fmtCoefInterval(l.intervals.f1),
          String(l.support),
          String(l.predicted),
        ]),
      ]),
    );
    if (m.kind === 'single') {
      out.push('', `Confusion matrix (rows ${r.source.against === 'gold' ? 'gold' : 'human'}, columns model; count and row share)`);
      const c = m.confusion;
      out.push(
        ...table([
          ['', ...c.labels, 'total'],
          ...c.labels.map((l, i) => [l, ...c.counts[i]!.map((n, j) => `${n} (${fmtShare(c.rowShares[i]![j]!)})`), String(c.rowTotals[i])]),
        ]),
      );
    }
  }
  if (r.calibration)
    out.push('', `Calibration: expected calibration error ${(r.calibration.ece * 100).toFixed(1)} points (${r.calibration.what}).`);
  if (r.groups) {
    out.push('', `By ${r.groups.column} (Wilson 95% intervals of the accuracy)`);
    if (r.groups.note) out.push(r.groups.note);
    out.push(
      ...table([
        ['value', 'n', 'accuracy', 'interval', 'macro F1'],
        ...r.groups.rows.map((g) => [
          g.group ?? '(none)',
          String(g.n),
          fmtShare(g.accuracy?.estimate),
          fmtShareInterval(g.accuracy),
          fmtCoef(g.macroF1),
        ]),
      ]),
    );
  }
  if (r.prevalence) {
    out.push('', `Share of each label (N = ${r.prevalence.corpusN} units, n = ${r.prevalence.sampleN} labelled; widths in points)`);
    out.push(...table(prevalenceRows(r.prevalence.labels)));
    for (const g of r.prevalence.groups ?? []) {
      out.push('', `${r.groups?.column ?? 'group'} = ${g.group || '(none)'} (N = ${g.corpusN}, n = ${g.sampleN})`);
      out.push(...table(prevalenceRows(g.labels)));
    }
  }
  const a = r.anchoring;
  if (a) {
    out.push('', 'Anchoring: agreement with the suggestion (Wilson 95% intervals unless named)');
    out.push(
      ...table([
        ['decisions', 'n', 'same as model', 'interval'],
        ['shown, suggestion at decision time', String(a.shown.decisions), fmtShare(a.shown.share), fmtShareInterval(a.shown)],
        ['hidden outside the blind sample (CLI)', String(a.hidden.decisions), fmtShare(a.hidden.share), fmtShareInterval(a.hidden)],
        [
          `blind sample, current model${a.blind.sameAsTable ? ' (as the table; bootstrap)' : ''}`,
          String(a.blind.decisions),
          fmtShare(a.blind.share),
          fmtShareInterval(a.blind),
        ],
      ]),
    );
    if (a.staleLeftOut) out.push(`Left out: ${a.staleLeftOut} decisions made with a suggestion of an older model input.`);
  }
  return out;
}
