// Dynamic int8 quantisation of an fp32 NLI ONNX model file, done by Prelabel itself (no Python):
// MatMul weights to int8 per output column, the word-embedding table to int8 per row.
import { createHash } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { PrelabelError } from '../../../../../common/contract';
import { FULL_RANGE, REDUCED_RANGE } from './int8-weights';
import { readModelFile, writeModelFile } from './onnx-file';
import { quantizeGraph, type GraphQuantization, type MatMulForm } from './quantize-graph';

/** The metadata key under which the output records how it was made (JSON). */
export const QUANTIZATION_METADATA_KEY = 'prelabel.quantization';

/**
 * The default form ([Note: int8 graph forms]). Measured on onnxruntime-node 1.30 CPU (AMD EPYC,
 * AVX-512 VNNI, full-size model, 128 XNLI pairs, 1 thread, CPU time): the three forms give the same
 * logits and are within 3% in speed, this one ahead (Q, K and V share one quantised input). It is
 * also the only one made of standard ONNX ops, so the ONNX checker validates it and any execution
 * provider with MatMulInteger runs it; it is what onnxruntime's own quantize_dynamic writes.
 */
export const DEFAULT_FORM: MatMulForm = 'matmul-integer';

export interface QuantizeOptions {
  form?: MatMulForm;
  /** 7-bit weights for x86 machines without VNNI (see [Note: U8S8 saturation]). */
  reduceRange?: boolean;
  /** MatMuls whose weight name matches stay fp32. */
  keepFloat?: RegExp;
}

export interface QuantizeResult extends GraphQuantization {
  form: MatMulForm;
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
  const reduceRange = opts.reduceRange ?? false;
  const { model, bytes } = readModelFile(inPath);
  const sourceSha256 = createHash('sha256').update(bytes).digest('hex');
  const graph = quantizeGraph(model, { form, qmax: reduceRange ? REDUCED_RANGE : FULL_RANGE, keepFloat: opts.keepFloat });

  const note = {
    method: 'dynamic int8: u8 activations quantised per run, s8 symmetric weights per output column, int8 word embedding per row',
    form,
    reduceRange,
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
  return { ...graph, form, reduceRange, inputBytes: bytes.length, outputBytes, sourceSha256, milliseconds: performance.now() - started };
}
