// The rows a deletion removes, in one transaction: the documents gathered by deletion-plan.ts with
// everything that depends on them, or a coder with their decisions; what is derived from them
// (coding states, tallies, samples' order, imports' counts) is brought in line in the same
// transaction.
import { findQuestion, readCodebook } from '../codebook/codebook-read';
import { refreshDecision } from '../coding/coding-state';
import type { Db } from '../store/project-db';
import { DOOMED, coderId } from './deletion-plan';
import { withoutHeadLines } from './scrub';

/** Deletes the documents in DOOMED and everything that refers to them (call inside a transaction). */
export function deleteDoomedDocuments(db: Db): void {
  const inDoomed = `IN (SELECT id FROM ${DOOMED})`;
  const touchedSamples = db
    .prepare(`SELECT DISTINCT sample_id FROM sample_documents WHERE document_id ${inDoomed}`)
    .pluck()
    .all() as string[];
  const touchedImports = db.prepare(`SELECT DISTINCT import_id FROM documents WHERE id ${inDoomed}`).pluck().all() as string[];
  // An import's problem list names rows with what is wrong in them (a few words of the text, at
  // times): the examples of deleted rows go.
  const deletedRows = new Map<string, Set<number>>();
  for (const r of db.prepare(`SELECT import_id AS i, row_number AS n FROM documents WHERE id ${inDoomed}`).iterate() as Iterable<{
    i: string;
    n: number;
  }>) {
    let set = deletedRows.get(r.i);
    if (!set) deletedRows.set(r.i, (set = new Set()));
    set.add(r.n);
  }
  db.pragma('defer_foreign_keys = ON');
  db.exec(`
    DELETE FROM annotations WHERE document_id ${inDoomed};
    DELETE FROM coder_state WHERE document_id ${inDoomed};
    DELETE FROM coding_state WHERE document_id ${inDoomed};
    DELETE FROM sample_documents WHERE document_id ${inDoomed};
    DELETE FROM predictions WHERE document_id ${inDoomed};
    DELETE FROM prediction_documents WHERE document_id ${inDoomed};
    DELETE FROM documents_fts WHERE rowid ${inDoomed};
    DELETE FROM documents WHERE id ${inDoomed};
  `);
  // Samples keep their order without gaps and their size; an empty sample goes.
  const positions = db.prepare('SELECT position FROM sample_documents WHERE sample_id = ? ORDER BY position').pluck();
  const move = db.prepare('UPDATE sample_documents SET position = ? WHERE sample_id = ? AND position = ?');
  const flip = db.prepare('UPDATE sample_documents SET position = -1 - position WHERE sample_id = ?');
  const renumber = (id: string) => {
    (positions.all(id) as number[]).forEach((p, i) => move.run(-1 - i, id, p));
    flip.run(id);
  };
  const size = db.prepare('UPDATE samples SET size = (SELECT count(*) FROM sample_documents WHERE sample_id = samples.id) WHERE id = ?');
  const dropSample = db.prepare(
    'DELETE FROM samples WHERE id = ? AND NOT EXISTS (SELECT 1 FROM sample_documents WHERE sample_id = samples.id) AND NOT EXISTS (SELECT 1 FROM annotations WHERE sample_id = samples.id)',
  );
  for (const id of touchedSamples) {
    if (dropSample.run(id).changes > 0) continue;
    renumber(id);
    size.run(id);
  }
  // Imports: counts of what is left, examples of deleted rows and the head lines dropped; an import
  // left empty goes, and so does the split mark of a split left without units.
  const getImport = db.prepare('SELECT options, problems FROM imports WHERE id = ?');
  const setImport = db.prepare(
    'UPDATE imports SET options = ?, problems = ?, row_count = (SELECT count(*) FROM documents WHERE import_id = ?) WHERE id = ?',
  );
  const left = db.prepare('SELECT count(*) FROM documents WHERE import_id = ?').pluck();
  for (const id of touchedImports) {
    if ((left.get(id) as number) === 0) {
      db.prepare('UPDATE imports SET segmented_by = NULL WHERE segmented_by = ?').run(id);
      db.prepare('DELETE FROM imports WHERE id = ?').run(id);
      continue;
    }
    const row = getImport.get(id) as { options: string; problems: string };
    const gone = deletedRows.get(id) ?? new Set<number>();
    type Problem = { rows?: number[]; examples?: { row: number }[] };
    let problems: Problem[];
    try {
      problems = JSON.parse(row.problems) as Problem[];
    } catch {
      problems = [];
    }
    for (const p of problems) {
      if (p.examples) p.examples = p.examples.filter((e) => !gone.has(e.row));
    }
    setImport.run(withoutHeadLines(row.options), JSON.stringify(problems), id, id);
  }
  db.exec(`DELETE FROM ${DOOMED}`);
}

/** Deletes every decision of a coder (coding, adjudication, training; notes with them) and the
 * coder, and resolves the documents they had decided again (call inside a transaction). */
export function deleteCoderRows(db: Db, name: string): void {
  const id = coderId(db, name);
  const pairs = db.prepare('SELECT DISTINCT question_id AS q, document_id AS d FROM annotations WHERE coder_id = ?').all(id) as {
    q: string;
    d: number;
  }[];
  db.pragma('defer_foreign_keys = ON');
  db.prepare('DELETE FROM annotations WHERE coder_id = ?').run(id);
  db.prepare('DELETE FROM coder_state WHERE coder_id = ?').run(id);
  db.prepare('DELETE FROM coders WHERE id = ?').run(id);
  const codebook = readCodebook(db);
  const clear = db.prepare(
    'UPDATE coding_state SET annotation_id = NULL, kind = NULL, label_ids = NULL, label_id = NULL, coder_id = NULL, decided_at = NULL, flagged = 0, note = NULL, accepted = NULL, coders = 0, resolution = NULL WHERE question_id = ? AND document_id = ?',
  );
  for (const p of pairs) {
    const question = findQuestion(codebook, p.q);
    if (question) refreshDecision(db, question, p.d);
    else clear.run(p.q, p.d);
  }
}
