// The int8 weight maths: symmetric scales per column and per row, exact zeros, no int8 wrap-around,
// and the same result whether a tensor's raw_data is aligned in the file or not.
import { describe, expect, it } from 'vitest';
import { FULL_RANGE, REDUCED_RANGE, floatValues, quantizePerColumn, quantizePerRow, rawTensor } from './int8-weights';
import { onnx } from './onnx-file';

const T = onnx.TensorProto.DataType;

function seeded(n: number, seed = 7): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return (s / 2 ** 31) * 2 - 1;
  });
}

/** A FLOAT tensor whose raw_data starts at an odd byte offset, as inside a protobuf file. */
function unaligned(name: string, dims: number[], values: Float32Array) {
  const bytes = new Uint8Array(values.byteLength + 3);
  bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), 3);
  return { name, dims, dataType: T.FLOAT, rawData: bytes.subarray(3) };
}

describe('per-column weights', () => {
  it('reconstructs each weight within half a step of its own column', () => {
    const [k, n] = [17, 5];
    const w = seeded(k * n);
    for (let c = 0; c < n; c++) w[c] = 8 * w[c]!; // column scales differ by 8x
    const { values, scales } = quantizePerColumn(w, k, n, FULL_RANGE);
    for (let i = 0; i < w.length; i++) expect(Math.abs(values[i]! * scales[i % n]! - w[i]!)).toBeLessThanOrEqual(scales[i % n]! / 2 + 1e-7);
    for (let c = 0; c < n; c++) expect(Math.max(...Array.from({ length: k }, (_, r) => Math.abs(values[r * n + c]!)))).toBe(127);
  });

  it('keeps an all-zero column exactly zero with scale 1', () => {
    const w = new Float32Array([0, 1, 0, -2]);
    const { values, scales } = quantizePerColumn(w, 2, 2, FULL_RANGE);
    expect(Array.from(scales)).toEqual([1, 2 / 127].map(Math.fround));
    expect(Array.from(values)).toEqual([0, 64, 0, -127]);
  });

  it('never wraps around: the extremes map to +-qmax, 7-bit weights stay within +-64', () => {
    const w = new Float32Array([3, -3, 2.999999, -1]);
    expect(Array.from(quantizePerColumn(w, 4, 1, FULL_RANGE).values)).toEqual([127, -127, 127, -42]);
    const reduced = quantizePerColumn(seeded(400), 20, 20, REDUCED_RANGE).values;
    expect(Math.max(...reduced)).toBe(64);
    expect(Math.min(...reduced)).toBeGreaterThanOrEqual(-64);
  });
});

describe('per-row embedding tables', () => {
  const [rows, cols] = [9000, 6]; // more rows than one block of 4096
  const table = seeded(rows * cols, 11);
  table.fill(0, cols, 2 * cols); // row 1 is a padding row of zeros

  it('reconstructs each row within half a step of its own scale, and a zero row exactly', () => {
    const { values, scales } = quantizePerRow(rawTensor('t', [rows, cols], T.FLOAT, table), rows, cols, FULL_RANGE);
    expect(scales[1]).toBe(1);
    expect(Array.from(values.subarray(cols, 2 * cols))).toEqual([0, 0, 0, 0, 0, 0]);
    let worst = 0; // error in steps of the row's own scale
    for (let i = 0; i < table.length; i++) {
      const s = scales[Math.floor(i / cols)]!;
      worst = Math.max(worst, Math.abs(values[i]! * s - table[i]!) / s);
    }
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-5);
  });

  it('gives the same bytes for raw_data at an unaligned offset (read in blocks, not copied whole)', () => {
    const aligned = quantizePerRow(rawTensor('t', [rows, cols], T.FLOAT, table), rows, cols, FULL_RANGE);
    const shifted = quantizePerRow(unaligned('t', [rows, cols], table), rows, cols, FULL_RANGE);
    expect(Buffer.from(shifted.values.buffer).equals(Buffer.from(aligned.values.buffer))).toBe(true);
    expect(Buffer.from(shifted.scales.buffer).equals(Buffer.from(aligned.scales.buffer))).toBe(true);
  });
});

describe('float values of a tensor', () => {
  it('reads raw_data (aligned or not) and float_data alike', () => {
    const v = new Float32Array([1.5, -2, 3.25]);
    expect(floatValues(rawTensor('a', [3], T.FLOAT, v))).toEqual(v);
    expect(floatValues(unaligned('b', [3], v))).toEqual(v);
    expect(floatValues({ name: 'c', dims: [3], dataType: T.FLOAT, floatData: [1.5, -2, 3.25] })).toEqual(v);
  });

  it('refuses a tensor whose byte count does not match its shape', () => {
    expect(() => floatValues(rawTensor('d', [4], T.FLOAT, new Float32Array(3)))).toThrow(/12 bytes for 4 floats/);
  });
});
