// Maintenance of the coding state (see [Note: coding state] in store/migrations/002-coding-state.ts):
// the current decision of a document after each decision or undo, the top suggestion after each
// stored pre-label batch, and a rebuild of both from the log and the stored logits.
import type { CodebookQuestion } from '../../../common/contract';
import { findQuestion, readCodebook } from '../codebook/codebook-read';
import { suggestionLabels } from '../nli/scoring/suggestion-labels';
import { scoreDocument, type ScoredLabel } from '../nli/scoring/suggestions';
import type { PredictionRow } from '../store/prediction-store';
import type { Db } from '../store/project-db';
import { hasSegmentations } from '../segments/segmentations';
import { isUnit } from '../store/units';
import { resolutionRule, resolve } from './resolution';
import { activeCalibration } from '../calibration/active';
import { batchSuggestions } from './suggestion-batch';
import { stateSuggestion } from './state-suggestion';

export interface AnnotationRow {
  id: string;
  document_id: number;
  question_id: string;
  coder_id: string;
  kind: 'label' | 'skip' | 'not_codable' | 'undo';
  label_ids: string;
  undoes_id: string | null;
  suggestion_label_ids: string | null;
  suggestion_score: number | null;
  run_id: string | null;
  codebook_revision_id: string | null;
  seconds: number | null;
  note: string | null;
  flagged: number;
  created_at: string;
  /** Migration 7: the validation sample it was made in (blind), what was on screen. */
  sample_id: string | null;
  blind: number;
  suggestion_shown: number;
  gold_shown: number;
  /** Migration 8: 'coding', 'adjudication' or 'training' ([Note: several coders]). */
  role: 'coding' | 'adjudication' | 'training';
}

/** The labels are exactly the suggestion's (as sets); false without a suggestion. */
export function sameLabels(labelIds: readonly string[], suggestion: readonly string[] | null): boolean {
  if (!suggestion || suggestion.length !== labelIds.length) return false;
  const s = new Set(suggestion);
  return labelIds.every((id) => s.has(id));
}

const LIVE = "kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM annotations u WHERE u.undoes_id = a.id)";

const statements = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(db: Db) {
  return {
    /** Every live decision of the document (coding and adjudication), newest first. */
    live: db.prepare(
      `SELECT a.* FROM annotations a WHERE a.document_id = ? AND a.question_id = ? AND a.role <> 'training' AND ${LIVE.replace('kind', 'a.kind')}
       ORDER BY a.created_at DESC, a.rowid DESC`,
    ),
    clearCoders: db.prepare('DELETE FROM coder_state WHERE question_id = ? AND document_id = ?'),
    setCoder: db.prepare(
      `INSERT INTO coder_state (question_id, coder_id, document_id, annotation_id, kind, label_ids, decided_at)
       VALUES (@question_id, @coder_id, @document_id, @id, @kind, @label_ids, @created_at)`,
    ),
    leadId: db.prepare('SELECT id FROM coders WHERE name = ?').pluck(),
    setDecision: db.prepare(
      `INSERT INTO coding_state (question_id, document_id, annotation_id, kind, label_ids, label_id, coder_id, decided_at, flagged, note, accepted, coders, resolution)
       VALUES (@questionId, @documentId, @id, @kind, @labelIds, @labelId, @coderId, @decidedAt, @flagged, @note, @accepted, @coders, @resolution)
       ON CONFLICT (question_id, document_id) DO UPDATE SET annotation_id = excluded.annotation_id, kind = excluded.kind,
         label_ids = excluded.label_ids, label_id = excluded.label_id, coder_id = excluded.coder_id, decided_at = excluded.decided_at,
         flagged = excluded.flagged, note = excluded.note, accepted = excluded.accepted, coders = excluded.coders, resolution = excluded.resolution`,
    ),
    clearDecision: db.prepare(
      `UPDATE coding_state SET annotation_id = NULL, kind = NULL, label_ids = NULL, label_id = NULL, coder_id = NULL, decided_at = NULL,
         flagged = 0, note = NULL, accepted = NULL, coders = 0, resolution = NULL WHERE question_id = ? AND document_id = ?`,
    ),
    setSuggestion: db.prepare(
      // A suggestion under the hash the state was built for is never displaced by one of another
      // hash (a run that goes on after a codebook change): see ensureSuggestions.
      `INSERT INTO coding_state (question_id, document_id, suggestion_label_id, suggestion_score, suggestion_margin, suggestion_run_id, suggestion_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (question_id, document_id) DO UPDATE SET suggestion_label_id = excluded.suggestion_label_id,
         suggestion_score = excluded.suggestion_score, suggestion_margin = excluded.suggestion_margin,
         suggestion_run_id = excluded.suggestion_run_id, suggestion_hash = excluded.suggestion_hash
       WHERE coding_state.suggestion_hash IS NULL OR coding_state.suggestion_hash = excluded.suggestion_hash
         OR coding_state.suggestion_hash IS NOT (SELECT model_input_hash FROM coding_state_hashes h WHERE h.question_id = excluded.question_id)`,
    ),
    stateHash: db.prepare('SELECT model_input_hash FROM coding_state_hashes WHERE question_id = ?').pluck(),
    setStateHash: db.prepare(
      'INSERT INTO coding_state_hashes (question_id, model_input_hash) VALUES (?, ?) ON CONFLICT (question_id) DO UPDATE SET model_input_hash = excluded.model_input_hash',
    ),
  };
}

