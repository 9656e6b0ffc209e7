// CLI: npm run quantize-model -- --in model.onnx --out model.int8.onnx [--form F] [--full-range]
//        [--rewrites attention,skip-layer-norm|none]
//        [--keep-fp32 REGEX] [--compare a.tsv,b.tsv --pairs 100 --batch 32 --threads 2 --reps 5]
// Writes the dynamic int8 model. With --compare it then runs fp32 and int8 on the same
// premise/hypothesis pairs (TSV rows: premise<TAB>hypothesis[<TAB>...]) and reports the logit error,
// the top-label agreement and pairs/s of each (length-sorted batches, warm-up excluded, fp32 and
// int8 runs interleaved so that a noisy machine slows both alike).
// MatMul weights are 7-bit (|q| <= 64) unless --full-range: x86 CPUs without VNNI (AVX2 and
// AVX-512 without VNNI) add int8 products in saturating 16-bit sums, so full-range files give wrong
// scores there, and an int8 file travels (shards to cluster nodes). --full-range is for VNNI-only
// use; Prelabel refuses to load such a file on a CPU that would compute it wrong.
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { PrelabelError } from '../../common/contract';
import { compareLogits } from '../../main/core/nli/precision/quantize/logit-agreement';
import { MATMUL_FORMS, type MatMulForm } from '../../main/core/nli/precision/quantize/quantize-graph';
import { GRAPH_REWRITES, quantizeModelFile, type GraphRewrite } from '../../main/core/nli/precision/quantize/quantize-model';
import { NliTokenizer, padBatch } from '../../main/core/nli/scoring/tokenizer';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new PrelabelError('INVALID_INPUT', `--${name} must be a positive integer, not "${value}"`);
  return n;
}

