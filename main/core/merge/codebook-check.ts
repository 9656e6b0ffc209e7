// Whether a copy's codebook can merge into the project's ([Note: merge codebook]).
//
// [Note: merge codebook] Questions and labels are matched by id. A copy whose codebook revisions are
// all in the project's history (codebook_revisions ids: the package was made from this project, and
// the codebook was not changed in the copy) merges, even when the project's codebook moved on since:
// its decisions keep the revision they were made under. A copy whose codebook was changed (a revision
// the project does not know) is refused, with each difference named on its own line: a question or
// label the project lacks, one renamed or moved, one the copy removed; the summaries of the unknown
// revisions when the ids all match. In both cases every question and label a decision of the copy
// uses must exist in the project (a label deleted from the project since is named).
import type { Db } from '../store/project-db';

interface QuestionRow {
  id: string;
  name: string;
}
interface LabelRow {
  id: string;
  question_id: string;
  name: string;
}

function questions(db: Db): Map<string, QuestionRow> {
  return new Map((db.prepare('SELECT id, name FROM questions').all() as QuestionRow[]).map((q) => [q.id, q]));
}

function labels(db: Db): Map<string, LabelRow> {
  return new Map((db.prepare('SELECT id, question_id, name FROM labels').all() as LabelRow[]).map((l) => [l.id, l]));
}

const plain = (name: string): string => name.replace(/^\u0000/, '');

/** The differences that refuse the copy (empty: it merges). `copyName` prefixes each line. */
export function codebookDifferences(project: Db, copy: Db, copyName: string): string[] {
  const out: string[] = [];
  const pq = questions(project);
  const cq = questions(copy);
  const pl = labels(project);
  const cl = labels(copy);
  const known = new Set(project.prepare('SELECT id FROM codebook_revisions').pluck().all() as string[]);
  const unknown = (
    copy.prepare('SELECT id, summary FROM codebook_revisions ORDER BY created_at, rowid').all() as { id: string; summary: string }[]
  ).filter((r) => !known.has(r.id));
  const qName = (id: string): string => plain(cq.get(id)?.name ?? pq.get(id)?.name ?? id);
  if (unknown.length > 0) {
    for (const q of cq.values()) {
      const p = pq.get(q.id);
      if (!p) out.push(`${copyName}: question "${plain(q.name)}" is not in the project's codebook.`);
      else if (p.name !== q.name) out.push(`${copyName}: question "${plain(p.name)}" is named "${plain(q.name)}" in the copy.`);
    }
    for (const l of cl.values()) {
      const p = pl.get(l.id);
      if (!p) out.push(`${copyName}: label "${plain(l.name)}" of "${qName(l.question_id)}" is not in the project's codebook.`);
      else if (p.question_id !== l.question_id)
        out.push(
          `${copyName}: label "${plain(l.name)}" belongs to "${qName(l.question_id)}" in the copy, to "${qName(p.question_id)}" in the project.`,
        );
      else if (p.name !== l.name)
        out.push(`${copyName}: label "${plain(p.name)}" of "${qName(l.question_id)}" is named "${plain(l.name)}" in the copy.`);
    }
    for (const p of pl.values())
      if (!cl.has(p.id) && cq.has(p.question_id))
        out.push(`${copyName}: label "${plain(p.name)}" of "${qName(p.question_id)}" was removed in the copy.`);
    if (out.length === 0)
      for (const r of unknown) out.push(`${copyName}: its codebook was changed (revision "${r.summary}" is not in the project's history).`);
  }
  const used = copy
    .prepare(
      `SELECT DISTINCT a.question_id AS q, j.value AS l FROM annotations a LEFT JOIN json_each(a.label_ids) j ORDER BY a.question_id, j.value`,
    )
    .all() as { q: string; l: string | null }[];
  const seenQ = new Set<string>();
  for (const u of used) {
    if (!pq.has(u.q)) {
      if (!seenQ.has(u.q)) out.push(`${copyName}: its decisions answer question "${qName(u.q)}", which the project does not have.`);
      seenQ.add(u.q);
      continue;
    }
    if (u.l === null) continue;
    const p = pl.get(u.l);
    if (!p || p.question_id !== u.q)
      out.push(
        `${copyName}: its decisions use label "${plain(cl.get(u.l)?.name ?? u.l)}" of "${qName(u.q)}", which the project does not have.`,
      );
  }
  return [...new Set(out)];
}
