// Models the quantiser must refuse with a message a person can act on, writing nothing: no
// quantisable MatMul, no word embedding, already int8, float16, external data, an old opset, a
// file that is not ONNX. Also the file reader's round trip and its merging of graph chunks.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test-support/temp-dir';
import { rawTensor } from './int8-weights';
import { onnx, readModelFile, writeModelFile, type ModelProto, type NodeProto, type TensorProto } from './onnx-file';
import { quantizeModelFile } from './quantize-model';

const T = onnx.TensorProto.DataType;
const tempDir = useTempDir();

const input = (name: string, elemType: number, dims: number[]) => ({
  name,
  type: { tensorType: { elemType, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
});

/** A tiny NLI-shaped model: ids -> Gather(embedding) -> MatMul(weight) -> logits, with parts replaceable. */
function model(parts: { nodes?: NodeProto[]; inits?: TensorProto[]; opset?: number } = {}): ModelProto {
  const nodes = parts.nodes ?? [
    { opType: 'Gather', input: ['table', 'input_ids'], output: ['emb'], name: 'gather' },
    { opType: 'MatMul', input: ['emb', 'w'], output: ['logits'], name: 'head' },
  ];
  const inits = parts.inits ?? [
    rawTensor('table', [5, 4], T.FLOAT, new Float32Array(20).fill(0.5)),
    rawTensor('w', [4, 3], T.FLOAT, new Float32Array(12).fill(0.25)),
  ];
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: parts.opset ?? 17 }],
    graph: {
      name: 'g',
      node: nodes,
      initializer: inits,
      input: [input('input_ids', T.INT64, [1, 2])],
      output: [input('logits', T.FLOAT, [1, 2, 3])],
    },
  };
}

let made = 0;
function quantize(m: ModelProto | string) {
  const dir = tempDir();
  const src = join(dir, `model-${++made}.onnx`);
  if (typeof m === 'string') writeFileSync(src, m);
  else writeModelFile(src, m);
  const out = join(dir, `model-${made}.int8.onnx`);
  return { run: () => quantizeModelFile(src, out), out, src };
}

function expectRefusal(m: ModelProto | string, code: string, message: RegExp): void {
  const { run, out } = quantize(m);
  expect(run).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  expect(existsSync(out)).toBe(false);
  expect(existsSync(`${out}.partial`)).toBe(false);
}

describe('the quantiser accepts', () => {
  it('the smallest NLI-shaped model, and its output holds int8 weights and table', () => {
    const { run, out } = quantize(model());
    expect(run()).toMatchObject({ matmulsConverted: 1, embedding: { table: 'table', rows: 5, cols: 4 } });
    const types = Object.fromEntries(readModelFile(out).model.graph!.initializer!.map((t) => [t.name, t.dataType]));
    expect(types).toMatchObject({ table_quantized: T.INT8, table_row_scale: T.FLOAT, w_quantized: T.INT8, w_scale: T.FLOAT });
    expect(types).not.toHaveProperty('table');
    expect(types).not.toHaveProperty('w');
  });

  it('a weight also read by another node, keeping its fp32 copy for that node', () => {
    const m = model({ nodes: [...model().graph!.node!, { opType: 'Identity', input: ['w'], output: ['w_copy'], name: 'other' }] });
    m.graph!.output!.push(input('w_copy', T.FLOAT, [4, 3]));
    const { run, out } = quantize(m);
    expect(run().keptFloat).toEqual(['w']);
    expect(readModelFile(out).model.graph!.initializer!.map((t) => t.name)).toContain('w');
  });
});

describe('the quantiser refuses, with a message and no output file', () => {
  it('a model with no MatMul by a constant weight', () => {
    const nodes = [
      { opType: 'Gather', input: ['table', 'input_ids'], output: ['emb'], name: 'gather' },
      { opType: 'MatMul', input: ['emb', 'emb_t'], output: ['logits'], name: 'scores' },
      { opType: 'Transpose', input: ['emb'], output: ['emb_t'], name: 't' },
    ];
    expectRefusal(
      model({ nodes }),
      'UNSUPPORTED',
      /Nothing to quantise: the model has 1 MatMul node and none multiplies by a constant 2-D float32 weight/,
    );
  });

  it('an unexpected graph without a word-embedding lookup', () => {
    const nodes = [
      {
        opType: 'Cast',
        input: ['input_ids'],
        output: ['x'],
        name: 'cast',
        attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: T.FLOAT }],
      },
      { opType: 'MatMul', input: ['x', 'w'], output: ['logits'], name: 'head' },
    ];
    expectRefusal(model({ nodes }), 'UNSUPPORTED', /Unexpected model graph: no word-embedding lookup/);
  });

  it('a model that is already quantised', () => {
    const { run, out } = quantize(model());
    run();
    expectRefusal(readModelFile(out).model, 'UNSUPPORTED', /already quantised \(it has DynamicQuantizeLinear, MatMulInteger nodes\)/);
  });

  it('float16 weights', () => {
    const inits = [model().graph!.initializer![0]!, { name: 'w', dims: [4, 3], dataType: T.FLOAT16, rawData: new Uint8Array(24) }];
    expectRefusal(model({ inits }), 'UNSUPPORTED', /stores its weights as float16 \(w\).*fp32 export/);
  });

  it('weights in external data files', () => {
    const external = {
      name: 'w',
      dims: [4, 3],
      dataType: T.FLOAT,
      dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
      externalData: [{ key: 'location', value: 'weights.bin' }],
    };
    expectRefusal(
      model({ inits: [model().graph!.initializer![0]!, external] }),
      'UNSUPPORTED',
      /external data files \(tensor w\).*single-file models only/,
    );
  });

  it('an opset older than 11', () => {
    expectRefusal(model({ opset: 10 }), 'UNSUPPORTED', /opset 10; int8 needs opset 11 or later/);
  });

  it('a file that is not an ONNX model', () => {
    expectRefusal('premise\thypothesis\tlabel\n', 'BAD_FILE', /not (a readable ONNX model|an ONNX model)/);
  });

  it('writing over the fp32 model itself', () => {
    const { src } = quantize(model());
    expect(() => quantizeModelFile(src, src)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('a missing file', () => {
    expect(() => quantizeModelFile(join(tempDir(), 'none.onnx'), join(tempDir(), 'out.onnx'))).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });
});

describe('the model file reader', () => {
  it('merges repeated graph chunks, as protobuf parsers in C++ and Python do', () => {
    const path = join(tempDir(), 'chunks.onnx');
    writeModelFile(path, model({ inits: [] }));
    // Append one `graph { initializer {...} }` chunk per tensor, as model-gen's writer does.
    const chunks = model().graph!.initializer!.map((t) => onnx.ModelProto.encode({ graph: { initializer: [t] } }).finish());
    writeFileSync(path, Buffer.concat([readFileSync(path), ...chunks]));
    const { graph } = readModelFile(path).model;
    expect(graph!.node!.map((n) => n.name)).toEqual(['gather', 'head']);
    expect(graph!.initializer!.map((t) => t.name)).toEqual(['table', 'w']);
    expect(graph!.name).toBe('g');
  });
});
