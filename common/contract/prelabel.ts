// The NLI engine's part of the contract: the model in use, pre-label runs, the playground.
import { nonEmpty, uuid, z } from './zod';

export interface ModelInfo {
  /** A name for people: the hub id for known models, else the folder name. */
  id: string;
  path: string;
  /** SHA-256 of onnx/model.onnx. */
  sha256: string;
  labels: { entailment: number; neutral: number | null; contradiction: number };
  inputs: string[];
  maxLength: number;
  sizeBytes: number;
}

export interface RunInfo {
  id: string;
  questionId: string;
  status: 'running' | 'paused' | 'cancelled' | 'done' | 'failed';
  modelId: string;
  modelSha256: string;
  modelInputHash: string;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface PrelabelStatus {
  /** The latest run for the question, if any. */
  run: RunInfo | null;
  documents: number;
  /** Documents with current (not stale) predictions for the question. */
  scored: number;
  /** Documents whose predictions were made with another template, hypotheses or model. */
  stale: number;
  /** Scored documents that were longer than the model's window and were cut. */
  truncated: number;
}

export interface PrelabelProgress {
  runId: string;
  questionId: string;
  status: RunInfo['status'];
  done: number;
  total: number;
  pairsPerSecond: number;
  etaSeconds: number | null;
  error?: string;
}

export interface NliResult {
  entailment: number;
  neutral: number | null;
  contradiction: number;
  logits: number[];
  truncated: boolean;
}

export const modelSelectInput = z.object({ path: nonEmpty }).strict();
export const prelabelStartInput = z
  .object({
    questionId: uuid,
    /** Documents the coder is about to see: scored first. */
    priorityDocumentIds: z.array(z.number().int().positive()).max(1000).default([]),
    threads: z.number().int().min(1).max(64).optional(),
  })
  .strict();
export const runRef = z.object({ runId: uuid }).strict();
export const playgroundInput = z.object({ premise: nonEmpty.max(100_000), hypothesis: nonEmpty.max(1000) }).strict();
