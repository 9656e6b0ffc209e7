// What each pre-label run named by an export was made with, as stored with the run when it started
// (run-lifecycle.ts writes it into the run's options), never read from the current codebook.
//
// [Note: run provenance] A run records in its options the template and every hypothesis it asked,
// the SHA-256 of the model folder's tokenizer.json and config.json beside the model's own, the
// precision (fp32 or int8) and the scoring mode (hierarchical, top parents). A run made before
// Prelabel stored these has none of them: the manifest then says "not recorded" for each, and
// names the codebook revision the run started under, whose snapshot holds the codebook of the time.
import type { CodebookQuestion } from '../../../common/contract';
import type { Db } from '../store/project-db';

export const NOT_RECORDED = 'not recorded';

type Recorded<T> = T | typeof NOT_RECORDED;

export interface RunProvenance {
  runId: string;
  /** Its predictions are current (its model-input hash is the question's current one). */
  current: boolean;
  status: string;
  createdAt: string;
  finishedAt: string | null;
  modelId: string;
  modelSha256: string;
  modelInputHash: string;
  codebookRevisionId: string | null;
  template: Recorded<string>;
  hypotheses: Recorded<Array<{ labelId: string; label: string; hypothesis: string }>>;
  tokenizerSha256: Recorded<string | null>;
  configSha256: Recorded<string | null>;
  precision: Recorded<string>;
  hierarchical: Recorded<{ enabled: boolean; topParents: number | null }>;
  /** Everything else the run stored (window mode, maximum length, threads, provider, batch sizes). */
  options: Record<string, unknown>;
}

interface RunRow {
  id: string;
  status: string;
  created_at: string;
  finished_at: string | null;
  model_id: string;
  model_sha256: string;
  model_input_hash: string;
  codebook_revision_id: string | null;
  options: string;
}

const PROVENANCE_KEYS = ['template', 'hypotheses', 'tokenizerSha256', 'configSha256', 'precision', 'hierarchical', 'topParents'];

/** [Note: run provenance] The runs of `runIds` (each once, oldest first); unknown ids are left out. */
export function runsProvenance(db: Db, question: CodebookQuestion, hash: string, runIds: Iterable<string>): RunProvenance[] {
  const wanted = new Set(runIds);
  if (wanted.size === 0) return [];
  const rows = db
    .prepare(
      `SELECT id, status, created_at, finished_at, model_id, model_sha256, model_input_hash, codebook_revision_id, options
         FROM prelabel_runs WHERE question_id = ? ORDER BY created_at, rowid`,
    )
    .all(question.id) as RunRow[];
  return rows.filter((r) => wanted.has(r.id)).map((r) => provenanceOf(r, hash));
}

function provenanceOf(r: RunRow, hash: string): RunProvenance {
  let options: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(r.options);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) options = parsed as Record<string, unknown>;
  } catch {
    // A damaged options text records nothing.
  }
  const has = (k: string) => Object.prototype.hasOwnProperty.call(options, k);
  const rest = Object.fromEntries(Object.entries(options).filter(([k]) => !PROVENANCE_KEYS.includes(k)));
  return {
    runId: r.id,
    current: hash !== '' && r.model_input_hash === hash,
    status: r.status,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    modelId: r.model_id,
    modelSha256: r.model_sha256,
    modelInputHash: r.model_input_hash,
    codebookRevisionId: r.codebook_revision_id,
    template: typeof options.template === 'string' ? options.template : NOT_RECORDED,
    hypotheses: Array.isArray(options.hypotheses) ? (options.hypotheses as RunProvenance['hypotheses'] & object[]) : NOT_RECORDED,
    tokenizerSha256: has('tokenizerSha256') ? ((options.tokenizerSha256 as string | null) ?? null) : NOT_RECORDED,
    configSha256: has('configSha256') ? ((options.configSha256 as string | null) ?? null) : NOT_RECORDED,
    precision: typeof options.precision === 'string' ? options.precision : NOT_RECORDED,
    hierarchical: has('hierarchical')
      ? { enabled: options.hierarchical === true, topParents: typeof options.topParents === 'number' ? options.topParents : null }
      : NOT_RECORDED,
    options: rest,
  };
}
