// manifest.json of an export: what was exported, from which codebook and model, with which split,
// and the SHA-256 of every file, so that a training run can name exactly the data it used.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type {
  AggregateRule,
  CodebookQuestion,
  CodingMode,
  ExportFilter,
  ExportFormat,
  ExportLevel,
  ResolutionRule,
  Segmentation,
} from '../../../common/contract';
import { hypothesisFor } from '../codebook/hypotheses';
import { codingMode, resolutionRule } from '../coding/resolution';
import { listSegmentations } from '../segments/segmentations';
import type { Db } from '../store/project-db';
import { RULE_DESCRIPTIONS } from './aggregate';
import type { RunRecord } from './export-records';
import type { ImportProvenance } from './import-provenance';
import type { ManifestValidation } from './manifest-validation';
import type { RunProvenance } from './run-provenance';

export type { ManifestValidation } from './manifest-validation';
export { runsProvenance } from './run-provenance';

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
  /** Every run the export names (the decisions' suggestions and the model columns), with what it
   * was made with as stored at run time (run-provenance.ts). */
  provenance: RunProvenance[];
  /** The question's current model-input hash ('' or null: never pre-labelled). */
  modelInputHash: string | null;
  /** The labels with a score_ column (tables) or a model_scores key (JSON Lines), in order. */
  scoreColumns: string[];
  /** The question's validation numbers (manifest-validation.ts); null when not computed. */
  validation: ManifestValidation | null;
  split: { seed: number; testFraction: number; train: number; test: number; method?: string } | null;
  /** NLI pairs: files, options and pair counts. */
  nli: Record<string, unknown> | null;
  counts: {
    rows: number;
    documents: number;
    perLabel: Array<{ label: string; count: number }>;
    decisions: Record<string, number>;
    /** Parent level: the coding units read, and those with a label decision. */
    units?: number;
    decidedUnits?: number;
    /** Unit level, tables and JSON Lines: units with a current, a stale only or no prediction; the
     * final label's source; units with gold (gold_status labels or no_label). */
    model?: {
      current: number;
      stale: number;
      none: number;
      final: { human: number; model: number; none: number };
      gold: number;
    };
  };
  columns: string[] | null;
  files: Array<{ name: string; bytes: number; sha256: string }>;
  notes: string[];
  /** The unit of analysis: the level exported, the rule of a parent-level export, the segmentations. */
  units?: UnitsManifest;
  /** The project's imports with the reading choices that changed their text (import-provenance.ts). */
  imports?: ImportProvenance[];
  /** How the question's decisions were resolved among several coders (severalCodersManifest). */
  severalCoders?: SeveralCodersManifest;
  /** `labels`: a labels-only export (labels-export.ts); absent: every column. */
  content?: 'full' | 'labels';
  /** The metadata columns written as pseudonyms and how ([Note: pseudonyms]); never the key. */
  pseudonymisation?: PseudonymisationManifest;
  /** Tuned per-label thresholds or the uncertain band the model labels were made with (thresholds/manifest-thresholds.ts). */
  thresholds?: Record<string, unknown>;
  /** Whether the model labels and scores are raw zero-shot or the calibrated classifier's (calibration/manifest-calibration.ts). */
  calibration?: Record<string, unknown>;
}

export interface PseudonymisationManifest {
  columns: Array<{ column: string; header: string }>;
  method: string;
}

export interface SeveralCodersManifest {
  mode: CodingMode;
  /** The rule that settles a disagreement nobody adjudicated, as set when the export ran. */
  resolutionRule: ResolutionRule;
  /** The question's decided units by how their current label was chosen ('rule': disagreements
   * nobody adjudicated, still open in the adjudication view). */
  units: { single: number; agreed: number; adjudicated: number; rule: number };
}

/** The question's decided units by resolution ([Note: resolution] in coding/resolution.ts). */
export function severalCodersManifest(db: Db, questionId: string): SeveralCodersManifest {
  const rows = db
    .prepare(
      'SELECT resolution AS r, count(*) AS n FROM coding_state WHERE question_id = ? AND annotation_id IS NOT NULL GROUP BY resolution',
    )
    .all(questionId) as { r: string | null; n: number }[];
  const n = (r: string) => rows.find((x) => x.r === r)?.n ?? 0;
  return {
    mode: codingMode(db),
    resolutionRule: resolutionRule(db),
    units: { single: n('single'), agreed: n('agreed'), adjudicated: n('adjudicated'), rule: n('rule') },
  };
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
    modelInputHash: m.modelInputHash,
    runs: m.provenance,
    columnNaming:
      "Metadata columns of the corpus are written as meta_<name>; each label's score as score_<label> (JSON Lines: the metadata and model_scores objects). No column of Prelabel starts with meta_ or score_. gold_status: labels (gold_label names them), no_label (an empty gold cell of a multi-label question counted as none of these labels; JSON Lines gold_label []), unmatched (a gold value naming none of the labels, left out of the evaluation) or none (no gold). final_label_resolution: how the human decision behind final_label was chosen among several coders: single (one coder), agreed (all deciding coders chose the same labels), adjudicated (an adjudicator settled a disagreement), rule (the project's rule settled it: latest, majority or lead coder); empty when final_label is the model's or none. coders: the coders with a current decision on the unit (a skip included).",
    scoreColumns: m.scoreColumns,
    validation: m.validation,
    split: m.split,
    nli: m.nli,
    counts: m.counts,
    ...(m.units ? { level: m.units.level, aggregate: m.units.aggregate, segmentations: m.units.segmentations } : {}),
    ...(m.imports ? { imports: m.imports } : {}),
    ...(m.severalCoders ? { severalCoders: m.severalCoders } : {}),
    ...(m.content ? { content: m.content } : {}),
    ...(m.pseudonymisation ? { pseudonymisation: m.pseudonymisation } : {}),
    ...(m.thresholds ? { thresholds: m.thresholds } : {}),
    ...(m.calibration ? { calibration: m.calibration } : {}),
    columns: m.columns,
    files: m.files,
    notes: m.notes,
  };
}
