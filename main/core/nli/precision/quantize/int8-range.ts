// Whether an int8 model file computes right on this CPU: the range of its integer MatMul weights
// (7-bit or full int8) against what the CPU's int8 kernels can add without saturating
// ([Note: U8S8 saturation] in int8-weights.ts).
//
// [Note: int8 range check] onnxruntime's x86 u8s8 kernels on a CPU without VNNI add two u8 x s8
// products into a saturating int16 (VPMADDUBSW): with weights up to 127 the sums clip and the
// logits are garbage (measured on an AMD EPYC with AVX2 only: relative logit error 1.01 on the tiny
// model). Weights within +-64 are exact on every x86 CPU. Where a file's range comes from:
// - Prelabel's quantiser records it in the model's metadata (QUANTIZATION_METADATA_KEY): read from
//   the file's top-level protobuf fields without decoding the graph (the metadata props are a field
//   of their own, after the graph), so it costs one read of the file.
// - Any other int8 file (an exported model_quantized.onnx): the int8 weights of its integer MatMuls
//   are scanned once. Both are cached by path, size and modification time for the process.
// What is exact where (MLAS, onnxruntime's CPU kernels):
// - x86-64 with AVX-512 VNNI or AVX-VNNI: VPDPBUSD accumulates in int32, exact at any range.
// - x86-64 without them (SSE4.1, AVX2, AVX-512 without VNNI): VPMADDUBSW, exact only within +-64.
// - arm64 with the dot-product instructions (SDOT/UDOT; every Apple silicon chip, Linux "asimddp"):
//   int32 accumulation, exact. An arm64 or other CPU whose features cannot be read is treated as
//   unknown: full-range files are refused there, 7-bit files run (they are exact on every kernel).
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { PrelabelError } from '../../../../../common/contract';
import { FULL_RANGE, REDUCED_RANGE } from './int8-weights';
import { onnx, readModelFile, readVarint } from './onnx-file';

/** The metadata key under which the quantiser records how it made a file (quantize-model.ts). */
export const QUANTIZATION_METADATA_KEY = 'prelabel.quantization';

/** Integer MatMul ops and which input holds the constant weight. */
const WEIGHT_INPUT: Record<string, number> = {
  MatMulInteger: 1,
  MatMulIntegerToFloat: 1,
  DynamicQuantizeMatMul: 1,
  QAttention: 1,
  DynamicQuantizeLSTM: 1,
  ConvInteger: 1,
  QLinearMatMul: 3,
  QLinearConv: 3,
  QGemm: 3,
};

export interface WeightRange {
  /** The largest |q| of the int8 weights of integer MatMuls (0 when there are none). */
  maxAbs: number;
  /** Where it was read: the quantiser's metadata, or a scan of the weights. */
  from: 'metadata' | 'scan';
}

export interface Int8Cpu {
  /** true: full-range int8 weights are exact here; false: they saturate; null: not known. */
  fullRangeExact: boolean | null;
  /** The CPU in words, for messages. */
  description: string;
}

const cache = new Map<string, WeightRange>();

