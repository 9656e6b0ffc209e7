// The folders docs/FINE-TUNING.md has a user make, step by step, through model.select: the trainer's
// output (step 2: no ONNX) and optimum's export before the move (model.onnx beside config.json) are
// refused in one line naming onnx/model.onnx; after the move the folder loads, with the files
// save_pretrained and optimum leave beside it (the weights, spm.model, added_tokens.json), the keys
// they add to config.json, the "no limit" model_max_length DeBERTa-v3's tokenizer_config.json
// carries, and the 2-class head (entailment, not_entailment) step 2 trains. The Python itself is not
// run here (no transformers, torch or optimum on these machines): the folders are built from the
// generated models in the layouts those tools write.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ModelEvaluation } from '../../../common/contract';
import { DEBERTA_TINY, makeDebertaModel } from '../../../scripts/model/gen/deberta-model';
import { sha256File } from '../../../scripts/model/gen/make-model';
import { corpusFile } from '../test-support/corpora';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore, type TestCore } from '../test-support/test-core';

const tmp = useTempDir();
let root = '';
const cores: TestCore[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'prelabel-finetuning-layout-'));
  // Step 2's 2-class head on the DeBERTa architecture (token_type_ids among its inputs).
  makeDebertaModel({ outDir: join(root, 'generated'), size: { ...DEBERTA_TINY, labels: ['entailment', 'not_entailment'] } });
});
afterEach(async () => {
  for (const t of cores.splice(0)) {
    await t.core.shutdown();
    await t.core.context.engine.close();
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function core(): TestCore {
  const t = makeTestCore(tmp());
  cores.push(t);
  return t;
}

async function refusal(t: TestCore, path: string): Promise<string> {
  const r = await t.raw('model.select', { path, persist: false });
  if (r.ok) throw new Error(`${path} was accepted`);
  return r.error.message;
}

/** The generated folder as `trainer.save_model("out"); tok.save_pretrained("out")` leaves it (step 2). */
function trainerOutput(dir: string): void {
  const g = join(root, 'generated');
  mkdirSync(dir, { recursive: true });
  for (const f of ['tokenizer.json', 'special_tokens_map.json']) cpSync(join(g, f), join(dir, f));
  const config = JSON.parse(readFileSync(join(g, 'config.json'), 'utf8')) as Record<string, unknown>;
  // from_pretrained("out") records the folder it read: optimum's config.json says "out".
  Object.assign(config, {
    _name_or_path: 'out',
    problem_type: 'single_label_classification',
    torch_dtype: 'float32',
    transformers_version: '4.46.3',
  });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  // DeBERTa-v3's tokenizer_config.json says "no limit" with int(1e30), written as an integer.
  const tc = readFileSync(join(g, 'tokenizer_config.json'), 'utf8').replace(
    '"model_max_length": 512',
    '"model_max_length": 1000000000000000019884624838656',
  );
  expect(tc).toContain('1000000000000000019884624838656');
  writeFileSync(join(dir, 'tokenizer_config.json'), tc);
  writeFileSync(join(dir, 'added_tokens.json'), JSON.stringify({ '[MASK]': 1000 }));
  writeFileSync(join(dir, 'spm.model'), readFileSync(join(g, 'tokenizer.json')).subarray(0, 64)); // present, never read
  writeFileSync(join(dir, 'model.safetensors'), Buffer.alloc(16)); // present, never read
}

describe('the folders of docs/FINE-TUNING.md through model.select', () => {
  it("step 2's trainer output (no ONNX yet) is refused in one line that names onnx/model.onnx", async () => {
    const out = join(root, 'out');
    trainerOutput(out);
    const message = await refusal(core(), out);
    expect(message).toContain(join(out, 'onnx', 'model.onnx'));
    expect(message.split('\n')).toHaveLength(1);
  });

  it("step 3: optimum's model.onnx beside config.json is refused naming onnx/model.onnx; after the move the folder loads as its own model", async () => {
    const exported = join(root, 'out-onnx');
    trainerOutput(exported);
    cpSync(join(root, 'generated', 'onnx', 'model.onnx'), join(exported, 'model.onnx'));
    const t = core();
    const message = await refusal(t, exported);
    expect(message).toContain(join(exported, 'onnx', 'model.onnx'));
    expect(message.split('\n')).toHaveLength(1);

    // mkdir -p out-onnx/onnx && mv out-onnx/model.onnx out-onnx/onnx/model.onnx, then the folder renamed.
    mkdirSync(join(exported, 'onnx'));
    renameSync(join(exported, 'model.onnx'), join(exported, 'onnx', 'model.onnx'));
    const named = join(root, 'deberta-topic-ft-2026-12');
    renameSync(exported, named);
    const info = await t.call('model.select', { path: named, persist: false });
    expect(info).toMatchObject({
      id: 'deberta-topic-ft-2026-12',
      sha256: sha256File(join(named, 'onnx', 'model.onnx')),
      labels: { entailment: 0, neutral: null, contradiction: 1 },
      inputs: ['input_ids', 'attention_mask', 'token_type_ids'],
      // The "no limit" placeholder falls back to the position table's 512.
      maxLength: 512,
    });

    // Step 5's check runs on it: a 2-way XNLI evaluation (neutral and contradiction are not_entailment).
    const e = (await t.call('model.evaluate', {
      xnliDir: corpusFile('xnli_dev'),
      languages: ['en'],
      limit: 10,
      threads: 1,
      predictions: true,
    } as never)) as ModelEvaluation;
    expect(e).toMatchObject({ task: '2-way', classes: ['entailment', 'not_entailment'], id2label: ['entailment', 'not_entailment'] });
    expect(e.languages[0]!.pairs).toBe(10);
  });

  it("a config.json whose _name_or_path is still the base model's hub id shows that id (step 3 says to delete the key); the SHA-256 is the folder's own", async () => {
    const dir = join(root, 'deberta-topic-ft-hub-name');
    trainerOutput(dir);
    mkdirSync(join(dir, 'onnx'));
    cpSync(join(root, 'generated', 'onnx', 'model.onnx'), join(dir, 'onnx', 'model.onnx'));
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, _name_or_path: 'MoritzLaurer/mDeBERTa-v3-base-mnli-xnli' }));
    const t = core();
    expect(await t.call('model.select', { path: dir, persist: false })).toMatchObject({
      id: 'MoritzLaurer/mDeBERTa-v3-base-mnli-xnli',
      sha256: sha256File(join(dir, 'onnx', 'model.onnx')),
    });
    delete config._name_or_path;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    expect(await t.call('model.select', { path: dir, persist: false })).toMatchObject({ id: 'deberta-topic-ft-hub-name' });
  });
});
