// Reads and checks a model folder's config.json: the facts the engine relies on (label order, pad
// id, sizes), each refused with a message that names the file and what is wrong.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import { labelIndices, type LabelIndices } from '../nli/scoring/zero-shot';

export interface NliModelConfig {
  path: string;
  modelType: string;
  label2id: Record<string, number>;
  /** Class names in logit order. */
  id2label: string[];
  indices: LabelIndices;
  padTokenId: number;
  maxPositionEmbeddings?: number;
  /** type_vocab_size: how many token type ids the model embeds (XLM-R 1, BERT 2, DeBERTa-v3 0). */
  typeVocabSize?: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates parsed config.json content; `path` is only used in messages. */
export function parseModelConfig(raw: unknown, path = 'config.json'): NliModelConfig {
  const bad = (why: string) => new PrelabelError('BAD_FILE', `${path}: ${why}`);
  if (!isObject(raw)) throw bad('expected a JSON object.');
  const { label2id, pad_token_id: pad, model_type: modelType, max_position_embeddings: maxPos, type_vocab_size: typeVocab } = raw;
  if (!isObject(label2id) || Object.keys(label2id).length < 2)
    throw bad('label2id is missing or has fewer than two classes; an NLI model lists entailment, neutral and contradiction.');
  const entries = Object.entries(label2id);
  for (const [k, v] of entries) {
    if (!Number.isInteger(v) || (v as number) < 0) throw bad(`label2id["${k}"] is ${JSON.stringify(v)}, not a class index.`);
  }
  const n = entries.length;
  const id2label = new Array<string>(n);
  for (const [k, v] of entries as Array<[string, number]>) {
    if (v >= n || id2label[v] !== undefined)
      throw bad(`label2id indices must be 0..${n - 1}, each once (got ${JSON.stringify(label2id)}).`);
    id2label[v] = k;
  }
  if (pad !== undefined && pad !== null && !Number.isInteger(pad)) throw bad(`pad_token_id is ${JSON.stringify(pad)}, not a token id.`);
  if (maxPos !== undefined && !Number.isInteger(maxPos)) throw bad(`max_position_embeddings is ${JSON.stringify(maxPos)}, not a number.`);
  if (typeVocab !== undefined && (!Number.isInteger(typeVocab) || (typeVocab as number) < 0))
    throw bad(`type_vocab_size is ${JSON.stringify(typeVocab)}, not a number of token types.`);
  return {
    path,
    modelType: typeof modelType === 'string' ? modelType : 'unknown',
    label2id: label2id as Record<string, number>,
    id2label,
    indices: labelIndices(label2id as Record<string, number>, path),
    // XLM-R's pad id; models that omit it (rare) are assumed to follow it.
    padTokenId: (pad as number | undefined | null) ?? 1,
    maxPositionEmbeddings: maxPos as number | undefined,
    ...(typeVocab !== undefined ? { typeVocabSize: typeVocab as number } : {}),
  };
}

/** Loads `<modelDir>/config.json`. */
export function loadModelConfig(modelDir: string): NliModelConfig {
  const path = join(modelDir, 'config.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PrelabelError(
      'BAD_FILE',
      `${path}: cannot read the model's config.json (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new PrelabelError('BAD_FILE', `${path}: not valid JSON; the model folder may be incomplete or corrupt.`);
  }
  return parseModelConfig(raw, path);
}
