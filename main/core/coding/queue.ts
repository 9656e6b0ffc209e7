// The coding queue: the next documents of a question in one of five orders, with keyset
// continuation (an item's `key` is its position), and the question's progress (a sample's, the
// skipped or flagged documents' progress: queue-progress.ts).
//
// Orders: in_order (document id); random (a seeded permutation, random-order.ts); least_confident
// (current suggestion's top score ascending, then the documents without a current suggestion by
// id); by_label (documents whose current suggestion is one label, most confident first, label by
// label in codebook order, then those without a suggestion); uncertain_first (single-label: [Note:
// uncertain first]). Scope open skips documents with a
// decision (skips included); scope all shows every document with its current decision. Sources
// besides the open documents (a validation sample, blind; the skipped and flagged documents) are in
// queue-sources.ts, and so is what no queue shows a coder (documents reserved for a sample, gold).
import {
  PrelabelError,
  type CodebookQuestion,
  type CodingProgress,
  type DocumentRow,
  type QueueItem,
  type QueuePage,
  type SampleInfo,
} from '../../../common/contract';
import { scoredLabels } from '../codebook/hypotheses';
import type { Db } from '../store/project-db';
import { ensureSuggestions } from './coding-state';
import { blindCoders, codingMode, hideSuggestions } from './resolution';
import { coderName, toDecision } from './decisions';
import { showGoldWhileCoding } from './gold';
import { pageSuggestions } from './page-suggestions';
import {
  coderId,
  inSample,
  keepGoldFromCoder,
  reservedClause,
  reservedOpen,
  sampleDecisions,
  skippedOutsideSamples,
  sourceCandidates,
  sourceRemaining,
  type Candidate,
  type QueueInput,
} from './queue-sources';
import { queueProgress } from './queue-progress';
import { RandomOrder } from './random-order';
import { requireSample } from './samples';
import { segmentContexts } from './segment-context';
import type { AnnotationRow } from './coding-state';
import { isUnit } from '../store/units';
import { readUncertainBand } from '../thresholds/threshold-store';
import { visibleCount } from './visible-count';

export type { QueueInput } from './queue-sources';
export { visibleCount } from './visible-count';

const VISIBLE = isUnit('d');
const JOIN_STATE = 'LEFT JOIN coding_state s ON s.question_id = @q AND s.document_id = d.id';

/** Queue position: [phase, score, document id, items served before it in this walk]. */
type Key = [phase: number, score: number, id: number, ordinal: number];

function parseKey(after: string | undefined): Key | null {
  if (after === undefined) return null;
  try {
    const k = JSON.parse(after) as unknown;
    if (Array.isArray(k) && k.length === 4 && k.every((v) => typeof v === 'number' && Number.isFinite(v))) return k as Key;
  } catch {
    // reported below
  }
  throw new PrelabelError('INVALID_INPUT', 'The queue position (after) is not one this queue gave out; start the queue again.');
}

/** The question's progress from the maintained tally ([Note: coding tally] in store/migrations/003-coding-tally.ts). */
export function progress(db: Db, question: CodebookQuestion): CodingProgress {
  const total = visibleCount(db);
  const rows = db.prepare('SELECT bucket, n FROM coding_tally WHERE question_id = ? AND n <> 0').raw().all(question.id) as [
    string,
    number,
  ][];
  const tally = new Map(rows);
  const n = (bucket: string) => tally.get(bucket) ?? 0;
  // Multi-label: every label of a decision counts; single-label: its first label in codebook order.
  const byLabel = question.labels
    .map((l) => ({ labelId: l.id, count: n(`${question.multiLabel ? 'label' : 'first'}:${l.id}`) }))
    .filter((c) => c.count > 0);
  return {
    total,
    decided: n('kind:label') + n('kind:not_codable'),
    skipped: n('kind:skip'),
    accepted: n('accepted:1'),
    changed: n('accepted:0'),
    byLabel,
  };
}

/**
 * SQL (with {id} for the document id) that keeps a document open in the question's queue: no
 * current decision of the project; in the mode 'every', none of this coder ([Note: several coders]).
 */
