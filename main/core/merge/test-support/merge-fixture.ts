// Test support for coder packages and merges: a logical dump of what a merge may change (compared
// across merge orders), random coding through the contract, and copies of a project file.
import type { CodebookQuestion } from '../../../../common/contract';
import type { Db } from '../../store/project-db';
import type { TestCore } from '../../test-support/test-core';

/** What a merge may change, in an order that does not depend on the order rows were written in. */
export function logicalDump(db: Db): Record<string, unknown[]> {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    annotations: all('SELECT * FROM annotations ORDER BY id'),
    coderState: all('SELECT * FROM coder_state ORDER BY question_id, coder_id, document_id'),
    codingState: all(
      `SELECT question_id, document_id, annotation_id, kind, label_ids, label_id, coder_id, decided_at, flagged, note, accepted, coders, resolution
       FROM coding_state WHERE annotation_id IS NOT NULL ORDER BY question_id, document_id`,
    ),
    coders: all('SELECT name, id, created_at FROM coders ORDER BY name'),
    samples: all('SELECT * FROM samples ORDER BY id'),
    sampleDocuments: all('SELECT * FROM sample_documents ORDER BY sample_id, position'),
    tally: all('SELECT question_id, bucket, n FROM coding_tally WHERE n <> 0 ORDER BY question_id, bucket'),
  };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `ops` random steps of `coder` on the open project of `t`: a label (or "none" for a multi-label
 * question), a skip, or an undo, some with a note or a flag. Each step waits 2 ms so no two decisions
 * share a time stamp (ties between coders' times are broken by write order, see the report).
 */
export async function codeRandomly(
  t: TestCore,
  questions: readonly CodebookQuestion[],
  documentIds: readonly number[],
  coder: string,
  rnd: () => number,
  ops: number,
): Promise<void> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  for (let i = 0; i < ops; i++) {
    const question = pick(questions);
    const r = rnd();
    await pause(2);
    if (r < 0.15) {
      await t.call('annotate.undo', { questionId: question.id, coder });
      continue;
    }
    const labels = question.labels.filter((l) => !l.archived);
    const skip = r < 0.25;
    const labelIds = skip ? [] : question.multiLabel ? labels.filter(() => rnd() < 0.5).map((l) => l.id) : [pick(labels).id];
    await t.call('annotate.decide', {
      questionId: question.id,
      documentId: pick(documentIds),
      coder,
      kind: skip ? 'skip' : 'label',
      labelIds,
      ...(rnd() < 0.3 ? { note: `note ${i} by ${coder}` } : {}),
      ...(rnd() < 0.1 ? { flagged: true } : {}),
    });
  }
}

/** A consistent copy of an open project file (SQLite's VACUUM INTO). */
export function copyProject(db: Db, to: string): string {
  db.prepare('VACUUM INTO ?').run(to);
  return to;
}
