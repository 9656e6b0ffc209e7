// Writing a run's predictions: one batch in one transaction, with the documents whose logits are
// copied from an identical model input ([Note: reuse of identical inputs] in
// nli/runs/input-reuse.ts), and finding such inputs among the stored runs.
import type { Db } from './project-db';

export interface PredictionDocumentRow {
  documentId: number;
  tokenCount: number;
  truncated: boolean;
  windows: number;
  /** The document's model-input key ([Note: model-input key]); absent: not reusable. */
  inputHash?: Buffer;
}

/** One prediction row's values in column order: document, label, window, entailment, neutral, contradiction. */
export type PredictionValues = [
  documentId: number,
  labelId: string,
  window: number,
  entailment: number,
  neutral: number | null,
  contradiction: number,
];

/** A document whose logits are copied from a stored document with the same model input. */
export interface PredictionCopy {
  doc: PredictionDocumentRow;
  fromRun: string;
  fromDocument: number;
}

export type BatchWrite = (
  docs: readonly PredictionDocumentRow[],
  count: number,
  row: (index: number, out: PredictionValues) => void,
  copies?: readonly PredictionCopy[],
) => number;

/**
 * Returns a writer that stores one batch in one transaction. The rows come from a callback that
 * fills one reused array, so a batch of thousands of pairs allocates nothing per pair. `copies`
 * are stored after the rows, in the same transaction, with the logits of their source document
 * (which may be one of this batch's); the writer returns the prediction rows they copied.
 * `afterBatch` runs inside the same transaction with the batch's documents: the runner passes the
 * coding state's suggestion writer (coding/coding-state.ts), so the state never lags the stored
 * logits, while the store itself never calls up into coding.
 */
export function batchWriter(db: Db, runId: string, afterBatch: (documentIds: readonly number[]) => void): BatchWrite {
  const doc = db.prepare(
    'INSERT INTO prediction_documents (run_id, document_id, token_count, truncated, windows, input_hash) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const pred = db.prepare(
    'INSERT INTO predictions (document_id, label_id, window, entailment, neutral, contradiction, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const copy = db.prepare(
    `INSERT INTO predictions (document_id, label_id, window, entailment, neutral, contradiction, run_id)
     SELECT ?, label_id, window, entailment, neutral, contradiction, ? FROM predictions WHERE run_id = ? AND document_id = ?`,
  );
  const values: PredictionValues = [0, '', 0, 0, null, 0];
  const bound: unknown[] = [...values, runId];
  const insertDoc = (d: PredictionDocumentRow) =>
    doc.run(runId, d.documentId, d.tokenCount, d.truncated ? 1 : 0, d.windows, d.inputHash ?? null);
  return db.transaction(
    (
      docs: readonly PredictionDocumentRow[],
      count: number,
      row: (index: number, out: PredictionValues) => void,
      copies: readonly PredictionCopy[] = [],
    ) => {
      for (const d of docs) insertDoc(d);
      for (let i = 0; i < count; i++) {
        row(i, values);
        for (let k = 0; k < 6; k++) bound[k] = values[k];
        pred.run(bound);
      }
      let copied = 0;
      for (const c of copies) {
        insertDoc(c.doc);
        copied += copy.run(c.doc.documentId, runId, c.fromRun, c.fromDocument).changes;
      }
      afterBatch(copies.length === 0 ? docs.map((d) => d.documentId) : [...docs, ...copies.map((c) => c.doc)].map((d) => d.documentId));
      return copied;
    },
  );
}

/**
 * The runs whose stored logits a run of this question, model-input hash and provider may reuse
 * ([Note: reuse of identical inputs]): the same question (the rows name its labels), the same hash
 * (hypotheses, model file, long-text mode) and the same execution provider.
 */
export function reusableRuns(db: Db, questionId: string, hash: string, provider: string): string[] {
  return db
    .prepare(
      "SELECT id FROM prelabel_runs WHERE question_id = ? AND model_input_hash = ? AND coalesce(json_extract(options, '$.provider'), 'cpu') = ?",
    )
    .pluck()
    .all(questionId, hash, provider) as string[];
}

/** Finds a stored document of the given runs with this model-input key. */
export function storedInputFinder(db: Db, runIds: readonly string[]): (key: Buffer) => { runId: string; documentId: number } | undefined {
  const stmt = db.prepare(
    `SELECT run_id AS runId, document_id AS documentId FROM prediction_documents
     WHERE input_hash = @key AND run_id IN (SELECT value FROM json_each(@runs)) LIMIT 1`,
  );
  const runs = JSON.stringify(runIds);
  return (key) => stmt.get({ key, runs }) as { runId: string; documentId: number } | undefined;
}
