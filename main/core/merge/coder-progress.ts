// Each coder's own progress per question (the Coders screen), from coder_state: the documents whose
// current decision of that coder is a label or not codable ('decided') or a skip, out of the
// question's coding units.
import type { CoderProgress } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { isUnit } from '../store/units';

export function coderProgress(db: Db): CoderProgress[] {
  const units = db
    .prepare(`SELECT count(*) FROM documents d WHERE ${isUnit('d')}`)
    .pluck()
    .get() as number;
  const questions = db.prepare('SELECT id, name FROM questions WHERE archived = 0 ORDER BY position').all() as {
    id: string;
    name: string;
  }[];
  const coders = db.prepare('SELECT id, name FROM coders ORDER BY name').all() as { id: string; name: string }[];
  const counts = db
    .prepare(
      `SELECT s.coder_id AS c, s.question_id AS q, sum(s.kind <> 'skip') AS decided, sum(s.kind = 'skip') AS skipped
       FROM coder_state s JOIN documents d ON d.id = s.document_id AND ${isUnit('d')} GROUP BY s.coder_id, s.question_id`,
    )
    .all() as { c: string; q: string; decided: number; skipped: number }[];
  const byKey = new Map(counts.map((r) => [`${r.c}\u0000${r.q}`, r]));
  const last = db.prepare("SELECT max(created_at) FROM annotations WHERE coder_id = ? AND role <> 'training'").pluck();
  return coders.map((c) => ({
    coder: c.name,
    coderId: c.id,
    questions: questions.map((q) => {
      const r = byKey.get(`${c.id}\u0000${q.id}`);
      return { questionId: q.id, question: q.name, decided: r?.decided ?? 0, skipped: r?.skipped ?? 0, units };
    }),
    lastDecisionAt: (last.get(c.id) as string | null) ?? null,
  }));
}
