// The human output of `prelabel evaluate-model`: accuracy per language in the layout of the model
// card (one column per language after avg_xnli, three decimals), the card's own row beside the
// measured one when the model is one whose card Prelabel knows, then counts, time and what to make
// of a difference between the two.
import type { ModelEvaluation } from '../../../common/contract';

const num = (x: number) => x.toFixed(3);
const int = (n: number) => n.toLocaleString('en-US');

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
}

function splitName(e: ModelEvaluation): string {
  const splits = [...new Set(e.languages.map((l) => l.split))];
  return splits.length === 1 && splits[0] ? splits[0] : 'measured';
}

export function evaluationLines(e: ModelEvaluation): string[] {
  const langs = e.languages;
  const labelOrder = e.id2label.map((name, i) => `${name} ${i}`).join(', ');
  const lines = [
    `Model: ${e.model.id} (${e.model.path}), ${e.model.precision}, sha256 ${e.model.sha256.slice(0, 12)}…; label2id ${labelOrder}`,
    `XNLI: ${e.xnliDir} (${langs.map((l) => l.file).join(', ')}), ${e.task}${e.task === '2-way' ? ' (neutral and contradiction count as not_entailment)' : ''}`,
    '',
  ];
  const rows: string[][] = [
    ['Datasets', 'avg_xnli', ...langs.map((l) => l.language)],
    [`Accuracy (${splitName(e)})`, num(e.average.accuracy), ...langs.map((l) => num(l.accuracy))],
    ['95% low', '', ...langs.map((l) => num(l.interval[0]))],
    ['95% high', '', ...langs.map((l) => num(l.interval[1]))],
  ];
  if (e.card) {
    rows.push([
      'Card (test)',
      e.average.card === null ? '' : num(e.average.card),
      ...langs.map((l) => (l.card === null ? '' : num(l.card))),
    ]);
  }
  rows.push(['Pairs', String(e.average.pairs), ...langs.map((l) => String(l.pairs))]);
  lines.push(...table(rows), '');
  lines.push(
    `${int(e.average.pairs)} pairs in ${e.seconds.toFixed(1)} s (${Math.round(e.pairsPerSecond)} pairs/s), ${e.provider}, ${e.threads} thread${e.threads === 1 ? '' : 's'}; ` +
      `pooled accuracy ${num(e.average.pooled)}; ${int(e.truncated)} premise${e.truncated === 1 ? '' : 's'} cut to ${e.model.maxLength} tokens (the hypothesis is kept whole).`,
  );
  for (const s of e.skipped) lines.push(`Not scored: ${s.file} (${s.reason}).`);
  if (!e.card) {
    lines.push(
      e.task === '2-way'
        ? 'Model card numbers are 3-way accuracies; a 2-class model is not compared with them.'
        : 'Prelabel knows no model card for this model, so there are no reported numbers to compare with.',
    );
    return lines;
  }
  const c = e.card;
  lines.push(
    `Card: ${c.name} (${c.source}), XNLI test accuracy, 5,010 pairs a language; recognised by ${c.matchedBy === 'sha256' ? 'the SHA-256 of onnx/model.onnx' : 'its name'}. ` +
      `Its avg_xnli is ${num(c.average)} over its 15 languages${e.average.card === null ? '' : `, ${num(e.average.card)} over the ${langs.length} here`}.`,
  );
  const outside = langs.filter((l) => l.card !== null && (l.card < l.interval[0] || l.card > l.interval[1]));
  if (langs.some((l) => l.split !== 'test'))
    lines.push('The card reports the test split; other splits differ from it by chance and by split, so compare with the 95% interval.');
  if (e.model.precision === 'int8') lines.push('The card reports the fp32 model; int8 may lose a little accuracy.');
  lines.push(
    outside.length
      ? `Outside the measured 95% interval: ${outside.map((l) => `${l.language} (card ${num(l.card!)}, measured ${num(l.accuracy)})`).join(', ')}.`
      : 'Every card number lies inside the measured 95% interval.',
  );
  return lines;
}
