// The generated model's sizes and label order. `tiny` is what tests use; `full` has the real
// multilingual-MiniLMv2-L6-mnli-xnli sizes and is made on demand for benchmarks (never committed).

export type SizeName = 'tiny' | 'full';

export interface ModelSize {
  name: SizeName;
  layers: number;
  hidden: number;
  heads: number;
  ffn: number;
  /** Undefined: the tokenizer's own size. Otherwise synthetic pieces pad the vocabulary to this. */
  vocabSize?: number;
  /** id2label in id order. */
  labels: string[];
}

export const MODEL_SIZES: Record<SizeName, ModelSize> = {
  // The tiny model's label order differs from the real one on purpose, so that code which hard-codes
  // entailment = 0 or contradiction = 2 fails the tests.
  tiny: { name: 'tiny', layers: 2, hidden: 32, heads: 4, ffn: 64, labels: ['contradiction', 'entailment', 'neutral'] },
  full: {
    name: 'full',
    layers: 6,
    hidden: 384,
    heads: 12,
    ffn: 1536,
    vocabSize: 250002,
    labels: ['entailment', 'neutral', 'contradiction'],
  },
};

export const MAX_POSITIONS = 514;
export const PAD_ID = 1;
export const LAYER_NORM_EPS = 1e-5;
export const DEFAULT_SEED = 20240611;

export function configJson(size: ModelSize, vocabSize: number): object {
  const id2label = Object.fromEntries(size.labels.map((l, i) => [String(i), l]));
  const label2id = Object.fromEntries(size.labels.map((l, i) => [l, i]));
  return {
    _name_or_path: `prelabel-generated-xlmr-${size.name}`,
    architectures: ['XLMRobertaForSequenceClassification'],
    attention_probs_dropout_prob: 0.1,
    bos_token_id: 0,
    classifier_dropout: null,
    eos_token_id: 2,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    hidden_size: size.hidden,
    id2label,
    initializer_range: 0.02,
    intermediate_size: size.ffn,
    label2id,
    layer_norm_eps: LAYER_NORM_EPS,
    max_position_embeddings: MAX_POSITIONS,
    model_type: 'xlm-roberta',
    num_attention_heads: size.heads,
    num_hidden_layers: size.layers,
    pad_token_id: PAD_ID,
    position_embedding_type: 'absolute',
    type_vocab_size: 1,
    use_cache: true,
    vocab_size: vocabSize,
  };
}
