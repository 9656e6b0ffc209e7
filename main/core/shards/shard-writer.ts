// `prelabel shard`: cuts what a question still needs scored into N self-contained shard files
// ([Note: shard files] in shard-format.ts), with the batch script and README for the cluster
// (cluster-files.ts). The batches are the ones a single-machine run would make; whole batches go to
// shards, longest first onto the least loaded shard, so the array's tasks finish together.
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PrelabelError, type Precision, type ShardSetWritten } from '../../../common/contract';
import { findQuestion, readCodebook } from '../codebook/codebook-read';
import type { LoadedModel } from '../models/model-loader';
import { BatchSource } from '../nli/runs/batch-source';
import { runInputRecord } from '../nli/runs/run-record';
import type { RunnerTuning } from '../nli/runs/run-tuning';
import { hierarchyFor, plannerFor, type PlannerTuning } from '../nli/scoring/question-plan';
import { readScoringMode, runHash, type ScoringMode } from '../nli/scoring/scoring-mode';
import { pendingDocuments } from '../store/prediction-store';
import type { Db } from '../store/project-db';
import { clusterFiles } from './cluster-files';
import { FORMAT_VERSION, SHARD_FORMAT, shardFile, type ShardDocument, type ShardGroup, type ShardHeader } from './shard-format';
import { SHIPPED_INT8, shardModelFor } from './shard-model';

export interface ShardOptions {
  db: Db;
  /** The fp32 model folder loaded; with an int8 project, its int8 variant is loaded by `loadInt8`. */
  model: LoadedModel;
  loadInt8: (path: string) => Promise<LoadedModel>;
  /** Undefined: the project's precision; the other one is refused (shard-model.ts). */
  precision?: Precision;
  /** Undefined: the question's scoring mode as its runs last used it (as prelabel.start keeps it). */
  hierarchical?: boolean;
  topParents?: number;
  question: string;
  shards: number;
  outDir: string;
  tuning: RunnerTuning & PlannerTuning;
  /** Pairs a second one CPU core scores (the batch script's time estimate). */
  pairsPerSecondPerCore: number;
  cpusPerTask: number;
  provider?: 'cpu' | 'cuda';
}

export type ShardSummary = ShardSetWritten;

interface Planned {
  /** Its position in the single-machine run's order. */
  group: number;
  ids: number[];
  pairs: number;
  cost: number;
}

