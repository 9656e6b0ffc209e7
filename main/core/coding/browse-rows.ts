// The rows of a Browse page: each document of the page with its current decision and suggestion,
// and for a unit of a segmentation its parent.
import type { BrowseRow, CodebookQuestion } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { emptyGoldImports } from './gold';
import { parentRefs } from './segment-context';

interface RowSql {
  id: number;
  external_id: string;
  text: string;
  text_length: number;
  kind: string | null;
  label_ids: string | null;
  coder: string | null;
  decided_at: string | null;
  flagged: number | null;
  note: string | null;
  accepted: number | null;
  suggestion_label_id: string | null;
  suggestion_score: number | null;
  suggestion_hash: string | null;
  gold_label: string | null;
  import_id: string;
}

export function rowsOf(db: Db, question: CodebookQuestion | null, hash: string, ids: number[]): BrowseRow[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT d.id, d.external_id, substr(d.text, 1, 300) AS text, length(d.text) AS text_length, s.kind, s.label_ids, c.name AS coder, s.decided_at,
         s.flagged, s.note, s.accepted, s.suggestion_label_id, s.suggestion_score, s.suggestion_hash, d.gold_label, d.import_id
       FROM documents d LEFT JOIN coding_state s ON s.question_id = @q AND s.document_id = d.id LEFT JOIN coders c ON c.id = s.coder_id
       WHERE d.id IN (SELECT value FROM json_each(@ids))`,
    )
    .all({ q: question?.id ?? '', ids: JSON.stringify(ids) }) as RowSql[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const names = new Map((question?.labels ?? []).map((l) => [l.id, l.name]));
  const parents = parentRefs(db, ids);
  // [Note: empty gold] the imports whose empty gold cells mean "none of these labels" here
  const emptyGold = new Set(question ? emptyGoldImports(db, question) : []);
  return ids.map((id) => {
    const r = byId.get(id)!;
    const labelIds = r.label_ids ? (JSON.parse(r.label_ids) as string[]) : [];
    const current = hash !== '' && r.suggestion_hash === hash && r.suggestion_label_id !== null;
    return {
      id: r.id,
      externalId: r.external_id,
      text: r.text,
      textLength: r.text_length,
      status: r.kind === null ? 'open' : r.kind === 'skip' ? 'skipped' : 'decided',
      labels: (question?.labels ?? []).filter((l) => labelIds.includes(l.id)).map((l) => l.name),
      suggestion: current
        ? { labelId: r.suggestion_label_id!, label: names.get(r.suggestion_label_id!) ?? '', score: r.suggestion_score! }
        : null,
      coder: r.coder,
      decidedAt: r.decided_at,
      flagged: r.flagged === 1,
      note: r.note,
      accepted: r.kind === 'label' && r.accepted !== null ? r.accepted === 1 : null,
      parent: parents.get(id) ?? null,
      gold: r.gold_label,
      ...(r.gold_label === null && emptyGold.has(r.import_id) ? { goldNoLabel: true } : {}),
    };
  });
}
