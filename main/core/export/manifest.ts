// manifest.json of an export: what was exported, from which codebook and model, with which split,
// and the SHA-256 of every file, so that a training run can name exactly the data it used.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CodebookQuestion, ExportFilter, ExportFormat } from '../../../common/contract';
import { hypothesisFor } from '../codebook/hypotheses';
import type { RunRecord } from './export-records';

export const MANIFEST_VERSION = 1;

/** The onnxruntime-node version from its package.json, without loading the native library. */
export function onnxruntimeVersion(): string | null {
  try {
    const path = createRequire(__filename).resolve('onnxruntime-node/package.json');
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

export interface ManifestInput {
  appVersion: string;
  project: { id: string; name: string };
  createdAt: string;
  format: ExportFormat;
  filter: ExportFilter;
  question: CodebookQuestion;
  currentRevisionId: string | null;
  /** Revisions stamped on the exported decisions, with how many decisions each. */
  decisionRevisions: Map<string | null, number>;
  /** Runs whose suggestions the exported decisions carry, with how many decisions each. */
  runs: Array<{ run: RunRecord; decisions: number }>;
  split: { seed: number; testFraction: number; train: number; test: number } | null;
  counts: { rows: number; documents: number; perLabel: Array<{ label: string; count: number }>; decisions: Record<string, number> };
  columns: string[] | null;
  files: Array<{ name: string; bytes: number; sha256: string }>;
  notes: string[];
}

export function buildManifest(m: ManifestInput): Record<string, unknown> {
  return {
    manifestVersion: MANIFEST_VERSION,
    createdAt: m.createdAt,
    app: { name: 'Prelabel', version: m.appVersion, onnxruntime: onnxruntimeVersion() },
    project: m.project,
    format: m.format,
    filter: m.filter,
    question: {
      id: m.question.id,
      name: m.question.name,
      multiLabel: m.question.multiLabel,
      template: m.question.template,
      longText: m.question.longText,
      labels: m.question.labels.map((l) => ({
        id: l.id,
        name: l.name,
        code: l.code,
        archived: l.archived,
        hypothesis: hypothesisFor(m.question, l),
      })),
    },
    codebookRevision: {
      current: m.currentRevisionId,
      onDecisions: [...m.decisionRevisions].map(([id, decisions]) => ({ id, decisions })),
    },
    models: m.runs.map(({ run, decisions }) => ({
      runId: run.id,
      modelId: run.modelId,
      modelSha256: run.modelSha256,
      modelInputHash: run.modelInputHash,
      runCreatedAt: run.createdAt,
      decisions,
    })),
    split: m.split,
    counts: m.counts,
    columns: m.columns,
    files: m.files,
    notes: m.notes,
  };
}