export async function writeShards(o: ShardOptions): Promise<ShardSummary> {
  const { db, tuning } = o;
  if (!Number.isInteger(o.shards) || o.shards < 1 || o.shards > 10000)
    throw new PrelabelError('INVALID_INPUT', `--shards must be a whole number from 1 to 10000 (got ${o.shards}).`);
  const codebook = readCodebook(db);
  const question = findQuestion(codebook, o.question);
  if (!question) {
    const names = codebook.questions.map((q) => `"${q.name}"`).join(', ');
    throw new PrelabelError('NOT_FOUND', `The codebook has no question "${o.question}"${names ? ` (it has ${names})` : ''}.`);
  }
  if (question.archived)
    throw new PrelabelError('INVALID_INPUT', `The question "${question.name}" is archived; restore it to pre-label it.`);
  const previous = readScoringMode(db, question.id);
  const mode: ScoringMode = {
    hierarchical: o.hierarchical ?? previous.hierarchical,
    topParents: o.topParents ?? previous.topParents,
  };
  const hierarchy = hierarchyFor(question, mode);
  if (existsSync(o.outDir) && readdirSync(o.outDir).length > 0)
    throw new PrelabelError('ALREADY_EXISTS', `${o.outDir} is not empty: give --out a new or empty folder.`);
  const choice = await shardModelFor(db, o.model, o.precision, o.loadInt8);
  const model = choice.model;
  const hash = runHash(question, model.info.sha256, mode);
  const planner = plannerFor(model, question, tuning);
  const inputs = await runInputRecord(question, planner.hypotheses, model.dir);
  // The batches of a single-machine run, in its order (no priority documents: nobody is coding).
  const pending = pendingDocuments(db, question.id, hash);
  // A hierarchical run batches by the first call (the top-level labels), as a single machine does.
  const source = new BatchSource({ db, planner, tuning, ...(hierarchy ? { hierarchy } : {}) }, pending.ids);
  // Pass 1 keeps only each batch's document ids and cost: the texts are read again while each shard
  // is written (pass 2), so a million documents never sit in memory at once.
  const planned: Planned[] = [];
  for (let docs = source.nextGroup(); docs; docs = source.nextGroup()) {
    const rows = docs.reduce((a, d) => a + d.rows, 0);
    const longest = docs.reduce((a, d) => Math.max(a, d.longestRow), 0);
    planned.push({ group: planned.length, ids: docs.map((d) => d.documentId), pairs: rows, cost: rows * longest });
  }
  if (planned.length === 0)
    throw new PrelabelError('INVALID_INPUT', `Every document already has current predictions for "${question.name}": nothing to shard.`);
  // Longest processing time first: each batch, costliest first, onto the least loaded shard.
  const bins = Array.from({ length: Math.min(o.shards, planned.length) }, () => ({ groups: [] as Planned[], cost: 0, pairs: 0 }));
  for (const p of [...planned].sort((a, b) => b.cost - a.cost || a.group - b.group)) {
    let best = bins[0]!;
    for (const b of bins) if (b.cost < best.cost) best = b;
    best.groups.push(p);
    best.cost += p.cost;
    best.pairs += p.pairs;
  }
  const setId = randomUUID();
  // Shards hold document texts: owner-only, as the project file is ([Note: owner-only files]).
  mkdirSync(o.outDir, { recursive: true, mode: 0o700 });
  if (choice.ship) copyFileSync(choice.ship, join(o.outDir, SHIPPED_INT8));
  const summary: ShardSummary = {
    setId,
    question: question.name,
    precision: model.info.precision ?? 'fp32',
    hierarchical: mode.hierarchical,
    modelInputHash: hash,
    documents: pending.ids.length,
    pairs: 0,
    shards: [],
    sbatch: '',
  };
  const text = db.prepare('SELECT external_id AS externalId, text FROM documents WHERE id = ?');
  const read = (id: number): ShardDocument => {
    const row = text.get(id) as { externalId: string; text: string };
    return { id, externalId: row.externalId, text: row.text };
  };
  bins.forEach((bin, index) => {
    bin.groups.sort((a, b) => a.group - b.group);
    const header: ShardHeader = {
      format: SHARD_FORMAT,
      version: FORMAT_VERSION,
      setId,
      index,
      count: bins.length,
      createdAt: new Date().toISOString(),
      question,
      codebookRevisionId: codebook.revisionId,
      hypotheses: inputs.hypotheses,
      model: {
        sha256: model.info.sha256,
        tokenizerSha256: inputs.tokenizerSha256,
        configSha256: inputs.configSha256,
        precision: model.info.precision ?? 'fp32',
        fp32Sha256: o.model.info.sha256,
        onnx: choice.onnx,
        modelId: model.info.id,
      },
      modelInputHash: hash,
      scoring: { hierarchical: mode.hierarchical, topParents: mode.topParents },
      planner: { maxLength: planner.maxLength, windowOverlap: planner.overlap },
      tuning: { maxRows: tuning.maxRows, maxBatchTokens: tuning.maxBatchTokens, maxCrashes: tuning.maxCrashes },
      documents: bin.groups.reduce((a, g) => a + g.ids.length, 0),
      groups: bin.groups.length,
      cost: bin.cost,
      pairs: bin.pairs,
    };
    const file = join(o.outDir, shardFile(index));
    writeShardFile(file, header, bin.groups, read);
    summary.pairs += bin.pairs;
    summary.shards.push({ index, file: shardFile(index), documents: header.documents, pairs: bin.pairs, cost: bin.cost });
  });
  const maxPairs = Math.max(...summary.shards.map((s) => s.pairs));
  const files = clusterFiles({
    shards: bins.length,
    question: question.name,
    modelId: model.info.id,
    cpusPerTask: o.cpusPerTask,
    maxPairs,
    pairsPerSecondPerCore: o.pairsPerSecondPerCore,
    modelBytes: model.size,
    provider: o.provider ?? 'cpu',
  });
  for (const [name, text] of Object.entries(files))
    writeFileSync(join(o.outDir, name), text, { mode: name.endsWith('.sbatch') ? 0o755 : 0o644 });
  summary.sbatch = 'run.sbatch';
  return summary;
}

/** Bytes gathered before each write of a shard file. */
const WRITE_CHUNK = 1 << 20;

/**
 * Writes one shard ([Note: shard files]) line by line, its checksum hashed as it goes: the same bytes
 * as joining every line and hashing the whole, without the whole shard as one string. Written to a
 * .tmp file and renamed, so a shard file is always whole.
 */
function writeShardFile(file: string, header: ShardHeader, groups: readonly Planned[], read: (id: number) => ShardDocument): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    const hash = createHash('sha256');
    let pending: string[] = [];
    let size = 0;
    const flush = () => {
      if (pending.length === 0) return;
      writeSync(fd, pending.join(''));
      pending = [];
      size = 0;
    };
    const line = (x: unknown) => {
      const l = JSON.stringify(x) + '\n';
      hash.update(l);
      pending.push(l);
      size += l.length;
      if (size >= WRITE_CHUNK) flush();
    };
    line(header);
    for (const g of groups) line({ group: g.group, documents: g.ids.map(read) } satisfies ShardGroup);
    pending.push(JSON.stringify({ checksum: hash.digest('hex') }) + '\n');
    flush();
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
