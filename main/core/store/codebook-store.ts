// The SQL of codebook writes: questions, labels, what references them, and the revision log.
// The plan (what to insert, update, archive or delete) is decided in main/core/codebook; this module
// only carries it out, always with bound parameters.
import type { Db } from './project-db';

export interface QuestionRecord {
  id: string;
  name: string;
  multiLabel: boolean;
  ordered: boolean;
  template: string;
  longText: 'truncate' | 'windows';
  position: number;
  archived: boolean;
}

export interface LabelRecord {
  id: string;
  questionId: string;
  name: string;
  code: string | null;
  description: string;
  includeRules: string;
  excludeRules: string;
  examples: string[];
  hypothesis: string | null;
  color: string | null;
  hotkey: string | null;
  position: number;
  archived: boolean;
}

/** Of the given labels, those that the project's history refers to: a decision chose them or was
 * shown them as a suggestion, or a pre-label run stored predictions for them. One pass over each
 * table, since labels are dropped rarely and tables may hold millions of rows. */
export function labelsInUse(db: Db, labelIds: readonly string[]): Set<string> {
  if (labelIds.length === 0) return new Set();
  const wanted = JSON.stringify(labelIds);
  const rows = db
    .prepare(
      `SELECT j.value FROM annotations a, json_each(a.label_ids) j WHERE j.value IN (SELECT value FROM json_each(@ids))
       UNION SELECT j.value FROM annotations a, json_each(coalesce(a.suggestion_label_ids, '[]')) j WHERE j.value IN (SELECT value FROM json_each(@ids))
       UNION SELECT label_id FROM predictions WHERE label_id IN (SELECT value FROM json_each(@ids))`,
    )
    .pluck()
    .all({ ids: wanted }) as string[];
  return new Set(rows);
}

/** Of the given questions, those with decisions or pre-label runs. */
export function questionsInUse(db: Db, questionIds: readonly string[]): Set<string> {
  if (questionIds.length === 0) return new Set();
  const rows = db
    .prepare(
      `SELECT question_id FROM annotations WHERE question_id IN (SELECT value FROM json_each(@ids))
       UNION SELECT question_id FROM prelabel_runs WHERE question_id IN (SELECT value FROM json_each(@ids))`,
    )
    .pluck()
    .all({ ids: JSON.stringify(questionIds) }) as string[];
  return new Set(rows);
}

export class CodebookWriter {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insertQuestion: db.prepare(
        `INSERT INTO questions (id, name, multi_label, ordered, template, long_text, position, archived, created_at)
         VALUES (@id, @name, @multiLabel, @ordered, @template, @longText, @position, @archived, @createdAt)`,
      ),
      updateQuestion: db.prepare(
        `UPDATE questions SET name = @name, multi_label = @multiLabel, ordered = @ordered, template = @template,
         long_text = @longText, position = @position, archived = @archived WHERE id = @id`,
      ),
      renameQuestion: db.prepare('UPDATE questions SET name = ? WHERE id = ?'),
      deleteQuestion: db.prepare('DELETE FROM questions WHERE id = ?'),
      insertLabel: db.prepare(
        `INSERT INTO labels (id, question_id, parent_id, name, code, description, include_rules, exclude_rules, examples,
         hypothesis, color, hotkey, position, archived)
         VALUES (@id, @questionId, NULL, @name, @code, @description, @includeRules, @excludeRules, @examples,
         @hypothesis, @color, @hotkey, @position, @archived)`,
      ),
      updateLabel: db.prepare(
        `UPDATE labels SET name = @name, code = @code, description = @description, include_rules = @includeRules,
         exclude_rules = @excludeRules, examples = @examples, hypothesis = @hypothesis, color = @color, hotkey = @hotkey,
         position = @position, archived = @archived WHERE id = @id`,
      ),
      renameLabel: db.prepare('UPDATE labels SET name = ? WHERE id = ?'),
      setParent: db.prepare('UPDATE labels SET parent_id = ? WHERE id = ?'),
      unlinkChildren: db.prepare('UPDATE labels SET parent_id = NULL WHERE parent_id = ?'),
      deleteLabel: db.prepare('DELETE FROM labels WHERE id = ?'),
      archiveLabel: db.prepare('UPDATE labels SET archived = 1, name = ?, position = ? WHERE id = ?'),
      archiveQuestion: db.prepare('UPDATE questions SET archived = 1, name = ?, position = ? WHERE id = ?'),
    };
  }

  /** Renames rows out of the way first, so that swapping or reusing names never trips the UNIQUE
   * constraints in the middle of a replacement. The temporary name cannot clash: it holds the id. */
  moveAsideQuestion(id: string): void {
    this.stmts.renameQuestion.run(`\u0000${id}`, id);
  }

  moveAsideLabel(id: string): void {
    this.stmts.renameLabel.run(`\u0000${id}`, id);
  }

  upsertQuestion(q: QuestionRecord, isNew: boolean): void {
    const row = { ...q, multiLabel: +q.multiLabel, ordered: +q.ordered, archived: +q.archived };
    if (isNew) this.stmts.insertQuestion.run({ ...row, createdAt: new Date().toISOString() });
    else this.stmts.updateQuestion.run(row);
  }

  upsertLabel(l: LabelRecord, isNew: boolean): void {
    const row = { ...l, examples: JSON.stringify(l.examples), archived: +l.archived };
    if (isNew) this.stmts.insertLabel.run(row);
    else {
      const { questionId: _q, ...update } = row;
      this.stmts.updateLabel.run(update);
    }
  }

  archiveLabel(id: string, name: string, position: number): void {
    this.stmts.archiveLabel.run(name, position, id);
  }

  archiveQuestion(id: string, name: string, position: number): void {
    this.stmts.archiveQuestion.run(name, position, id);
  }

  setParent(labelId: string, parentId: string | null): void {
    this.stmts.setParent.run(parentId, labelId);
  }

  deleteLabel(id: string): void {
    this.stmts.unlinkChildren.run(id);
    this.stmts.deleteLabel.run(id);
  }

  deleteQuestion(id: string): void {
    this.stmts.deleteQuestion.run(id);
  }
}

export function latestRevisionId(db: Db): string | null {
  return (
    (db.prepare('SELECT id FROM codebook_revisions ORDER BY created_at DESC, rowid DESC LIMIT 1').pluck().get() as string | undefined) ??
    null
  );
}

export function insertRevision(db: Db, revision: { id: string; parentId: string | null; summary: string; snapshot: string }): void {
  db.prepare('INSERT INTO codebook_revisions (id, parent_id, created_at, summary, snapshot) VALUES (?, ?, ?, ?, ?)').run(
    revision.id,
    revision.parentId,
    new Date().toISOString(),
    revision.summary,
    revision.snapshot,
  );
}

export interface RevisionRow {
  id: string;
  parent_id: string | null;
  created_at: string;
  summary: string;
  snapshot: string;
}

export function listRevisions(db: Db): RevisionRow[] {
  return db
    .prepare('SELECT id, parent_id, created_at, summary, snapshot FROM codebook_revisions ORDER BY created_at, rowid')
    .all() as RevisionRow[];
}
