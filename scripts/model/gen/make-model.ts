// Writes a generated XLM-R NLI model folder in the Hugging Face hub layout (config.json, tokenizer
// files, onnx/model.onnx). Used by `npm run make-model` and by tests (into a temporary folder).
// Tooling for tests and benchmarks, no part of the app: production code may not import it (eslint).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeHubModel } from './hub-folder';
import { buildXlmrGraph } from './xlmr-graph';
import { configJson, DEFAULT_SEED, MODEL_SIZES, type SizeName } from './model-sizes';
import { parseSpmModel } from './spm-model';
import { specialTokensMapJson, tokenizerConfigJson, tokenizerJson, xlmrVocab } from './tokenizer-files';

export const TINY_SPM_MODEL = fileURLToPath(new URL('./assets/tiny-spm.model', import.meta.url));

export interface MadeModel {
  dir: string;
  size: SizeName;
  seed: number;
  vocabSize: number;
  onnxPath: string;
}

export function makeModel(opts: { size: SizeName; outDir: string; seed?: number }): MadeModel {
  const size = MODEL_SIZES[opts.size];
  const seed = opts.seed ?? DEFAULT_SEED;
  const spm = parseSpmModel(readFileSync(TINY_SPM_MODEL));
  const vocabSize = xlmrVocab(spm, size.vocabSize).length;
  const onnxPath = writeHubModel(
    opts.outDir,
    {
      config: configJson(size, vocabSize),
      tokenizer: tokenizerJson(spm, size.vocabSize),
      tokenizerConfig: tokenizerConfigJson(vocabSize - 1),
      specialTokensMap: specialTokensMapJson(),
    },
    {
      ...buildXlmrGraph(size, vocabSize),
      docString: `Generated XLM-R sequence classifier (${size.name}, seed ${seed}); random weights, not a trained model.`,
      seed,
    },
  );
  return { dir: opts.outDir, size: size.name, seed, vocabSize, onnxPath };
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
