// CLI: npm run make-model -- --size tiny|full --out DIR [--seed N] [--arch xlm-roberta|deberta-v2]
// (--arch deberta-v2: the tiny DeBERTa-v2 model of gen/deberta-model.ts; --size is then ignored)
import { parseArgs } from 'node:util';
import { makeDebertaModel } from './gen/deberta-model';
import { makeModel, sha256File } from './gen/make-model';
import { MODEL_SIZES, type SizeName } from './gen/model-sizes';

function main(): void {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'tiny' },
      out: { type: 'string' },
      seed: { type: 'string' },
      arch: { type: 'string', default: 'xlm-roberta' },
    },
  });
  const size = values.size as SizeName;
  if (!(size in MODEL_SIZES)) throw new Error(`--size must be tiny or full, not "${values.size}"`);
  if (!values.out) throw new Error('--out DIR is required: the folder to write the model into');
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`--seed must be an integer, not "${values.seed}"`);
  const started = Date.now();
  if (values.arch === 'deberta-v2') {
    const made = makeDebertaModel({ outDir: values.out, seed });
    console.log(
      `wrote tiny DeBERTa-v2 model (seed ${made.seed}, vocab ${made.vocabSize}) to ${made.dir} sha256 ${sha256File(made.onnxPath)}`,
    );
    return;
  }
  if (values.arch !== 'xlm-roberta') throw new Error(`--arch must be xlm-roberta or deberta-v2, not "${values.arch}"`);
  const made = makeModel({ size, outDir: values.out, seed });
  const hash = size === 'tiny' ? ` sha256 ${sha256File(made.onnxPath)}` : '';
  console.log(`wrote ${size} model (seed ${made.seed}, vocab ${made.vocabSize}) to ${made.dir} in ${Date.now() - started} ms${hash}`);
}

try {
  main();
} catch (err) {
  console.error(`make-model: ${(err as Error).message}`);
  process.exit(1);
}
