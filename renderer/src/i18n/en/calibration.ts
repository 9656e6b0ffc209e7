// English strings of the Validation screen's calibration section (issue 16, item 3): the calibrated
// classifier's cross-validated benefit against raw zero-shot, the switch and its provenance.
export const calibrationEn = {
  'calibration.title': 'Learning from corrections',
  'calibration.intro':
    'A small classifier learned from your decisions over the stored model outputs (logistic regression over every label’s entailment and contradiction logits). Its benefit is measured by cross-validation on the coded documents: folds by document, never a document of a validation sample.',
  'calibration.measure': 'Measure the benefit',
  'calibration.measuring': 'Measuring… {phase} {done} of {total}',
  'calibration.cancel': 'Cancel',
  'calibration.cancelled': 'The measurement was cancelled.',
  'calibration.summary': 'Cross-validated on {decisions} decisions, {folds} folds by document (seed {seed}).',
  'calibration.left':
    'Left out: {blind} in a validation sample, {unscored} without a current pre-label, {archived} naming an archived label.',
  'calibration.metric': 'Metric',
  'calibration.raw': 'Raw zero-shot',
  'calibration.calibrated': 'Calibrated',
  'calibration.difference': 'Difference (points)',
  'calibration.macroF1': 'Macro-F1',
  'calibration.accuracy': 'Accuracy',
  'calibration.intervals':
    '{confidence}% intervals. Raw: a bootstrap over documents ({replicates} replicates). Calibrated and difference: the mean of five repeated cross-validations, with an interval that also counts the variation from refitting the classifier (corrected repeated cross-validation t interval).',
  'calibration.switch': 'Use the calibrated classifier for suggestions and the least-confident queue',
  'calibration.active': 'Suggestions: calibrated on {decisions} decisions (fitted {date}; {now} decisions now).',
  'calibration.raw.status': 'Suggestions: raw zero-shot scores ({now} decisions to learn from).',
  'calibration.stale':
    'The calibrated classifier is stale (the hypotheses or the model changed): raw scores are used until it is switched on again.',
  'calibration.inSample':
    'While it is on, an evaluation against all coded documents is optimistic (they trained it): use its cross-validated benefit or a blind validation sample.',
} as const;
