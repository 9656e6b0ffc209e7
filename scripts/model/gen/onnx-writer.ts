// Writes an ONNX model file with initializers streamed to disk, so the full-size model's 384 MB
// word embedding is never held in memory twice (nor once, as a whole).
//
// [Note: merged graph chunks] A protobuf parser merges repeated occurrences of a message field. The
// file is the ModelProto without initializers (encoded by onnx-proto), followed by one
// `graph { initializer { ... } }` chunk per tensor, written by hand; onnxruntime and onnx.load read
// it as one graph holding all the initializers.
import { closeSync, openSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { fillUniform, mulberry32, streamSeed, type WeightInit } from './prng';

// onnx-proto is CommonJS with `module.exports = root`: require it so ESM interop cannot hide `onnx`.
const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxTypes };
export { onnx };

export interface InitializerSpec {
  name: string;
  dims: number[];
  /** Constant data (int64 or float), or a random draw for weights. */
  data: BigInt64Array | Float32Array | WeightInit;
}

const CHUNK = 1 << 20; // floats generated and written at a time

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

function tensorHeader(spec: InitializerSpec, rawBytes: number): Uint8Array {
  const dataType = spec.data instanceof BigInt64Array ? onnx.TensorProto.DataType.INT64 : onnx.TensorProto.DataType.FLOAT;
  const name = Buffer.from(spec.name, 'utf8');
  const tensor: number[] = [];
  for (const d of spec.dims) tensor.push(0x08, ...varint(d)); // 1: dims
  tensor.push(0x10, ...varint(dataType)); // 2: data_type
  tensor.push(0x42, ...varint(name.length), ...name); // 8: name
  tensor.push(0x4a, ...varint(rawBytes)); // 9: raw_data (bytes follow)
  const tensorLen = tensor.length + rawBytes;
  const initializer = [0x2a, ...varint(tensorLen)]; // GraphProto 5: initializer
  const graph = [0x3a, ...varint(initializer.length + tensorLen)]; // ModelProto 7: graph
  return Uint8Array.from([...graph, ...initializer, ...tensor]);
}

function writeInitializer(fd: number, spec: InitializerSpec, seed: number): void {
  const count = spec.dims.reduce((a, b) => a * b, 1);
  const bytesPer = spec.data instanceof BigInt64Array ? 8 : 4;
  writeSync(fd, tensorHeader(spec, count * bytesPer));
  if (spec.data instanceof BigInt64Array || spec.data instanceof Float32Array) {
    if (spec.data.length !== count) throw new Error(`initializer ${spec.name}: ${spec.data.length} values for ${count}`);
    // Typed arrays are little-endian on every platform Node supports, as raw_data requires.
    writeSync(fd, new Uint8Array(spec.data.buffer, spec.data.byteOffset, spec.data.byteLength));
    return;
  }
  const next = mulberry32(streamSeed(seed, spec.name));
  const buf = new Float32Array(Math.min(CHUNK, count));
  for (let done = 0; done < count; done += buf.length) {
    const part = buf.subarray(0, Math.min(buf.length, count - done));
    fillUniform(next, part, spec.data);
    writeSync(fd, new Uint8Array(part.buffer, 0, part.byteLength));
  }
}

export function writeOnnxModel(path: string, model: OnnxTypes.IModelProto, initializers: InitializerSpec[], seed: number): void {
  if (model.graph?.initializer?.length) throw new Error('pass initializers separately, they are streamed');
  const head = onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head);
    for (const spec of initializers) writeInitializer(fd, spec, seed);
  } finally {
    closeSync(fd);
  }
}
