// Strings of int8 switch with its agreement check, hierarchical scoring.
// Keys start with 'modelsSpeed.'.
export const modelsSpeedEn = {
  'modelsSpeed.precision.title': 'Model precision',
  'modelsSpeed.precision.intro':
    'int8 is the same model with 8-bit weights: about twice as fast on this kind of processor and a quarter of the size. Before the project switches, fp32 and int8 score a sample of your own documents and the switch is refused if their top labels agree less often than the minimum.',
  'modelsSpeed.precision.current': 'This project uses {precision}.',
  'modelsSpeed.precision.otherModel': 'This project chose int8, but its check was made for another model file, so fp32 runs. Switch to int8 again to check the active model.',
  'modelsSpeed.precision.minAgreement': 'Minimum agreement (%)',
  'modelsSpeed.precision.minAgreementHint': 'Share of the sampled documents whose top label must be the same with int8 as with fp32.',
  'modelsSpeed.precision.toInt8': 'Check and switch to int8',
  'modelsSpeed.precision.toFp32': 'Switch back to fp32',
  'modelsSpeed.precision.needQuestion': 'Choose a question with labels: the check asks its hypotheses.',
  'modelsSpeed.precision.phase.quantising': 'Making the int8 model…',
  'modelsSpeed.precision.phase.fp32': 'Scoring the sample with fp32: {done} of {total} documents',
  'modelsSpeed.precision.phase.int8': 'Scoring the sample with int8: {done} of {total} documents',
  'modelsSpeed.precision.accepted': 'Switched to int8: the top label agreed with fp32 on {agreement} of {documents} sampled documents (minimum {min}).',
  'modelsSpeed.precision.refused':
    'int8 refused: the top label agreed with fp32 on only {agreement} of {documents} sampled documents, below the minimum of {min}. The project keeps fp32.',
  'modelsSpeed.precision.details': 'Logit error {error}, largest score difference {diff}, {seconds} s.',
  'modelsSpeed.hierarchical.label': 'Score parent labels first',
  'modelsSpeed.hierarchical.hint':
    'Asks the top-level labels first and then only the labels under the best parents: fewer pairs for large hierarchical codebooks. Suggestions come from the labels asked.',
  'modelsSpeed.hierarchical.topParents': 'Parents to open',
} as const;
