// English strings of validation samples (issue 13): drawing one from the precision wanted, with the
// formula, in Annotate. Keys start with 'samples.'.
export const samplesEn = {
  'samples.title': 'Draw a validation sample',
  'samples.intro':
    'A seeded random sample of the documents, coded blind (without the model’s suggestion or the gold label), so that the model can be compared with labels made independently of it. Its size follows from the precision you want.',
  'samples.expected': 'Expected accuracy (%)',
  'samples.margin': 'Margin (± points)',
  'samples.confidence': 'Confidence (%)',
  'samples.wishInvalid':
    'Give the expected accuracy and the confidence as percentages between 0 and 100 (confidence above 50), and the margin in points.',
  'samples.size': 'Sample size',
  'samples.titleReliability': 'Draw a reliability sample',
  'samples.kind': 'Kind of sample',
  'samples.kind.validation': 'Validation: blind labels to measure the model',
  'samples.kind.reliability': 'Reliability: every coder codes it; agreement is computed on it',
  'samples.introReliability':
    'A seeded random sample that every coder codes, blind, so that agreement between coders rests on documents drawn in advance, not on whatever they happened to overlap on. Its size: Krippendorff’s minimum number of documents for the smallest alpha you would accept.',
  'samples.smallestShare': 'Rarest label’s expected share (%)',
  'samples.smallestShareHint': {
    one: 'Empty: the labels equally common.',
    other: 'Empty: the {count} labels equally common.',
  },
  'samples.alphaMin': 'Smallest alpha accepted',
  'samples.significance': 'Significance level',
  'samples.reliabilityInvalid':
    'Enter the rarest label’s share between 0 and 50%, an alpha between 0 and 1 and a significance level between 0 and 0.5 to see the size the formula gives.',
  'samples.nameReliability': 'Reliability sample of {size} (seed {seed}), {coded} coded',
  'samples.nameTraining': 'Training round of {size} (seed {seed}), {coded} coded',
  'samples.sizeHint': 'Of {population} documents. The formula’s size, or another you choose.',
  'samples.seed': 'Seed',
  'samples.seedHint': 'The same seed draws the same sample from the same documents.',
  'samples.stratify': 'Stratify by',
  'samples.noStrata': 'No strata (simple random sample)',
  'samples.column': { one: '{name} (1 value)', other: '{name} ({count} values)' },
  'samples.columnTooMany': '{name} ({count} values: needs a sample of at least {needed})',
  'samples.stratifyTooMany':
    'A sample stratified by {name} needs at least {needed} documents (2 for each value): draw more, choose another column or no strata.',
  'samples.draw': { one: 'Draw 1 document', other: 'Draw {count} documents' },
  'samples.drawing': 'Drawing…',
  'samples.cancel': 'Cancel',
  'samples.new': 'New validation sample…',
  'samples.name': 'Validation sample of {size} (seed {seed}), {coded} coded',
  'samples.nameStratified': 'Validation sample of {size} by {column} (seed {seed}), {coded} coded',
} as const;