function stmts(db: Db) {
  let s = statements.get(db);
  if (!s) {
    s = prepare(db);
    statements.set(db, s);
  }
  return s;
}

/** The document's live decisions: each coder's current 'coding' decision (newest first) and the
 * latest live adjudication ([Note: several coders]). */
export function liveDecisions(
  db: Db,
  questionId: string,
  documentId: number,
): { coders: AnnotationRow[]; adjudication: AnnotationRow | null } {
  const rows = stmts(db).live.all(documentId, questionId) as AnnotationRow[];
  const seen = new Set<string>();
  const coders: AnnotationRow[] = [];
  let adjudication: AnnotationRow | null = null;
  for (const r of rows) {
    if (r.role === 'adjudication') {
      adjudication ??= r;
      continue;
    }
    if (seen.has(r.coder_id)) continue;
    seen.add(r.coder_id);
    coders.push(r);
  }
  return { coders, adjudication };
}

/**
 * Writes the document's coder states and its resolved current decision into the state (call inside
 * the decision's transaction); returns the current decision ([Note: resolution] in resolution.ts).
 */
export function refreshDecision(db: Db, question: CodebookQuestion, documentId: number): AnnotationRow | null {
  const s = stmts(db);
  const { coders, adjudication } = liveDecisions(db, question.id, documentId);
  s.clearCoders.run(question.id, documentId);
  for (const c of coders) s.setCoder.run(c);
  const rule = resolutionRule(db);
  const leadId = rule.rule === 'lead' ? ((s.leadId.get(rule.lead) as string | undefined) ?? null) : null;
  const resolved = resolve(coders, adjudication, rule, leadId);
  if (!resolved) {
    s.clearDecision.run(question.id, documentId);
    return null;
  }
  const a = resolved.row;
  const labelIds = JSON.parse(a.label_ids) as string[];
  const first = question.labels.find((l) => labelIds.includes(l.id));
  // Only a suggestion the coder saw can be accepted or changed (blind and CLI decisions record theirs hidden).
  const suggestion = a.suggestion_label_ids === null || a.suggestion_shown !== 1 ? null : (JSON.parse(a.suggestion_label_ids) as string[]);
  s.setDecision.run({
    questionId: question.id,
    documentId,
    id: a.id,
    kind: a.kind,
    labelIds: a.label_ids,
    labelId: first?.id ?? null,
    coderId: a.coder_id,
    decidedAt: a.created_at,
    flagged: a.flagged,
    note: a.note,
    // No suggestion shown: neither accepted nor changed (Browse's "changed" and its filter count only real changes).
    accepted: a.kind === 'label' && suggestion !== null ? (sameLabels(labelIds, suggestion) ? 1 : 0) : null,
    coders: coders.length,
    resolution: resolved.resolution,
  });
  return a;
}

/**
 * Resolves again every document of the project whose current decision rests on several coders or
 * an adjudication, or was never resolved (projects from before version 8): after the rule changed,
 * after a merge, and when a project opens. Returns how many were refreshed.
 */
