// The two training formats that are not tables: a Hugging Face `datasets` folder and NLI pairs.
import type { CodebookLabel, CodebookQuestion } from '../../../common/contract';
import { hypothesisFor, scoredLabels } from '../codebook/hypotheses';
import type { ExportRecord } from './export-records';
import type { FileSink } from './file-sink';

export const NLI_ENTAILMENT = 'entailment';
export const NLI_NOT_ENTAILMENT = 'not_entailment';

/**
 * NLI training pairs in the BERT-NLI form (Laurer et al.): for each coded document and each label
 * the engine scores, premise = the text, hypothesis = that label's hypothesis exactly as the engine
 * builds it, label = entailment when the coder chose the label, else not_entailment. One JSON
 * object a line: {id, premise, hypothesis, label, label_name}.
 */
export class NliWriter {
  private readonly pairs: Array<{ label: CodebookLabel; hypothesis: string }>;
  entailment = 0;
  notEntailment = 0;

  constructor(
    private readonly sink: FileSink,
    question: CodebookQuestion,
  ) {
    this.pairs = scoredLabels(question).map((label) => ({ label, hypothesis: hypothesisFor(question, label) }));
  }

  get labelsPerDocument(): number {
    return this.pairs.length;
  }

  add(r: ExportRecord): void {
    const chosen = new Set(r.labels.map((l) => l.id));
    let lines = '';
    for (const { label, hypothesis } of this.pairs) {
      const yes = chosen.has(label.id);
      if (yes) this.entailment++;
      else this.notEntailment++;
      lines +=
        JSON.stringify({
          id: r.externalId,
          premise: r.text,
          hypothesis,
          label: yes ? NLI_ENTAILMENT : NLI_NOT_ENTAILMENT,
          label_name: label.name,
        }) + '\n';
    }
    this.sink.write(lines);
  }
}

/** The label ids of the Hugging Face export: the codebook's labels in order, archived ones only
 * where a decision still uses them. */
export function hfLabelMapping(question: CodebookQuestion, used: ReadonlySet<string>): CodebookLabel[] {
  return question.labels.filter((l) => !l.archived || used.has(l.id));
}

/** One line of train.jsonl / test.jsonl: {id, text, label, label_text}; for a multi-label question
 * `label` and `label_text` are lists. */
export function hfLine(r: ExportRecord, index: ReadonlyMap<string, number>, multiLabel: boolean): string {
  const ids = r.labels.filter((l) => index.has(l.id));
  const obj = multiLabel
    ? { id: r.externalId, text: r.text, label: ids.map((l) => index.get(l.id)!), label_text: ids.map((l) => l.name) }
    : { id: r.externalId, text: r.text, label: index.get(ids[0]!.id)!, label_text: ids[0]!.name };
  return JSON.stringify(obj) + '\n';
}

export function writeLabelsJson(sink: FileSink, mapping: readonly CodebookLabel[], multiLabel: boolean): void {
  sink.write(
    JSON.stringify(
      {
        multi_label: multiLabel,
        names: mapping.map((l) => l.name),
        id2label: Object.fromEntries(mapping.map((l, i) => [String(i), l.name])),
        label2id: Object.fromEntries(mapping.map((l, i) => [l.name, i])),
        codes: Object.fromEntries(mapping.map((l) => [l.name, l.code])),
      },
      null,
      2,
    ) + '\n',
  );
}

const yaml = (s: string) => JSON.stringify(s);

/** A dataset card whose YAML header `datasets` reads: the files of each split and the features,
 * with the label as a ClassLabel. */
export function writeDatasetReadme(
  sink: FileSink,
  question: CodebookQuestion,
  mapping: readonly CodebookLabel[],
  split: { train: number; test: number; seed: number; testFraction: number },
): void {
  const names = mapping.map((l, i) => `          '${i}': ${yaml(l.name)}`).join('\n');
  const labelFeature = question.multiLabel
    ? `  - name: label\n    sequence:\n      class_label:\n        names:\n${names}\n  - name: label_text\n    sequence: string`
    : `  - name: label\n    dtype:\n      class_label:\n        names:\n${names}\n  - name: label_text\n    dtype: string`;
  sink.write(
    [
      '---',
      'configs:',
      '- config_name: default',
      '  data_files:',
      '  - split: train',
      '    path: train.jsonl',
      '  - split: test',
      '    path: test.jsonl',
      'dataset_info:',
      '  features:',
      '  - name: id',
      '    dtype: string',
      '  - name: text',
      '    dtype: string',
      labelFeature,
      '  splits:',
      '  - name: train',
      `    num_examples: ${split.train}`,
      '  - name: test',
      `    num_examples: ${split.test}`,
      '---',
      '',
      `# ${question.name}`,
      '',
      `Coded with Prelabel. ${question.multiLabel ? 'Multi-label' : 'Single-label'} question; labels: ${mapping.map((l) => l.name).join(', ')}.`,
      `Split stratified by label with seed ${split.seed} and test fraction ${split.testFraction}: ${split.train} train, ${split.test} test.`,
      'labels.json maps label ids to names; manifest.json records the codebook, the models and the SHA-256 of every file.',
      '',
      '```python',
      'from datasets import load_dataset',
      'ds = load_dataset("path/to/this/folder")',
      '```',
      '',
    ].join('\n'),
  );
}
