// The statistics of Prelabel: how good the labels are (model against human or gold), with
// uncertainty, and what share of the corpus each label has. Pure TypeScript: no I/O, no SQLite, no
// Node modules; callers (coding, export, the report, the CLI's evaluate, agreement between coders)
// read the data and pass arrays. Every function names its formula and reference in its comment;
// choices a methods reviewer would ask about are [Note: ...] comments. Every number is checked against
// an independent computation (scikit-learn, statsmodels, numpy: scripts/stats/make_fixtures.py ->
// __fixtures__/sklearn-fixtures.json, sklearn-fixtures.test.ts) and published worked examples
// (published-examples.test.ts); PPI's coverage by a seeded simulation (scripts/stats/ppi-coverage.ts).
//
// What is where:
//   classification.ts  single-label: pairLabels (drops documents without truth or prediction),
//                      confusionMatrix, classificationReport (accuracy, per-label precision/recall/F1/
//                      support, macro/weighted/micro, Cohen's kappa, weighted kappa for ordered labels),
//                      cohenKappa, kappaFromCounts, binaryMetrics; zero division as sklearn's
//                      zero_division=0, with the undefined metrics listed.
//   multilabel.ts      multiLabelReport: per-label binary metrics, micro/macro/weighted F1, subset
//                      accuracy, Hamming loss; encodeMultiLabel, tallyMultiLabel.
//   groups.ts          classificationByGroup, multiLabelByGroup: the reports per metadata value.
//   calibration.ts     reliabilityDiagram (equal-width bins, top-label ECE), scoreHistogram.
//   bootstrap.ts       bootstrap (seeded, over documents, percentile intervals), resamples, percentileInterval.
//   bootstrap-classification.ts  bootstrapClassification: intervals for the classification report.
//   bootstrap-multilabel.ts      bootstrapMultiLabel: intervals for the multi-label report.
//   intervals.ts       wilsonInterval, waldInterval, validationSampleSize (Cochran, with the formula as text).
//   prevalence.ts      ppiMean (prediction-powered inference; options finitePopulation and powerTuning =
//                      PPI++, tunedLambda), naiveModelShare, humanShare, labelPrevalence and groupPrevalence
//                      (all three side by side), summarize, binarySummary.
//   krippendorff.ts    krippendorffAlpha from the coincidence matrix (nominal, ordinal, interval, ratio,
//                      MASI and Jaccard for label sets; missing values as Krippendorff defines them),
//                      prepareAlpha/alphaOfSample (alpha of a resample of units); set-distance.ts: setDistance.
//   krippendorff-bootstrap.ts  alphaBootstrap: alpha with a seeded bootstrap interval over units;
//                      resampleAlpha, its inner loop.
//   agreement-coefficients.ts  categoryCounts, percentAgreement, fleissKappa, gwetAC1 (missing codings
//                      as Gwet 2014), coderMatrix (pairwise Cohen's kappa and agreement with n per pair).
//   agreement.ts       singleLabelAgreement, multiLabelAgreement: every coefficient overall and per label;
//                      agreement-data.ts: reliabilityTable (long-format decisions -> units x coders).
//   reliability-sample-size.ts  reliabilitySampleSize (Krippendorff's minimum N, Bloch & Kraemer 1989).
//   numeric.ts         normalQuantile (AS 241), zForConfidence, sortedQuantile, mean, sampleVariance.
export * from './classification';
export * from './multilabel';
export * from './groups';
export * from './calibration';
export * from './bootstrap';
export * from './bootstrap-classification';
export * from './bootstrap-multilabel';
export * from './intervals';
export * from './prevalence';
export { normalQuantile, zForConfidence, sortedQuantile, mean, sampleVariance } from './numeric';
export * from './krippendorff';
export * from './krippendorff-bootstrap';
export * from './set-distance';
export * from './agreement-coefficients';
export * from './agreement';
export * from './reliability-sample-size';
export * from './agreement-data';
