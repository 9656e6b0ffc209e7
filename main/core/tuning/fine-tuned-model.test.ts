// A model fine-tuned elsewhere and copied in (docs/FINE-TUNING.md): the same architecture and
// tokenizer with other weights, in a folder of its own (here the tiny model's files with a graph of
// another seed, as a fine-tuned checkpoint exported by optimum differs only in its weights). It is
// validated like any model, the question's predictions of the first model become stale, and its
// run is marked with its own model id and SHA-256; evaluation.run names it.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeModel, sha256File } from '../../../scripts/model/gen/make-model';
import { runEnd } from '../nli/test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../nli/test-support/tiny-model';
import { goldProject } from './test-support/gold-project';

let root = '';
let model: TinyModel;
beforeAll(() => {
  model = makeTinyModel(loadFixtures());
  root = mkdtempSync(join(tmpdir(), 'prelabel-finetuned-'));
});
afterAll(() => {
  model?.cleanup();
  rmSync(root, { recursive: true, force: true });
});

describe('a fine-tuned model folder copied in', () => {
  it('is validated like any model and its runs carry its own id and SHA-256', async () => {
    const { t, codebook } = await goldProject(join(root, 'p'), model.dir, 30);
    try {
      const q = codebook.questions[0]!;
      const first = await t.call('prelabel.status', { questionId: q.id });
      expect(first.run).toMatchObject({ modelId: 'tiny-xlmr', modelSha256: sha256File(join(model.dir, 'onnx', 'model.onnx')) });

      // The "fine-tuned" folder: the same config and tokenizer, other weights.
      const other = makeModel({ size: 'tiny', outDir: join(root, 'other'), seed: 7 });
      const tuned = join(root, 'tiny-xlmr-finetuned');
      mkdirSync(join(tuned, 'onnx'), { recursive: true });
      for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'])
        copyFileSync(join(model.dir, f), join(tuned, f));
      copyFileSync(other.onnxPath, join(tuned, 'onnx', 'model.onnx'));
      const tunedSha = sha256File(join(tuned, 'onnx', 'model.onnx'));

      const info = await t.call('model.select', { path: tuned });
      expect(info).toMatchObject({ id: 'tiny-xlmr-finetuned', sha256: tunedSha });
      expect(info.sha256).not.toBe(first.run!.modelSha256);
      // The first model's predictions are stale under the new one.
      expect(await t.call('prelabel.status', { questionId: q.id })).toMatchObject({ scored: 0, stale: 30 });

      const from = t.events.length;
      const run = await t.call('prelabel.start', { questionId: q.id });
      expect((await runEnd(t, run.id, from)).status).toBe('done');
      const after = await t.call('prelabel.status', { questionId: q.id });
      expect(after.run).toMatchObject({ modelId: 'tiny-xlmr-finetuned', modelSha256: tunedSha });
      expect(after.run!.modelInputHash).not.toBe(first.run!.modelInputHash);
      const evaluated = await t.call('evaluation.run', { questionId: q.id, against: 'gold' });
      expect(JSON.stringify(evaluated.model)).toContain(tunedSha);
    } finally {
      await t.core.shutdown();
      await t.core.context.engine.close();
    }
  }, 120_000);
});
