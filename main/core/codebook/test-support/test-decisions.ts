// Test helper: decisions and predictions written by SQL, so codebook tests can give labels a history
// before the annotation and pre-label code that normally writes them exists.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../store/project-db';

/** One committed import with one document; returns the document id. */
export function insertDocument(db: Db, text = 'We will build more hospitals.'): number {
  const importId = randomUUID();
  const now = new Date().toISOString();
  db.prepare(
    "INSERT INTO imports (id, status, source_name, format, options, started_at) VALUES (?, 'committed', 'test.csv', 'csv', '{}', ?)",
  ).run(importId, now);
  return Number(
    db.prepare('INSERT INTO documents (import_id, row_number, external_id, text) VALUES (?, 1, ?, ?)').run(importId, '1', text)
      .lastInsertRowid,
  );
}

/** A coder's decision choosing `labelIds` for a question (a fresh document and coder unless given). */
export function insertDecision(
  db: Db,
  questionId: string,
  labelIds: string[],
  options: { documentId?: number; suggestion?: string[] } = {},
): string {
  const coderId = randomUUID();
  const now = new Date().toISOString();
  db.prepare('INSERT INTO coders (id, name, created_at) VALUES (?, ?, ?)').run(coderId, `coder ${coderId.slice(0, 8)}`, now);
  const id = randomUUID();
  db.prepare(
    "INSERT INTO annotations (id, document_id, question_id, coder_id, kind, label_ids, suggestion_label_ids, created_at) VALUES (?, ?, ?, ?, 'label', ?, ?, ?)",
  ).run(
    id,
    options.documentId ?? insertDocument(db),
    questionId,
    coderId,
    JSON.stringify(labelIds),
    options.suggestion ? JSON.stringify(options.suggestion) : null,
    now,
  );
  return id;
}

/** A pre-label run of a question with one prediction for a label. */
export function insertPrediction(db: Db, questionId: string, labelId: string): void {
  const runId = randomUUID();
  db.prepare(
    "INSERT INTO prelabel_runs (id, question_id, model_id, model_sha256, model_input_hash, status, created_at) VALUES (?, ?, 'tiny', 'sha', 'hash', 'done', ?)",
  ).run(runId, questionId, new Date().toISOString());
  db.prepare('INSERT INTO predictions (run_id, document_id, label_id, entailment, neutral, contradiction) VALUES (?, ?, ?, 1, 0, -1)').run(
    runId,
    insertDocument(db),
    labelId,
  );
}
