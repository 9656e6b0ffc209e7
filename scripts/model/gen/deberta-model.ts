// Writes a generated DeBERTa-v2 NLI model folder in the Hugging Face hub layout (config.json with
// model_type deberta-v2, a DeBERTa-v3-style tokenizer.json, onnx/model.onnx taking input_ids,
// attention_mask and token_type_ids). Random weights: it checks that Prelabel loads, tokenises and
// scores this architecture exactly (scripts/reference/deberta_reference.py), not that it classifies.
// Tooling for tests, no part of the app.
import { readFileSync } from 'node:fs';
import { buildDebertaGraph, type DebertaSize } from './deberta-graph';
import {
  debertaSpecialTokensMapJson,
  debertaTokenizerConfigJson,
  debertaTokenizerJson,
  debertaVocab,
  DEBERTA_IDS,
} from './deberta-tokenizer';
import { TINY_SPM_MODEL } from './make-model';
import { writeHubModel } from './hub-folder';
import { DEFAULT_SEED } from './model-sizes';
import { parseSpmModel } from './spm-model';

export const DEBERTA_MAX_POSITIONS = 512;

/**
 * Tiny sizes. position_buckets 16 (mid 8) so that ordinary test pairs reach the log buckets; two
 * token types (DeBERTa-v3 checkpoints have type_vocab_size 0 and no token_type_ids input; BERT-style
 * and some DeBERTa fine-tunes have 2), so a wrong type id changes the logits and the tests see it.
 * The label order is unlike both the real XLM-R model's and the tiny XLM-R's.
 */
export const DEBERTA_TINY: DebertaSize = {
  layers: 2,
  hidden: 32,
  heads: 4,
  ffn: 64,
  buckets: 16,
  maxRelative: DEBERTA_MAX_POSITIONS,
  typeVocab: 2,
  layerNormEps: 1e-7,
  labels: ['neutral', 'contradiction', 'entailment'],
};

/**
 * The tiny model with a planted classifier bias: the same weights (seed and tensor names), so its
 * predictions spread over the XNLI classes (the random head gives 164 of the first 200 XNLI dev
 * pairs entailment and 1 neutral). The bias was chosen by
 * `scripts/reference/deberta_spread_reference.py --plant` on the tiny model so that each class wins
 * about a third of those pairs (0.34, 0.325, 0.335) and no pair of the reference's runs has its top
 * two logits within 0.014, so float32 rounding cannot flip a class and a test of the evaluation path
 * sees a wrong class, type id or position at once.
 */
export const DEBERTA_TINY_SPREAD: DebertaSize = { ...DEBERTA_TINY, classifierBias: [1.6532, 0.8686, -2.5618] };

export function debertaConfigJson(size: DebertaSize, vocabSize: number): object {
  return {
    _name_or_path: 'prelabel-generated-deberta-v3-tiny',
    architectures: ['DebertaV2ForSequenceClassification'],
    attention_probs_dropout_prob: 0.1,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    hidden_size: size.hidden,
    id2label: Object.fromEntries(size.labels.map((l, i) => [String(i), l])),
    initializer_range: 0.02,
    intermediate_size: size.ffn,
    label2id: Object.fromEntries(size.labels.map((l, i) => [l, i])),
    layer_norm_eps: size.layerNormEps,
    max_position_embeddings: DEBERTA_MAX_POSITIONS,
    max_relative_positions: -1,
    model_type: 'deberta-v2',
    norm_rel_ebd: 'layer_norm',
    num_attention_heads: size.heads,
    num_hidden_layers: size.layers,
    pad_token_id: DEBERTA_IDS.pad,
    pooler_dropout: 0,
    pooler_hidden_act: 'gelu',
    pooler_hidden_size: size.hidden,
    pos_att_type: ['p2c', 'c2p'],
    position_biased_input: false,
    position_buckets: size.buckets,
    relative_attention: true,
    share_att_key: true,
    type_vocab_size: size.typeVocab,
    vocab_size: vocabSize,
  };
}

export interface MadeDeberta {
  dir: string;
  seed: number;
  vocabSize: number;
  onnxPath: string;
}

export function makeDebertaModel(opts: { outDir: string; seed?: number; size?: DebertaSize }): MadeDeberta {
  const size = opts.size ?? DEBERTA_TINY;
  const seed = opts.seed ?? DEFAULT_SEED;
  const spm = parseSpmModel(readFileSync(TINY_SPM_MODEL));
  const vocabSize = debertaVocab(spm).length;
  const head = size.classifierBias ? 'random weights, planted classifier bias' : 'random weights';
  const onnxPath = writeHubModel(
    opts.outDir,
    {
      config: debertaConfigJson(size, vocabSize),
      tokenizer: debertaTokenizerJson(spm),
      tokenizerConfig: debertaTokenizerConfigJson(vocabSize - 1),
      specialTokensMap: debertaSpecialTokensMapJson(),
    },
    {
      ...buildDebertaGraph(size, vocabSize),
      docString: `Generated DeBERTa-v2 sequence classifier (tiny, seed ${seed}); ${head}, not a trained model.`,
      seed,
    },
  );
  return { dir: opts.outDir, seed, vocabSize, onnxPath };
}