/** Pairs spread over each file (every 7th row: XNLI repeats a premise three times), taken in turn from the files. */
function readPairs(files: string[], count: number): Array<[string, string]> {
  const rows = files.map((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .map((line) => line.split('\t'))
      .filter((cells) => cells.length >= 2 && cells[0]!.trim() && cells[1]!.trim()),
  );
  const pairs: Array<[string, string]> = [];
  for (let i = 0; pairs.length < count; i++) {
    const fromFile = rows[i % rows.length]!;
    const row = fromFile[Math.floor(i / rows.length) * 7];
    if (!row) break;
    pairs.push([row[0]!, row[1]!]);
  }
  return pairs;
}

interface RunOptions {
  batch: number;
  threads: number;
}

async function openSession(path: string, threads: number): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(path, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
}

/** Logits in pair order, computed in length-sorted batches. */
async function runAll(session: ort.InferenceSession, seqs: number[][], batches: number[][], padId: number): Promise<Float32Array> {
  const out = new Float32Array(seqs.length * 3);
  for (const members of batches) {
    const padded = padBatch(
      members.map((i) => seqs[i]!),
      padId,
    );
    const dims = [padded.batch, padded.sequence];
    const result = await session.run({
      input_ids: new ort.Tensor('int64', padded.inputIds, dims),
      attention_mask: new ort.Tensor('int64', padded.attentionMask, dims),
    });
    const logits = result.logits!.data as Float32Array;
    members.forEach((pair, k) => out.set(logits.subarray(k * 3, k * 3 + 3), pair * 3));
  }
  return out;
}

async function compare(
  fp32: string,
  int8: string,
  tokenizerDir: string,
  files: string[],
  count: number,
  reps: number,
  opts: RunOptions,
): Promise<void> {
  const tok = NliTokenizer.fromModelDir(tokenizerDir);
  const seqs = readPairs(files, count).map(([p, h]) => tok.encodePair(p, h, 512).inputIds);
  const order = seqs.map((_, i) => i).sort((a, b) => seqs[a]!.length - seqs[b]!.length);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += opts.batch) batches.push(order.slice(i, i + opts.batch));
  const sessions = { fp32: await openSession(fp32, opts.threads), int8: await openSession(int8, opts.threads) };
  const logits = {
    fp32: await runAll(sessions.fp32, seqs, batches, tok.padId),
    int8: await runAll(sessions.int8, seqs, batches, tok.padId),
  };
  const times: Record<'fp32' | 'int8', number[]> = { fp32: [], int8: [] };
  for (let r = 0; r < reps; r++) {
    for (const kind of ['fp32', 'int8'] as const) {
      const started = performance.now();
      await runAll(sessions[kind], seqs, batches, tok.padId);
      times[kind].push((performance.now() - started) / 1000);
    }
  }
  // [Note: int8 depends on the batch]: the same pairs in another batching (batches of the same size
  // in pair order, not sorted by length: other batch-mates and more padding) change int8 logits,
  // since DynamicQuantizeLinear takes one activation scale per batch tensor; fp32 is the control.
  const unsorted: number[][] = [];
  for (let i = 0; i < seqs.length; i += opts.batch) unsorted.push(seqs.slice(i, i + opts.batch).map((_, k) => i + k));
  const rebatched = {
    fp32: await runAll(sessions.fp32, seqs, unsorted, tok.padId),
    int8: await runAll(sessions.int8, seqs, unsorted, tok.padId),
  };
  const agreement = compareLogits(logits.fp32, logits.int8, 3);
  const meanTokens = seqs.reduce((s, q) => s + q.length, 0) / seqs.length;
  console.log(
    `compared on ${seqs.length} pairs from ${files.map((f) => basename(f)).join(', ')}: mean ${meanTokens.toFixed(1)} tokens a pair`,
  );
  console.log(
    `  relative logit error ||int8 - fp32|| / ||fp32|| = ${agreement.relativeError.toFixed(4)}, max |diff| ${agreement.maxAbsError.toFixed(4)}`,
  );
  console.log(
    `  top-label agreement ${(agreement.topLabelAgreement * 100).toFixed(1)}% (${agreement.disagreements.length} of ${agreement.pairs} differ)`,
  );
  for (const kind of ['fp32', 'int8'] as const) {
    const b = compareLogits(logits[kind], rebatched[kind], 3);
    console.log(
      `  ${kind} batch dependence (sorted batches vs batches in pair order): max |logit diff| ${b.maxAbsError.toExponential(2)}, relative ${b.relativeError.toExponential(2)}, top label differs for ${b.disagreements.length} of ${b.pairs}`,
    );
  }
  console.log(
    `  speed: batches of ${opts.batch} sorted by length, ${opts.threads} intra-op threads, ${reps} interleaved runs after a warm-up`,
  );
  for (const kind of ['fp32', 'int8'] as const) {
    const sorted = [...times[kind]].sort((a, b) => a - b);
    const rate = (t: number) => (seqs.length / t).toFixed(1);
    console.log(`    ${kind}: best ${rate(sorted[0]!)} pairs/s, median ${rate(sorted[Math.floor(sorted.length / 2)]!)} pairs/s`);
  }
  await sessions.fp32.release();
  await sessions.int8.release();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      in: { type: 'string' },
      out: { type: 'string' },
      form: { type: 'string' },
      'full-range': { type: 'boolean', default: false },
      'reduce-range': { type: 'boolean', default: false },
      'keep-fp32': { type: 'string' },
      rewrites: { type: 'string' },
      compare: { type: 'string' },
      tokenizer: { type: 'string' },
      pairs: { type: 'string' },
      batch: { type: 'string' },
      threads: { type: 'string' },
      reps: { type: 'string' },
    },
  });
  if (!values.in || !values.out) throw new PrelabelError('INVALID_INPUT', '--in model.onnx and --out model.int8.onnx are required');
  if (values['full-range'] && values['reduce-range'])
    throw new PrelabelError('INVALID_INPUT', '--full-range and --reduce-range contradict each other (7-bit weights are the default)');
  const form = (values.form ?? undefined) as MatMulForm | undefined;
  if (form !== undefined && !MATMUL_FORMS.includes(form))
    throw new PrelabelError('INVALID_INPUT', `--form must be one of ${MATMUL_FORMS.join(', ')}`);
  let keepFloat: RegExp | undefined;
  try {
    keepFloat = values['keep-fp32'] ? new RegExp(values['keep-fp32']) : undefined;
  } catch {
    throw new PrelabelError('INVALID_INPUT', `--keep-fp32 is not a valid regular expression: ${values['keep-fp32']}`);
  }

  let rewrites: GraphRewrite[] | undefined;
  if (values.rewrites !== undefined) {
    rewrites = values.rewrites === 'none' ? [] : (values.rewrites.split(',').filter(Boolean) as GraphRewrite[]);
    const bad = rewrites.find((r) => !GRAPH_REWRITES.includes(r));
    if (bad) throw new PrelabelError('INVALID_INPUT', `--rewrites: "${bad}" is not one of ${GRAPH_REWRITES.join(', ')} (or none)`);
  }

  const result = quantizeModelFile(values.in, values.out, { form, reduceRange: !values['full-range'], keepFloat, rewrites });
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(
    `wrote ${values.out}: ${mb(result.outputBytes)} from ${mb(result.inputBytes)} (${((100 * result.outputBytes) / result.inputBytes).toFixed(1)}%)`,
  );
  console.log(
    `  ${result.matmulsConverted} MatMuls to int8 (${result.form}, ${result.reduceRange ? '7-bit weights' : 'full-range weights: wrong on x86 CPUs without VNNI'}), embedding ${result.embedding ? `${result.embedding.table} [${result.embedding.rows} x ${result.embedding.cols}]` : 'kept fp32'}`,
  );
  const { attentionLayers, skipLayerNorms } = result.rewritten;
  if (attentionLayers || skipLayerNorms)
    console.log(
      `  rewritten first: ${attentionLayers} attention layers to MultiHeadAttention, ${skipLayerNorms} LayerNorms to SkipLayerNormalization`,
    );
  for (const s of result.matmulsSkipped) console.log(`  kept fp32: ${s.node} (${s.reason})`);
  if (result.keptFloat.length) console.log(`  fp32 copies kept for other uses: ${result.keptFloat.join(', ')}`);
  console.log(`  took ${(result.milliseconds / 1000).toFixed(1)} s, peak memory (max RSS of this process) ${mb(peak)}`);

  if (values.compare) {
    const files = values.compare.split(',').filter(Boolean);
    const tokenizerDir = values.tokenizer ?? dirname(dirname(values.in));
    const opts = { batch: intOption(values.batch, 'batch', 32), threads: intOption(values.threads, 'threads', 2) };
    await compare(
      values.in,
      values.out,
      tokenizerDir,
      files,
      intOption(values.pairs, 'pairs', 100),
      intOption(values.reps, 'reps', 5),
      opts,
    );
  }
}

main().catch((err: unknown) => {
  console.error(`quantize: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
