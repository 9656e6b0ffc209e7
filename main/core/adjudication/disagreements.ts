// The documents where coders disagree, for the adjudication view and the coding meeting's CSV.
//
// [Note: disagreement] A document is a disagreement of a question when at least two coders have a
// current decision there that decides (a label set, or not codable; coder_state, [Note: several
// coders]) and those decisions are not all the same. Skips are no label ("not now"; [Note:
// resolution] in coding/resolution.ts): a coder who skipped neither agrees nor disagrees, though the
// view shows the skip. Adjudications (role 'adjudication') are no coder's decision.
// How much the coders disagree is the mean distance over the pairs of deciding coders: two
// decisions with the same labels are 0 apart; otherwise 1, except two label sets of a multi-label
// question, which are their Jaccard distance, 1 - |A n B| / |A u B| (so {a, b} against {a} is 0.5
// apart and {a} against {c} is 1). With two coders of a single-label question every disagreement is
// 1; with three, two against one is 2/3 and three different labels 1. The list is sorted by this
// mean, the largest first, then by the number of distinct label sets (more first), then by the
// document's id (import order).
// A disagreement is settled when a live adjudication stands for it (coding_state.resolution
// 'adjudicated'), open otherwise.
import type {
  AdjudicationCoderDecision,
  AdjudicationCounts,
  AdjudicationUnit,
  CodebookQuestion,
  ParsedInput,
} from '../../../common/contract';
import { PrelabelError } from '../../../common/contract';
import { requireSample } from '../coding/samples';
import type { Db } from '../store/project-db';

export type ListInput = ParsedInput<'adjudication.list'>;

interface CoderRow {
  document_id: number;
  coder: string;
  kind: AdjudicationCoderDecision['kind'];
  label_ids: string;
  note: string | null;
  decided_at: string;
  seconds: number | null;
}

/** A disagreement before its text, suggestion and gold are read. */
export interface Disagreement {
  documentId: number;
  externalId: string;
  coders: AdjudicationCoderDecision[];
  disagreement: number;
  pairs: number;
  differingPairs: number;
  labelSets: number;
  adjudication: AdjudicationUnit['adjudication'];
}

const decisionKey = (c: AdjudicationCoderDecision) => `${c.kind}:${c.labelIds.slice().sort().join(',')}`;

/** [Note: disagreement] The distance between two deciding coders' decisions. */
export function decisionDistance(a: AdjudicationCoderDecision, b: AdjudicationCoderDecision, multiLabel: boolean): number {
  if (decisionKey(a) === decisionKey(b)) return 0;
  if (!multiLabel || a.kind !== 'label' || b.kind !== 'label') return 1;
  const sa = new Set(a.labelIds);
  const union = new Set([...a.labelIds, ...b.labelIds]).size;
  const both = b.labelIds.filter((id) => sa.has(id)).length;
  return 1 - both / union;
}

/** [Note: disagreement] How much the deciding coders of one document disagree. */
export function disagreementOf(
  coders: readonly AdjudicationCoderDecision[],
  multiLabel: boolean,
): { disagreement: number; pairs: number; differingPairs: number; labelSets: number } {
  const deciding = coders.filter((c) => c.kind !== 'skip');
  let pairs = 0;
  let differing = 0;
  let distance = 0;
  for (let i = 0; i < deciding.length; i++)
    for (let j = i + 1; j < deciding.length; j++) {
      const d = decisionDistance(deciding[i]!, deciding[j]!, multiLabel);
      pairs++;
      distance += d;
      if (d > 0) differing++;
    }
  return {
    disagreement: pairs ? distance / pairs : 0,
    pairs,
    differingPairs: differing,
    labelSets: new Set(deciding.map(decisionKey)).size,
  };
}

/** The sort key of a unit as text: compares as the order of [Note: disagreement]. */
export function unitKey(u: Pick<Disagreement, 'disagreement' | 'labelSets' | 'documentId'>): string {
  return `${u.disagreement.toFixed(9)}:${u.labelSets}:${u.documentId}`;
}

export function parseKey(key: string): [number, number, number] {
  const parts = key.split(':').map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n)))
    throw new PrelabelError('INVALID_INPUT', `"${key}" is not a position in the list of disagreements.`);
  return parts as [number, number, number];
}

/** a before b in [Note: disagreement]'s order. */
export function compare(a: Disagreement, b: Disagreement): number {
  return b.disagreement - a.disagreement || b.labelSets - a.labelSets || a.documentId - b.documentId;
}

/**
 * The last list computed per project, with what it was computed from: the log's size and last row
 * (the log only grows: every decision, undo and merge adds rows, and coder_state and the
 * adjudications follow from it), the question's labels and the scope. A screen that reads the list
 * page by page computes it once; any new decision computes it again.
 */
const cache = new WeakMap<Db, { key: string; list: Disagreement[] }>();

