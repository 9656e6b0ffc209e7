// The two training-data formats that split the labelled documents into train and test: the Hugging
// Face `datasets` folder and the NLI pairs. Both draw the split with splitFor (split.ts) from the
// same documents, seed and test share, so a document is on the same side in both, and no document
// of the test split ever appears in training pairs.
//
// A first pass without texts finds the labelled documents and their labels; the split is drawn from
// those; the second pass writes each document into its part. NLI: the chosen file holds the
// training pairs, `<name>.test.jsonl` beside it (when the test split is not empty) every pair of
// each test document.
import { basename, extname } from 'node:path';
import {
  PrelabelError,
  trainingFilters,
  trainingFormats,
  type CodebookQuestion,
  type ExportFilter,
  type ExportFormat,
  type NliLabels,
  type NliNegatives,
} from '../../../common/contract';
import { hfLabelMapping, hfLine, NLI_LABEL2ID, NliWriter, writeDatasetReadme, writeLabelsJson } from './dataset-writers';
import type { DocumentWithDecision } from './decisions';
import type { ExportRecord } from './export-records';
import type { Output } from './export-output';
import { splitFor } from './split';

export type Pass = (
  withText: boolean,
  take: (doc: DocumentWithDecision) => boolean,
  each: (r: ExportRecord) => void | Promise<void>,
) => Promise<void>;

export interface TrainingArgs {
  format: 'hf' | 'nli';
  question: CodebookQuestion;
  filter: ExportFilter;
  seed: number;
  testFraction: number;
  nliNegatives: NliNegatives;
  nliLabels: NliLabels;
  output: Output;
  /** The data file's name (nli); hf writes fixed names into its folder. */
  dataName: string;
  pass: Pass;
  /** Counts each written document (the manifest's counts). */
  count(r: ExportRecord): void;
}

export interface TrainingResult {
  rows: number;
  documents: number;
  split: { seed: number; testFraction: number; train: number; test: number; method: string };
  notes: string[];
  nli: Record<string, unknown> | null;
}

/** Refuses the filter "all" for the training formats before a job starts: every row of a dataset or
 * of NLI pairs is a labelled document, so "all" cannot be written as asked (it was once written as
 * "coded" under the name "all"). */
export function checkTrainingFilter(format: ExportFormat, filter: ExportFilter): void {
  if (trainingFormats.includes(format) && !trainingFilters.includes(filter))
    throw new PrelabelError(
      'INVALID_INPUT',
      `${format === 'hf' ? 'A Hugging Face dataset holds' : 'NLI pairs hold'} coded documents only (each row a label decision): choose the filter "coded", "accepted" or "changed"; "${filter}" would add documents nobody labelled.`,
    );
}

/** Whether a document is a training row: its current decision gives labels; for a multi-label
 * question "none of these labels" (a label decision with no labels) too, an all-zero label set. */
export const labelled = (multiLabel: boolean) => (doc: DocumentWithDecision) =>
  doc.decision?.kind === 'label' && (doc.decision.labelIds.length > 0 || multiLabel);

/** The name of the NLI test file beside the training pairs. */
export function nliTestName(dataName: string): string {
  const ext = extname(dataName) || '.jsonl';
  return `${basename(dataName, extname(dataName))}.test${ext}`;
}

export function splitMethod(multiLabel: boolean): string {
  return multiLabel
    ? 'iterative stratification by label (Sechidis, Tsoumakas & Vlahavas 2011), seeded'
    : "stratified by label: each label's documents shuffled by a seeded PRNG, round(n x test share) to test";
}

