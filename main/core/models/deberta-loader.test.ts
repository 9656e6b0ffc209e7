// A DeBERTa-v2/v3 model folder through 'model.select': accepted and described like any model (its
// own id and SHA-256, token_type_ids among its inputs, label indices from label2id); a broken
// tokenizer, a model without an entailment label or a tokenizer whose type ids the model cannot
// embed refused in one line that names the file.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEBERTA_TINY, makeDebertaModel } from '../../../scripts/model/gen/deberta-model';
import { sha256File } from '../../../scripts/model/gen/make-model';
import { brokenCopy, damages } from '../nli/test-support/broken-models';
import { loadDebertaFixtures, makeDebertaTinyModel, type DebertaModel } from '../nli/test-support/deberta-model';
import { loadFixtures, makeTinyModel, type TinyModel } from '../nli/test-support/tiny-model';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore, type TestCore } from '../test-support/test-core';

const tmp = useTempDir();
let deberta: DebertaModel;
let xlmr: TinyModel;
const cores: TestCore[] = [];

beforeAll(() => {
  deberta = makeDebertaTinyModel(loadDebertaFixtures());
  xlmr = makeTinyModel(loadFixtures());
});
afterAll(() => {
  deberta?.cleanup();
  xlmr?.cleanup();
});
afterEach(async () => {
  for (const t of cores.splice(0)) {
    await t.core.shutdown();
    await t.core.context.engine.close();
  }
});

function core(): TestCore {
  const t = makeTestCore(tmp());
  cores.push(t);
  return t;
}

async function refusal(t: TestCore, path: string): Promise<{ code: string; message: string }> {
  const r = await t.raw('model.select', { path });
  if (r.ok) throw new Error(`${path} was accepted`);
  return r.error;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON file edited by the damages below
type Json = Record<string, any>;
const editJson = (file: string, edit: (json: Json) => void) => (dir: string) => {
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, 'utf8')) as Json;
  edit(json);
  writeFileSync(path, JSON.stringify(json));
};

describe('model.select with a DeBERTa-v2 folder', () => {
  it('accepts it and describes it as another model than the XLM-R one', async () => {
    const t = core();
    const info = await t.call('model.select', { path: deberta.dir });
    expect(info).toEqual({
      id: 'tiny-deberta',
      path: deberta.dir,
      sha256: sha256File(join(deberta.dir, 'onnx', 'model.onnx')),
      labels: { entailment: 2, neutral: 0, contradiction: 1 },
      inputs: ['input_ids', 'attention_mask', 'token_type_ids'],
      maxLength: 512,
      sizeBytes: readFileSync(join(deberta.dir, 'onnx', 'model.onnx')).length,
    });
    const other = await t.call('model.select', { path: xlmr.dir });
    expect(other.id).not.toBe(info.id);
    expect(other.sha256).not.toBe(info.sha256);
  });

  it("accepts a DeBERTa-v3 export with type_vocab_size 0 and no token_type_ids input (the real checkpoints' shape) and scores a pair", async () => {
    const t = core();
    const dir = makeDebertaModel({ outDir: join(tmp(), 'v3-no-types'), size: { ...DEBERTA_TINY, typeVocab: 0 } }).dir;
    expect(await t.call('model.select', { path: dir })).toMatchObject({ id: 'v3-no-types', inputs: ['input_ids', 'attention_mask'] });
    const r = await t.call('nli.playground', { premise: 'The team won the match.', hypothesis: 'This example is sports.' });
    expect(r.logits.every((x) => Number.isFinite(x))).toBe(true);
    expect(r.entailment + r.neutral! + r.contradiction).toBeCloseTo(1, 10);
  });

  it.each([
    ['only do_lower_case and vocab_type', { do_lower_case: false, vocab_type: 'spm' }],
    [
      'pad_token as an AddedToken object',
      { pad_token: { content: '[PAD]', lstrip: false, normalized: false, rstrip: false, single_word: false } },
    ],
  ])("accepts a tokenizer_config.json with %s (pads with [PAD], config.json's pad_token_id 0)", async (_name, settings) => {
    const t = core();
    const copy = brokenCopy(deberta.dir, join(tmp(), 'copy'), (dir) =>
      writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(settings)),
    );
    expect(await t.call('model.select', { path: copy })).toMatchObject({ inputs: ['input_ids', 'attention_mask', 'token_type_ids'] });
  });

  it.each([
    [
      'a tokenizer.json without a post-processor',
      editJson('tokenizer.json', (j) => delete j.post_processor),
      /tokenizer\.json: has no post_processor, so the layout of premise\/hypothesis pairs is unknown\./,
    ],
    [
      'a tokenizer.json whose pair template names an unknown special token',
      editJson('tokenizer.json', (j) => delete j.post_processor.special_tokens['[SEP]']),
      /tokenizer\.json: post_processor names special token "\[SEP\]" without ids\./,
    ],
    ['a tokenizer.json that is not JSON', damages.tokenizerGarbage, /tokenizer\.json: not valid JSON/],
    [
      'a tokenizer that pads with a token it does not have',
      editJson('tokenizer_config.json', (j) => (j.pad_token = '<pad>')),
      /tokenizer\.json: has no padding token "<pad>"\./,
    ],
    [
      "a tokenizer whose pad id is not config.json's",
      editJson('config.json', (j) => (j.pad_token_id = 1)),
      /tokenizer\.json: pads with token id 0, but config\.json's pad_token_id is 1/,
    ],
    [
      'a model without an entailment label',
      damages.noEntailment,
      /config\.json: label2id has no entailment class \(labels: LABEL_0, LABEL_1, LABEL_2\)/,
    ],
    [
      'a model with one token type for a template that uses two',
      editJson('config.json', (j) => (j.type_vocab_size = 1)),
      /tokenizer\.json: the pair template gives token type id 1, but .*config\.json has type_vocab_size 1: the tokenizer and the model come from different models\./,
    ],
  ])('refuses %s in one line naming the file', async (_name, damage, message) => {
    const t = core();
    const broken = brokenCopy(deberta.dir, join(tmp(), 'broken'), damage);
    const error = await refusal(t, broken);
    expect(error.code).toBe('BAD_FILE');
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
    rmSync(broken, { recursive: true, force: true });
  });
});
