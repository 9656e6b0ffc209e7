// Writes a generated model folder in the Hugging Face hub layout: config.json, tokenizer.json
// (compact, like the hub's: the full size's vocabulary has 250k entries), tokenizer_config.json,
// special_tokens_map.json and onnx/model.onnx. Shared by the XLM-R and DeBERTa generators.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedGraph } from './graph-builder';
import { writeOnnxModel } from './onnx-writer';

export interface HubFiles {
  config: object;
  tokenizer: object;
  tokenizerConfig: object;
  specialTokensMap: object;
}

/** Writes the folder; returns the path of onnx/model.onnx. */
export function writeHubModel(outDir: string, files: HubFiles, model: GeneratedGraph & { docString: string; seed: number }): string {
  mkdirSync(join(outDir, 'onnx'), { recursive: true });
  const json = (name: string, value: object) => writeFileSync(join(outDir, name), JSON.stringify(value, null, 2) + '\n');
  json('config.json', files.config);
  writeFileSync(join(outDir, 'tokenizer.json'), JSON.stringify(files.tokenizer));
  json('tokenizer_config.json', files.tokenizerConfig);
  json('special_tokens_map.json', files.specialTokensMap);
  const onnxPath = join(outDir, 'onnx', 'model.onnx');
  writeOnnxModel(
    onnxPath,
    {
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      producerName: 'prelabel make-model',
      producerVersion: '1',
      docString: model.docString,
      graph: model.graph,
    },
    model.initializers,
    model.seed,
  );
  return onnxPath;
}
