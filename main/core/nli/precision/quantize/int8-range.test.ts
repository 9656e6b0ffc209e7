// The int8 range check ([Note: int8 range check]): the quantiser's default 7-bit weights, the range
// read from the metadata and by a scan, the CPU classification, the one-line refusal, and what the
// refusal protects against measured with real onnxruntime on this machine: full-range weights are
// wrong on an x86 CPU without VNNI and right with VNNI, 7-bit weights right on both; on the tiny and
// the full-size generated model.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeModel } from '../../../../../scripts/model/gen/make-model';
import { corpusFile } from '../../../test-support/corpora';
import { NliTokenizer } from '../../scoring/tokenizer';
import { openSession, runLogits } from '../../test-support/run-logits';
import { loadFixtures, makeTinyModel, type TinyModel } from '../../test-support/tiny-model';
import { assertInt8RunsHere, classifyCpu, int8Cpu, int8Refusal, int8WeightRange, metadataValue } from './int8-range';
import { tensorDims } from './int8-weights';
import { compareLogits } from './logit-agreement';
import { onnx, readModelFile, writeModelFile } from './onnx-file';
import { quantizeModelFile, QUANTIZATION_METADATA_KEY } from './quantize-model';

/** The tiny model's measured 7-bit error is in quantize-model.test.ts ([Note: int8 error threshold]). */
const MAX_RELATIVE_ERROR = 0.08;
/** Saturated sums: measured 1.01 on the tiny model on an AMD EPYC with AVX2 only. */
const SATURATED_ERROR = 0.5;
const here = int8Cpu();
const vnni = here.fullRangeExact === true;
const withoutVnni = here.fullRangeExact === false;

let tiny: TinyModel;
let fp32Path: string;
let reduced: string;
let full: string;

beforeAll(() => {
  tiny = makeTinyModel(loadFixtures());
  fp32Path = join(tiny.dir, 'onnx', 'model.onnx');
  reduced = join(tiny.dir, 'onnx', 'model.int8.onnx');
  full = join(tiny.dir, 'onnx', 'model.full-range.onnx');
  quantizeModelFile(fp32Path, reduced);
  quantizeModelFile(fp32Path, full, { reduceRange: false });
});
afterAll(() => tiny?.cleanup());

/** The largest |q| of the int8 weights of the MatMulIntegers, decoded with the whole file. */
function matmulWeightMax(path: string): number {
  const graph = readModelFile(path).model.graph!;
  const inits = new Map(graph.initializer!.map((t) => [t.name, t]));
  let max = 0;
  for (const n of graph.node!.filter((x) => x.opType === 'MatMulInteger')) {
    const t = inits.get(n.input![1])!;
    expect(t.dataType).toBe(onnx.TensorProto.DataType.INT8);
    for (const v of new Int8Array(t.rawData!.buffer, t.rawData!.byteOffset, t.rawData!.length)) max = Math.max(max, Math.abs(v));
  }
  return max;
}

/** A copy of the file with the quantiser's note removed or replaced, as a file from elsewhere has. */
function withNote(path: string, value: string | null): string {
  const { model } = readModelFile(path);
  model.metadataProps = (model.metadataProps ?? []).filter((p) => p.key !== QUANTIZATION_METADATA_KEY);
  if (value !== null) model.metadataProps.push({ key: QUANTIZATION_METADATA_KEY, value });
  const out = `${path}.${value === null ? 'bare' : 'noted'}.onnx`;
  writeModelFile(out, model);
  return out;
}

