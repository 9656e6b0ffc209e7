// Which model file a shard set is scored with, and where score-shard finds it. A shard set scores
// with the model the project's own runs use (precision/precision-switch.ts): fp32, or the int8
// variant after an accepted agreement check. Asking for the other precision is refused, since its
// merged run would not be the project's current predictions; an int8 file that lives in the app's
// data folder (quantised there) is copied into the shard folder, since the cluster has only the
// model folder and the shard folder.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { PrelabelError, type Precision } from '../../../common/contract';
import type { LoadedModel } from '../models/model-loader';
import { readPrecision } from '../nli/precision/project-precision';
import type { Db } from '../store/project-db';
import type { ShardModel, ShardOnnx } from './shard-format';

/** The name an int8 file shipped with the shards has in the shard folder. */
export const SHIPPED_INT8 = 'model.int8.onnx';

export interface ShardModelChoice {
  /** The model scored: fp32 as given, or its int8 variant loaded. */
  model: LoadedModel;
  onnx: ShardOnnx;
  /** An int8 file to copy into the shard folder (as SHIPPED_INT8), or null. */
  ship: string | null;
}

const refuse = (message: string) => new PrelabelError('INVALID_INPUT', message);

/** `wanted` undefined: the project's precision. `loadInt8` loads the fp32 model's folder with another ONNX file. */
export async function shardModelFor(
  db: Db,
  fp32: LoadedModel,
  wanted: Precision | undefined,
  loadInt8: (path: string) => Promise<LoadedModel>,
): Promise<ShardModelChoice> {
  if (fp32.info.precision === 'int8') throw refuse('Give the fp32 model folder: the shards find its int8 variant themselves.');
  const stored = readPrecision(db);
  const check = stored.check;
  const accepted = stored.precision === 'int8' && check?.accepted === true;
  const int8 = accepted && check.fp32Sha256 === fp32.info.sha256;
  const precision = wanted ?? (int8 ? 'int8' : 'fp32');
  if (precision === 'fp32') {
    if (int8)
      throw refuse(
        "The project scores with the int8 model, so an fp32 shard set would not give its current predictions: shard with --precision int8 (the project's), or switch the project to fp32 first.",
      );
    return { model: fp32, onnx: { in: 'model', path: 'onnx/model.onnx' }, ship: null };
  }
  if (!int8)
    throw refuse(
      accepted
        ? `The project's int8 agreement check was made for another model file (fp32 SHA-256 ${check.fp32Sha256.slice(0, 12)}…, this folder's ${fp32.info.sha256.slice(0, 12)}…): switch the project to int8 again with this model.`
        : "The project scores with fp32: switch it to int8 first (prelabel <project> --precision int8, or the Pre-label screen), so that the agreement check has passed and the merged run is the project's own.",
    );
  if (!existsSync(check.int8Path))
    throw refuse(`The int8 model file ${check.int8Path} of the project's agreement check is gone: switch the project to int8 again.`);
  const model = await loadInt8(check.int8Path);
  if (model.info.sha256 !== check.int8Sha256)
    throw refuse(`The int8 model file ${check.int8Path} changed since its agreement check: switch the project to int8 again.`);
  const rel = relative(fp32.dir, check.int8Path);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return { model, onnx: { in: 'model', path: rel.split(sep).join('/') }, ship: null };
  return { model, onnx: { in: 'shards', path: SHIPPED_INT8 }, ship: check.int8Path };
}

/** The ONNX file a shard is scored with, on the machine that scores it. */
export function shardOnnxPath(model: ShardModel, modelDir: string, shardPath: string): string {
  const onnx = model.onnx;
  if (onnx.path.split('/').includes('..') || isAbsolute(onnx.path))
    throw refuse(`${shardPath}: the shard names a model file outside its folders.`);
  return join(onnx.in === 'shards' ? dirname(shardPath) : modelDir, ...onnx.path.split('/'));
}
