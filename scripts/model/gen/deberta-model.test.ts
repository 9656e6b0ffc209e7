// The DeBERTa generator: hub layout with DeBERTa-v2 config facts, a DeBERTa-v3 tokenizer.json, the
// graph's weights under Hugging Face's names, determinism for a seed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelConfig } from '../../../main/core/models/model-config';
import { buildDebertaGraph } from './deberta-graph';
import { DEBERTA_TINY, DEBERTA_TINY_SPREAD, makeDebertaModel } from './deberta-model';
import { sha256File } from './make-model';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'prelabel-gen-deberta-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const readJson = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

describe('makeDebertaModel', () => {
  it('writes the hub layout with DeBERTa-v2 facts and a label order unlike the XLM-R models', () => {
    const made = makeDebertaModel({ outDir: join(root, 'a') });
    expect(readJson(made.dir, 'config.json')).toMatchObject({
      architectures: ['DebertaV2ForSequenceClassification'],
      model_type: 'deberta-v2',
      relative_attention: true,
      position_biased_input: false,
      position_buckets: 16,
      max_relative_positions: -1,
      max_position_embeddings: 512,
      pos_att_type: ['p2c', 'c2p'],
      share_att_key: true,
      norm_rel_ebd: 'layer_norm',
      type_vocab_size: 2,
      pad_token_id: 0,
      layer_norm_eps: 1e-7,
      vocab_size: made.vocabSize,
    });
    expect(loadModelConfig(made.dir).indices).toEqual({ entailment: 2, contradiction: 1, neutral: 0 });
    const tj = readJson(made.dir, 'tokenizer.json');
    expect(tj.model).toMatchObject({ type: 'Unigram', unk_id: 3 });
    expect(tj.model.vocab.slice(0, 4).map((v: [string, number]) => v[0])).toEqual(['[PAD]', '[CLS]', '[SEP]', '[UNK]']);
    expect(tj.model.vocab.at(-1)[0]).toBe('[MASK]');
    expect(tj.model.vocab).toHaveLength(made.vocabSize);
    expect(tj.normalizer.normalizers.map((n: { type: string }) => n.type)).toEqual(['Strip', 'Precompiled', 'Replace']);
    expect(tj.pre_tokenizer).toMatchObject({ type: 'Sequence', pretokenizers: [{ type: 'Metaspace', prepend_scheme: 'always' }] });
    expect(tj.post_processor.pair).toEqual([
      { SpecialToken: { id: '[CLS]', type_id: 0 } },
      { Sequence: { id: 'A', type_id: 0 } },
      { SpecialToken: { id: '[SEP]', type_id: 0 } },
      { Sequence: { id: 'B', type_id: 1 } },
      { SpecialToken: { id: '[SEP]', type_id: 1 } },
    ]);
    expect(readJson(made.dir, 'tokenizer_config.json')).toMatchObject({ tokenizer_class: 'DebertaV2Tokenizer', pad_token: '[PAD]' });
  });

  it('is deterministic for a seed and differs for another seed', () => {
    const a = makeDebertaModel({ outDir: join(root, 'b1') });
    const b = makeDebertaModel({ outDir: join(root, 'b2') });
    const c = makeDebertaModel({ outDir: join(root, 'b3'), seed: 7 });
    expect(sha256File(a.onnxPath)).toBe(sha256File(b.onnxPath));
    expect(sha256File(c.onnxPath)).not.toBe(sha256File(a.onnxPath));
  });

  it("names its weights as Hugging Face's DebertaV2ForSequenceClassification does, with no absolute position table", () => {
    const names = buildDebertaGraph(DEBERTA_TINY, 100).initializers.map((i) => i.name);
    for (const n of [
      'deberta.embeddings.word_embeddings.weight',
      'deberta.embeddings.token_type_embeddings.weight',
      'deberta.encoder.rel_embeddings.weight',
      'deberta.encoder.LayerNorm.weight',
      'deberta.encoder.layer.1.attention.self.query_proj.weight',
      'deberta.encoder.layer.1.attention.self.key_proj.bias',
      'deberta.encoder.layer.1.attention.self.value_proj.weight',
      'pooler.dense.weight',
      'classifier.weight',
    ])
      expect(names).toContain(n);
    expect(names.some((n) => n.includes('position_embeddings'))).toBe(false);
    expect(buildDebertaGraph({ ...DEBERTA_TINY, typeVocab: 0 }, 100).graph.input!.map((i) => i.name)).toEqual([
      'input_ids',
      'attention_mask',
    ]);
  });

  it('the spread model differs from the tiny one only in its planted classifier bias', () => {
    const plain = buildDebertaGraph(DEBERTA_TINY, 100);
    const spread = buildDebertaGraph(DEBERTA_TINY_SPREAD, 100);
    expect(spread.graph).toEqual(plain.graph);
    expect(spread.initializers.map((i) => i.name)).toEqual(plain.initializers.map((i) => i.name));
    spread.initializers.forEach((init, k) => {
      if (init.name === 'classifier.bias')
        expect(Array.from(init.data as Float32Array)).toEqual(Array.from(Float32Array.from(DEBERTA_TINY_SPREAD.classifierBias!)));
      else expect(init).toEqual(plain.initializers[k]);
    });
    expect(() => buildDebertaGraph({ ...DEBERTA_TINY, classifierBias: [1, 2] }, 100)).toThrow('classifier bias: 2 values for 3 classes');
  });
});
