// Reads and writes whole ONNX model files for the quantiser without copying the big tensors.
//
// [Note: zero-copy tensors] The file is read into one Buffer and decoded by onnx-proto
// (protobufjs): decoding a Buffer gives every `raw_data` as a slice of that Buffer, not a copy, so
// the 428 MB model costs its file size once. Writing goes the other way: the model is encoded
// without its initializers, and each initializer is written as its encoded header followed by its
// raw bytes straight from the typed array that holds them, inside one `graph` message whose length
// is worked out beforehand. The output file is never assembled in memory.
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { PrelabelError } from '../../../../../common/contract';

// onnx-proto is CommonJS with `module.exports = root`: require it so ESM interop cannot hide `onnx`.
const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxTypes };
export { onnx };

export type ModelProto = OnnxTypes.IModelProto;
export type GraphProto = OnnxTypes.IGraphProto;
export type NodeProto = OnnxTypes.INodeProto;
export type TensorProto = OnnxTypes.ITensorProto;
export type AttributeProto = OnnxTypes.IAttributeProto;

/** Protobuf's hard limit: a single message (the model) cannot exceed 2 GiB. */
const PROTOBUF_LIMIT = 2 ** 31 - 1;

/** int64 fields decode as Long objects (protobufjs finds the `long` package); dims are small. */
export function toNumber(v: number | { toNumber(): number } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

/** A protobuf varint at `pos`: its value and the position after it. */
export function readVarint(buf: Buffer, pos: number): [value: number, next: number] {
  let value = 0;
  for (let shift = 1; ; shift *= 128) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const b = buf[pos++]!;
    value += (b & 0x7f) * shift;
    if (b < 0x80) return [value, pos];
    if (shift > 2 ** 49) throw new Error('varint too long');
  }
}

const GRAPH_LISTS = ['node', 'initializer', 'sparseInitializer', 'input', 'output', 'valueInfo', 'quantizationAnnotation'] as const;

/**
 * ModelProto.decode with protobuf's merge rule for a message field that occurs more than once:
 * protobufjs keeps only the last `graph`, but C++/Python parsers merge them, and Prelabel's own
 * generator writes one `graph` chunk per initializer ([Note: merged graph chunks] in
 * scripts/model/gen/onnx-writer.ts). So the top level is scanned here: each graph chunk is decoded and
 * merged (lists appended, scalars last-wins), the other fields are decoded together.
 */
function decodeModel(bytes: Buffer): ModelProto {
  const rest: Buffer[] = [];
  const graphs: GraphProto[] = [];
  for (let pos = 0; pos < bytes.length;) {
    const start = pos;
    const [tag, afterTag] = readVarint(bytes, pos);
    const [field, wire] = [Math.floor(tag / 8), tag & 7];
    if (wire === 0) pos = readVarint(bytes, afterTag)[1];
    else if (wire === 1) pos = afterTag + 8;
    else if (wire === 5) pos = afterTag + 4;
    else if (wire === 2) {
      const [length, body] = readVarint(bytes, afterTag);
      pos = body + length;
      if (field === 7) graphs.push(onnx.GraphProto.decode(bytes.subarray(body, pos)));
    } else throw new Error(`unexpected wire type ${wire}`);
    if (pos > bytes.length) throw new Error('truncated file');
    if (field !== 7) rest.push(bytes.subarray(start, pos));
  }
  const model = onnx.ModelProto.decode(Buffer.concat(rest));
  if (graphs.length === 1) model.graph = graphs[0]!;
  else if (graphs.length > 1) {
    const merged: Record<string, unknown> = {};
    for (const g of graphs) {
      if (Object.hasOwn(g, 'name')) merged.name = g.name;
      if (Object.hasOwn(g, 'docString')) merged.docString = g.docString;
      for (const key of GRAPH_LISTS) if (g[key]?.length) merged[key] = [...((merged[key] as unknown[] | undefined) ?? []), ...g[key]];
    }
    model.graph = merged as GraphProto;
  }
  return model;
}