export function resolveAgain(db: Db, onlyUnresolved = false): number {
  const codebook = readCodebook(db);
  const rows = db
    .prepare(
      `SELECT question_id AS q, document_id AS d FROM coding_state WHERE annotation_id IS NOT NULL
       AND (resolution IS NULL ${onlyUnresolved ? '' : "OR coders > 1 OR resolution = 'adjudicated'"})`,
    )
    .all() as { q: string; d: number }[];
  if (rows.length === 0) return 0;
  db.transaction(() => {
    for (const r of rows) {
      const question = findQuestion(codebook, r.q);
      if (question) refreshDecision(db, question, r.d);
    }
  })();
  return rows.length;
}

export interface StoredSuggestion {
  labelId: string;
  score: number;
}

/** The top label and its score from one document's stored rows; null unless every label has a row. */
export function topSuggestion(
  rows: readonly PredictionRow[],
  labels: readonly ScoredLabel[],
  multiLabel: boolean,
  partial = false,
): StoredSuggestion | null {
  const top = scoreDocument(rows, labels, multiLabel, partial)?.scores[0];
  return top ? { labelId: labels[top.index]!.id, score: top.score } : null;
}

interface RunQuestion {
  question: CodebookQuestion;
  labels: ScoredLabel[];
  partial: boolean;
  hash: string;
}

function runQuestion(db: Db, runId: string): RunQuestion | null {
  const run = db.prepare('SELECT question_id, model_input_hash FROM prelabel_runs WHERE id = ?').get(runId) as
    { question_id: string; model_input_hash: string } | undefined;
  const question = run ? findQuestion(readCodebook(db), run.question_id) : undefined;
  if (!run || !question) return null;
  return { question, ...suggestionLabels(db, question), hash: run.model_input_hash };
}

/**
 * The suggestion writer of one run: after a batch of its predictions is stored, the top label of each
 * of the batch's documents goes into the state, in the batch's transaction (the caller's). A caller
 * that holds the batch's rows (every row of those documents, as just stored: a merge of shards)
 * passes them, and the writer reads nothing back; the rows may come in any order.
 */
export function suggestionStateWriter(db: Db, runId: string): (documentIds: readonly number[], rows?: readonly PredictionRow[]) => void {
  const rq = runQuestion(db, runId);
  const rowsOf = db.prepare(
    `SELECT document_id AS documentId, label_id AS labelId, window, entailment, neutral, contradiction
     FROM predictions WHERE run_id = ? AND document_id = ?`,
  );
  const s = stmts(db);
  // [Note: state hash at run start] The state records the hash its suggestions were built for; a
  // run under another hash (the first run, or the first after a codebook or model change) rebuilds
  // it now, from the predictions already stored under the run's hash: none for a new hash, so this
  // costs nothing then, where the first read after the run would otherwise rebuild from every
  // stored prediction (minutes at a million documents).
  if (rq && rq.labels.length > 0 && s.stateHash.get(rq.question.id) !== rq.hash) rebuildSuggestions(db, rq.question, rq.hash);
  return (documentIds, given) => {
    if (!rq || rq.labels.length === 0) return;
    // Per batch: the calibrated classifier when it is on and current ([Note: calibrated classifier]).
    const calibrated = activeCalibration(db, rq.question, rq.hash);
    const byDocument = given ? groupByDocument(given) : null;
    for (const id of documentIds) {
      const rows = byDocument ? (byDocument.get(id) ?? []) : (rowsOf.all(runId, id) as PredictionRow[]);
      const top = stateSuggestion(rows, rq.labels, rq.question.multiLabel, rq.partial, calibrated);
      if (top) s.setSuggestion.run(rq.question.id, id, top.labelId, top.score, top.margin, runId, rq.hash);
    }
  };
}

function groupByDocument(rows: readonly PredictionRow[]): Map<number, PredictionRow[]> {
  const out = new Map<number, PredictionRow[]>();
  for (const r of rows) {
    const list = out.get(r.documentId);
    if (list) list.push(r);
    else out.set(r.documentId, [r]);
  }
  return out;
}

/**
 * [Note: bulk rebuild] Rewriting the suggestion of every document moves each row in the five indexes
 * that hold suggestion columns, at random places: about 75 µs a row, minutes at a million
 * documents. A rebuild that touches more than `bulkRebuild.threshold` documents therefore drops
 * those indexes inside its transaction and creates them again at the end (a sort per index,
 * seconds), from their own definitions in sqlite_master, so the schema is exactly as before, and a
 * failure rolls all of it back.
 */
