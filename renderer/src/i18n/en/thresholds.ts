// English strings of the Validation screen's thresholds section (per-label precision-recall and the
// tuned thresholds of a multi-label question; the uncertain band of a single-label one) and its
// label-quality section (near-identical texts coded differently), issue 16.
export const thresholdsEn = {
  'thresholds.title': 'Thresholds',
  'thresholds.intro':
    'Each label is given when its score is at least its threshold (0.5 unless tuned). Tuned on the coded documents; documents of a validation sample are left out, so an evaluation against the sample stays an honest check.',
  'thresholds.optimistic':
    'Evaluating against all coded documents after tuning is optimistic: the thresholds were fitted on them. Use a blind validation sample to measure them.',
  'thresholds.documents':
    '{documents} coded documents with a current pre-label ({excluded} in a validation sample left out, {unscored} without a current pre-label).',
  'thresholds.rule': 'Rule',
  'thresholds.rule.maxF1': 'Highest F1',
  'thresholds.rule.targetPrecision': 'Precision at least',
  'thresholds.rule.targetRecall': 'Recall at least',
  'thresholds.target': 'Target',
  'thresholds.use': 'Use these thresholds',
  'thresholds.clear': 'Back to 0.5',
  'thresholds.working': 'Working…',
  'thresholds.stored': 'In use: tuned {date} on {documents} documents ({rule}).',
  'thresholds.stale':
    'Tuned thresholds are stale (the hypotheses or the model changed): every label is cut at 0.5 until they are tuned again.',
  'thresholds.none': 'No tuned thresholds: every label is cut at 0.5.',
  'thresholds.label': 'Label',
  'thresholds.with': 'With',
  'thresholds.without': 'Without',
  'thresholds.ap': 'Average precision',
  'thresholds.threshold': 'Threshold',
  'thresholds.precision': 'Precision',
  'thresholds.recall': 'Recall',
  'thresholds.f1': 'F1',
  'thresholds.atDefault': 'At 0.5 (P / R / F1)',
  'thresholds.inUse': 'In use',
  'thresholds.curveTitle': 'Precision-recall curve of {label}',
  'thresholds.curveDesc':
    '{label}: {points} thresholds; average precision {ap}. The chosen threshold {threshold} gives precision {precision} and recall {recall}.',
  'thresholds.noChoice': 'No threshold: {reason}',
  'thresholds.band.title': 'Uncertain band',
  'thresholds.band.intro':
    "Documents whose top two labels are closer than the margin are not taken as the model's label in exports: they are left to a coder, and Annotate’s “Uncertain first” order brings them first. The table shows how many coded documents fall inside and how often the model is right inside and outside.",
  'thresholds.band.margin': 'Margin',
  'thresholds.band.set': 'Set band',
  'thresholds.band.off': 'Turn off',
  'thresholds.band.current': 'Band: {margin}',
  'thresholds.band.currentOff': 'Band: off',
  'thresholds.band.coded': 'Coded inside',
  'thresholds.band.accInside': 'Accuracy inside',
  'thresholds.band.accOutside': 'Accuracy outside',
  'thresholds.band.corpus': 'Scored inside (of {scored})',
  'quality.title': 'Check these labels',
  'quality.intro':
    'Coded documents whose label is probably wrong: labels a cross-validated model finds very unlikely, and near-identical texts coded differently. Enter (or O) on a document opens it in Annotate.',
  'quality.run': 'Check labels',
  'quality.running': 'Checking…',
  'quality.similarity': 'Least similarity',
  'quality.summary': {
    one: '{coded} coded documents; {total} pair of near-identical texts coded differently.',
    other: '{coded} coded documents; {total} pairs of near-identical texts coded differently.',
  },
  'quality.listed': 'The first {count} are listed.',
  'quality.exact': 'Same text',
  'quality.near': 'Similarity {similarity}',
  'quality.open': 'Open {id} in Annotate',
  'quality.noLabels': '(none of these labels)',
  'quality.model.title': 'Labels the model finds very unlikely',
  'quality.model.summary': {
    one: '{total} of {judged} coded documents has a label a calibrated model, cross-validated in {folds} folds (never trained on the document it judges), disagrees with by at least {bar}.',
    other:
      '{total} of {judged} coded documents have a label a calibrated model, cross-validated in {folds} folds (never trained on the document it judges), disagrees with by at least {bar}.',
  },
  'quality.model.none': 'No check against a cross-validated model: {reason}',
  'quality.model.given': '{label}: given, model {probability}',
  'quality.model.notGiven': '{label}: not given, model {probability}',
  'quality.model.disagreement': 'Disagreement {value}',
  'quality.nearTitle': 'Near-identical texts coded differently',
} as const;
