// Each coder's current decision per document, read from the decision log (annotations), not from
// coding_state, which keeps the project's resolved decision per document. Only a coder's own
// decisions ('coding') count: an adjudication or a training decision is no coder's independent label.
//
// [Note: a coder's current decision] For each (document, coder) the current decision is that
// coder's latest row of kind label, not_codable or skip that no undo row cancels (the same rule as
// coding_state's current decision, applied per coder). An undo cancels one row of its own coder, so
// an undo by one coder never touches another's decision; after it the coder's earlier decision on
// the document, if any, is current again. Then:
// - label: the coder's value is the label (single-label) or the label set (multi-label).
// - skip: the coder deferred the document: no value (missing), as a coder who never saw it; a
//   later label decision replaces the skip, and a skip after a label leaves the coder without a
//   value, as in Annotate, where that document is back in the coder's skipped queue.
// - not_codable: no value (missing) too: "not codable" is not a point on the question's scale, and
//   Krippendorff's alpha defines missing values; the coders table counts these decisions.
import { PrelabelError, type CodebookQuestion } from '../../../common/contract';
import type { Db } from '../store/project-db';

export interface CoderDecision {
  documentId: number;
  externalId: string;
  coder: string;
  kind: 'label' | 'skip' | 'not_codable';
  /** Label ids in codebook order (kind label only). */
  labelIds: string[];
}

/** Every coder's current decision on the question, on the sample's documents only when one is given. */
export function currentDecisionsByCoder(db: Db, question: CodebookQuestion, sampleId: string | null): CoderDecision[] {
  const inSample = sampleId === null ? '' : 'AND a.document_id IN (SELECT document_id FROM sample_documents WHERE sample_id = @s)';
  const rows = db
    .prepare(
      `WITH live AS (
         SELECT a.document_id, a.coder_id, a.kind, a.label_ids,
           row_number() OVER (PARTITION BY a.document_id, a.coder_id ORDER BY a.created_at DESC, a.rowid DESC) AS latest
         FROM annotations a
         WHERE a.question_id = @q AND a.kind <> 'undo' AND a.role = 'coding' ${inSample}
           AND NOT EXISTS (SELECT 1 FROM annotations u WHERE u.undoes_id = a.id))
       SELECT l.document_id AS id, d.external_id AS ext, c.name AS coder, l.kind, l.label_ids AS labels
       FROM live l JOIN coders c ON c.id = l.coder_id JOIN documents d ON d.id = l.document_id
       WHERE l.latest = 1 ORDER BY l.document_id, c.name`,
    )
    .all({ q: question.id, ...(sampleId === null ? {} : { s: sampleId }) }) as Array<{
    id: number;
    ext: string;
    coder: string;
    kind: CoderDecision['kind'];
    labels: string;
  }>;
  const position = new Map(question.labels.map((l, i) => [l.id, i]));
  return rows.map((r) => {
    const labelIds = r.kind === 'label' ? (JSON.parse(r.labels) as string[]) : [];
    for (const id of labelIds)
      if (!position.has(id))
        throw new PrelabelError(
          'INTERNAL',
          `A decision on document ${r.ext} by ${r.coder} names a label that is not in the question "${question.name}".`,
        );
    labelIds.sort((a, b) => position.get(a)! - position.get(b)!);
    return { documentId: r.id, externalId: r.ext, coder: r.coder, kind: r.kind, labelIds };
  });
}

/** External ids of a sample's documents, in the sample's order. */
export function sampleDocuments(db: Db, sampleId: string): Array<{ id: number; externalId: string }> {
  return db
    .prepare(
      `SELECT d.id, d.external_id AS externalId FROM sample_documents s JOIN documents d ON d.id = s.document_id
       WHERE s.sample_id = ? ORDER BY s.position`,
    )
    .all(sampleId) as Array<{ id: number; externalId: string }>;
}