export const bulkRebuild = { threshold: 50_000 };

/** Rows a page of the rebuild reads, about ([Note: rebuild pages]; tests make it small). */
export const rebuildPages = { rows: 50_000 };

/** Runs `fn` without the indexes that hold suggestion columns and creates them again after it, from
 * their own definitions ([Note: bulk rebuild]); call inside a transaction, so a failure rolls back
 * the drop too. */
export function withoutSuggestionIndexes<T>(db: Db, fn: () => T): T {
  const dropped = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'coding_state' AND sql LIKE '%suggestion%'")
    .all() as { name: string; sql: string }[];
  // The dropped pages hold only these indexes' keys (question and document ids, suggestion labels,
  // scores, hashes), no text a deletion must erase ([Note: secure delete] in store/project-db.ts):
  // zeroing them (about 100 MB at a million documents) took 4.3 s of the drop, 0.8 s without.
  const secure = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = FAST');
  try {
    for (const index of dropped) db.exec(`DROP INDEX "${index.name}"`);
  } finally {
    db.pragma(`secure_delete = ${secure === 2 ? 'FAST' : secure}`);
  }
  const result = fn();
  for (const index of dropped) db.exec(index.sql);
  return result;
}

/**
 * Fills the question's suggestion columns from the predictions under `hash` (the current one), for
 * every document that has them; documents without keep what they had, which counts as stale. Reads
 * the logits in document order, chunk by chunk, so a million documents take one pass and little memory.
 */
