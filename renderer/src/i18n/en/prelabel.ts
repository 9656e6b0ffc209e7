// English strings of the Pre-label screen: the run and its counts (prelabel.*), the model precision
// card with its agreement check and hierarchical scoring (modelsSpeed.*).
export const prelabelEn = {
  'prelabel.title': 'Pre-label',
  'prelabel.intro':
    'The model scores every document against each label of a question. Suggestions appear in the Documents table as they come; nothing is decided for you.',
  'prelabel.question': 'Question',
  'prelabel.noQuestions': 'The codebook has no questions yet.',
  'prelabel.goCodebook': 'Open the codebook',
  'prelabel.noLabels': 'This question has no labels. Add labels in the codebook first.',
  'prelabel.needModel': 'Choose a model in Models before pre-labelling.',
  'prelabel.run.title': 'Run',
  'prelabel.start': 'Start',
  'prelabel.runAgain': 'Run again',
  'prelabel.pause': 'Pause',
  'prelabel.resume': 'Resume',
  'prelabel.cancel': 'Cancel run',
  'prelabel.progressLabel': 'Pre-label progress',
  'prelabel.progress': { one: '{done} of {count} document scored', other: '{done} of {count} documents scored' },
  'prelabel.speed': '{rate} pairs/s',
  'prelabel.eta': '{eta} left',
  'prelabel.measuring':
    'Measuring threads ({step} of {steps}): the first run of this model on this machine times it at each thread count and keeps the fastest.',
  'prelabel.status.none': 'Not run yet',
  'prelabel.status.running': 'Running',
  'prelabel.status.paused': 'Paused',
  'prelabel.status.cancelled': 'Cancelled',
  'prelabel.status.done': 'Done',
  'prelabel.status.failed': 'Failed',
  'prelabel.failed': 'The run stopped: {message}',
  'prelabel.counts.documents': 'Documents',
  'prelabel.counts.scored': 'Scored',
  'prelabel.counts.stale': 'Stale',
  'prelabel.counts.truncated': 'Cut',
  'prelabel.stale': {
    one: 'The hypotheses or the model changed since {count} document was scored: run again to update it.',
    other: 'The hypotheses or the model changed since {count} documents were scored: run again to update them.',
  },
  'prelabel.truncated': {
    one: '{count} document was longer than the model’s window and was cut; choose “score in windows” in the codebook to use all its text.',
    other:
      '{count} documents were longer than the model’s window and were cut; choose “score in windows” in the codebook to use all their text.',
  },
  'prelabel.seeDocuments': 'See the suggestions in Documents →',

  'modelsSpeed.precision.title': 'Model precision',
  'modelsSpeed.precision.intro':
    'int8 is the same model with 8-bit weights: about twice as fast on this kind of processor and a quarter of the size. Before the project switches, fp32 and int8 score a sample of your own documents and the switch is refused if their top labels agree less often than the minimum.',
  'modelsSpeed.precision.current': 'This project uses {precision}.',
  'modelsSpeed.precision.otherModel':
    'This project chose int8, but its check was made for another model file, so fp32 runs. Switch to int8 again to check the active model.',
  'modelsSpeed.precision.minAgreement': 'Minimum agreement (%)',
  'modelsSpeed.precision.minAgreementHint': 'Share of the sampled documents whose top label must be the same with int8 as with fp32.',
  'modelsSpeed.precision.toInt8': 'Check and switch to int8',
  'modelsSpeed.precision.toFp32': 'Switch back to fp32',
  'modelsSpeed.precision.needQuestion': 'Choose a question with labels: the check asks its hypotheses.',
  'modelsSpeed.precision.phase.quantising': 'Making the int8 model…',
  'modelsSpeed.precision.phase.fp32': 'Scoring the sample with fp32: {done} of {total} documents',
  'modelsSpeed.precision.phase.int8': 'Scoring the sample with int8: {done} of {total} documents',
  'modelsSpeed.precision.accepted':
    'Switched to int8: the top label agreed with fp32 on {agreement} of {documents} sampled documents (minimum {min}).',
  'modelsSpeed.precision.refused':
    'int8 refused: the top label agreed with fp32 on only {agreement} of {documents} sampled documents, below the minimum of {min}. The project keeps fp32.',
  'modelsSpeed.precision.details': 'Logit error {error}, largest score difference {diff}, {seconds} s.',
  'modelsSpeed.hierarchical.label': 'Score parent labels first',
  'modelsSpeed.hierarchical.hint':
    'Asks the top-level labels first and then only the labels under the best parents: fewer pairs for large hierarchical codebooks. Suggestions come from the labels asked.',
  'modelsSpeed.hierarchical.topParents': 'Parents to open',
} as const;
