// Matches a copy's documents to the project's by external id and the SHA-256 of the text, never by
// row id: a package keeps its row ids, but a copy may come from another project file with the same
// corpus imported in another order.
import { createHash } from 'node:crypto';
import type { MergeConflict } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { isUnit } from '../store/units';

export const textHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export interface DocumentMatch {
  /** The copy's document id -> the project's. */
  ids: Map<number, number>;
  /** The copy's document id -> its conflict (its decisions are not merged). */
  conflicts: Map<number, MergeConflict>;
  /** The copy's document id -> its external id. */
  externalIds: Map<number, string>;
}

/** Matches the copy's documents that `documentIds` names (those its decisions are on). */
export function matchDocuments(project: Db, copy: Db, documentIds: readonly number[]): DocumentMatch {
  const read = copy.prepare('SELECT external_id, text FROM documents WHERE id = ?');
  const candidates = project.prepare(`SELECT d.id, d.text FROM documents d WHERE d.external_id = ? AND ${isUnit('d')} ORDER BY d.id`);
  const ids = new Map<number, number>();
  const conflicts = new Map<number, MergeConflict>();
  const externalIds = new Map<number, string>();
  for (const id of documentIds) {
    const doc = read.get(id) as { external_id: string; text: string } | undefined;
    if (!doc) {
      conflicts.set(id, {
        kind: 'document missing',
        externalId: `#${id}`,
        annotationId: null,
        message: `The copy's decisions name document #${id}, which the copy does not hold.`,
      });
      continue;
    }
    externalIds.set(id, doc.external_id);
    const found = candidates.all(doc.external_id) as { id: number; text: string }[];
    const hash = textHash(doc.text);
    const same = found.find((c) => textHash(c.text) === hash);
    if (same) ids.set(id, same.id);
    else
      conflicts.set(id, {
        kind: found.length ? 'text differs' : 'document missing',
        externalId: doc.external_id,
        annotationId: null,
        message: found.length
          ? `Document "${doc.external_id}" has another text in the copy than in the project; its decisions were not merged.`
          : `Document "${doc.external_id}" is not in the project; its decisions were not merged.`,
      });
  }
  return { ids, conflicts, externalIds };
}
