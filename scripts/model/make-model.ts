// CLI: npm run make-model -- --size tiny|full --out DIR [--seed N] [--arch xlm-roberta|deberta-v2] [--planted-head]
// (--arch deberta-v2: the tiny DeBERTa-v2 model of gen/deberta-model.ts; --size is then ignored;
// --planted-head: its classes spread over XNLI, DEBERTA_TINY_SPREAD)
import { parseArgs } from 'node:util';
import { DEBERTA_TINY, DEBERTA_TINY_SPREAD, makeDebertaModel } from './gen/deberta-model';
import { makeModel, sha256File } from './gen/make-model';
import { MODEL_SIZES, type SizeName } from './gen/model-sizes';

function main(): void {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'tiny' },
      out: { type: 'string' },
      seed: { type: 'string' },
      arch: { type: 'string', default: 'xlm-roberta' },
      'planted-head': { type: 'boolean', default: false },
    },
  });
  const size = values.size as SizeName;
  if (!(size in MODEL_SIZES)) throw new Error(`--size must be tiny or full, not "${values.size}"`);
  if (!values.out) throw new Error('--out DIR is required: the folder to write the model into');
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`--seed must be an integer, not "${values.seed}"`);
  const started = Date.now();
  if (values.arch === 'deberta-v2') {
    const planted = values['planted-head'];
    const made = makeDebertaModel({ outDir: values.out, seed, size: planted ? DEBERTA_TINY_SPREAD : DEBERTA_TINY });
    console.log(
      `wrote tiny DeBERTa-v2 model${planted ? ' with the planted head' : ''} (seed ${made.seed}, vocab ${made.vocabSize}) to ${made.dir} sha256 ${sha256File(made.onnxPath)}`,
    );
    return;
  }
  if (values['planted-head']) throw new Error('--planted-head is for --arch deberta-v2');
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
