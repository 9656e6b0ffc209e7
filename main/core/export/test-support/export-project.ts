// Test helper: a project with documents, a codebook and decisions written straight into the log by
// SQL, so export tests do not depend on the annotation code that normally writes decisions.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { codebookInput, type CodebookQuestion, type CodebookQuestionInput } from '../../../../common/contract';
import { findQuestion } from '../../codebook/codebook-read';
import { setCodebook } from '../../codebook/codebook-write';
import { createProjectDb, type Db } from '../../store/project-db';
import { indexImportNow } from '../../store/search-index';

export interface TestDocument {
  id: string;
  text: string;
  metadata?: Record<string, string>;
}

export interface ExportProject {
  db: Db;
  path: string;
  question: CodebookQuestion;
  /** Label ids by name. */
  label: Record<string, string>;
  /** Document row ids, in the order given. */
  docs: number[];
  revisionId: string;
  coder(name: string): string;
}

export const STANCE: CodebookQuestionInput = {
  name: 'Stance',
  template: 'The author is {} the policy.',
  labels: [{ name: 'in favour of' }, { name: 'against', hypothesis: 'The author rejects the policy.' }, { name: 'neutral towards' }],
};

export function makeExportProject(
  dir: string,
  documents: readonly TestDocument[],
  question: CodebookQuestionInput = STANCE,
): ExportProject {
  const path = join(dir, `export-${randomUUID().slice(0, 8)}.prelabel`);
  const db = createProjectDb(path, { name: 'Export test' });
  const codebook = setCodebook(db, codebookInput.parse({ questions: [question] }));
  const q = findQuestion(codebook, question.name)!;
  const docs = insertDocuments(db, documents);
  const coders = new Map<string, string>();
  return {
    db,
    path,
    question: q,
    label: Object.fromEntries(q.labels.map((l) => [l.name, l.id])),
    docs,
    revisionId: codebook.revisionId!,
    coder(name) {
      let id = coders.get(name);
      if (!id) {
        id = randomUUID();
        db.prepare('INSERT INTO coders (id, name, created_at) VALUES (?, ?, ?)').run(id, name, new Date().toISOString());
        coders.set(name, id);
      }
      return id;
    },
  };
}

/** One committed import holding the documents; returns their row ids. */
export function insertDocuments(db: Db, documents: readonly TestDocument[], status: 'committed' | 'pending' = 'committed'): number[] {
  const importId = randomUUID();
  db.prepare('INSERT INTO imports (id, status, source_name, format, options, started_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    importId,
    status,
    'test.csv',
    'csv',
    '{}',
    new Date().toISOString(),
  );
  const insert = db.prepare('INSERT INTO documents (import_id, row_number, external_id, text, metadata) VALUES (?, ?, ?, ?, ?)');
  const ids = db.transaction(() =>
    documents.map((d, i) => Number(insert.run(importId, i + 1, d.id, d.text, JSON.stringify(d.metadata ?? {})).lastInsertRowid)),
  )();
  // Searchable as after a real import, so opening the project finds no index to complete.
  if (status === 'committed') indexImportNow(db, importId);
  return ids;
}

export interface DecisionInput {
  documentId: number;
  labels?: string[];
  kind?: 'label' | 'skip' | 'not_codable';
  coder?: string;
  suggestion?: string[];
  score?: number;
  runId?: string;
  createdAt?: string;
  seconds?: number;
  note?: string;
  flagged?: boolean;
  /** The suggestion was on screen (default: whenever there is one; false: a blind decision). */
  suggestionShown?: boolean;
  sampleId?: string;
}

let clock = Date.parse('2026-03-01T09:00:00Z');
/** Strictly increasing times, so that "latest" is well defined unless a test sets its own. */
export const nextTime = () => new Date((clock += 1000)).toISOString();

/** Appends a decision (label ids, not names) to the log; returns its id. */
export function decide(p: ExportProject, d: DecisionInput): string {
  const id = randomUUID();
  p.db
    .prepare(
      `INSERT INTO annotations (id, document_id, question_id, coder_id, kind, label_ids, suggestion_label_ids, suggestion_score, run_id,
         codebook_revision_id, seconds, note, flagged, created_at, suggestion_shown, sample_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id,
      d.documentId,
      p.question.id,
      p.coder(d.coder ?? 'ana'),
      d.kind ?? 'label',
      JSON.stringify(d.labels ?? []),
      d.suggestion ? JSON.stringify(d.suggestion) : null,
      d.score ?? null,
      d.runId ?? null,
      p.revisionId,
      d.seconds ?? null,
      d.note ?? null,
      d.flagged ? 1 : 0,
      d.createdAt ?? nextTime(),
      (d.suggestionShown ?? d.suggestion !== undefined) ? 1 : 0,
      d.sampleId ?? null,
    );
  return id;
}

/** Appends an undo of a decision. */
export function undo(p: ExportProject, decisionId: string, coder = 'ana'): string {
  const id = randomUUID();
  const row = p.db.prepare('SELECT document_id FROM annotations WHERE id = ?').get(decisionId) as { document_id: number };
  p.db
    .prepare(
      "INSERT INTO annotations (id, document_id, question_id, coder_id, kind, undoes_id, created_at) VALUES (?, ?, ?, ?, 'undo', ?, ?)",
    )
    .run(id, row.document_id, p.question.id, p.coder(coder), decisionId, nextTime());
  return id;
}

/** A finished pre-label run of the question. */
export function addRun(p: ExportProject, modelId = 'MoritzLaurer/multilingual-MiniLMv2-L6-mnli-xnli', sha = 'a'.repeat(64)): string {
  const id = randomUUID();
  p.db
    .prepare(
      "INSERT INTO prelabel_runs (id, question_id, model_id, model_sha256, model_input_hash, status, created_at) VALUES (?, ?, ?, ?, ?, 'done', ?)",
    )
    .run(id, p.question.id, modelId, sha, 'b'.repeat(64), nextTime());
  return id;
}

/** A validation sample of the question holding these documents (in this order); returns its id. */
export function addSample(p: ExportProject, documentIds: readonly number[], createdAt = nextTime()): string {
  const id = randomUUID();
  p.db
    .prepare("INSERT INTO samples (id, question_id, purpose, seed, size, options, created_at) VALUES (?, ?, 'validation', 1, ?, '{}', ?)")
    .run(id, p.question.id, documentIds.length, createdAt);
  const insert = p.db.prepare('INSERT INTO sample_documents (sample_id, document_id, position) VALUES (?, ?, ?)');
  documentIds.forEach((doc, i) => insert.run(id, doc, i));
  return id;
}
