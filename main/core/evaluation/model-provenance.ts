// Which model made the predictions an evaluation uses: the runs under the current model-input hash,
// with the model's id and SHA-256, its precision, the template and every label's hypothesis, and each
// run's stored options (window mode, maximum length, threads, scoring mode).
// [Note: hypotheses of the evaluated predictions] The model-input hash is made of the hypotheses, the
// long-text mode and the model (codebook/hypotheses.ts), and only predictions under the current hash
// are evaluated; so the current codebook's template and hypotheses are exactly those the evaluated
// predictions were made with. What a run stores of its own (options) is shown as stored.
import type { CodebookQuestion, ModelProvenance } from '../../../common/contract';
import { hypothesisFor, scoredLabels } from '../codebook/hypotheses';
import { readPrecision } from '../nli/precision/project-precision';
import type { Db } from '../store/project-db';

interface RunRow {
  id: string;
  model_id: string;
  model_sha256: string;
  status: string;
  options: string;
  created_at: string;
  finished_at: string | null;
}

export function modelProvenance(db: Db, question: CodebookQuestion, hash: string): ModelProvenance {
  const runs = hash
    ? (db
        .prepare(
          `SELECT id, model_id, model_sha256, status, options, created_at, finished_at FROM prelabel_runs
           WHERE question_id = ? AND model_input_hash = ? ORDER BY created_at, rowid`,
        )
        .all(question.id, hash) as RunRow[])
    : [];
  const last = runs[runs.length - 1];
  const check = readPrecision(db).check;
  const precision = last ? (check?.int8Sha256 && check.int8Sha256 === last.model_sha256 ? 'int8' : 'fp32') : null;
  return {
    modelId: last?.model_id ?? null,
    modelSha256: last?.model_sha256 ?? null,
    modelInputHash: hash,
    precision,
    template: question.template,
    hypotheses: scoredLabels(question).map((l) => ({ label: l.name, hypothesis: hypothesisFor(question, l) })),
    runs: runs.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      finishedAt: r.finished_at,
      status: r.status,
      options: JSON.parse(r.options) as Record<string, unknown>,
    })),
  };
}
