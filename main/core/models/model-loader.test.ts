// Model folders through 'model.select': the tiny model accepted and remembered; each broken copy
// refused with a message naming the file and the problem; the SHA-256 cached by path, size, mtime.
import { cpSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../../scripts/model/gen/make-model';
import { hashCacheFile, sha256Cached } from './model-hash';
import { brokenCopy, damages, writeToyOnnx } from '../nli/test-support/broken-models';
import { loadFixtures, makeTinyModel, type TinyModel } from '../nli/test-support/tiny-model';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore, type TestCore } from '../test-support/test-core';

const tmp = useTempDir();
let model: TinyModel;
const cores: TestCore[] = [];

beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());
afterEach(async () => {
  for (const t of cores.splice(0)) {
    await t.core.shutdown();
    await t.core.context.engine.close();
  }
});

function core(dir = tmp()): TestCore {
  const t = makeTestCore(dir);
  cores.push(t);
  return t;
}

async function refusal(t: TestCore, path: string): Promise<{ code: string; message: string }> {
  const r = await t.raw('model.select', { path });
  if (r.ok) throw new Error(`${path} was accepted`);
  return r.error;
}

describe('model.select', () => {
  it('accepts the tiny model, describes it, and remembers it across cores', async () => {
    const dir = tmp();
    const t = core(dir);
    expect(await t.call('model.current', {})).toBeNull();
    const info = await t.call('model.select', { path: model.dir });
    expect(info).toEqual({
      id: 'tiny-xlmr',
      path: model.dir,
      sha256: sha256File(join(model.dir, 'onnx', 'model.onnx')),
      // The tiny model's label order differs from the real one on purpose.
      labels: { entailment: 1, neutral: 2, contradiction: 0 },
      inputs: ['input_ids', 'attention_mask'],
      maxLength: 512,
      sizeBytes: readFileSync(join(model.dir, 'onnx', 'model.onnx')).length,
    });
    expect(await t.call('model.current', {})).toEqual(info);
    const settings = JSON.parse(readFileSync(join(dir, 'data', 'settings.json'), 'utf8'));
    expect(settings.nliModel.path).toBe(model.dir);
    // A new core with the same data folder knows the model without loading it.
    const again = core(dir);
    expect(await again.call('model.current', {})).toEqual(info);
    expect(again.core.context.engine.client.pid).toBeUndefined();
  });

  it.each([
    [
      'a label2id without entailment',
      damages.noEntailment,
      /config\.json: label2id has no entailment class \(labels: LABEL_0, LABEL_1, LABEL_2\)/,
    ],
    [
      'a deleted tokenizer.json',
      damages.tokenizerDeleted,
      /tokenizer\.json is missing: a model folder holds config\.json, tokenizer\.json and onnx\/model\.onnx/,
    ],
    ['a corrupt tokenizer.json', damages.tokenizerGarbage, /tokenizer\.json: not valid JSON, so the tokenizer is damaged or incomplete/],
    ['a tokenizer.json that is no tokenizer', damages.tokenizerNotATokenizer, /tokenizer\.json: not a tokenizers JSON file/],
    [
      'a model.onnx truncated to half',
      damages.onnxTruncated,
      /onnx\/model\.onnx: the model file is damaged or incomplete \(onnxruntime cannot load it: .*\)\. Download onnx\/model\.onnx again/,
    ],
    [
      'an ONNX graph whose inputs do not fit',
      damages.onnxInputRenamed,
      /onnx\/model\.onnx: the model's inputs \(text_ids_, attention_mask\) do not fit: .*missing input_ids; unknown text_ids_/,
    ],
  ])('refuses %s, naming the file', async (_name, damage, message) => {
    const t = core();
    const broken = brokenCopy(model.dir, join(tmp(), 'broken-model'), damage);
    const error = await refusal(t, broken);
    expect(error.code).toBe('BAD_FILE');
    expect(error.message).toMatch(message);
    expect(error.message).toContain(broken);
    expect(await t.call('model.current', {})).toBeNull();
  });

  it('refuses an ONNX graph whose output does not have one logit per class', async () => {
    const t = core();
    const broken = brokenCopy(model.dir, join(tmp(), 'five-classes'), (dir) =>
      writeToyOnnx(join(dir, 'onnx', 'model.onnx'), ['input_ids', 'attention_mask'], 5),
    );
    expect((await refusal(t, broken)).message).toMatch(
      /model\.onnx: the output logits has shape \[batch, 5\], but config\.json's label2id lists 3 classes/,
    );
  });

  it('feeds token_type_ids (all zero) to a graph that declares it', async () => {
    const t = core();
    const dir = brokenCopy(model.dir, join(tmp(), 'with-token-types'), (d) =>
      writeToyOnnx(join(d, 'onnx', 'model.onnx'), ['input_ids', 'attention_mask', 'token_type_ids'], 3),
    );
    const info = await t.call('model.select', { path: dir });
    expect(info.inputs).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    const result = await t.call('nli.playground', { premise: 'A short text.', hypothesis: 'This is about sport.' });
    expect(result.logits).toHaveLength(3);
  });

  it('refuses a folder that does not exist, a file, and a partial folder, naming what is missing', async () => {
    const t = core();
    expect(await refusal(t, join(tmp(), 'nope'))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no such folder') });
    expect((await refusal(t, join(model.dir, 'config.json'))).message).toMatch(/config\.json is a file: choose the model's folder/);
    const partial = join(tmp(), 'partial');
    mkdirSync(partial);
    cpSync(join(model.dir, 'config.json'), join(partial, 'config.json'));
    expect((await refusal(t, partial)).message).toBe(
      `${partial}: not a complete model folder; missing tokenizer.json, onnx/model.onnx. A model folder holds config.json, tokenizer.json and onnx/model.onnx (the Hugging Face hub layout).`,
    );
  });
});

describe('model file hash', () => {
  it('is cached by path, size and mtime, and recomputed when the file changes', async () => {
    const dataDir = tmp();
    const dir = brokenCopy(model.dir, join(tmp(), 'copy'), () => {});
    const file = join(dir, 'onnx', 'model.onnx');
    const sha = await sha256Cached(file, dataDir);
    expect(sha).toBe(sha256File(file));
    const cache = JSON.parse(readFileSync(hashCacheFile(dataDir), 'utf8'));
    expect(cache[file]).toMatchObject({ sha256: sha, size: readFileSync(file).length });
    // A cached entry is trusted while size and mtime match (so a 428 MB file is not read again).
    cache[file].sha256 = 'f'.repeat(64);
    writeFileSync(hashCacheFile(dataDir), JSON.stringify(cache));
    expect(await sha256Cached(file, dataDir)).toBe('f'.repeat(64));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(await sha256Cached(file, dataDir)).toBe(sha);
  });
});
