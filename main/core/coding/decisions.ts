// Decisions: append one row to the decision log and update the coding state in the same
// transaction, so a decision is durable (WAL, committed) before the method answers; undo appends
// an 'undo' row, so the whole history, undos included, survives restarts and merges.
import { randomUUID } from 'node:crypto';
import {
  PrelabelError,
  type Codebook,
  type CodebookQuestion,
  type Coder,
  type Decision,
  type ParsedInput,
  type Suggestion,
  type UndoResult,
} from '../../../common/contract';
import { findQuestion, readCodebook } from '../codebook/codebook-read';
import type { Db } from '../store/project-db';
import { refreshDecision, sameLabels, type AnnotationRow } from './coding-state';
import { showGoldWhileCoding } from './gold';
import { inSample } from './queue-sources';
import { requireSample, sampleKind } from './samples';
import { isUnit } from '../store/units';

const VISIBLE_DOC = `SELECT 1 FROM documents d WHERE d.id = ? AND ${isUnit('d')}`;

export type DecideInput = ParsedInput<'annotate.decide'>;

/** The question of a coding call, or a NOT_FOUND error a coder understands. */
export function requireQuestion(codebook: Codebook, questionId: string): CodebookQuestion {
  const question = findQuestion(codebook, questionId);
  if (!question) throw new PrelabelError('NOT_FOUND', 'This question is not in the codebook (it may have been deleted).');
  return question;
}

export function coderName(db: Db, coderId: string): string {
  return (db.prepare('SELECT name FROM coders WHERE id = ?').pluck().get(coderId) as string | undefined) ?? '';
}

export function listCoders(db: Db): Coder[] {
  return (
    db.prepare('SELECT id, name, created_at FROM coders ORDER BY name').all() as { id: string; name: string; created_at: string }[]
  ).map((c) => ({
    id: c.id,
    name: c.name,
    createdAt: c.created_at,
  }));
}

/** The contract's view of a log row (never an undo row). */
export function toDecision(row: AnnotationRow, question: CodebookQuestion, coder: string): Decision {
  const labelIds = JSON.parse(row.label_ids) as string[];
  const suggestionLabelIds = row.suggestion_label_ids === null ? null : (JSON.parse(row.suggestion_label_ids) as string[]);
  return {
    id: row.id,
    documentId: row.document_id,
    questionId: row.question_id,
    coder,
    // 'not_codable' rows come from other tools or later versions; the contract shows them as skips.
    kind: row.kind === 'label' ? 'label' : 'skip',
    labelIds,
    labels: question.labels.filter((l) => labelIds.includes(l.id)).map((l) => l.name),
    suggestionLabelIds,
    suggestionScore: row.suggestion_score,
    accepted: row.kind === 'label' && row.suggestion_shown === 1 && sameLabels(labelIds, suggestionLabelIds),
    runId: row.run_id,
    codebookRevisionId: row.codebook_revision_id,
    seconds: row.seconds,
    note: row.note,
    flagged: row.flagged === 1,
    createdAt: row.created_at,
    blind: row.blind === 1,
    sampleId: row.sample_id,
    suggestionShown: row.suggestion_shown === 1,
    goldShown: row.gold_shown === 1,
    role: row.role,
  };
}

