// The numbers of a model's XNLI evaluation: accuracy per language with a Wilson 95% interval, a
// confusion matrix, the mean over languages (the model card's avg_xnli is that mean) and the pooled
// accuracy, and the card's numbers beside them when the model is one whose card Prelabel knows
// (models/model-catalog.ts keeps the card's table and where it comes from).
import type { ExecutionProvider, ModelEvaluation, Precision, XnliLanguageResult } from '../../../common/contract';
import { cardFor } from '../models/model-catalog';
import { DEFAULT_MODEL_MANIFEST } from '../models/model-manifest';
import type { LoadedModel } from '../models/model-loader';
import type { NliTask, ScoredSet } from './evaluate-model';

const Z95 = 1.959963984540054;

/** Wilson score interval for `correct` of `n` at 95%. */
export function wilsonInterval(correct: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const p = correct / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** The pinned SHA-256 of the default model's fp32 file (the hub release Prelabel downloads). */
const PINNED_ONNX_SHA256 = DEFAULT_MODEL_MANIFEST.files.find((f) => f.path === 'onnx/model.onnx')?.sha256 ?? null;

/** The card of the model, by the SHA-256 of its fp32 file (the pinned release) or by its name. */
export function cardOf(fp32: LoadedModel): { info: NonNullable<ModelEvaluation['card']>; xnliAccuracy: Record<string, number> } | null {
  const bySha = PINNED_ONNX_SHA256 !== null && fp32.info.sha256 === PINNED_ONNX_SHA256;
  const card = cardFor(bySha ? DEFAULT_MODEL_MANIFEST.repo : fp32.info.id);
  if (!card) return null;
  return {
    info: {
      name: card.name,
      source: `https://huggingface.co/${card.name}`,
      split: 'test',
      average: card.xnliAccuracy.avg!,
      matchedBy: bySha ? 'sha256' : 'name',
    },
    xnliAccuracy: card.xnliAccuracy,
  };
}

export interface SummaryInput {
  model: LoadedModel;
  fp32: LoadedModel;
  precision: Precision;
  maxLength: number;
  task: NliTask;
  xnliDir: string;
  skipped: ModelEvaluation['skipped'];
  scored: ScoredSet[];
  seconds: number;
  threads: number;
  provider: ExecutionProvider;
  withPredictions: boolean;
}

export function summariseEvaluation(o: SummaryInput): ModelEvaluation {
  const { task } = o;
  const card = cardOf(o.fp32);
  const languages: XnliLanguageResult[] = o.scored.map(({ set, predicted, truncated }) => {
    const confusion = task.classes.map(() => task.classes.map(() => 0));
    let correct = 0;
    set.pairs.forEach((p, i) => {
      const gold = task.goldClass(p.gold);
      if (predicted[i] === gold) correct++;
      confusion[task.classes.indexOf(gold)]![task.classes.indexOf(predicted[i]!)]!++;
    });
    const n = set.pairs.length;
    return {
      language: set.language,
      file: set.file,
      split: set.split,
      pairs: n,
      correct,
      accuracy: correct / n,
      interval: wilsonInterval(correct, n),
      // The card's numbers are 3-way accuracies: a 2-way model is not comparable with them.
      card: task.task === '3-way' ? (card?.xnliAccuracy[set.language] ?? null) : null,
      truncated,
      confusion,
      ...(o.withPredictions ? { predictions: predicted } : {}),
    };
  });
  const pairs = languages.reduce((a, l) => a + l.pairs, 0);
  const correct = languages.reduce((a, l) => a + l.correct, 0);
  const cards = languages.map((l) => l.card);
  return {
    model: { id: o.model.info.id, path: o.model.dir, sha256: o.model.info.sha256, precision: o.precision, maxLength: o.maxLength },
    task: task.task,
    classes: task.classes,
    id2label: o.model.config.id2label,
    classOfLogit: task.classOfLogit,
    xnliDir: o.xnliDir,
    skipped: o.skipped,
    languages,
    average: {
      accuracy: languages.reduce((a, l) => a + l.accuracy, 0) / languages.length,
      pooled: correct / pairs,
      pairs,
      correct,
      card: cards.every((c): c is number => c !== null) ? cards.reduce((a, c) => a + c, 0) / cards.length : null,
    },
    card: card && task.task === '3-way' ? card.info : null,
    truncated: languages.reduce((a, l) => a + l.truncated, 0),
    seconds: o.seconds,
    pairsPerSecond: o.seconds > 0 ? pairs / o.seconds : 0,
    threads: o.threads,
    provider: o.provider,
  };
}
