// Writes a generated XLM-R NLI model folder in the Hugging Face hub layout (config.json, tokenizer
// files, onnx/model.onnx). Used by `npm run make-model` and by tests (into a temporary folder).
// Tooling for tests and benchmarks, no part of the app: production code may not import it (eslint).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildXlmrGraph } from './xlmr-graph';
import { configJson, DEFAULT_SEED, MODEL_SIZES, type SizeName } from './model-sizes';
import { writeOnnxModel } from './onnx-writer';
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

  mkdirSync(join(opts.outDir, 'onnx'), { recursive: true });
  const json = (name: string, value: object) => writeFileSync(join(opts.outDir, name), JSON.stringify(value, null, 2) + '\n');
  json('config.json', configJson(size, vocabSize));
  // tokenizer.json is compact, like the hub's: the full size's vocabulary has 250k entries.
  writeFileSync(join(opts.outDir, 'tokenizer.json'), JSON.stringify(tokenizerJson(spm, size.vocabSize)));
  json('tokenizer_config.json', tokenizerConfigJson(vocabSize - 1));
  json('special_tokens_map.json', specialTokensMapJson());

  const { graph, initializers } = buildXlmrGraph(size, vocabSize);
  const onnxPath = join(opts.outDir, 'onnx', 'model.onnx');
  writeOnnxModel(
    onnxPath,
    {
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      producerName: 'prelabel make-model',
      producerVersion: '1',
      docString: `Generated XLM-R sequence classifier (${size.name}, seed ${seed}); random weights, not a trained model.`,
      graph,
    },
    initializers,
    seed,
  );
  return { dir: opts.outDir, size: size.name, seed, vocabSize, onnxPath };
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
