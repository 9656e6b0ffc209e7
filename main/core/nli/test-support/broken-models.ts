// Test support: broken copies of a model folder, and a toy ONNX graph with chosen inputs and
// number of classes (to check what the loader accepts and refuses).
import { cpSync, readFileSync, rmSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx, writeOnnxModel } from '../../../../scripts/model/gen/onnx-writer';

/** A copy of a model folder, changed by `damage`. */
export function brokenCopy(modelDir: string, target: string, damage: (dir: string) => void): string {
  cpSync(modelDir, target, { recursive: true });
  damage(target);
  return target;
}

export const damages = {
  noEntailment: (dir: string) => {
    const path = join(dir, 'config.json');
    const config = JSON.parse(readFileSync(path, 'utf8'));
    config.label2id = { LABEL_0: 0, LABEL_1: 1, LABEL_2: 2 };
    config.id2label = { 0: 'LABEL_0', 1: 'LABEL_1', 2: 'LABEL_2' };
    writeFileSync(path, JSON.stringify(config));
  },
  tokenizerDeleted: (dir: string) => rmSync(join(dir, 'tokenizer.json')),
  tokenizerGarbage: (dir: string) =>
    writeFileSync(join(dir, 'tokenizer.json'), Buffer.from([0x7b, 0x22, 0x6d, 0x6f, 0xff, 0x00, 0x13, 0x37])),
  tokenizerNotATokenizer: (dir: string) => writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify({ vocab: ['a', 'b'] })),
  onnxTruncated: (dir: string) => {
    const path = join(dir, 'onnx', 'model.onnx');
    truncateSync(path, Math.floor(statSync(path).size / 2));
  },
  /** The same graph with its input_ids input renamed (same byte length, so the protobuf stays valid). */
  onnxInputRenamed: (dir: string) => {
    const path = join(dir, 'onnx', 'model.onnx');
    const bytes = readFileSync(path);
    const from = Buffer.from('input_ids');
    const to = Buffer.from('text_ids_');
    for (let i = bytes.indexOf(from); i >= 0; i = bytes.indexOf(from, i + 1)) to.copy(bytes, i);
    writeFileSync(path, bytes);
  },
};

/**
 * A toy graph: every input (int64 [batch, sequence]) cast to float and summed, averaged over the
 * sequence, times a [1, classes] weight: logits [batch, classes]. Not a language model; it checks
 * input and output handling only.
 */
export function writeToyOnnx(path: string, inputs: string[], classes: number): void {
  const T = onnx.TensorProto.DataType;
  const AT = onnx.AttributeProto.AttributeType;
  const dims = (...names: Array<string | number>) => ({
    dim: names.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
  });
  const nodes = inputs.map((name, i) => ({
    opType: 'Cast',
    input: [name],
    output: [`f${i}`],
    attribute: [{ name: 'to', type: AT.INT, i: T.FLOAT }],
  }));
  let sum = 'f0';
  for (let i = 1; i < inputs.length; i++) {
    nodes.push({ opType: 'Add', input: [sum, `f${i}`], output: [`s${i}`], attribute: [] });
    sum = `s${i}`;
  }
  nodes.push({
    opType: 'ReduceMean',
    input: [sum],
    output: ['mean'],
    attribute: [{ name: 'axes', type: AT.INTS, ints: [1] } as never, { name: 'keepdims', type: AT.INT, i: 1 }],
  });
  nodes.push({ opType: 'MatMul', input: ['mean', 'w'], output: ['logits'], attribute: [] });
  writeOnnxModel(
    path,
    {
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      producerName: 'prelabel test',
      graph: {
        name: 'toy',
        node: nodes,
        input: inputs.map((name) => ({ name, type: { tensorType: { elemType: T.INT64, shape: dims('batch', 'sequence') } } })),
        output: [{ name: 'logits', type: { tensorType: { elemType: T.FLOAT, shape: dims('batch', classes) } } }],
      },
    },
    [{ name: 'w', dims: [1, classes], data: Float32Array.from({ length: classes }, (_, i) => (i + 1) / 1000) }],
    1,
  );
}
