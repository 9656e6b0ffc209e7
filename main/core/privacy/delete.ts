// A deletion of documents or a coder's decisions, from the counts to the scrubbed file
// ([Note: true deletion] in scrub.ts).
import { PrelabelError, type DeletionResult, type DeletionTarget } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { planDeletion } from './deletion-plan';
import { deleteCoderRows, deleteDoomedDocuments } from './delete-rows';
import { removeBackups, scrubDeleted } from './scrub';

export interface Expected {
  documents: number;
  units: number;
  decisions: number;
}

const n = (x: number) => x.toLocaleString('en-US');

/** Runs a confirmed deletion: the counts are taken again in the deletion's transaction and must be
 * those the person confirmed, the backups are removed, the rows deleted; then the file is scrubbed. */
export function runDeletion(
  db: Db,
  projectPath: string,
  target: DeletionTarget,
  expected: Expected,
): Omit<DeletionResult, 'exportsRemoved'> {
  const plan = db
    .transaction(() => {
      const p = planDeletion(db, projectPath, target);
      if (p.documents !== expected.documents || p.units !== expected.units || p.decisions !== expected.decisions)
        throw new PrelabelError(
          'BUSY',
          `The deletion now removes ${n(p.documents)} documents, ${n(p.units)} units and ${n(p.decisions)} decisions, not the ${n(expected.documents)}, ${n(expected.units)} and ${n(expected.decisions)} confirmed (the project changed meanwhile). Count again and confirm.`,
        );
      if (target.kind !== 'coder' && p.documents + p.units === 0)
        throw new PrelabelError('NOT_FOUND', 'Nothing to delete: no document matches.');
      // The backups hold the text as it was: they go before the rows, under this transaction's write
      // lock, so a process killed at any moment after the commit leaves no backup with the text.
      // (Killed between the two, the backups are gone and the rows stay: the deletion is run again.)
      const backupsRemoved = removeBackups(projectPath);
      if (target.kind === 'coder') deleteCoderRows(db, target.coder);
      else deleteDoomedDocuments(db);
      return { ...p, backupsRemoved };
    })
    .immediate();
  const scrub = scrubDeleted(db);
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  return { ...plan, ...scrub, integrity };
}