function openCondition(db: Db, coder: string | null): string {
  return coder !== null && codingMode(db) === 'every'
    ? 'NOT EXISTS (SELECT 1 FROM coder_state c WHERE c.question_id = @q AND c.coder_id = @coder AND c.document_id = {id})'
    : 's.annotation_id IS NULL';
}

/** The next `limit` candidates after `key` in the order; `open` keeps documents without a decision. */
function nextCandidates(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  input: QueueInput,
  key: Key | null,
  coder: string | null,
): Candidate[] {
  if (input.documentId !== undefined) {
    const visible = db.prepare(`SELECT 1 FROM documents d WHERE d.id = ? AND ${VISIBLE}`).get(input.documentId);
    if (!visible)
      throw new PrelabelError(
        'NOT_FOUND',
        `Document ${input.documentId} is not in this project (it may belong to an import that did not finish).`,
      );
    return [{ phase: 0, score: 0, id: input.documentId }];
  }
  const reserved = input.scope === 'open' ? reservedClause(db, question.id) : '';
  const condition = openCondition(db, coder);
  const openFor = (id: string) =>
    input.scope === 'open' ? `AND ${condition.replaceAll('{id}', id)} ${reserved.replaceAll('{id}', id)}` : '';
  const open = openFor('d.id');
  const limit = input.limit;
  const p = { q: question.id, h: hash, limit, coder: coder ?? '' };
  if (input.order === 'in_order') {
    const ids = db
      .prepare(`SELECT d.id FROM documents d ${JOIN_STATE} WHERE ${VISIBLE} AND d.id > @after ${open} ORDER BY d.id LIMIT @limit`)
      .pluck()
      .all({ ...p, after: key?.[2] ?? 0 }) as number[];
    return ids.map((id) => ({ phase: 0, score: 0, id }));
  }
  if (input.order === 'random') {
    const n = (db.prepare('SELECT max(id) FROM documents').pluck().get() as number | null) ?? 0;
    const order = new RandomOrder(n, input.seed);
    const check = db.prepare(`SELECT 1 FROM documents d ${JOIN_STATE} WHERE d.id = @id AND ${VISIBLE} ${open}`);
    const coderParam = coder ?? '';
    const out: Candidate[] = [];
    for (let i = key ? key[1] + 1 : 0; i < n && out.length < limit; i++) {
      const id = order.at(i) + 1;
      if (check.get({ q: question.id, id, coder: coderParam })) out.push({ phase: 0, score: i, id });
    }
    return out;
  }
  if (input.order === 'uncertain_first') return uncertainFirst(db, question, p, key, openFor);
  // Scored phases first (least_confident: one; by_label: one per label), then the unscored documents.
  const labels = input.order === 'by_label' ? (input.labelId ? [input.labelId] : scoredLabels(question).map((l) => l.id)) : [null];
  const out: Candidate[] = [];
  for (let phase = key?.[0] ?? 0; phase <= labels.length && out.length < limit; phase++) {
    const resume = key !== null && key[0] === phase;
    const want = { ...p, limit: limit - out.length, score: resume ? key[1] : 0, after: resume ? key[2] : 0 };
    if (phase === labels.length) {
      if (input.order === 'by_label' && input.labelId) break; // only that label's documents
      const ids = db
        .prepare(
          `SELECT d.id FROM documents d ${JOIN_STATE} WHERE ${VISIBLE} AND s.suggestion_hash IS NOT @h AND d.id > @after ${open} ORDER BY d.id LIMIT @limit`,
        )
        .pluck()
        .all(want) as number[];
      out.push(...ids.map((id) => ({ phase, score: 0, id })));
      continue;
    }
    const label = labels[phase];
    const rows = (
      label === null
        ? db
            .prepare(
              `SELECT s.document_id AS id, s.suggestion_score AS score FROM coding_state s
               WHERE s.question_id = @q AND s.suggestion_hash = @h ${openFor('s.document_id')}
                 ${resume ? 'AND (s.suggestion_score > @score OR (s.suggestion_score = @score AND s.document_id > @after))' : ''}
               ORDER BY s.suggestion_score, s.document_id LIMIT @limit`,
            )
            .all(want)
        : db
            .prepare(
              `SELECT s.document_id AS id, s.suggestion_score AS score FROM coding_state s
               WHERE s.question_id = @q AND s.suggestion_hash = @h AND s.suggestion_label_id = @label ${openFor('s.document_id')}
                 ${resume ? 'AND (s.suggestion_score < @score OR (s.suggestion_score = @score AND s.document_id < @after))' : ''}
               ORDER BY s.suggestion_score DESC, s.document_id DESC LIMIT @limit`,
            )
            .all({ ...want, label })
    ) as { id: number; score: number }[];
    out.push(...rows.map((r) => ({ phase, score: r.score, id: r.id })));
  }
  return out;
}

