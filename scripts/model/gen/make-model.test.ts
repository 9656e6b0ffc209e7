// The generator: hub layout, config facts, graph structure, determinism, full-size vocabulary.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelConfig } from '../../../main/core/models/model-config';
import { makeModel, sha256File, TINY_SPM_MODEL } from './make-model';
import { MODEL_SIZES } from './model-sizes';
import { onnx } from './onnx-writer';
import { parseSpmModel } from './spm-model';
import { xlmrVocab } from './tokenizer-files';
import { buildXlmrGraph } from './xlmr-graph';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'prelabel-gen-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const readJson = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

describe('makeModel tiny', () => {
  it("writes the hub layout with XLM-R facts and a label order unlike the real model's", () => {
    const made = makeModel({ size: 'tiny', outDir: join(root, 'a') });
    const config = readJson(made.dir, 'config.json');
    expect(config).toMatchObject({
      architectures: ['XLMRobertaForSequenceClassification'],
      model_type: 'xlm-roberta',
      hidden_act: 'gelu',
      layer_norm_eps: 1e-5,
      max_position_embeddings: 514,
      type_vocab_size: 1,
      pad_token_id: 1,
      bos_token_id: 0,
      eos_token_id: 2,
      vocab_size: made.vocabSize,
    });
    expect(config.label2id).toEqual({ contradiction: 0, entailment: 1, neutral: 2 });
    expect(loadModelConfig(made.dir).indices).toEqual({ entailment: 1, contradiction: 0, neutral: 2 });
    expect(readJson(made.dir, 'tokenizer_config.json')).toMatchObject({
      model_max_length: 512,
      pad_token: '<pad>',
      tokenizer_class: 'XLMRobertaTokenizer',
    });
    expect(readJson(made.dir, 'special_tokens_map.json').mask_token.content).toBe('<mask>');
    const tj = readJson(made.dir, 'tokenizer.json');
    expect(tj.model.type).toBe('Unigram');
    expect(tj.model.unk_id).toBe(3);
    expect(tj.pre_tokenizer).toMatchObject({ type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true });
    expect(tj.normalizer.normalizers[0].type).toBe('Precompiled');
    expect(tj.model.vocab.slice(0, 4).map((v: [string, number]) => v[0])).toEqual(['<s>', '<pad>', '</s>', '<unk>']);
    expect(tj.model.vocab.at(-1)[0]).toBe('<mask>');
    expect(tj.model.vocab).toHaveLength(made.vocabSize);
  });

  it('is deterministic for a seed and differs for another seed', () => {
    const a = makeModel({ size: 'tiny', outDir: join(root, 'b1') });
    const b = makeModel({ size: 'tiny', outDir: join(root, 'b2') });
    const c = makeModel({ size: 'tiny', outDir: join(root, 'b3'), seed: 7 });
    expect(sha256File(a.onnxPath)).toBe(sha256File(b.onnxPath));
    expect(sha256File(a.onnxPath)).not.toBe(sha256File(c.onnxPath));
  });

  it('loads in onnxruntime with dynamic batch and sequence and lets it fuse GELU', async () => {
    const made = makeModel({ size: 'tiny', outDir: join(root, 'c') });
    const optimized = join(root, 'c-optimized.onnx');
    const session = await ort.InferenceSession.create(made.onnxPath, {
      graphOptimizationLevel: 'extended',
      optimizedModelFilePath: optimized,
    });
    for (const [batch, seq] of [
      [1, 5],
      [3, 17],
    ] as const) {
      const ids = new BigInt64Array(batch * seq).fill(5n);
      const out = await session.run({
        input_ids: new ort.Tensor('int64', ids, [batch, seq]),
        attention_mask: new ort.Tensor('int64', new BigInt64Array(batch * seq).fill(1n), [batch, seq]),
      });
      expect(out.logits!.dims).toEqual([batch, 3]);
    }
    await session.release();
    // The optimizer's output is an ordinary protobuf (no merged chunks), so onnx-proto can read it.
    const ops = onnx.ModelProto.decode(readFileSync(optimized)).graph!.node!.map((n) => n.opType);
    expect(ops.some((op) => op === 'BiasGelu' || op === 'Gelu')).toBe(true);
  });
});

describe('the graph', () => {
  it('computes position ids from input_ids with pad id 1 through Equal, Not, Cast, CumSum, Mul, Add, Gather', () => {
    const { graph, initializers } = buildXlmrGraph(MODEL_SIZES.tiny, 100);
    const nodes = graph.node!;
    const producer = new Map(nodes.map((n) => [n.output![0]!, n]));
    const posGather = nodes.find((n) => n.opType === 'Gather' && n.input![0] === 'roberta.embeddings.position_embeddings.weight')!;
    const chain: string[] = [];
    for (let n = producer.get(posGather.input![1]!); n; n = producer.get(n.input![0]!)) chain.unshift(n.opType!);
    expect(chain).toEqual(['Equal', 'Not', 'Cast', 'CumSum', 'Mul', 'Cast', 'Add']);
    const pad = initializers.find((i) => i.name === 'const_pad_id')!;
    expect(Array.from(pad.data as BigInt64Array)).toEqual([1n]);
    expect(graph.input!.map((i) => i.name)).toEqual(['input_ids', 'attention_mask']);
  });

  it('has the real sizes at full size (vocabulary 250002, <mask> = 250001) without writing the file', () => {
    const vocab = xlmrVocab(parseSpmModel(readFileSync(TINY_SPM_MODEL)), 250002);
    expect(vocab).toHaveLength(250002);
    expect(vocab[250001]![0]).toBe('<mask>');
    const { initializers } = buildXlmrGraph(MODEL_SIZES.full, vocab.length);
    const params = (prefix: string) =>
      initializers.filter((i) => i.name.startsWith(prefix)).reduce((a, i) => a + i.dims.reduce((x, y) => x * y, 1), 0);
    expect(params('roberta.embeddings.word_embeddings')).toBe(250002 * 384);
    // MODEL.md: the six encoder layers hold about 10.6 M parameters.
    expect(params('roberta.encoder') / 1e6).toBeCloseTo(10.6, 1);
  });
});
