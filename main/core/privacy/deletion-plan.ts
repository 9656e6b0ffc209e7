// What a deletion removes: the documents a target names (with the documents their units belong to,
// and the units of those documents) gathered in a temporary table, and the counts shown before the
// person confirms.
import { PrelabelError, type DeletionPlan, type DeletionTarget } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { searchQuery } from '../store/search-text';
import { unindexedImports } from '../store/search-index';
import { isUnit } from '../store/units';
import { backupFiles } from './scrub';

/** The temporary table of the documents a deletion removes (this connection only). */
export const DOOMED = 'temp.privacy_doomed';

function fillDoomed(db: Db, target: Exclude<DeletionTarget, { kind: 'coder' }>): void {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS privacy_doomed (id INTEGER PRIMARY KEY)');
  db.exec(`DELETE FROM ${DOOMED}`);
  if (target.kind === 'documents') {
    const put = db.prepare(`INSERT OR IGNORE INTO ${DOOMED} (id) SELECT id FROM documents WHERE id = ?`);
    const missing: number[] = [];
    for (const id of target.ids) if (put.run(id).changes === 0 && !isDoomed(db, id)) missing.push(id);
    if (missing.length > 0)
      throw new PrelabelError(
        'NOT_FOUND',
        `The project has no document with id ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''}.`,
      );
  } else if (target.kind === 'externalIds') {
    const put = db.prepare(`INSERT OR IGNORE INTO ${DOOMED} (id) SELECT d.id FROM documents d WHERE d.external_id = ? AND ${isUnit('d')}`);
    const missing = target.externalIds.filter((id) => put.run(id).changes === 0 && !externalDoomed(db, id));
    if (missing.length > 0)
      throw new PrelabelError(
        'NOT_FOUND',
        `The project has no document with the id ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''}.`,
      );
  } else if (target.kind === 'search') {
    const match = searchQuery(target.search);
    if (match === null) throw new PrelabelError('INVALID_INPUT', `The search "${target.search}" has no word to look for.`);
    if (unindexedImports(db).length > 0)
      throw new PrelabelError(
        'BUSY',
        'Search is still being built, so a search would not find every document yet. Try again when it is complete.',
      );
    db.prepare(
      `INSERT OR IGNORE INTO ${DOOMED} (id) SELECT f.rowid FROM documents_fts f JOIN documents d ON d.id = f.rowid WHERE documents_fts MATCH ? AND ${isUnit('d')}`,
    ).run(match);
  } else {
    const imp = db.prepare('SELECT format, status FROM imports WHERE id = ?').get(target.importId) as
      { format: string; status: string } | undefined;
    if (!imp) throw new PrelabelError('NOT_FOUND', `The project has no import ${target.importId}.`);
    if (imp.format === 'segments')
      throw new PrelabelError(
        'INVALID_INPUT',
        'This import is a split into units: remove the split (Import screen or prelabel segment --remove), or delete the imported file the units came from.',
      );
    if (imp.status === 'pending')
      throw new PrelabelError('BUSY', 'This import is still being written. Cancel it first: a cancelled import leaves nothing behind.');
    db.prepare(`INSERT INTO ${DOOMED} (id) SELECT id FROM documents WHERE import_id = ?`).run(target.importId);
  }
  // A unit's text is part of its document's: the document goes with it, and every unit of a
  // document that goes goes too.
  db.exec(
    `INSERT OR IGNORE INTO ${DOOMED} (id) SELECT parent_id FROM documents WHERE id IN (SELECT id FROM ${DOOMED}) AND parent_id IS NOT NULL`,
  );
  db.exec(`INSERT OR IGNORE INTO ${DOOMED} (id) SELECT id FROM documents WHERE parent_id IN (SELECT id FROM ${DOOMED})`);
}

function externalDoomed(db: Db, externalId: string): boolean {
  return db.prepare(`SELECT 1 FROM documents WHERE external_id = ? AND id IN (SELECT id FROM ${DOOMED})`).get(externalId) !== undefined;
}

function isDoomed(db: Db, id: number): boolean {
  return db.prepare(`SELECT 1 FROM ${DOOMED} WHERE id = ?`).get(id) !== undefined;
}

const count = (db: Db, sql: string, ...args: unknown[]): number =>
  db
    .prepare(sql)
    .pluck()
    .get(...args) as number;

/** The coder's id, or a one-line refusal naming the coders there are. */
export function coderId(db: Db, name: string): string {
  const id = db.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(name) as string | undefined;
  if (id !== undefined) return id;
  const names = db.prepare('SELECT name FROM coders ORDER BY name').pluck().all() as string[];
  throw new PrelabelError(
    'NOT_FOUND',
    `The project has no coder named ${name}${names.length ? ` (its coders: ${names.join(', ')})` : ' (nobody has coded yet)'}.`,
  );
}

/** Counts what the target's deletion removes; for documents, leaves them in DOOMED. */
export function planDeletion(db: Db, projectPath: string, target: DeletionTarget): DeletionPlan {
  const backups = backupFiles(projectPath).length;
  if (target.kind === 'coder') {
    const id = coderId(db, target.coder);
    return {
      target,
      documents: 0,
      units: 0,
      decisions: count(db, 'SELECT count(*) FROM annotations WHERE coder_id = ?', id),
      predicted: 0,
      samplesChanged: 0,
      samplesRemoved: 0,
      importsRemoved: 0,
      coders: 1,
      backups,
    };
  }
  fillDoomed(db, target);
  const inDoomed = `IN (SELECT id FROM ${DOOMED})`;
  const samples = db
    .prepare(
      `SELECT s.sample_id AS id, count(*) AS gone, (SELECT count(*) FROM sample_documents a WHERE a.sample_id = s.sample_id) AS total
       FROM sample_documents s WHERE s.document_id ${inDoomed} GROUP BY s.sample_id`,
    )
    .all() as { id: string; gone: number; total: number }[];
  const imports = db
    .prepare(
      `SELECT d.import_id AS id, count(*) AS gone, (SELECT count(*) FROM documents a WHERE a.import_id = d.import_id) AS total
       FROM documents d WHERE d.id ${inDoomed} GROUP BY d.import_id`,
    )
    .all() as { id: string; gone: number; total: number }[];
  return {
    target,
    documents: count(db, `SELECT count(*) FROM documents WHERE id ${inDoomed} AND parent_id IS NULL`),
    units: count(db, `SELECT count(*) FROM documents WHERE id ${inDoomed} AND parent_id IS NOT NULL`),
    decisions: count(db, `SELECT count(*) FROM annotations WHERE document_id ${inDoomed}`),
    predicted: count(db, `SELECT count(DISTINCT document_id) FROM prediction_documents WHERE document_id ${inDoomed}`),
    samplesChanged: samples.length,
    samplesRemoved: samples.filter((s) => s.gone === s.total).length,
    importsRemoved: imports.filter((i) => i.gone === i.total).length,
    coders: 0,
    backups,
  };
}