export interface LoadedModel {
  model: ModelProto;
  /** The file's bytes; every tensor's raw_data is a view into it, so keep it alive while they are used. */
  bytes: Buffer;
}

export function readModelFile(path: string): LoadedModel {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new PrelabelError('NOT_FOUND', `The model file ${path} does not exist or cannot be read.`);
  }
  if (size > PROTOBUF_LIMIT) {
    throw new PrelabelError(
      'UNSUPPORTED',
      `${path} is ${(size / 2 ** 30).toFixed(1)} GiB; an ONNX file over 2 GiB must keep its weights as external data, which the quantiser does not read.`,
    );
  }
  const bytes = readFileSync(path);
  let model: ModelProto;
  try {
    model = decodeModel(bytes);
  } catch (err) {
    throw new PrelabelError('BAD_FILE', `${path} is not a readable ONNX model (${(err as Error).message}).`);
  }
  if (!model.graph || !model.graph.node?.length) {
    throw new PrelabelError('BAD_FILE', `${path} is not an ONNX model: it holds no graph.`);
  }
  const external = (model.graph.initializer ?? []).find(
    (t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || (t.externalData?.length ?? 0) > 0,
  );
  if (external) {
    throw new PrelabelError(
      'UNSUPPORTED',
      `${path} keeps its weights in external data files (tensor ${external.name}); the quantiser reads single-file models only. Save the model as one .onnx file first.`,
    );
  }
  return { model, bytes };
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

const varintLength = (n: number): number => varint(n).length;

/** One `initializer` entry of GraphProto: its encoded header (everything but raw_data) and the raw bytes. */
interface InitializerEntry {
  head: Uint8Array;
  raw: Uint8Array | null;
  /** Bytes of the TensorProto message itself. */
  tensorLength: number;
}

function initializerEntry(tensor: TensorProto): InitializerEntry {
  const { rawData, ...rest } = tensor;
  const head = onnx.TensorProto.encode(rest).finish();
  const raw = rawData && rawData.length > 0 ? rawData : null;
  const rawField = raw ? 1 + varintLength(raw.length) + raw.length : 0;
  return { head, raw, tensorLength: head.length + rawField };
}

function writeAll(fd: number, data: Uint8Array): void {
  for (let done = 0; done < data.length;) done += writeSync(fd, data, done, data.length - done);
}

/** Writes a model whose initializers may be large typed-array views; returns the file size. */
export function writeModelFile(path: string, model: ModelProto): number {
  const graph = model.graph;
  if (!graph) throw new Error('writeModelFile: the model has no graph');
  const { initializer, ...graphRest } = graph;
  const graphHead = onnx.GraphProto.encode(graphRest).finish();
  const entries = (initializer ?? []).map(initializerEntry);
  // GraphProto field 5 (initializer), length-delimited: tag 0x2a.
  const graphLength = entries.reduce((sum, e) => sum + 1 + varintLength(e.tensorLength) + e.tensorLength, graphHead.length);
  const { graph: _graph, ...modelRest } = model;
  const modelHead = onnx.ModelProto.encode(modelRest).finish();
  const total = modelHead.length + 1 + varintLength(graphLength) + graphLength;
  if (total > PROTOBUF_LIMIT)
    throw new PrelabelError('UNSUPPORTED', `The quantised model would be ${total} bytes, over protobuf's 2 GiB limit.`);

  const fd = openSync(path, 'w');
  try {
    writeAll(fd, modelHead);
    writeAll(fd, Uint8Array.from([0x3a, ...varint(graphLength)])); // ModelProto field 7: graph
    writeAll(fd, graphHead);
    for (const e of entries) {
      writeAll(fd, Uint8Array.from([0x2a, ...varint(e.tensorLength)]));
      writeAll(fd, e.head);
      if (e.raw) {
        writeAll(fd, Uint8Array.from([0x4a, ...varint(e.raw.length)])); // TensorProto field 9: raw_data
        writeAll(fd, e.raw);
      }
    }
  } finally {
    closeSync(fd);
  }
  return total;
}