/** Checks a decision against the codebook and the project; throws before anything is written. */
function validate(db: Db, question: CodebookQuestion, input: DecideInput): void {
  if (question.archived)
    throw new PrelabelError('INVALID_INPUT', `The question "${question.name}" is archived; restore it in the codebook to code it.`);
  if (!db.prepare(VISIBLE_DOC).get(input.documentId)) {
    throw new PrelabelError(
      'NOT_FOUND',
      `Document ${input.documentId} is not in this project (it may belong to an import that did not finish).`,
    );
  }
  const byId = new Map(question.labels.map((l) => [l.id, l]));
  if (input.kind === 'skip' && input.labelIds.length > 0)
    throw new PrelabelError('INVALID_INPUT', 'A skip has no labels; send kind "label" to choose labels.');
  if (input.kind === 'label') {
    // A multi-label question's "none of these labels" is a decision: the empty label set.
    if (input.labelIds.length === 0 && !question.multiLabel)
      throw new PrelabelError('INVALID_INPUT', `Choose a label of "${question.name}" (or skip the document).`);
    if (new Set(input.labelIds).size !== input.labelIds.length)
      throw new PrelabelError('INVALID_INPUT', 'The same label was chosen twice.');
    for (const id of input.labelIds) {
      const label = byId.get(id);
      if (!label)
        throw new PrelabelError(
          'INVALID_INPUT',
          `The label ${id} is not a label of "${question.name}" (it may belong to another question).`,
        );
      if (label.archived) throw new PrelabelError('INVALID_INPUT', `The label "${label.name}" is archived; it cannot be chosen any more.`);
    }
    if (!question.multiLabel && input.labelIds.length !== 1) {
      throw new PrelabelError('INVALID_INPUT', `"${question.name}" takes one label per document; ${input.labelIds.length} were chosen.`);
    }
  }
  if (input.role === 'adjudication' && input.sampleId !== undefined)
    throw new PrelabelError('INVALID_INPUT', "An adjudication settles the coders' labels; it is not made in a sample's queue.");
  if (input.sampleId !== undefined) {
    requireSample(db, input.sampleId, question.id);
    if (!inSample(db, input.sampleId, input.documentId))
      throw new PrelabelError(
        'INVALID_INPUT',
        `Document ${input.documentId} is not in this validation sample; code it in the ordinary queue.`,
      );
    if (input.suggestion)
      throw new PrelabelError('INVALID_INPUT', 'A decision in a validation sample is blind: it cannot carry a suggestion that was shown.');
  }
  const s = input.suggestion;
  if (s) {
    for (const id of s.labelIds)
      if (!byId.has(id)) throw new PrelabelError('INVALID_INPUT', `The suggested label ${id} is not a label of "${question.name}".`);
    const run = db.prepare('SELECT question_id FROM prelabel_runs WHERE id = ?').pluck().get(s.runId) as string | undefined;
    if (run !== question.id)
      throw new PrelabelError('INVALID_INPUT', `The suggestion's pre-label run ${s.runId} is not a run of "${question.name}".`);
  }
}

function coderId(db: Db, name: string, now: string): string {
  const existing = db.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(name) as string | undefined;
  if (existing) return existing;
  const id = randomUUID();
  db.prepare('INSERT INTO coders (id, name, created_at) VALUES (?, ?, ?)').run(id, name, now);
  return id;
}

/**
 * [Note: decision time] The time stamped on a decision, in milliseconds, strictly after the previous
 * one this process stamped: two decisions of one process never share a millisecond, so "the latest"
 * is always the later one (two coders' decisions of one millisecond from different processes or
 * copies resolve by id, [Note: resolution]).
 */
let lastDecisionMs = 0;
export function decisionTime(): string {
  lastDecisionMs = Math.max(Date.now(), lastDecisionMs + 1);
  return new Date(lastDecisionMs).toISOString();
}

const INSERT = `INSERT INTO annotations (id, document_id, question_id, coder_id, kind, label_ids, undoes_id, suggestion_label_ids, suggestion_score,
  run_id, codebook_revision_id, seconds, note, flagged, created_at, sample_id, blind, suggestion_shown, gold_shown, role)
  VALUES (@id, @document_id, @question_id, @coder_id, @kind, @label_ids, @undoes_id, @suggestion_label_ids, @suggestion_score,
  @run_id, @codebook_revision_id, @seconds, @note, @flagged, @created_at, @sample_id, @blind, @suggestion_shown, @gold_shown, @role)`;

/**
 * What the core adds to a decision's provenance: the suggestion current for the document when the
 * coder did not see one (a blind decision, the CLI), recorded with suggestion_shown = 0 so that model
 * and human can be compared on the labels of that moment without counting it as accepted or changed.
 */
export interface DecisionProvenance {
  hiddenSuggestion: Suggestion | null;
}

