// `prelabel score-shard`: what each array task runs. Checks the model folder against the hashes
// the shard expects, scores the shard's batches with the app's engine pieces (its tokenizer, pair
// planner and group scorer, the same batch limits), and appends each batch's raw logits to the
// partial file, flushed, before the next; the whole file is renamed to the result at the end
// ([Note: shard files] in shard-format.ts). A killed or requeued task resumes from what it wrote.
import { closeSync, existsSync, fsyncSync, mkdtempSync, openSync, renameSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PrelabelError, type ExecutionProvider, type ShardScored } from '../../../common/contract';
import { sha256Stream } from '../models/model-hash';
import { loadModel } from '../models/model-loader';
import { assertInt8RunsHere } from '../nli/precision/quantize/int8-range';
import { physicalCores } from '../nli/inference/cpu-cores';
import { InferenceClient } from '../nli/inference/inference-client';
import { chooseThreads } from '../nli/inference/thread-calibration';
import { useProvider } from '../nli/inference/provider';
import { GroupScorer } from '../nli/runs/group-scorer';
import { hierarchyFor, plannerFor } from '../nli/scoring/question-plan';
import {
  RESULT_FORMAT,
  partialFile,
  readShard,
  resultFile,
  type ResultGroup,
  type ResultHeader,
  type ResultRow,
  type Shard,
} from './shard-format';
import { shardOnnxPath } from './shard-model';
import { wholeLinesBytes } from './result-lines';
import { chainNext, chainStart, readChain, RESULT_VERSION, type ChainedGroup, type ResultEnd } from './result-chain';

export interface ScoreShardOptions {
  shardPath: string;
  modelDir: string;
  /** --threads or SLURM_CPUS_PER_TASK; absent: the choice measured on this machine, kept in
   * `settingsDir`'s settings.json ([Note: thread calibration]). */
  threads?: number;
  /** The app data folder whose settings.json keeps the thread choice (required without `threads`). */
  settingsDir?: string;
  provider?: ExecutionProvider;
  /** Called after each batch is flushed to the partial file (tests stop a task there). */
  afterGroup?: (written: number) => void;
}

export type ScoreShardSummary = ShardScored;

const mismatch = (message: string) => new PrelabelError('INVALID_INPUT', message);

/** Checks the files against the shard's hashes; answers the ONNX file to score with. */
async function checkModelFiles(shard: Shard, shardPath: string, modelDir: string): Promise<string> {
  const m = shard.header.model;
  const onnx = shardOnnxPath(m, modelDir, shardPath);
  const files: Array<[string, string | null]> = [
    [onnx, m.sha256],
    [join(modelDir, 'tokenizer.json'), m.tokenizerSha256],
    [join(modelDir, 'config.json'), m.configSha256],
  ];
  for (const [path, expected] of files) {
    if (expected === null) continue;
    if (!existsSync(path))
      throw mismatch(
        m.onnx.in === 'shards' && path === onnx
          ? `${path} is missing: the ${m.precision} model file travels in the shard folder; copy the whole folder.`
          : `${path} is missing: the shard was made with model ${m.modelId}; copy its whole folder.`,
      );
    const got = await sha256Stream(path);
    if (got !== expected)
      throw mismatch(
        `${path} is not the file the shard was made with (SHA-256 ${got.slice(0, 12)}…, expected ${expected.slice(0, 12)}…): copy the model folder ${m.modelId} the project used.`,
      );
  }
  return onnx;
}

/** The groups already written by an earlier try and the chain to continue from, with the partial
 * file cut back to whole lines (a torn last line dropped; read a line at a time: a partial file may
 * be larger than one string can be). A partial file of another shard or model, an older format or
 * a broken chain is started over. */
function resumeFrom(path: string, header: ResultHeader): { groups: Set<number>; head: string | null } {
  if (!existsSync(path)) return { groups: new Set(), head: null };
  const whole = wholeLinesBytes(path);
  if (whole < statSync(path).size) truncateSync(path, whole);
  const groups = new Set<number>();
  const read = readChain(path, (g) => {
    groups.add(g.group);
    return null;
  });
  const old = read.header;
  const same =
    old !== null &&
    read.problem === null &&
    !read.ended &&
    old.setId === header.setId &&
    old.shardChecksum === header.shardChecksum &&
    old.modelSha256 === header.modelSha256;
  if (!same) {
    rmSync(path); // another shard set's, an older Prelabel's, a torn header or a broken chain: start over
    return { groups: new Set(), head: null };
  }
  return { groups, head: read.head };
}

function appendLine(fd: number, value: unknown): void {
  writeSync(fd, JSON.stringify(value) + '\n');
  fsyncSync(fd);
}