/**
 * [Note: uncertain first] With the question's uncertain band set: first the documents inside it
 * (current suggestion, margin between the top two probabilities below the band's), smallest margin
 * first (then by id), then every other document in document order: outside the band, stale or never
 * scored. Without a band: every document with a current margin, smallest first, then the rest by id.
 * The margin is the one the coding state keeps (migration 10), on the scale of the suggestions
 * ([Note: one scale for the band] in thresholds/uncertain-band.ts), read through its index; the
 * documents a queue never shows (decided, reserved for a sample, this coder's in the mode 'every')
 * are left out as in the other orders.
 */
function uncertainFirst(
  db: Db,
  question: CodebookQuestion,
  p: { q: string; h: string; limit: number; coder: string },
  key: Key | null,
  openFor: (id: string) => string,
): Candidate[] {
  const band = readUncertainBand(db, question.id);
  const out: Candidate[] = [];
  for (let phase = key?.[0] ?? 0; phase <= 1 && out.length < p.limit; phase++) {
    const resume = key !== null && key[0] === phase;
    const want = { ...p, band: band ?? 1, limit: p.limit - out.length, score: resume ? key[1] : 0, after: resume ? key[2] : 0 };
    if (phase === 0) {
      const rows = db
        .prepare(
          `SELECT s.document_id AS id, s.suggestion_margin AS score FROM coding_state s
           WHERE s.question_id = @q AND s.suggestion_hash = @h AND s.suggestion_margin IS NOT NULL
             ${band === null ? '' : 'AND s.suggestion_margin < @band'} ${openFor('s.document_id')}
             ${resume ? 'AND (s.suggestion_margin > @score OR (s.suggestion_margin = @score AND s.document_id > @after))' : ''}
           ORDER BY s.suggestion_margin, s.document_id LIMIT @limit`,
        )
        .all(want) as { id: number; score: number }[];
      out.push(...rows.map((r) => ({ phase, score: r.score, id: r.id })));
      continue;
    }
    const outside = `(s.suggestion_hash IS NOT @h OR s.suggestion_margin IS NULL ${band === null ? '' : 'OR s.suggestion_margin >= @band'})`;
    const ids = db
      .prepare(
        `SELECT d.id FROM documents d ${JOIN_STATE} WHERE ${VISIBLE} AND ${outside} AND d.id > @after ${openFor('d.id')} ORDER BY d.id LIMIT @limit`,
      )
      .pluck()
      .all(want) as number[];
    out.push(...ids.map((id) => ({ phase, score: 0, id })));
  }
  return out;
}

const DOCUMENT_SQL = `SELECT d.id, d.import_id, d.external_id, d.text, length(d.text) AS text_length, d.metadata, d.gold_label FROM documents d
  WHERE d.id IN (SELECT value FROM json_each(?))`;

interface DocumentSqlRow {
  id: number;
  import_id: string;
  external_id: string;
  text: string;
  text_length: number;
  metadata: string;
  gold_label: string | null;
}

/** The sample a queue call codes in (blind), checked against the question; null for none. */
function sampleOf(db: Db, question: CodebookQuestion, input: QueueInput): SampleInfo | null {
  if (input.source === 'sample' && input.sampleId === undefined)
    throw new PrelabelError('INVALID_INPUT', 'A sample queue needs the sample (sampleId); choose a validation sample to code.');
  if (input.sampleId === undefined || (input.source === 'queue' && input.documentId === undefined)) return null;
  return requireSample(db, input.sampleId, question.id);
}