describe('the range of an int8 file', () => {
  it('is 7-bit by default (every MatMul weight within +-64, reached in each column) and 127 only on request', () => {
    expect(matmulWeightMax(reduced)).toBe(64);
    expect(matmulWeightMax(full)).toBe(127);
    // The word embedding is looked up, never multiplied by an integer kernel: it keeps full precision.
    const inits = readModelFile(reduced).model.graph!.initializer!;
    const table = inits.find((t) => t.name === 'roberta.embeddings.word_embeddings.weight_quantized')!;
    expect(tensorDims(table)).toEqual([8002, 32]);
    const values = new Int8Array(table.rawData!.buffer, table.rawData!.byteOffset, table.rawData!.length);
    expect(values.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBe(127);
  });

  it('is read from the metadata the quantiser wrote, without decoding the graph, and equals a scan of the weights', () => {
    for (const [path, qmax] of [
      [reduced, 64],
      [full, 127],
    ] as const) {
      const decoded = readModelFile(path).model.metadataProps!.find((p) => p.key === QUANTIZATION_METADATA_KEY)!.value!;
      expect(metadataValue(readFileSync(path), QUANTIZATION_METADATA_KEY)).toBe(decoded);
      expect(JSON.parse(decoded)).toMatchObject({ weightQmax: qmax, reduceRange: qmax === 64 });
      expect(int8WeightRange(path)).toEqual({ maxAbs: qmax, from: 'metadata' });
      expect(int8WeightRange(withNote(path, null))).toEqual({ maxAbs: qmax, from: 'scan' });
    }
    // A file of an older Prelabel records only reduceRange (its default was full range).
    expect(int8WeightRange(withNote(full, JSON.stringify({ reduceRange: false })))).toEqual({ maxAbs: 127, from: 'metadata' });
    expect(metadataValue(readFileSync(fp32Path), QUANTIZATION_METADATA_KEY)).toBeNull();
    expect(int8WeightRange(fp32Path)).toEqual({ maxAbs: 0, from: 'scan' }); // no integer MatMul at all
  });
});

describe('the CPU', () => {
  it('is classified from its architecture and feature flags', () => {
    const epyc = 'fpu sse4_1 sse4_2 avx avx2 fma bmi2 sha_ni';
    expect(classifyCpu('x64', 'linux', epyc).fullRangeExact).toBe(false);
    expect(classifyCpu('x64', 'linux', `${epyc} avx512f avx512bw avx512vl`).fullRangeExact).toBe(false);
    expect(classifyCpu('x64', 'linux', `${epyc} avx512f avx512_vnni`).fullRangeExact).toBe(true);
    expect(classifyCpu('x64', 'linux', `${epyc} avx_vnni`).fullRangeExact).toBe(true);
    expect(classifyCpu('x64', 'darwin', 'rdseed adx smap avx512f avx512vnni').fullRangeExact).toBe(true);
    expect(classifyCpu('x64', 'win32', null).fullRangeExact).toBeNull();
    expect(classifyCpu('arm64', 'darwin', null).fullRangeExact).toBe(true);
    expect(classifyCpu('arm64', 'linux', 'fp asimd aes crc32 atomics asimddp').fullRangeExact).toBe(true);
    expect(classifyCpu('arm64', 'linux', 'fp asimd aes crc32').fullRangeExact).toBeNull();
    expect(classifyCpu('riscv64', 'linux', 'rv64imafdc').fullRangeExact).toBeNull();
  });

  it('a full-range file is refused in one line where it saturates or is not known not to; a 7-bit file runs everywhere', () => {
    const cpu = (fullRangeExact: boolean | null) =>
      classifyCpu('x64', 'linux', fullRangeExact === null ? null : fullRangeExact ? 'avx_vnni' : 'avx2');
    expect(() => assertInt8RunsHere(full, cpu(false))).toThrow(
      `The int8 model ${full} has weights up to +-127 (beyond 7 bits), which an x86 CPU without VNNI (AVX-512 VNNI or AVX-VNNI) adds in saturating 16-bit sums, so its int8 scores would be wrong: re-quantise it with 7-bit weights (switch the project to int8 again, or npm run quantize-model without --full-range).`,
    );
    expect(() => assertInt8RunsHere(full, cpu(null))).toThrow(
      /whose features could not be read may add in saturating 16-bit sums: re-quantise/,
    );
    expect(() => assertInt8RunsHere(full, cpu(true))).not.toThrow();
    for (const c of [cpu(false), cpu(null), cpu(true)]) expect(() => assertInt8RunsHere(reduced, c)).not.toThrow();
    expect(int8Refusal('x', { maxAbs: 65, from: 'scan' }, cpu(false))).toMatch(/up to \+-65/); // 2 x 255 x 65 > 32767
    expect(int8Refusal('x', { maxAbs: 64, from: 'scan' }, cpu(false))).toBeNull(); // 2 x 255 x 64 = 32640
  });
});

/** Logits of 100 XNLI pairs (10 languages) from each file, and their error against fp32. */
async function errors(dir: string, files: string[], threads: number): Promise<number[]> {
  const tok = NliTokenizer.fromModelDir(dir);
  const seqs = ['en', 'de', 'fr', 'es', 'ar', 'zh', 'ru', 'hi', 'sw', 'tr'].flatMap((lang) => {
    const rows = readFileSync(corpusFile('xnli_dev', `dev-${lang}.tsv`), 'utf8').split('\n');
    return Array.from({ length: 10 }, (_, i) => {
      const [p, h] = rows[i * 7]!.split('\t');
      return tok.encodePair(p!, h!, 512).inputIds;
    });
  });
  const logitsOf = async (path: string) => {
    const session = await openSession(path, threads);
    try {
      const out: number[] = [];
      for (let i = 0; i < seqs.length; i += 25) out.push(...(await runLogits(session, seqs.slice(i, i + 25), tok.padId)).flat());
      return out;
    } finally {
      await session.release();
    }
  };
  const reference = await logitsOf(join(dir, 'onnx', 'model.onnx'));
  const out: number[] = [];
  for (const f of files) out.push(compareLogits(reference, await logitsOf(f), 3).relativeError);
  return out;
}

describe(`on this machine (${here.description}), with onnxruntime`, () => {
  it('7-bit int8 logits are close to fp32 on the tiny model', async () => {
    const [err] = await errors(tiny.dir, [reduced], 1);
    expect(err).toBeGreaterThan(0);
    expect(err).toBeLessThan(MAX_RELATIVE_ERROR);
  });

  it.skipIf(!withoutVnni)(
    'full-range int8 logits are wrong here, which is why such a file is refused (skipped except on x86 CPUs without VNNI)',
    async () => {
      const [err] = await errors(tiny.dir, [full], 1);
      expect(err).toBeGreaterThan(SATURATED_ERROR);
      expect(() => assertInt8RunsHere(full)).toThrow(/saturating 16-bit sums, so its int8 scores would be wrong/);
    },
  );

  it.skipIf(!vnni)(
    'full-range int8 logits are close to fp32 here and the file is accepted (skipped on x86 CPUs without VNNI, where they saturate)',
    async () => {
      const [err] = await errors(tiny.dir, [full], 1);
      // Not yet run on a VNNI machine when written: the bound is the precision check's 0.2 (which full
      // range met on the AVX-512 VNNI machine of 2026-12-07), still far below the saturated 0.84.
      expect(err).toBeLessThan(0.2);
      expect(() => assertInt8RunsHere(full)).not.toThrow();
    },
  );

  it('7-bit int8 logits are close to fp32 on the full-size generated model (428 MB)', { timeout: 600_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'prelabel-int8-full-'));
    try {
      const made = makeModel({ size: 'full', outDir: join(root, 'full') });
      const int8 = join(made.dir, 'onnx', 'model.int8.onnx');
      quantizeModelFile(join(made.dir, 'onnx', 'model.onnx'), int8);
      expect(int8WeightRange(int8)).toEqual({ maxAbs: 64, from: 'metadata' });
      const [err] = await errors(made.dir, [int8], 2);
      // [Note: int8 error threshold]: the full model's error is below the tiny model's.
      expect(err).toBeGreaterThan(0);
      expect(err).toBeLessThan(0.05);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