export async function writeTrainingData(a: TrainingArgs): Promise<TrainingResult> {
  const { question } = a;
  const isTrainingRow = labelled(question.multiLabel);
  const items: Array<{ id: number; labels: string[] }> = [];
  const used = new Set<string>();
  await a.pass(false, isTrainingRow, (r) => {
    const ids = r.labels.map((l) => l.id);
    for (const id of ids) used.add(id);
    items.push({ id: r.documentId, labels: ids });
  });
  const test = splitFor(
    items,
    question.multiLabel,
    a.testFraction,
    a.seed,
    question.labels.map((l) => l.id),
  );
  const split = {
    seed: a.seed,
    testFraction: a.testFraction,
    train: items.length - test.size,
    test: test.size,
    method: splitMethod(question.multiLabel),
  };
  checkTrainingFilter(a.format, a.filter);
  const notes: string[] = [];
  if (a.format === 'hf') {
    const mapping = hfLabelMapping(question, used);
    const index = new Map(mapping.map((l, i) => [l.id, i]));
    const train = a.output.open('train.jsonl');
    const testSink = a.output.open('test.jsonl');
    let documents = 0;
    await a.pass(true, isTrainingRow, (r) => {
      a.count(r);
      documents++;
      (test.has(r.documentId) ? testSink : train).write(hfLine(r, index, question.multiLabel));
    });
    writeLabelsJson(a.output.open('labels.json'), mapping, question.multiLabel);
    writeDatasetReadme(a.output.open('README.md'), question, mapping, split);
    return { rows: documents, documents, split, notes, nli: null };
  }

  const options = { negatives: a.nliNegatives, labels: a.nliLabels, seed: a.seed };
  const train = new NliWriter(a.output.open(a.dataName), question, options);
  if (train.labelsPerDocument === 0)
    throw new PrelabelError('INVALID_INPUT', `The question "${question.name}" has no labels, so there are no NLI pairs to write.`);
  const testName = nliTestName(a.dataName);
  const testWriter = test.size > 0 ? new NliWriter(a.output.open(testName), question, options, true) : null;
  let noneInTrain = 0;
  await a.pass(true, isTrainingRow, (r) => {
    a.count(r);
    if (test.has(r.documentId)) testWriter!.add(r);
    else {
      train.add(r);
      if (r.labels.length === 0) noneInTrain++;
    }
  });
  const rows = train.entailment + train.notEntailment + (testWriter ? testWriter.entailment + testWriter.notEntailment : 0);
  notes.push(
    `Training pairs (${a.dataName}): ${train.entailment} entailment and ${train.notEntailment} not_entailment from ${train.documents} documents of the train split; ${
      a.nliNegatives === 'balanced'
        ? 'one not_entailment pair per entailment pair, its label drawn at random among the labels the coder did not choose (BERT-NLI).'
        : 'every label the coder did not choose makes a not_entailment pair.'
    }`,
  );
  if (testWriter)
    notes.push(
      `Test pairs (${testName}): the ${testWriter.documents} documents of the test split, each with every one of the question's ${testWriter.labelsPerDocument} labels (${testWriter.entailment} entailment, ${testWriter.notEntailment} not_entailment); none of them is in the training pairs.`,
    );
  else notes.push('The test split is empty (test share 0 or too few documents): no test file was written.');
  if (noneInTrain > 0 && a.nliNegatives === 'balanced')
    notes.push(
      `${noneInTrain} training document${noneInTrain === 1 ? ' was' : 's were'} coded "none of these labels": with balanced pairs such a document has no entailment pair to balance, so it gives no pair; with not_entailment pairs for every label not chosen (negatives "all") it gives one per label.`,
    );
  return {
    rows,
    documents: train.documents + (testWriter?.documents ?? 0),
    split,
    notes,
    nli: {
      trainFile: a.dataName,
      testFile: testWriter ? testName : null,
      negatives: a.nliNegatives,
      labels: a.nliLabels,
      label2id: a.nliLabels === 'numeric' ? NLI_LABEL2ID : null,
      pairs: {
        train: { entailment: train.entailment, notEntailment: train.notEntailment },
        test: testWriter ? { entailment: testWriter.entailment, notEntailment: testWriter.notEntailment } : null,
      },
    },
  };
}
