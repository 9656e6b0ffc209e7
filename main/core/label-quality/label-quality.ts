// labelQuality.check: the coded documents of a question (current human label decisions, every
// coder's resolved decision from coding_state) checked for near-identical texts coded differently
// and for labels a cross-validated calibrated model finds very unlikely.
import type { CodebookQuestion } from '../../../common/contract';
import type { DuplicatePairView, LabelQualityResult, QualityDocumentView } from '../../../common/contract/label-quality';
import type { Db } from '../store/project-db';
import { strongDisagreements } from './model-disagreements';
import { nearDuplicatesCodedDifferently, type QualityDocument } from './near-duplicates';

interface CodedRow {
  id: number;
  external_id: string;
  text: string;
  label_ids: string;
  coder: string | null;
}

/** The coded documents (current human label decisions) of a question, or of `ids` only. */
function readRows(db: Db, questionId: string, ids: readonly number[] | null): CodedRow[] {
  return db
    .prepare(
      `SELECT d.id, d.external_id, d.text, s.label_ids, c.name AS coder
       FROM coding_state s JOIN documents d ON d.id = s.document_id
       LEFT JOIN annotations a ON a.id = s.annotation_id LEFT JOIN coders c ON c.id = a.coder_id
       WHERE s.question_id = ? AND s.annotation_id IS NOT NULL AND s.kind = 'label'
         ${ids ? 'AND d.id IN (SELECT value FROM json_each(?))' : ''} ORDER BY d.id`,
    )
    .all(questionId, ...(ids ? [JSON.stringify(ids)] : [])) as CodedRow[];
}

export function checkLabels(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  input: { minSimilarity: number; limit: number; minDisagreement: number },
): LabelQualityResult {
  const started = performance.now();
  const rows = readRows(db, question.id, null);
  const docs: QualityDocument[] = rows.map((r) => ({ id: r.id, text: r.text, labelIds: JSON.parse(r.label_ids) as string[] }));
  const pairs = nearDuplicatesCodedDifferently(docs, { minSimilarity: input.minSimilarity });
  const byId = new Map(rows.map((r, i) => [r.id, { row: r, labelIds: docs[i]!.labelIds }]));
  const order = new Map(question.labels.map((l, i) => [l.id, i]));
  const names = new Map(question.labels.map((l) => [l.id, l.name]));
  const view = (id: number): QualityDocumentView => {
    const { row, labelIds } = byId.get(id)!;
    return {
      documentId: id,
      externalId: row.external_id,
      text: row.text.slice(0, 300),
      labels: [...labelIds].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9)).map((l) => names.get(l) ?? l),
      coder: row.coder,
    };
  };
  const strong = strongDisagreements(db, question, hash, input.minDisagreement);
  const extra = strong.rows.filter((r) => !byId.has(r.documentId)).map((r) => r.documentId);
  if (extra.length)
    for (const r of readRows(db, question.id, extra)) byId.set(r.id, { row: r, labelIds: JSON.parse(r.label_ids) as string[] });
  const listed: DuplicatePairView[] = pairs
    .slice(0, input.limit)
    .map((p) => ({ similarity: p.similarity, exact: p.exact, a: view(p.a), b: view(p.b) }));
  return {
    questionId: question.id,
    coded: rows.length,
    minSimilarity: input.minSimilarity,
    duplicates: { total: pairs.length, pairs: listed },
    disagreements: {
      minDisagreement: input.minDisagreement,
      total: strong.rows.length,
      items: strong.rows.slice(0, input.limit).map((r) => ({
        document: view(r.documentId),
        disagreement: r.disagreement,
        labels: r.labels.map((l) => ({ label: names.get(l.labelId) ?? l.labelId, probability: l.probability, coderGave: l.coderGave })),
      })),
      folds: strong.folds,
      judged: strong.judged,
      reason: strong.reason,
    },
    ms: Math.round(performance.now() - started),
  };
}
