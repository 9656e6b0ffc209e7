// Dynamic int8 quantisation of an fp32 NLI ONNX model file, done by Prelabel itself (no Python):
// MatMul weights to int8 per output column, the word-embedding table to int8 per row.
import { createHash } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { PrelabelError } from '../../../../../common/contract';
import { rewriteAttention } from '../../graph/attention-rewrite';
import { rewriteSkipLayerNorm } from '../../graph/skip-layer-norm';
import { QUANTIZATION_METADATA_KEY } from './int8-range';
import { FULL_RANGE, REDUCED_RANGE } from './int8-weights';
import { readModelFile, writeModelFile } from './onnx-file';
import { quantizeGraph, type GraphQuantization, type MatMulForm } from './quantize-graph';

/** The metadata key under which the output records how it was made (JSON, with its weightQmax). */
export { QUANTIZATION_METADATA_KEY };

/**
 * The default form ([Note: int8 graph forms]). Measured on onnxruntime-node 1.30 CPU (AMD EPYC,
 * AVX-512 VNNI, full-size model, 128 XNLI pairs, 1 thread, CPU time): the three forms give the same
 * logits and are within 3% in speed, this one ahead (Q, K and V share one quantised input). It is
 * also the only one made of standard ONNX ops, so the ONNX checker validates it and any execution
 * provider with MatMulInteger runs it; it is what onnxruntime's own quantize_dynamic writes.
 */
export const DEFAULT_FORM: MatMulForm = 'matmul-integer';

/** Graph rewrites done before quantising ([Note: attention rewrite], [Note: skip layer norm rewrite]). */
export type GraphRewrite = 'attention' | 'skip-layer-norm';
export const GRAPH_REWRITES: readonly GraphRewrite[] = ['attention', 'skip-layer-norm'];

/**
 * [Note: int8 default rewrites] The rewrites an int8 model gets by default: none. Measured on the
 * full generated model (docs/BENCHMARKS.md, issue 18 section; 2 threads, interleaved, CPU time a
 * pair, on a machine at load 10-19): the attention rewrite took 1-7% less CPU in both int8 forms
 * at 120 and 400 tokens, but at 52 tokens two runs gave -4% and +10% for the default form, so it
 * is not shown faster where most texts are; SkipLayerNormalization took 15-25% more CPU. Both stay
 * options (`quantize-model --rewrites`) until a quiet machine decides.
 */
export const DEFAULT_REWRITES: readonly GraphRewrite[] = [];

export interface QuantizeOptions {
  form?: MatMulForm;
  /** Graph rewrites before quantising (default DEFAULT_REWRITES); a model without the hub layout keeps its attention unfused. */
  rewrites?: readonly GraphRewrite[];
  /**
   * 7-bit weights (|q| <= 64), the default: exact on every CPU. false gives full-range weights,
   * which x86 CPUs without VNNI compute wrong ([Note: U8S8 saturation]); an int8 file travels
   * (shards to cluster nodes, a project copied to another laptop), so full range is only on request.
   */
  reduceRange?: boolean;
  /** MatMuls whose weight name matches stay fp32. */
  keepFloat?: RegExp;
}

export interface QuantizeResult extends GraphQuantization {
  form: MatMulForm;
  /** Attention layers made MultiHeadAttention and LayerNorms made SkipLayerNormalization (0 when not asked or not found). */
  rewritten: { attentionLayers: number; skipLayerNorms: number };
  reduceRange: boolean;
  inputBytes: number;
  outputBytes: number;
  sourceSha256: string;
  milliseconds: number;
}

export function quantizeModelFile(inPath: string, outPath: string, opts: QuantizeOptions = {}): QuantizeResult {
  if (resolve(inPath) === resolve(outPath)) {
    throw new PrelabelError('INVALID_INPUT', 'The int8 model must be written to another file than the fp32 model it is made from.');
  }
  const started = performance.now();
  const form = opts.form ?? DEFAULT_FORM;
  const reduceRange = opts.reduceRange ?? true;
  const qmax = reduceRange ? REDUCED_RANGE : FULL_RANGE;
  const { model, bytes } = readModelFile(inPath);
  const sourceSha256 = createHash('sha256').update(bytes).digest('hex');
  const rewrites = opts.rewrites ?? DEFAULT_REWRITES;
  const rewritten = { attentionLayers: 0, skipLayerNorms: 0 };
  if (rewrites.includes('attention')) {
    try {
      rewritten.attentionLayers = rewriteAttention(model).layersFused;
    } catch {
      // Not the hub layout (or a graph the matcher cannot read; it changes nothing before it has
      // matched every layer): the model is quantised with its attention as it is.
    }
  }
  if (rewrites.includes('skip-layer-norm')) rewritten.skipLayerNorms = rewriteSkipLayerNorm(model).fused;
  const graph = quantizeGraph(model, { form, qmax, keepFloat: opts.keepFloat });

  const note = {
    method: 'dynamic int8: u8 activations quantised per run, s8 symmetric weights per output column, int8 word embedding per row',
    form,
    reduceRange,
    // Read back by the range check before a load ([Note: int8 range check] in int8-range.ts).
    weightQmax: qmax,
    rewritten,
    matmuls: graph.matmulsConverted,
    embedding: graph.embedding?.table ?? null,
    source: { bytes: bytes.length, sha256: sourceSha256 },
  };
  model.metadataProps = [
    ...(model.metadataProps ?? []).filter((p) => p.key !== QUANTIZATION_METADATA_KEY),
    { key: QUANTIZATION_METADATA_KEY, value: JSON.stringify(note) },
  ];

  // Written beside the target and renamed, so an interrupted run never leaves a half model behind.
  const partial = `${outPath}.partial`;
  let outputBytes: number;
  try {
    outputBytes = writeModelFile(partial, model);
    renameSync(partial, outPath);
  } catch (err) {
    rmSync(partial, { force: true });
    if (err instanceof PrelabelError) throw err;
    throw new PrelabelError('INTERNAL', `Could not write the int8 model to ${outPath}: ${(err as Error).message}`);
  }
  return {
    ...graph,
    form,
    rewritten,
    reduceRange,
    inputBytes: bytes.length,
    outputBytes,
    sourceSha256,
    milliseconds: performance.now() - started,
  };
}
