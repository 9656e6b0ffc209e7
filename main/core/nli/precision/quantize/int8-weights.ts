// Symmetric int8 quantisation of fp32 initializers: per output column for MatMul weights, per row
// for embedding tables. Zero point 0 everywhere, so w ~ q * scale with q in [-qmax, qmax].
import { onnx, toNumber, type TensorProto } from './onnx-file';

/** 127: the full int8 range. 64: "reduce range", 7-bit weights (see [Note: U8S8 saturation]). */
export type WeightQmax = 127 | 64;

/**
 * [Note: U8S8 saturation] x86 kernels without VNNI (AVX2, AVX-512 without VNNI) multiply u8
 * activations by s8 weights with VPMADDUBSW, which adds two products into a saturating int16:
 * 2 x 255 x 127 overflows it. VNNI machines accumulate in int32 and never saturate. 7-bit weights
 * (|q| <= 64: 2 x 255 x 64 = 32640) are exact on both, at about one bit of weight precision.
 * Measured on an AMD EPYC with AVX2 only: full-range weights gave a relative logit error of 1.01 on
 * the tiny model (garbage), 7-bit weights 0.054 on 200 XNLI pairs (full range on a VNNI machine:
 * 0.052 on 100; [Note: int8 error threshold] in quantize-model.test.ts). So 7-bit
 * is the default of every int8 file Prelabel makes (an int8 file travels to other CPUs), and a
 * full-range file is refused where it would saturate ([Note: int8 range check] in int8-range.ts).
 */
export const FULL_RANGE: WeightQmax = 127;
export const REDUCED_RANGE: WeightQmax = 64;

export function tensorDims(t: TensorProto): number[] {
  return (t.dims ?? []).map(toNumber);
}

/** The float values of a FLOAT tensor; a view into the file when raw_data is 4-byte aligned, else a copy. */
export function floatValues(t: TensorProto): Float32Array {
  if (t.dataType !== onnx.TensorProto.DataType.FLOAT) throw new Error(`tensor ${t.name} is not float32`);
  const count = tensorDims(t).reduce((a, b) => a * b, 1);
  const raw = t.rawData;
  if (raw && raw.length > 0) {
    if (raw.length !== count * 4) throw new Error(`tensor ${t.name}: ${raw.length} bytes for ${count} floats`);
    if (raw.byteOffset % 4 === 0) return new Float32Array(raw.buffer, raw.byteOffset, count);
    const copy = new Float32Array(count);
    new Uint8Array(copy.buffer).set(raw);
    return copy;
  }
  const data = t.floatData ?? [];
  if (data.length !== count) throw new Error(`tensor ${t.name}: ${data.length} floats for ${count}`);
  return Float32Array.from(data);
}

/** round(x / scale) clamped to [-qmax, qmax]; the clamp matters, an Int8Array wraps 128 to -128. */
function quantizeValue(x: number, inverseScale: number, qmax: number): number {
  const q = Math.round(x * inverseScale);
  return q > qmax ? qmax : q < -qmax ? -qmax : q;
}

export interface Int8Matrix {
  values: Int8Array;
  scales: Float32Array;
}

/** W [k, n] (x @ W) to int8 with one scale per output column n. */
export function quantizePerColumn(w: Float32Array, k: number, n: number, qmax: WeightQmax): Int8Matrix {
  const absMax = new Float32Array(n);
  for (let r = 0; r < k; r++) {
    const row = r * n;
    for (let c = 0; c < n; c++) {
      const a = Math.abs(w[row + c]!);
      if (a > absMax[c]!) absMax[c] = a;
    }
  }
  // A Float32Array: quantise with the float32 scales that the runtime will multiply by.
  const scales = absMax.map((m) => (m > 0 ? m / qmax : 1));
  const inverse = Float64Array.from(scales, (s) => 1 / s);
  const values = new Int8Array(k * n);
  for (let r = 0; r < k; r++) {
    const row = r * n;
    for (let c = 0; c < n; c++) values[row + c] = quantizeValue(w[row + c]!, inverse[c]!, qmax);
  }
  return { values, scales };
}

/**
 * An embedding table [rows, cols] to int8 with one scale per row, reading it in blocks so that an
 * unaligned 384 MB table is never copied whole. Rows of zeros (a padding row) keep scale 1 and stay exactly 0.
 */
export function quantizePerRow(t: TensorProto, rows: number, cols: number, qmax: WeightQmax): Int8Matrix {
  const raw = t.rawData;
  const aligned = !raw || raw.length === 0 || raw.byteOffset % 4 === 0;
  const whole = aligned ? floatValues(t) : null;
  const BLOCK = 4096;
  const scratch = whole ? null : new Float32Array(BLOCK * cols);
  const values = new Int8Array(rows * cols);
  const scales = new Float32Array(rows);
  for (let start = 0; start < rows; start += BLOCK) {
    const count = Math.min(BLOCK, rows - start);
    let block: Float32Array;
    if (whole) {
      block = whole.subarray(start * cols, (start + count) * cols);
    } else {
      const bytes = raw!.subarray(start * cols * 4, (start + count) * cols * 4);
      new Uint8Array(scratch!.buffer, 0, bytes.length).set(bytes);
      block = scratch!.subarray(0, count * cols);
    }
    for (let r = 0; r < count; r++) {
      const off = r * cols;
      let m = 0;
      for (let c = 0; c < cols; c++) {
        const a = Math.abs(block[off + c]!);
        if (a > m) m = a;
      }
      const scale = m > 0 ? Math.fround(m / qmax) : 1;
      scales[start + r] = scale;
      const inverse = 1 / scale;
      const out = (start + r) * cols;
      for (let c = 0; c < cols; c++) values[out + c] = quantizeValue(block[off + c]!, inverse, qmax);
    }
  }
  return { values, scales };
}

/** A TensorProto whose raw_data is a view of `data` (no copy; see [Note: zero-copy tensors]). */
export function rawTensor(name: string, dims: number[], dataType: number, data: Int8Array | Float32Array | Uint8Array): TensorProto {
  return { name, dims, dataType, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