export function queuePage(db: Db, question: CodebookQuestion, hash: string, input: QueueInput): QueuePage {
  if (input.order === 'by_label' && input.labelId && !question.labels.some((l) => l.id === input.labelId)) {
    throw new PrelabelError('INVALID_INPUT', `The label ${input.labelId} is not a label of "${question.name}".`);
  }
  if (input.order === 'uncertain_first' && question.multiLabel && input.source === 'queue' && input.documentId === undefined)
    throw new PrelabelError(
      'INVALID_INPUT',
      `"${question.name}" is a multi-label question: "uncertain first" orders by the margin between the top two labels of a single-label question; use least confident first.`,
    );
  ensureSuggestions(db, question, hash);
  const key = parseKey(input.after);
  const sample = sampleOf(db, question, input);
  const own = input.documentId === undefined && input.source !== 'queue';
  const coder = coderId(db, input.coder);
  const mode = codingMode(db);
  const blindToCoders = blindCoders(db);
  const noSuggestions = hideSuggestions(db);
  // The decision each item shows is the coder's own where coders code independently or blind.
  const ownDecisions = coder !== null && (mode === 'every' || blindToCoders);
  const candidates = own ? sourceCandidates(db, input, sample, key?.[1] ?? -1) : nextCandidates(db, question, hash, input, key, coder);
  const ids = candidates.map((c) => c.id);
  // Items of a sample are blind: a document opened by id is blind only when it is one of the sample's.
  const blind = new Set(sample ? ids.filter((id) => input.documentId === undefined || inSample(db, sample.id, id)) : []);
  const docs = new Map((db.prepare(DOCUMENT_SQL).all(JSON.stringify(ids)) as DocumentSqlRow[]).map((r) => [r.id, r]));
  const suggestions = pageSuggestions(db, question, hash, ids);
  const current = new Map(
    (ownDecisions
      ? (db
          .prepare(
            'SELECT a.* FROM coder_state c JOIN annotations a ON a.id = c.annotation_id WHERE c.question_id = ? AND c.coder_id = ? AND c.document_id IN (SELECT value FROM json_each(?))',
          )
          .all(question.id, coder, JSON.stringify(ids)) as AnnotationRow[])
      : (db
          .prepare(
            'SELECT a.* FROM coding_state s JOIN annotations a ON a.id = s.annotation_id WHERE s.question_id = ? AND s.document_id IN (SELECT value FROM json_each(?))',
          )
          .all(question.id, JSON.stringify(ids)) as AnnotationRow[])
    ).map((a) => [a.document_id, a]),
  );
  // In a sample the decision shown is the one made in it (this coder's), not the document's current one.
  const inSampleDecisions = sample ? sampleDecisions(db, question, sample.id, input.coder, [...blind]) : new Map<number, AnnotationRow>();
  const windows = modelWindows(db, question, hash, ids, docs);
  const contexts = segmentContexts(db, ids, input.contextSize);
  const served = key?.[3] ?? 0;
  const items: QueueItem[] = candidates.map((c, i) => {
    const d = docs.get(c.id)!;
    const document: DocumentRow = {
      id: d.id,
      externalId: d.external_id,
      text: d.text,
      textLength: d.text_length,
      metadata: JSON.parse(d.metadata) as Record<string, string>,
      gold: d.gold_label,
    };
    const isBlind = blind.has(c.id);
    const a = isBlind ? inSampleDecisions.get(c.id) : current.get(c.id);
    return {
      key: JSON.stringify([c.phase, c.score, c.id, served + i + 1] satisfies Key),
      document,
      suggestion: isBlind || noSuggestions ? null : (suggestions.get(c.id) ?? null),
      decision: a ? toDecision(a, question, coderName(db, a.coder_id)) : null,
      modelWindowEnd: windows.get(c.id) ?? null,
      context: contexts.get(c.id) ?? null,
      sampleId: isBlind ? sample!.id : null,
    };
  });
  const showGold = showGoldWhileCoding(db);
  keepGoldFromCoder(
    db,
    items.filter((item) => !showGold || item.sampleId !== null),
    docs,
  );
  const p = progress(db, question);
  const last = candidates[candidates.length - 1];
  // Open scope: documents still without a decision that this page does not show (less those kept
  // for a sample). All scope: the documents after this page (every document is in the walk once).
  // The other sources count what follows the page's last item.
  const mine = coder === null ? null : coderProgress(db, question.id, coder);
  const openItems = items.filter((i) => i.decision === null).length;
  const remaining = own
    ? sourceRemaining(db, input, sample, last ? last.score : (key?.[1] ?? -1))
    : input.documentId !== undefined
      ? 0
      : input.scope === 'open'
        ? mode === 'every' && mine !== null
          ? Math.max(0, p.total - mine.decided - mine.skipped - reservedOpenFor(db, question.id, coder!) - openItems)
          : Math.max(0, p.total - p.decided - p.skipped - reservedOpen(db, question.id) - openItems)
        : Math.max(0, p.total - served - items.length);
  return {
    items,
    remaining,
    progress: p,
    queueProgress: queueProgress(db, question, input, sample),
    sample: sample ? requireSample(db, sample.id, question.id) : null,
    skippedOutsideSamples: skippedOutsideSamples(db, question.id),
    mine,
    coding: { mode, blindCoders: blindToCoders, hideSuggestions: noSuggestions },
  };
}