export async function scoreShard(o: ScoreShardOptions): Promise<ScoreShardSummary> {
  const started = performance.now();
  const shard = readShard(o.shardPath);
  const { header } = shard;
  const dir = dirname(o.shardPath);
  const resultPath = join(dir, resultFile(header.index));
  const partialPath = join(dir, partialFile(header.index));
  const summary: ScoreShardSummary = {
    index: header.index,
    result: resultPath,
    groups: header.groups,
    resumedGroups: 0,
    documents: header.documents,
    pairs: 0,
    seconds: 0,
    threads: null,
  };
  if (existsSync(resultPath)) {
    const done = readChain(resultPath);
    if (done.header?.shardChecksum === shard.checksum && done.header.setId === header.setId) {
      if (done.problem === null && done.ended && done.groups === header.groups) {
        summary.resumedGroups = header.groups;
        return summary; // already whole: a requeued task that had finished
      }
      // Damaged or altered after scoring (the merge named it with its rerun line): score it again.
      rmSync(resultPath);
    } else throw mismatch(`${resultPath} belongs to another shard; remove it and run again.`);
  }
  const onnxPath = await checkModelFiles(shard, o.shardPath, o.modelDir);
  const client = new InferenceClient();
  const dataDir = mkdtempSync(join(tmpdir(), 'prelabel-shard-'));
  try {
    if (o.provider) useProvider(client, o.provider);
    const int8 = header.model.precision === 'int8';
    // A cluster node of another CPU kind: refused when it would compute this int8 file wrong.
    if (int8) assertInt8RunsHere(onnxPath);
    const model = await loadModel(o.modelDir, {
      client,
      dataDir,
      threads: o.threads ?? physicalCores(),
      ...(int8 ? { onnxFile: { path: onnxPath, precision: 'int8' } } : {}),
    });
    const planner = plannerFor(model, header.question, header.planner);
    const hierarchy = hierarchyFor(header.question, header.scoring);
    const ids = planner.hypotheses.map((h) => h.labelId).join(',');
    if (ids !== header.hypotheses.map((h) => h.labelId).join(','))
      throw mismatch(`${o.shardPath}: the question's labels do not match its hypotheses; the shard is damaged.`);
    const resultHeader: ResultHeader = {
      format: RESULT_FORMAT,
      version: RESULT_VERSION,
      setId: header.setId,
      index: header.index,
      shardChecksum: shard.checksum,
      modelSha256: model.info.sha256,
      modelInputHash: header.modelInputHash,
    };
    const resumed = resumeFrom(partialPath, resultHeader);
    const written = resumed.groups;
    summary.resumedGroups = written.size;
    const scorer = new GroupScorer({
      client,
      model,
      planner,
      question: header.question,
      tuning: header.tuning,
      ...(hierarchy ? { hierarchy } : {}),
    });
    const idx = model.config.indices;
    const fd = openSync(partialPath, 'a', 0o600); // logits of the documents: owner-only like the shard
    try {
      // [Note: result chain] in result-chain.ts: each batch line hashes the one before it.
      let head = resumed.head;
      if (head === null) {
        const line = JSON.stringify(resultHeader);
        appendLine(fd, resultHeader);
        head = chainStart(line);
      }
      const threads =
        o.threads ??
        (
          await chooseThreads({
            client,
            dataDir: o.settingsDir ?? dataDir,
            onnxPath: model.onnxPath,
            modelSha256: model.info.sha256,
            output: model.outputName,
          })
        ).threads;
      await client.ensureLoaded(model.onnxPath, threads);
      summary.threads = threads;
      for (const g of shard.groups) {
        if (written.has(g.group)) continue;
        // A hierarchical run's first call asks the top-level labels only (as batch-source.ts plans it).
        const plans = g.documents.map((d) => {
          const plan = planner.plan(d.id, d.externalId, d.text, Buffer.byteLength(d.text));
          return hierarchy ? planner.restrict(plan, hierarchy.tree.roots) : plan;
        });
        const { groups, failure } = await scorer.inferSplitting(plans);
        if (failure) throw failure;
        const out: ResultGroup = { group: g.group, docs: [], rows: [] };
        for (const { parts } of groups) {
          for (const d of parts[0]!.docs) out.docs.push([d.documentId, d.premise.length, d.truncated ? 1 : 0, d.starts.length]);
          // Every part in order (hierarchical: the parents, then the children), as the runner stores them.
          for (const { docs, result } of parts) {
            const { rows, logits, classes } = result;
            for (let r = 0; r < rows.doc.length; r++) {
              const o2 = r * classes;
              const row: ResultRow = [
                docs[rows.doc[r]!]!.documentId,
                planner.hypotheses[rows.label[r]!]!.labelId,
                rows.window[r]!,
                logits[o2 + idx.entailment]!,
                idx.neutral === undefined ? null : logits[o2 + idx.neutral]!,
                logits[o2 + idx.contradiction]!,
              ];
              out.rows.push(row);
            }
          }
        }
        head = chainNext(head, out);
        appendLine(fd, { ...out, chain: head } satisfies ChainedGroup);
        summary.pairs += out.rows.length;
        written.add(g.group);
        o.afterGroup?.(written.size);
      }
      appendLine(fd, { end: head, groups: written.size } satisfies ResultEnd);
    } finally {
      closeSync(fd);
    }
    renameSync(partialPath, resultPath);
  } finally {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