/** Every disagreement of the question (in the sample's documents, or on one document), in order. */
export function disagreements(db: Db, question: CodebookQuestion, scope: { sampleId?: string; documentId?: number } = {}): Disagreement[] {
  if (scope.sampleId !== undefined) requireSample(db, scope.sampleId, question.id);
  const log = db.prepare('SELECT max(rowid) AS last, count(*) AS n FROM annotations').get() as { last: number | null; n: number };
  const key = JSON.stringify([
    log,
    question.id,
    question.multiLabel,
    question.labels.map((l) => [l.id, l.name]),
    scope.sampleId ?? null,
    scope.documentId ?? null,
  ]);
  const cached = cache.get(db);
  if (cached?.key === key) return cached.list;
  const list = compute(db, question, scope);
  cache.set(db, { key, list });
  return list;
}

function compute(db: Db, question: CodebookQuestion, scope: { sampleId?: string; documentId?: number }): Disagreement[] {
  const where = [
    'cs.question_id = @q',
    ...(scope.sampleId !== undefined ? ['cs.document_id IN (SELECT document_id FROM sample_documents WHERE sample_id = @s)'] : []),
    ...(scope.documentId !== undefined ? ['cs.document_id = @d'] : []),
  ].join(' AND ');
  const params = {
    q: question.id,
    ...(scope.sampleId !== undefined ? { s: scope.sampleId } : {}),
    ...(scope.documentId !== undefined ? { d: scope.documentId } : {}),
  };
  const rows = db
    .prepare(
      `WITH disputed AS (
         SELECT cs.document_id FROM coder_state cs WHERE ${where} AND cs.kind <> 'skip'
         GROUP BY cs.document_id HAVING count(*) >= 2 AND count(DISTINCT cs.kind || cs.label_ids) > 1)
       SELECT cs.document_id, c.name AS coder, cs.kind, cs.label_ids, a.note, cs.decided_at, a.seconds
       FROM coder_state cs JOIN disputed USING (document_id) JOIN coders c ON c.id = cs.coder_id
       JOIN annotations a ON a.id = cs.annotation_id
       WHERE cs.question_id = @q ORDER BY cs.document_id, c.name`,
    )
    .all(params) as CoderRow[];
  if (rows.length === 0) return [];
  const names = new Map(question.labels.map((l) => [l.id, l.name]));
  const position = new Map(question.labels.map((l, i) => [l.id, i]));
  const labelsOf = (json: string) => {
    const ids = (JSON.parse(json) as string[]).slice().sort((a, b) => (position.get(a) ?? Infinity) - (position.get(b) ?? Infinity));
    return { labelIds: ids, labels: ids.map((id) => names.get(id) ?? id) };
  };
  const byDoc = new Map<number, AdjudicationCoderDecision[]>();
  for (const r of rows) {
    const list = byDoc.get(r.document_id) ?? [];
    list.push({
      coder: r.coder,
      kind: r.kind,
      ...(r.kind === 'label' ? labelsOf(r.label_ids) : { labelIds: [], labels: [] }),
      note: r.note,
      decidedAt: r.decided_at,
      seconds: r.seconds,
    });
    byDoc.set(r.document_id, list);
  }
  const ids = JSON.stringify([...byDoc.keys()]);
  const external = new Map(
    (
      db.prepare('SELECT id, external_id AS ext FROM documents WHERE id IN (SELECT value FROM json_each(?))').all(ids) as {
        id: number;
        ext: string;
      }[]
    ).map((d) => [d.id, d.ext]),
  );
  const adjudications = new Map(
    (
      db
        .prepare(
          `SELECT s.document_id AS doc, c.name AS coder, a.kind, a.label_ids, a.note, a.created_at FROM coding_state s
           JOIN annotations a ON a.id = s.annotation_id JOIN coders c ON c.id = a.coder_id
           WHERE s.question_id = ? AND s.resolution = 'adjudicated' AND s.document_id IN (SELECT value FROM json_each(?))`,
        )
        .all(question.id, ids) as {
        doc: number;
        coder: string;
        kind: AdjudicationCoderDecision['kind'];
        label_ids: string;
        note: string | null;
        created_at: string;
      }[]
    ).map((a) => [a.doc, { coder: a.coder, kind: a.kind, ...labelsOf(a.label_ids), note: a.note, decidedAt: a.created_at }]),
  );
  const out: Disagreement[] = [];
  for (const [documentId, coders] of byDoc)
    out.push({
      documentId,
      externalId: external.get(documentId) ?? String(documentId),
      coders,
      ...disagreementOf(coders, question.multiLabel),
      adjudication: adjudications.get(documentId) ?? null,
    });
  return out.sort(compare);
}

export function countsOf(all: readonly Disagreement[]): AdjudicationCounts {
  const settled = all.filter((d) => d.adjudication !== null).length;
  return { open: all.length - settled, settled, total: all.length };
}

export function withStatus(all: readonly Disagreement[], status: ListInput['status']): Disagreement[] {
  return status === 'all' ? [...all] : all.filter((d) => (d.adjudication !== null) === (status === 'settled'));
}