/** Records a decision: one log row and the document's new state, in one transaction. */
export function decide(db: Db, input: DecideInput, provenance: DecisionProvenance = { hiddenSuggestion: null }): Decision {
  const codebook = readCodebook(db);
  const question = requireQuestion(codebook, input.questionId);
  validate(db, question, input);
  const name = input.coder.trim();
  // Labels in codebook order, whatever order the client sent.
  const labelIds = question.labels.filter((l) => input.labelIds.includes(l.id)).map((l) => l.id);
  const blind = input.sampleId !== undefined;
  // A decision in a training round trains the coder; it is never a label of the project.
  const role: AnnotationRow['role'] =
    input.role === 'adjudication' ? 'adjudication' : blind && sampleKind(db, input.sampleId!) === 'training' ? 'training' : 'coding';
  const shown = input.suggestion ?? null;
  const recorded = shown ?? provenance.hiddenSuggestion;
  const gold = db.prepare('SELECT gold_label FROM documents WHERE id = ?').pluck().get(input.documentId) as string | null;
  return db.transaction(() => {
    const now = decisionTime();
    const row: AnnotationRow = {
      id: randomUUID(),
      document_id: input.documentId,
      question_id: question.id,
      coder_id: coderId(db, name, now),
      kind: input.kind,
      label_ids: JSON.stringify(labelIds),
      undoes_id: null,
      suggestion_label_ids: recorded ? JSON.stringify(recorded.labelIds) : null,
      suggestion_score: recorded?.score ?? null,
      run_id: recorded?.runId ?? null,
      codebook_revision_id: codebook.revisionId,
      seconds: input.seconds,
      note: input.note ?? null,
      flagged: input.flagged ? 1 : 0,
      created_at: now,
      sample_id: input.sampleId ?? null,
      blind: blind ? 1 : 0,
      suggestion_shown: shown ? 1 : 0,
      gold_shown: !blind && gold !== null && showGoldWhileCoding(db) ? 1 : 0,
      role,
    };
    db.prepare(INSERT).run(row);
    refreshDecision(db, question, input.documentId);
    return toDecision(row, question, name);
  })();
}

/**
 * Undoes the coder's latest decision on the question that no undo points at yet (their own coding or
 * training decision; with role 'adjudication' their latest adjudication instead): an 'undo' row, and
 * the document's decision becomes its previous live one (of any coder) or none. Repeatable.
 */
export function undo(db: Db, input: ParsedInput<'annotate.undo'>): UndoResult {
  const codebook = readCodebook(db);
  const question = requireQuestion(codebook, input.questionId);
  const name = input.coder.trim();
  return db.transaction((): UndoResult => {
    const coder = db.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(name) as string | undefined;
    if (!coder) return { undone: null, current: null };
    const target = db
      .prepare(
        `SELECT a.* FROM annotations a WHERE a.coder_id = ? AND a.question_id = ? AND a.kind <> 'undo'
           AND ${input.role === 'adjudication' ? "a.role = 'adjudication'" : "a.role <> 'adjudication'"}
           AND NOT EXISTS (SELECT 1 FROM annotations u WHERE u.undoes_id = a.id)
         ORDER BY a.created_at DESC, a.rowid DESC LIMIT 1`,
      )
      .get(coder, question.id) as AnnotationRow | undefined;
    if (!target) return { undone: null, current: null };
    db.prepare(INSERT).run({
      id: randomUUID(),
      document_id: target.document_id,
      question_id: question.id,
      coder_id: coder,
      kind: 'undo',
      label_ids: '[]',
      undoes_id: target.id,
      suggestion_label_ids: null,
      suggestion_score: null,
      run_id: null,
      codebook_revision_id: codebook.revisionId,
      seconds: null,
      note: null,
      flagged: 0,
      created_at: decisionTime(),
      sample_id: target.sample_id,
      blind: target.blind,
      suggestion_shown: 0,
      gold_shown: 0,
      role: target.role,
    });
    const current = refreshDecision(db, question, target.document_id);
    return {
      undone: toDecision(target, question, name),
      current: current ? toDecision(current, question, coderName(db, current.coder_id)) : null,
    };
  })();
}
