// The files of a sharded pre-label run ([Note: shard files]): what a shard and its result hold, and
// how they are read back and checked. Plain JSON Lines, so a shard can be looked at with `head` on a
// cluster's login node, and nothing in them names a path of the machine that wrote them.
//
// [Note: shard files] `prelabel shard` writes shard-NNNN.jsonl files: line 1 the header (the run's
// question as the codebook holds it, its hypotheses, the model's hashes and precision, the
// project's model-input hash, the planner's window sizes and the batch limits), then one line per
// batch ("group") of documents, each document with its id, external id and text, and last a line
// with the SHA-256 of every byte before it. The groups are the batches a single-machine run of the
// same project would make (batch-source.ts), so each shard sends the model exactly the tensors that
// run would: logits equal bit for bit, not merely within a tolerance. `score-shard` writes
// shard-NNNN.partial.jsonl as it goes (a header naming the shard's checksum, then one line per
// scored group, appended and flushed) and renames it to shard-NNNN.result.jsonl when every group is
// in: a result file is always whole. A killed task resumes from the whole lines of its partial file.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PrelabelError, type CodebookQuestion } from '../../../common/contract';

export const SHARD_FORMAT = 'prelabel-shard';
export const RESULT_FORMAT = 'prelabel-shard-result';
/** Version 2 added the model file's place and precision (int8) and the scoring mode (hierarchical). */
export const FORMAT_VERSION = 2;

/** Where score-shard finds the ONNX file: in the model folder, or shipped in the shard folder (an
 * int8 file the app quantised into its data folder travels with the shards). Always a relative path. */
export interface ShardOnnx {
  in: 'model' | 'shards';
  path: string;
}

export interface ShardModel {
  /** SHA-256 of the ONNX file scored (the int8 file's own for int8), tokenizer.json and config.json
   * (null: the folder has no such file). */
  sha256: string;
  tokenizerSha256: string | null;
  configSha256: string | null;
  precision: 'fp32' | 'int8';
  /** The fp32 onnx/model.onnx the project's model is (for int8: the file its agreement check judged). */
  fp32Sha256: string;
  onnx: ShardOnnx;
  modelId: string;
}

/** How the question is scored ([Note: hierarchical scoring] in nli/runs/group-scorer.ts): every
 * label, or the top-level labels first and then the labels under the top parents. Both calls of a
 * document depend only on that document's own logits, so a hierarchical run shards in one pass. */
export interface ShardScoring {
  hierarchical: boolean;
  topParents: number;
}

export interface ShardHeader {
  format: typeof SHARD_FORMAT;
  version: number;
  /** One id for the whole set: results of another set are refused. */
  setId: string;
  index: number;
  count: number;
  createdAt: string;
  question: CodebookQuestion;
  codebookRevisionId: string | null;
  hypotheses: Array<{ labelId: string; label: string; hypothesis: string }>;
  model: ShardModel;
  modelInputHash: string;
  scoring: ShardScoring;
  planner: { maxLength: number; windowOverlap: number };
  tuning: { maxRows: number; maxBatchTokens: number; maxCrashes: number };
  documents: number;
  groups: number;
  /** Sum over groups of rows x longest row: the padded tokens the shard costs (its balance). */
  cost: number;
  /** Pairs (windows x labels) the shard asks the model. */
  pairs: number;
}

export interface ShardDocument {
  id: number;
  externalId: string;
  text: string;
}

/** One batch of the run: its position in the single-machine run's order and its documents. */
export interface ShardGroup {
  group: number;
  documents: ShardDocument[];
}

export interface Shard {
  header: ShardHeader;
  groups: ShardGroup[];
  checksum: string;
}

export interface ResultHeader {
  format: typeof RESULT_FORMAT;
  version: number;
  setId: string;
  index: number;
  shardChecksum: string;
  modelSha256: string;
  modelInputHash: string;
}

/** One stored document of a group: what prediction_documents holds. */
export type ResultDocument = [documentId: number, tokenCount: number, truncated: 0 | 1, windows: number];
/** One prediction: document, label, window, entailment, neutral, contradiction (float32 values). */
export type ResultRow = [number, string, number, number, number | null, number];

export interface ResultGroup {
  group: number;
  docs: ResultDocument[];
  rows: ResultRow[];
}

export const shardName = (index: number) => `shard-${String(index).padStart(4, '0')}`;
export const shardFile = (index: number) => `${shardName(index)}.jsonl`;
export const resultFile = (index: number) => `${shardName(index)}.result.jsonl`;
export const partialFile = (index: number) => `${shardName(index)}.partial.jsonl`;

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

const bad = (path: string, why: string) => new PrelabelError('BAD_FILE', `${path}: ${why}`);

/** Reads a shard and checks its checksum and shape; a damaged or foreign file is one line naming it. */
export function readShard(path: string): Shard {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PrelabelError('NOT_FOUND', `${path}: cannot read the shard (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  const cut = text.lastIndexOf('\n', text.length - 2);
  if (cut < 0) throw bad(path, 'not a shard file (no header line).');
  const body = text.slice(0, cut + 1);
  let checksum: string;
  try {
    checksum = (JSON.parse(text.slice(cut + 1)) as { checksum?: unknown }).checksum as string;
  } catch {
    throw bad(path, 'the shard is incomplete (its last line is not the checksum); copy it again.');
  }
  if (typeof checksum !== 'string') throw bad(path, 'the shard is incomplete (no checksum line); copy it again.');
  if (sha256Hex(body) !== checksum) throw bad(path, 'the shard does not match its checksum: it was changed or damaged in the copy.');
  const lines = body.split('\n').filter((l) => l.length > 0);
  const header = JSON.parse(lines[0]!) as ShardHeader;
  if (header.format !== SHARD_FORMAT) throw bad(path, 'not a Prelabel shard file.');
  if (header.version !== FORMAT_VERSION)
    throw bad(path, `shard format version ${header.version}; this Prelabel reads version ${FORMAT_VERSION} (write the shards again).`);
  const groups = lines.slice(1).map((l) => JSON.parse(l) as ShardGroup);
  if (groups.length !== header.groups) throw bad(path, `the header names ${header.groups} groups but the file holds ${groups.length}.`);
  return { header, groups, checksum };
}
