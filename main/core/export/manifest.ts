// manifest.json of an export: what was exported, from which codebook and model, with which split,
// and the SHA-256 of every file, so that a training run can name exactly the data it used.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AggregateRule, CodebookQuestion, ExportFilter, ExportFormat, ExportLevel, Segmentation } from '../../../common/contract';
import { hypothesisFor } from '../codebook/hypotheses';
import { listSegmentations } from '../segments/segmentations';
import type { Db } from '../store/project-db';
import { RULE_DESCRIPTIONS } from './aggregate';
import type { RunRecord } from './export-records';
import type { ImportProvenance } from './import-provenance';

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
  counts: {
    rows: number;
    documents: number;
    perLabel: Array<{ label: string; count: number }>;
    decisions: Record<string, number>;
    /** Parent level: the coding units read, and those with a label decision. */
    units?: number;
    decidedUnits?: number;
  };
  columns: string[] | null;
  files: Array<{ name: string; bytes: number; sha256: string }>;
  notes: string[];
  /** The unit of analysis: the level exported, the rule of a parent-level export, the segmentations. */
  units?: UnitsManifest;
  /** The project's imports with the reading choices that changed their text (import-provenance.ts). */
  imports?: ImportProvenance[];
}

export interface UnitsManifest {
  level: ExportLevel;
  aggregate: { rule: AggregateRule; description: string; modelInputHash: string | null } | null;
  segmentations: Segmentation[];
}

/** The manifest's account of the unit of analysis ([Note: aggregation rules] in aggregate.ts). */
export function unitsManifest(db: Db, level: ExportLevel, rule: AggregateRule | null, hash: string | null): UnitsManifest {
  return {
    level,
    aggregate: rule ? { rule, description: RULE_DESCRIPTIONS[rule], modelInputHash: hash || null } : null,
    segmentations: listSegmentations(db),
  };
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
    ...(m.units ? { level: m.units.level, aggregate: m.units.aggregate, segmentations: m.units.segmentations } : {}),
    ...(m.imports ? { imports: m.imports } : {}),
    columns: m.columns,
    files: m.files,
    notes: m.notes,
  };
}