export function rebuildSuggestions(db: Db, question: CodebookQuestion, hash: string): number {
  const { labels, partial } = suggestionLabels(db, question);
  const s = stmts(db);
  const calibrated = activeCalibration(db, question, hash);
  let written = 0;
  db.transaction(() => {
    // Recorded first: the guard of setSuggestion then lets the rows of `hash` replace older ones.
    s.setStateHash.run(question.id, hash);
    if (labels.length === 0) return;
    // [Note: rebuild pages] Pages of rows by ranges of document ids (better-sqlite3 cannot write
    // while a statement iterates), so a page holds whole documents. Each range is an index search
    // per run (predictions' key starts run_id, document_id): with one run the rows come in key order
    // unsorted, with several only the range is sorted. (A page of "the next N rows after document d"
    // across the runs of a subquery made SQLite sort every remaining row for each page: quadratic,
    // minutes at a million documents.)
    // Parents of a split keep their predictions but are no coding units: their rows stay out of
    // the state ([Note: coding units] in store/units.ts). Checked per row only when a split exists.
    const units = hasSegmentations(db) ? `JOIN documents d ON d.id = p.document_id AND ${isUnit('d')}` : '';
    const runIds = db
      .prepare('SELECT id FROM prelabel_runs WHERE question_id = ? AND model_input_hash = ? ORDER BY id')
      .pluck()
      .all(question.id, hash) as string[];
    if (runIds.length === 0) return;
    // [Note: numeric pages] A page's rows come as plain arrays of numbers: the run and the label as
    // their position in `runIds` / `known` (a label outside them comes as its id), so SQLite hands
    // no string per row; the PredictionRow objects are made here with the shared id strings.
    // Measured on the 1M x 5-label project (6.67M rows): named rows 61.7 s, .raw() 43.2 s, these
    // numeric rows 27.7 s (loads 8-9).
    const known = [...new Set([...labels.map((l) => l.id), ...(calibrated?.labelIds ?? [])])];
    const page = db
      .prepare(
        `SELECT CASE p.run_id ${runIds.map((_, i) => `WHEN ? THEN ${i}`).join(' ')} END, p.document_id,
           CASE p.label_id ${known.map((_, j) => `WHEN ? THEN ${j}`).join(' ')} ELSE p.label_id END,
           p.window, p.entailment, p.neutral, p.contradiction
         FROM predictions p ${units} WHERE p.run_id IN (${runIds.map(() => '?').join(', ')}) AND p.document_id > ? AND p.document_id <= ?
         ORDER BY p.document_id, p.label_id, p.window`,
      )
      .raw(true);
    type Raw = [number, number, number | string, number, number, number | null, number];
    const rowsOf = (after: number, upTo: number): Array<PredictionRow & { runId: string }> =>
      (page.all(...runIds, ...known, ...runIds, after, upTo) as Raw[]).map((r) => ({
        runId: runIds[r[0]]!,
        documentId: r[1],
        labelId: typeof r[2] === 'number' ? known[r[2]]! : r[2],
        window: r[3],
        entailment: r[4],
        neutral: r[5],
        contradiction: r[6],
      }));
    // In a rebuild the guard of setSuggestion always holds (the state's hash is `hash` now), so a
    // row that exists takes a plain UPDATE (no conflict handling, no subquery); a new one the upsert.
    const update = db.prepare(
      `UPDATE coding_state SET suggestion_label_id = ?, suggestion_score = ?, suggestion_margin = ?, suggestion_run_id = ?, suggestion_hash = ?
       WHERE question_id = ? AND document_id = ?`,
    );
    const bounds = db.prepare('SELECT min(document_id) AS lo, max(document_id) AS hi FROM predictions WHERE run_id = ?');
    let lo = Infinity;
    let hi = -Infinity;
    for (const id of runIds) {
      const b = bounds.get(id) as { lo: number | null; hi: number | null };
      if (b.lo !== null) lo = Math.min(lo, b.lo);
      if (b.hi !== null) hi = Math.max(hi, b.hi);
    }
    const expected = db
      .prepare(
        'SELECT count(*) FROM prediction_documents WHERE run_id IN (SELECT id FROM prelabel_runs WHERE question_id = ? AND model_input_hash = ?)',
      )
      .pluck()
      .get(question.id, hash) as number;
    // About rebuildPages.rows rows a page with one window per label (document ids are mostly dense).
    const span = Math.max(1, Math.floor(rebuildPages.rows / labels.length));
    const fill = () => {
      for (let after = lo - 1; after < hi; after += span) {
        const take = rowsOf(after, Math.min(hi, after + span));
        // The page's documents scored together ([Note: batched suggestions] in suggestion-batch.ts).
        const docs: Array<typeof take> = [];
        let start = 0;
        for (let i = 1; i <= take.length; i++) {
          if (i < take.length && take[i]!.documentId === take[start]!.documentId) continue;
          docs.push(take.slice(start, i));
          start = i;
        }
        const tops = batchSuggestions(docs, labels, question.multiLabel, partial, calibrated);
        docs.forEach((doc, i) => {
          const top = tops[i];
          if (top) {
            const id = doc[0]!.documentId;
            const runId = doc[0]!.runId;
            if (update.run(top.labelId, top.score, top.margin, runId, hash, question.id, id).changes === 0)
              s.setSuggestion.run(question.id, id, top.labelId, top.score, top.margin, runId, hash);
            written++;
          }
        });
      }
    };
    if (expected > bulkRebuild.threshold) withoutSuggestionIndexes(db, fill);
    else fill();
  })();
  return written;
}

/** Makes sure the suggestion columns hold the predictions of the current hash (a rebuild when the
 * hash changed since the last read: a codebook change or another model). */
export function ensureSuggestions(db: Db, question: CodebookQuestion, hash: string): void {
  if (!hash) return;
  if (stmts(db).stateHash.get(question.id) === hash) return;
  rebuildSuggestions(db, question, hash);
}

/**
 * Rebuilds the question's whole state from the decision log and the predictions under `hash`:
 * e.g. after a codebook change made suggestions stale, or to repair a file.
 */
export function rebuildState(db: Db, questionId: string, hash: string): void {
  const question = findQuestion(readCodebook(db), questionId);
  if (!question) return;
  db.transaction(() => {
    db.prepare('DELETE FROM coding_state WHERE question_id = ?').run(questionId);
    db.prepare('DELETE FROM coder_state WHERE question_id = ?').run(questionId);
    db.prepare('DELETE FROM coding_state_hashes WHERE question_id = ?').run(questionId);
    const docs = db.prepare('SELECT DISTINCT document_id FROM annotations WHERE question_id = ?').pluck().all(questionId) as number[];
    for (const id of docs) refreshDecision(db, question, id);
    rebuildSuggestions(db, question, hash);
  })();
}
