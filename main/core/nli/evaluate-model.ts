// Scores XNLI pairs with a loaded NLI model as a 3-way (or, for a 2-class model, 2-way) classifier:
// each premise/hypothesis pair through the tokenizer's pair layout (only the premise cut, as
// everywhere in the engine), batched by length through the inference process, and the argmax of
// the logits named by config.json's label2id, never by position. The numbers are summarised in
// evaluation-summary.ts.
//
// [Note: XNLI predictions] The argmax takes the first of equal logits (numpy's and torch's rule,
// which the Python reference follows). Batches pad to their longest pair; padding is masked, so a
// pair's fp32 logits do not depend on its batch beyond float rounding. int8 (dynamic quantisation)
// quantises activations per batch tensor, so an int8 evaluation depends a little on the batching,
// as a run does (precision-check.ts).
import { PrelabelError } from '../../../common/contract';
import type { LoadedModel } from '../models/model-loader';
import type { NliModelConfig } from '../models/model-config';
import { InferenceCrashedError, type InferenceClient } from './inference/inference-client';
import type { RunnerTuning } from './runs/run-tuning';
import { padBatch } from './scoring/tokenizer';
import type { XnliClass, XnliSet } from './xnli-files';

/** What the task asks of the model: its classes, and the task's class of each logit. */
export interface NliTask {
  task: '3-way' | '2-way';
  classes: string[];
  classOfLogit: string[];
  /** The task's class of a gold XNLI label (2-way: neutral and contradiction are not_entailment). */
  goldClass(gold: XnliClass): string;
}

/** The task from label2id (MODEL.md: entailment = the key starting with "entail"; contradiction =
 * "contradiction" or "not_entailment"); a class that is neither is refused. */
export function nliTask(config: NliModelConfig): NliTask {
  const { indices, id2label } = config;
  const twoWay = id2label.length === 2;
  const classOfLogit = id2label.map((name, i) => {
    if (i === indices.entailment) return 'entailment';
    if (i === indices.contradiction) return twoWay ? 'not_entailment' : 'contradiction';
    if (i === indices.neutral) return 'neutral';
    throw new PrelabelError(
      'BAD_FILE',
      `${config.path}: label2id has the class "${name}", which is neither entailment, neutral nor contradiction, so the model's answers cannot be scored against XNLI's labels.`,
    );
  });
  if (!twoWay && id2label.length !== 3) {
    throw new PrelabelError(
      'BAD_FILE',
      `${config.path}: label2id has ${id2label.length} classes; an NLI model has 3 (or 2: entailment, not_entailment).`,
    );
  }
  return twoWay
    ? {
        task: '2-way',
        classes: ['entailment', 'not_entailment'],
        classOfLogit,
        goldClass: (g) => (g === 'entailment' ? 'entailment' : 'not_entailment'),
      }
    : { task: '3-way', classes: ['entailment', 'neutral', 'contradiction'], classOfLogit, goldClass: (g) => g };
}

export interface ScoredSet {
  set: XnliSet;
  /** The task's predicted class of each pair, in file order. */
  predicted: string[];
  truncated: number;
}

export interface ScoreOptions {
  client: InferenceClient;
  model: LoadedModel;
  task: NliTask;
  sets: XnliSet[];
  threads: number;
  maxLength: number;
  tuning: Pick<RunnerTuning, 'maxRows' | 'maxBatchTokens' | 'maxCrashes'>;
  signal: AbortSignal;
  onProgress(language: string, done: number, total: number): void;
}

/** Index of the largest value; the first of equal ones. */
function argmax(logits: Float32Array, from: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (logits[from + c]! > logits[from + best]!) best = c;
  return best;
}

async function runBatch(o: ScoreOptions, seqs: number[][], types?: number[][]): Promise<Float32Array> {
  const batch = padBatch(seqs, o.model.tokenizer.padId, types);
  for (let crashes = 0; ; crashes++) {
    try {
      await o.client.ensureLoaded(o.model.onnxPath, o.threads);
      return (await o.client.run({ output: o.model.outputName, ...batch })).logits;
    } catch (err) {
      // A crashed inference process restarts; the batch is tried again, as a run retries it.
      if (!(err instanceof InferenceCrashedError) || crashes + 1 >= o.tuning.maxCrashes) {
        throw new PrelabelError('INTERNAL', `The model could not score a batch of XNLI pairs: ${(err as Error).message}`);
      }
    }
  }
}

/** Every pair of every set, language by language, shortest pairs batched together. */
export async function scoreXnli(o: ScoreOptions): Promise<ScoredSet[]> {
  const classes = o.model.config.id2label.length;
  const total = o.sets.reduce((a, s) => a + s.pairs.length, 0);
  let done = 0;
  const out: ScoredSet[] = [];
  for (const set of o.sets) {
    const encoded = set.pairs.map((p, i) => {
      try {
        return o.model.tokenizer.encodePair(p.premise, p.hypothesis, o.maxLength);
      } catch (err) {
        throw err instanceof PrelabelError ? new PrelabelError(err.code, `${set.file}, pair ${i + 1}: ${err.message}`) : err;
      }
    });
    const order = encoded.map((_, i) => i).sort((a, b) => encoded[a]!.inputIds.length - encoded[b]!.inputIds.length);
    const predicted = new Array<string>(encoded.length);
    for (let from = 0; from < order.length;) {
      if (o.signal.aborted) throw new PrelabelError('CANCELLED', 'The evaluation was cancelled; nothing was kept.');
      // Rows sorted by length: the last row of a batch is its longest.
      let to = from + 1;
      while (
        to < order.length &&
        to - from < o.tuning.maxRows &&
        encoded[order[to]!]!.inputIds.length * (to - from + 1) <= o.tuning.maxBatchTokens
      )
        to++;
      const rows = order.slice(from, to);
      const logits = await runBatch(
        o,
        rows.map((i) => encoded[i]!.inputIds),
        o.model.tokenizer.template.typeIds ? rows.map((i) => encoded[i]!.tokenTypeIds!) : undefined,
      );
      rows.forEach((i, r) => (predicted[i] = o.task.classOfLogit[argmax(logits, r * classes, classes)]!));
      done += rows.length;
      o.onProgress(set.language, done, total);
      from = to;
    }
    out.push({ set, predicted, truncated: encoded.filter((e) => e.truncated).length });
  }
  return out;
}