/** The value of one metadata key, reading only the top-level fields of the ModelProto. */
export function metadataValue(bytes: Buffer, key: string): string | null {
  let found: string | null = null;
  for (let pos = 0; pos < bytes.length;) {
    const [tag, afterTag] = readVarint(bytes, pos);
    const [field, wire] = [Math.floor(tag / 8), tag & 7];
    if (wire === 0) pos = readVarint(bytes, afterTag)[1];
    else if (wire === 1) pos = afterTag + 8;
    else if (wire === 5) pos = afterTag + 4;
    else if (wire === 2) {
      const [length, body] = readVarint(bytes, afterTag);
      pos = body + length;
      if (field === 14) {
        const entry = onnx.StringStringEntryProto.decode(bytes.subarray(body, pos));
        if (entry.key === key) found = entry.value;
      }
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return found;
}

/** The range recorded by Prelabel's quantiser, or null for a file it did not make. */
function recordedRange(bytes: Buffer): number | null {
  const raw = metadataValue(bytes, QUANTIZATION_METADATA_KEY);
  if (raw === null) return null;
  try {
    const note = JSON.parse(raw) as { weightQmax?: unknown; reduceRange?: unknown };
    if (note.weightQmax === FULL_RANGE || note.weightQmax === REDUCED_RANGE) return note.weightQmax as number;
    // Files from before weightQmax was recorded: reduceRange said it (its default was full range).
    if (typeof note.reduceRange === 'boolean') return note.reduceRange ? REDUCED_RANGE : FULL_RANGE;
  } catch {
    // damaged note: scan instead
  }
  return null;
}

/** Scans the int8 weights of every integer MatMul of the file. */
function scannedRange(path: string): number {
  const { model } = readModelFile(path);
  const graph = model.graph ?? {};
  const weights = new Set<string>();
  for (const n of graph.node ?? []) {
    const at = WEIGHT_INPUT[n.opType ?? ''];
    const name = at === undefined ? undefined : n.input?.[at];
    if (name) weights.add(name);
  }
  let maxAbs = 0;
  for (const t of graph.initializer ?? []) {
    if (!weights.has(t.name ?? '') || t.dataType !== onnx.TensorProto.DataType.INT8) continue;
    const raw = t.rawData;
    const values = raw && raw.length > 0 ? new Int8Array(raw.buffer, raw.byteOffset, raw.length) : Int8Array.from(t.int32Data ?? []);
    for (let i = 0; i < values.length; i++) {
      const a = Math.abs(values[i]!);
      if (a > maxAbs) maxAbs = a;
    }
  }
  return maxAbs;
}

/** The range of an int8 model file's integer MatMul weights, cached per path, size and mtime. */
export function int8WeightRange(path: string): WeightRange {
  let key: string;
  try {
    const st = statSync(path);
    key = `${path}\0${st.size}\0${st.mtimeMs}`;
  } catch {
    throw new PrelabelError('NOT_FOUND', `The int8 model file ${path} does not exist or cannot be read.`);
  }
  const hit = cache.get(key);
  if (hit) return hit;
  const recorded = recordedRange(readFileSync(path));
  const range: WeightRange = recorded === null ? { maxAbs: scannedRange(path), from: 'scan' } : { maxAbs: recorded, from: 'metadata' };
  cache.set(key, range);
  return range;
}

/** Reads the CPU's feature flags: /proc/cpuinfo on Linux, sysctl on macOS, nothing elsewhere. */
function cpuFeatures(): string | null {
  try {
    if (process.platform === 'linux') {
      // /proc files report size 0: read in chunks until the end.
      const fd = openSync('/proc/cpuinfo', 'r');
      try {
        const chunks: Buffer[] = [];
        for (;;) {
          const chunk = Buffer.alloc(65536);
          const n = readSync(fd, chunk, 0, chunk.length, null);
          if (n <= 0) break;
          chunks.push(chunk.subarray(0, n));
        }
        const text = Buffer.concat(chunks).toString('utf8');
        const line = text.split('\n').find((l) => /^(flags|Features)\s*:/.test(l));
        return line ? line.slice(line.indexOf(':') + 1).toLowerCase() : null;
      } finally {
        closeSync(fd);
      }
    }
    if (process.platform === 'darwin' && process.arch === 'x64') {
      return execFileSync('sysctl', ['-n', 'machdep.cpu.leaf7_features'], { encoding: 'utf8', timeout: 2000 }).toLowerCase();
    }
  } catch {
    // unreadable: unknown
  }
  return null;
}

/** What this CPU's int8 kernels do with full-range weights, from its architecture and feature flags. */
export function classifyCpu(arch: string, platform: string, features: string | null): Int8Cpu {
  const has = (flag: string) => features !== null && features.split(/\s+/).includes(flag);
  if (arch === 'x64' || arch === 'ia32') {
    if (features === null) return { fullRangeExact: null, description: 'an x86 CPU whose features could not be read' };
    if (has('avx512_vnni') || has('avx_vnni') || has('avx512vnni') || has('avxvnni'))
      return { fullRangeExact: true, description: 'an x86 CPU with VNNI' };
    return { fullRangeExact: false, description: 'an x86 CPU without VNNI (AVX-512 VNNI or AVX-VNNI)' };
  }
  if (arch === 'arm64') {
    if (platform === 'darwin') return { fullRangeExact: true, description: 'Apple silicon (dot-product instructions)' };
    if (has('asimddp')) return { fullRangeExact: true, description: 'an arm64 CPU with dot-product instructions' };
    return { fullRangeExact: null, description: 'an arm64 CPU without known dot-product instructions' };
  }
  return { fullRangeExact: null, description: `a ${arch} CPU whose int8 kernels Prelabel does not know` };
}

let thisCpu: Int8Cpu | null = null;

export function int8Cpu(): Int8Cpu {
  thisCpu ??= classifyCpu(process.arch, process.platform, cpuFeatures());
  return thisCpu;
}

/** The refusal for `path` on `cpu`, or null when the file computes right there. */
export function int8Refusal(path: string, range: WeightRange, cpu: Int8Cpu): string | null {
  if (range.maxAbs <= REDUCED_RANGE || cpu.fullRangeExact === true) return null;
  const why =
    cpu.fullRangeExact === false
      ? `which ${cpu.description} adds in saturating 16-bit sums, so its int8 scores would be wrong`
      : `which ${cpu.description} may add in saturating 16-bit sums`;
  return `The int8 model ${path} has weights up to +-${range.maxAbs} (beyond 7 bits), ${why}: re-quantise it with 7-bit weights (switch the project to int8 again, or npm run quantize-model without --full-range).`;
}

/** Throws the one-line refusal when the int8 file at `path` would compute wrong on this CPU. */
export function assertInt8RunsHere(path: string, cpu: Int8Cpu = int8Cpu()): void {
  const message = int8Refusal(path, int8WeightRange(path), cpu);
  if (message) throw new PrelabelError('UNSUPPORTED', message);
}
