// Test support: the generated DeBERTa model with a planted classifier bias (DEBERTA_TINY_SPREAD: the
// tiny DeBERTa model's weights, its predictions spread over the XNLI classes) and its committed
// reference (scripts/reference/deberta_spread_reference.py: SentencePiece ids and a float64 numpy
// forward pass), with what wrong implementations would predict instead.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEBERTA_TINY_SPREAD, makeDebertaModel } from '../../../../scripts/model/gen/deberta-model';
import { sha256File } from '../../../../scripts/model/gen/make-model';
import type { DebertaModel } from './deberta-model';
import type { XnliReferenceLanguage, XnliReferenceRun } from './xnli-fixture';

/** The wrong implementations the reference computes: every type id 0, relative positions without
 * log buckets, the pair's tail cut (hypothesis lost) instead of the premise, entailment and
 * contradiction swapped. */
export type WrongKind = 'zeroTypeIds' | 'linearPositions' | 'tailCut' | 'swappedLabels';

export interface SpreadLanguage extends XnliReferenceLanguage {
  wrong: Record<WrongKind, string[]>;
}

export interface SpreadRun extends Omit<XnliReferenceRun, 'languages'> {
  languages: SpreadLanguage[];
}

export interface ZeroShotDocument {
  text: string;
  truncated: boolean;
  /** Per label (codebook order), the logits in the model's id order. */
  logits: number[][];
  /** Single-label scores (softmax over labels of the entailment logits), codebook order. */
  single: number[];
  /** Multi-label scores (sigmoid(entailment - contradiction)), codebook order. */
  multi: number[];
  wrongSingle: Record<WrongKind, number[]>;
}

export interface DebertaSpreadReference {
  meta: {
    modelSha256: string;
    label2id: Record<string, number>;
    classOf: Record<string, string>;
    smallestMargin: number;
    classifierBias: number[];
  };
  runs: SpreadRun[];
  zeroShot: { template: string; labels: string[]; maxLength: number; documents: ZeroShotDocument[] };
}

export const SPREAD_FIXTURE_PATH = fileURLToPath(new URL('../__fixtures__/deberta-spread-reference.json', import.meta.url));

export function loadDebertaSpreadReference(): DebertaSpreadReference {
  return JSON.parse(readFileSync(SPREAD_FIXTURE_PATH, 'utf8')) as DebertaSpreadReference;
}

export function spreadRun(ref: DebertaSpreadReference, name: SpreadRun['name']): SpreadRun {
  const run = ref.runs.find((r) => r.name === name);
  if (!run)
    throw new Error(`The DeBERTa spread reference has no run ${name}: regenerate it (scripts/reference/deberta_spread_reference.py).`);
  return run;
}

/** Generates the spread DeBERTa model and refuses to go on if it is not the one the reference was made from. */
export function makeDebertaSpreadModel(ref: DebertaSpreadReference): DebertaModel {
  const root = mkdtempSync(join(tmpdir(), 'prelabel-deberta-spread-'));
  const made = makeDebertaModel({ outDir: join(root, 'tiny-deberta-spread'), size: DEBERTA_TINY_SPREAD });
  const hash = sha256File(made.onnxPath);
  if (hash !== ref.meta.modelSha256) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(
      `The generated spread DeBERTa model (sha256 ${hash}) is not the one the reference was made from (${ref.meta.modelSha256}). ` +
        'The generator changed: regenerate the reference (scripts/reference/deberta_spread_reference.py, see its header).',
    );
  }
  return { dir: made.dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
