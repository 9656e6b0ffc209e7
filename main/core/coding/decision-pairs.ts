// Human and model labels side by side, per decision (issue 13, items 2 and 10): what the validation
// numbers (model versus human on the blind sample) and the anchoring measures (agreement with the
// model when its suggestion was shown versus hidden, the share of suggestions accepted) are computed
// from. Read from the append-only decision log, so nothing derived can drift from it.
//
// [Note: which decisions pair] One pair per document, coder and context (a validation sample, or
// ordinary coding): that coder's latest decision there that no undo cancelled, if it is a label
// decision (a later skip withdraws the label). So a document coded blind in a sample and later
// recoded in ordinary coding yields two pairs, one blind and one not, and a second coder's
// decisions are pairs of their own (agreement between coders reads the same rows). The model's
// labels are those recorded with the decision: the suggestion current when it was made, shown or
// hidden (blind decisions and the CLI record it hidden); `stale` says whether that run's model input
// is no longer the question's current one, so stale and current predictions are never mixed.
import type { CodebookQuestion } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { goldMatcher } from './gold';

export interface DecisionPair {
  documentId: number;
  externalId: string;
  decisionId: string;
  coder: string;
  createdAt: string;
  /** The human's labels, in codebook order. */
  humanLabelIds: string[];
  /** The model's labels current at decision time (single-label: the top label; multi-label: every
   * label at or above 0.5); null where the document had no suggestion then. */
  modelLabelIds: string[] | null;
  /** The top label's score then. */
  modelScore: number | null;
  runId: string | null;
  /** The run's model input (template, hypotheses, model) is not the question's current one. */
  stale: boolean;
  /** The suggestion was on screen when the human decided (not blind, not the CLI, one existed). */
  shown: boolean;
  blind: boolean;
  /** The validation sample the decision was made in (blind), or null. */
  sampleId: string | null;
  /** The gold label was on screen ("Show gold labels while coding"). */
  goldShown: boolean;
  /** The document's gold value, and the labels it means ([Note: gold matching] in gold.ts). */
  gold: string | null;
  goldLabelIds: string[] | null;
}

export interface PairOptions {
  /** A sample's pairs only (a sample id), ordinary coding only (null), or every pair (absent). */
  sampleId?: string | null;
}

interface PairRow {
  id: string;
  document_id: number;
  external_id: string;
  coder: string;
  created_at: string;
  label_ids: string;
  suggestion_label_ids: string | null;
  suggestion_score: number | null;
  run_id: string | null;
  run_hash: string | null;
  suggestion_shown: number;
  blind: number;
  sample_id: string | null;
  gold_shown: number;
  gold_label: string | null;
}

/** The question's decision pairs ([Note: which decisions pair]), by document id and time. */
export function decisionPairs(db: Db, question: CodebookQuestion, currentHash: string, options: PairOptions = {}): DecisionPair[] {
  const where = options.sampleId === undefined ? '' : options.sampleId === null ? 'AND a.sample_id IS NULL' : 'AND a.sample_id = @sample';
  const rows = db
    .prepare(
      `WITH live AS (
         SELECT a.*, a.rowid AS rid, row_number() OVER (
           PARTITION BY a.document_id, a.coder_id, coalesce(a.sample_id, '') ORDER BY a.created_at DESC, a.rowid DESC) AS latest
         FROM annotations a
         WHERE a.question_id = @q AND a.kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM annotations u WHERE u.undoes_id = a.id) ${where})
       SELECT l.id, l.document_id, d.external_id, c.name AS coder, l.created_at, l.label_ids, l.suggestion_label_ids, l.suggestion_score,
         l.run_id, r.model_input_hash AS run_hash, l.suggestion_shown, l.blind, l.sample_id, l.gold_shown, d.gold_label
       FROM live l JOIN documents d ON d.id = l.document_id JOIN coders c ON c.id = l.coder_id
       LEFT JOIN prelabel_runs r ON r.id = l.run_id
       WHERE l.latest = 1 AND l.kind = 'label'
       ORDER BY l.document_id, l.created_at, l.rid`,
    )
    .all({ q: question.id, sample: options.sampleId ?? null }) as PairRow[];
  const order = new Map(question.labels.map((l, i) => [l.id, i]));
  const inOrder = (ids: string[]) => [...ids].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const gold = goldMatcher(question);
  return rows.map((r) => ({
    documentId: r.document_id,
    externalId: r.external_id,
    decisionId: r.id,
    coder: r.coder,
    createdAt: r.created_at,
    humanLabelIds: inOrder(JSON.parse(r.label_ids) as string[]),
    modelLabelIds: r.suggestion_label_ids === null ? null : inOrder(JSON.parse(r.suggestion_label_ids) as string[]),
    modelScore: r.suggestion_score,
    runId: r.run_id,
    stale: r.run_id !== null && r.run_hash !== currentHash,
    shown: r.suggestion_shown === 1,
    blind: r.blind === 1,
    sampleId: r.sample_id,
    goldShown: r.gold_shown === 1,
    gold: r.gold_label,
    goldLabelIds: gold(r.gold_label)?.labelIds ?? null,
  }));
}
