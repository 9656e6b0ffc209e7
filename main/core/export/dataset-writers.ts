// The two training formats that are not tables: a Hugging Face `datasets` folder and NLI pairs.
import type { CodebookLabel, CodebookQuestion, NliLabels, NliNegatives } from '../../../common/contract';
import { hypothesisFor, scoredLabels } from '../codebook/hypotheses';
import { mulberry32, streamSeed } from '../seeded-random';
import type { ExportRecord } from './export-records';
import type { FileSink } from './file-sink';

export const NLI_ENTAILMENT = 'entailment';
export const NLI_NOT_ENTAILMENT = 'not_entailment';
/** Numeric NLI labels, as the label2id of BERT-NLI's binary models (Laurer et al.): entailment 0. */
export const NLI_LABEL2ID = { [NLI_ENTAILMENT]: 0, [NLI_NOT_ENTAILMENT]: 1 } as const;

export interface NliOptions {
  /** 'balanced': per entailment pair one not_entailment pair with another label's hypothesis drawn
   * at random (BERT-NLI); 'all': every label that is not the document's. Test documents always get all. */
  negatives: NliNegatives;
  /** 'text': label "entailment"/"not_entailment"; 'numeric': 0/1 (NLI_LABEL2ID), label_text beside it. */
  labels: NliLabels;
  seed: number;
}

/**
 * NLI training pairs in the BERT-NLI form (Laurer, van Atteveldt, Casas & Welbers 2024, "Less
 * Annotating, More Classifying", Political Analysis): premise = the text, hypothesis = a label's
 * hypothesis exactly as the engine builds it, label = entailment when the coder chose the label,
 * else not_entailment. One JSON object a line: {id, premise, hypothesis, label, label_name} (and
 * label_text with numeric labels).
 *
 * [Note: balanced NLI pairs] A document with k of the question's L labels makes k entailment pairs.
 * With `balanced`, each gets one not_entailment pair: min(k, L - k) other labels drawn without
 * replacement by a PRNG seeded from the export's seed and the document's id, so the classes are
 * even (as BERT-NLI trains) and the draw is reproducible. With `all`, every other label makes a
 * not_entailment pair (L - k per document). Test documents are written with every label either way:
 * evaluating means asking each hypothesis, as the engine does.
 */
export class NliWriter {
  private readonly pairs: Array<{ label: CodebookLabel; hypothesis: string }>;
  entailment = 0;
  notEntailment = 0;
  documents = 0;

  constructor(
    private readonly sink: FileSink,
    question: CodebookQuestion,
    private readonly options: NliOptions,
    /** Test documents: every label, whatever `negatives` says. */
    private readonly every = false,
  ) {
    this.pairs = scoredLabels(question).map((label) => ({ label, hypothesis: hypothesisFor(question, label) }));
  }

  get labelsPerDocument(): number {
    return this.pairs.length;
  }

  private line(r: ExportRecord, p: { label: CodebookLabel; hypothesis: string }, yes: boolean): string {
    const name = yes ? NLI_ENTAILMENT : NLI_NOT_ENTAILMENT;
    if (yes) this.entailment++;
    else this.notEntailment++;
    const label = this.options.labels === 'numeric' ? NLI_LABEL2ID[name] : name;
    return (
      JSON.stringify({
        id: r.externalId,
        premise: r.text,
        hypothesis: p.hypothesis,
        label,
        ...(this.options.labels === 'numeric' ? { label_text: name } : {}),
        label_name: p.label.name,
      }) + '\n'
    );
  }

  add(r: ExportRecord): void {
    this.documents++;
    const chosen = new Set(r.labels.map((l) => l.id));
    const yes = this.pairs.filter((p) => chosen.has(p.label.id));
    let no = this.pairs.filter((p) => !chosen.has(p.label.id));
    if (!this.every && this.options.negatives === 'balanced') no = drawn(no, yes.length, this.options.seed, r.documentId);
    // In codebook order, as the engine asks them.
    const keep = new Set([...yes, ...no]);
    let lines = '';
    for (const p of this.pairs) if (keep.has(p)) lines += this.line(r, p, chosen.has(p.label.id));
    this.sink.write(lines);
  }
}

/** [Note: balanced NLI pairs] `n` of `from`, drawn without replacement (a seeded partial shuffle). */
function drawn<T>(from: readonly T[], n: number, seed: number, documentId: number): T[] {
  if (n >= from.length) return [...from];
  const random = mulberry32(streamSeed(seed, `nli-negatives:${documentId}`));
  const pool = [...from];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

/** Pairs a document with `k` of `labels` labels makes ([Note: balanced NLI pairs]). */
export function nliPairCount(k: number, labels: number, negatives: NliNegatives, every: boolean): number {
  return every || negatives === 'all' ? labels : k + Math.min(k, labels - k);
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
      `Split ${question.multiLabel ? 'by iterative stratification (Sechidis, Tsoumakas & Vlahavas 2011)' : 'stratified by label'} with seed ${split.seed} and test fraction ${split.testFraction}: ${split.train} train, ${split.test} test. An NLI-pairs export with the same seed and fraction uses the same split.`,
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
