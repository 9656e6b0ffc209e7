// Zero-shot scores from NLI logits, with the semantics of the Hugging Face zero-shot-classification
// pipeline (../shared/MODEL.md). Pure math: no model, no I/O, so stored logits can be re-scored.
//
// [Note: contradiction index] The Python pipeline takes the contradiction logit by position
// (`-1 if entailment_id == 0 else 0`); transformers.js and Prelabel read it from label2id. For the
// real model (entailment 0, contradiction 2) both agree; for a model whose label2id is ordered
// differently the Python pipeline would read the wrong logit.
import { PrelabelError } from '../../../../common/contract';

export interface LabelIndices {
  entailment: number;
  contradiction: number;
  neutral?: number;
}

export interface LabelScore {
  label: string;
  score: number;
  /** Position of the label in the caller's list, to find its logits again. */
  index: number;
}

/** Finds the NLI classes in a model's label2id; `source` names the file in error messages. */
export function labelIndices(label2id: Record<string, number>, source = 'config.json'): LabelIndices {
  const keys = Object.keys(label2id);
  const entailKey = keys.find((k) => k.toLowerCase().startsWith('entail'));
  if (entailKey === undefined) {
    throw new PrelabelError(
      'BAD_FILE',
      `${source}: label2id has no entailment class (labels: ${keys.join(', ') || 'none'}). A zero-shot model must be an NLI model with an "entailment" label.`,
    );
  }
  const contraKey = keys.find((k) => k.toLowerCase() === 'contradiction') ?? keys.find((k) => k.toLowerCase() === 'not_entailment');
  if (contraKey === undefined) {
    throw new PrelabelError(
      'BAD_FILE',
      `${source}: label2id has no "contradiction" or "not_entailment" class (labels: ${keys.join(', ')}).`,
    );
  }
  const neutralKey = keys.find((k) => k.toLowerCase() === 'neutral');
  const idx: LabelIndices = { entailment: label2id[entailKey]!, contradiction: label2id[contraKey]! };
  if (neutralKey !== undefined) idx.neutral = label2id[neutralKey]!;
  return idx;
}

/** The hypothesis for a label: its own full hypothesis if it has one, else the template filled in. */
export function hypothesisFor(label: string, template: string, ownHypothesis?: string): string {
  if (ownHypothesis && ownHypothesis.trim()) return ownHypothesis;
  if (!template.includes('{}')) {
    throw new PrelabelError('INVALID_INPUT', `The hypothesis template "${template}" has no {} where the label goes.`);
  }
  return template.replace('{}', label);
}

function sortScores(labels: readonly string[], raw: number[]): LabelScore[] {
  // Array.prototype.sort is stable: equal scores keep the caller's label order.
  return raw.map((score, index) => ({ label: labels[index]!, score, index })).sort((a, b) => b.score - a.score);
}

/** Per label, softmax over [contradiction, entailment], i.e. sigmoid(entail - contradiction). */
export function multiLabelScores(logits: ReadonlyArray<ArrayLike<number>>, labels: readonly string[], idx: LabelIndices): LabelScore[] {
  return sortScores(
    labels,
    logits.map((l) => 1 / (1 + Math.exp(l[idx.contradiction]! - l[idx.entailment]!))),
  );
}

/** Softmax across labels of the entailment logits; neutral and contradiction are ignored. */
export function singleLabelScores(logits: ReadonlyArray<ArrayLike<number>>, labels: readonly string[], idx: LabelIndices): LabelScore[] {
  const e = logits.map((l) => l[idx.entailment]!);
  const top = Math.max(...e);
  const exps = e.map((v) => Math.exp(v - top));
  const z = exps.reduce((a, b) => a + b, 0);
  return sortScores(
    labels,
    exps.map((v) => v / z),
  );
}

/**
 * Scores one document against K labels from the K logit rows (one per hypothesis). With a single
 * candidate label the pipeline always uses the multi-label form: a softmax over one label is 1.
 */
export function zeroShotScores(
  logits: ReadonlyArray<ArrayLike<number>>,
  labels: readonly string[],
  idx: LabelIndices,
  multiLabel: boolean,
): LabelScore[] {
  if (logits.length !== labels.length) throw new Error(`zeroShotScores: ${logits.length} logit rows for ${labels.length} labels`);
  return multiLabel || labels.length === 1 ? multiLabelScores(logits, labels, idx) : singleLabelScores(logits, labels, idx);
}

export interface WindowChoice {
  /** The winning window's logits: its entailment and, from the same window, its contradiction. */
  logits: number[];
  /** Index of the winning window, for the UI to show. */
  window: number;
}

/**
 * A long document's evidence for one label, scored in windows: the window with the largest
 * entailment logit wins (MODEL.md), and its own contradiction logit goes with it, so the usual
 * normalisation then applies unchanged. Ties go to the earliest window.
 */
export function aggregateWindows(windowLogits: ReadonlyArray<ArrayLike<number>>, idx: LabelIndices): WindowChoice {
  if (windowLogits.length === 0) throw new Error('aggregateWindows: no windows');
  let best = 0;
  for (let w = 1; w < windowLogits.length; w++) {
    if (windowLogits[w]![idx.entailment]! > windowLogits[best]![idx.entailment]!) best = w;
  }
  return { logits: Array.from(windowLogits[best]!), window: best };
}