/** A coder's own current decisions on the question: labels (or not codable) and skips. */
export function coderProgress(db: Db, questionId: string, coder: string): { decided: number; skipped: number } {
  const rows = db
    .prepare("SELECT kind = 'skip' AS skip, count(*) AS n FROM coder_state WHERE question_id = ? AND coder_id = ? GROUP BY kind = 'skip'")
    .all(questionId, coder) as { skip: number; n: number }[];
  return { decided: rows.find((r) => r.skip === 0)?.n ?? 0, skipped: rows.find((r) => r.skip === 1)?.n ?? 0 };
}

/** Documents of the question's samples this coder has no current decision on (not in their queue). */
function reservedOpenFor(db: Db, questionId: string, coder: string): number {
  return db
    .prepare(
      `SELECT count(DISTINCT sd.document_id) FROM sample_documents sd JOIN samples sm ON sm.id = sd.sample_id
       JOIN documents d ON d.id = sd.document_id AND ${VISIBLE}
       WHERE sm.question_id = ? AND sm.kind <> 'training' AND NOT EXISTS (SELECT 1 FROM coder_state c WHERE c.question_id = sm.question_id AND c.coder_id = ? AND c.document_id = sd.document_id)`,
    )
    .pluck()
    .get(questionId, coder) as number;
}

/**
 * [Note: model window end] Where the model stopped reading a truncated document. The store keeps
 * the premise's token count and the run's maximum length, not token offsets, and loading the
 * tokenizer to get offsets would load the model; so the end is estimated: the premise budget
 * (maximum length, 4 special tokens, the longest hypothesis at about 4 characters a token) as a
 * share of the document's tokens, applied to its characters. It marks roughly where the unread part
 * begins; windows mode reads everything (null).
 */
function modelWindows(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  ids: readonly number[],
  docs: Map<number, DocumentSqlRow>,
): Map<number, number> {
  const out = new Map<number, number>();
  if (!hash || ids.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT pd.document_id AS id, pd.token_count AS tokens, r.options FROM prediction_documents pd JOIN prelabel_runs r ON r.id = pd.run_id
       WHERE r.question_id = ? AND r.model_input_hash = ? AND pd.truncated = 1 AND pd.document_id IN (SELECT value FROM json_each(?))`,
    )
    .all(question.id, hash, JSON.stringify(ids)) as { id: number; tokens: number; options: string }[];
  const longestHypothesis = Math.max(
    0,
    ...scoredLabels(question).map((l) => (l.hypothesis?.trim() || question.template.replace('{}', l.name)).length),
  );
  for (const r of rows) {
    const maxLength = Number((JSON.parse(r.options) as { maxLength?: unknown }).maxLength) || 512;
    const budget = Math.max(1, maxLength - 4 - Math.ceil(longestHypothesis / 4));
    const length = docs.get(r.id)?.text_length ?? 0;
    if (r.tokens > budget) out.set(r.id, Math.min(length, Math.round((length * budget) / r.tokens)));
  }
  return out;
}
