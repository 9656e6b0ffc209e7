// A coder package ([Note: coder package]): a project file for one coder to code offline.
//
// [Note: coder package] The project is copied with SQLite's VACUUM INTO (a consistent snapshot, even
// while the project is open), then, in one transaction on the copy: the documents not chosen are
// deleted (with their predictions, search entries and states; the parents of chosen segments stay,
// as units point at them), every decision of another coder is deleted (the package coder's own stay,
// so their queue goes on where it was), coders without decisions other than the package coder are
// deleted, and when blind every prediction is deleted and the settings blind coders and hide
// suggestions are switched on. The coding states are resolved again from what is left. The package
// gets its own project id (two files with one id would confuse the recent projects list) and records
// package.of (the source project's id), package.coder and package.createdAt; a merge never relies on
// either: it matches documents by external id and text hash (merge.ts). Last, VACUUM, so no deleted
// row survives in the file's free pages, and the file is written under a temporary name and renamed,
// so a failure leaves nothing. The project's export pseudonym key is not copied.
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { basename, extname, resolve } from 'node:path';
import { PrelabelError, type PackageWritten } from '../../../common/contract';
import { findQuestion, readCodebook } from '../codebook/codebook-read';
import { refreshDecision } from '../coding/coding-state';
import { setBlindCoders, setHideSuggestions } from '../coding/resolution';
import { setShowGoldWhileCoding, withoutGold } from '../coding/gold';
import { nativeBindingPath } from '../store/native-binding';
import { PROJECT_EXTENSION, type Db } from '../store/project-db';
import { isUnit } from '../store/units';
import { createOwnerOnlyFile } from '../privacy/file-modes';

export interface PackageOptions {
  coder: string;
  path: string;
  sampleId?: string | undefined;
  documents: 'all' | 'open';
  blind: boolean;
}

/** The document ids the package holds (before parents are added). */
function chosenDocuments(db: Db, options: PackageOptions): number[] {
  if (options.sampleId !== undefined) {
    const kind = db.prepare('SELECT kind FROM samples WHERE id = ?').pluck().get(options.sampleId) as string | undefined;
    if (kind === undefined) throw new PrelabelError('NOT_FOUND', `The project has no sample ${options.sampleId}.`);
    // A training round is coded in its own queue of the project (its decisions are training, never
    // labels); a package's decisions come back as the coder's own.
    if (kind === 'training')
      throw new PrelabelError(
        'INVALID_INPUT',
        'This sample is a training round: the trainee codes it in the project itself (Training screen, "Code in Annotate"), not in a package.',
      );
    return db
      .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position')
      .pluck()
      .all(options.sampleId) as number[];
  }
  if (options.documents === 'all')
    return db
      .prepare(`SELECT d.id FROM documents d WHERE ${isUnit('d')} ORDER BY d.id`)
      .pluck()
      .all() as number[];
  // 'open': units this coder has not decided on at least one question (every unit without questions).
  return db
    .prepare(
      `SELECT d.id FROM documents d WHERE ${isUnit('d')} AND (NOT EXISTS (SELECT 1 FROM questions WHERE archived = 0) OR EXISTS (
         SELECT 1 FROM questions q WHERE q.archived = 0 AND NOT EXISTS (
           SELECT 1 FROM coder_state s JOIN coders c ON c.id = s.coder_id
           WHERE s.question_id = q.id AND s.document_id = d.id AND c.name = ?))) ORDER BY d.id`,
    )
    .pluck()
    .all(options.coder) as number[];
}

function outputPath(path: string): string {
  const full = resolve(path);
  return extname(full) === PROJECT_EXTENSION ? full : `${full}${PROJECT_EXTENSION}`;
}

function prune(pkg: Db, options: PackageOptions, chosen: readonly number[]): { coderId: string } {
  pkg.exec('CREATE TEMP TABLE keep (id INTEGER PRIMARY KEY)');
  const keep = pkg.prepare('INSERT OR IGNORE INTO keep (id) VALUES (?)');
  for (const id of chosen) keep.run(id);
  pkg.exec('INSERT OR IGNORE INTO keep (id) SELECT parent_id FROM documents WHERE id IN (SELECT id FROM keep) AND parent_id IS NOT NULL');
  const now = new Date().toISOString();
  let coderId = pkg.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(options.coder) as string | undefined;
  if (!coderId) {
    coderId = randomUUID();
    pkg.prepare('INSERT INTO coders (id, name, created_at) VALUES (?, ?, ?)').run(coderId, options.coder, now);
  }
  // The pairs whose state must be resolved again: every decided one among the kept documents.
  const pairs = pkg
    .prepare(
      `SELECT question_id AS q, document_id AS d FROM coding_state WHERE annotation_id IS NOT NULL AND document_id IN (SELECT id FROM keep)
       UNION SELECT question_id, document_id FROM coder_state WHERE document_id IN (SELECT id FROM keep)`,
    )
    .all() as { q: string; d: number }[];
  const gone = 'NOT IN (SELECT id FROM keep)';
  pkg.pragma('defer_foreign_keys = ON');
  pkg.prepare(`DELETE FROM annotations WHERE coder_id <> ? OR document_id ${gone}`).run(coderId);
  pkg.exec(`
    DELETE FROM coder_state WHERE document_id ${gone};
    DELETE FROM coding_state WHERE document_id ${gone};
    DELETE FROM sample_documents WHERE document_id ${gone};
    DELETE FROM predictions WHERE document_id ${gone};
    DELETE FROM prediction_documents WHERE document_id ${gone};
    DELETE FROM documents_fts WHERE rowid IN (SELECT id FROM documents WHERE id ${gone});
    DELETE FROM documents WHERE id ${gone};
    DELETE FROM samples WHERE NOT EXISTS (SELECT 1 FROM sample_documents s WHERE s.sample_id = samples.id)
      AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.sample_id = samples.id);
  `);
  pkg.prepare('DELETE FROM coders WHERE id <> ? AND id NOT IN (SELECT coder_id FROM annotations)').run(coderId);
  if (options.blind) {
    pkg.exec(`
      DELETE FROM predictions;
      DELETE FROM prediction_documents;
      DELETE FROM prelabel_runs WHERE id NOT IN (SELECT run_id FROM annotations WHERE run_id IS NOT NULL);
      DELETE FROM coding_state_hashes;
      UPDATE coding_state SET suggestion_label_id = NULL, suggestion_score = NULL, suggestion_margin = NULL, suggestion_run_id = NULL, suggestion_hash = NULL;
    `);
    setBlindCoders(pkg, true);
    setHideSuggestions(pkg, true);
    // Nor the gold labels: neither the gold value nor its column among the metadata stays.
    const docs = pkg.prepare('SELECT id, import_id, metadata, gold_label FROM documents').all() as {
      id: number;
      import_id: string;
      metadata: string;
      gold_label: string | null;
    }[];
    const putMeta = pkg.prepare('UPDATE documents SET metadata = ?, gold_label = NULL WHERE id = ?');
    for (const d of docs) {
      const metadata = JSON.parse(d.metadata) as Record<string, string>;
      putMeta.run(JSON.stringify(withoutGold(pkg, d.import_id, metadata, d.gold_label)), d.id);
    }
    setShowGoldWhileCoding(pkg, false);
  }
  const codebook = readCodebook(pkg);
  for (const p of pairs) {
    const question = findQuestion(codebook, p.q);
    if (question) refreshDecision(pkg, question, p.d);
  }
  pkg.exec('DROP TABLE temp.keep');
  return { coderId };
}

/** Writes a coder package of the project `db` ([Note: coder package]). */
export function writePackage(db: Db, options: PackageOptions): PackageWritten {
  const out = outputPath(options.path);
  if (existsSync(out))
    throw new PrelabelError('ALREADY_EXISTS', `A file named ${basename(out)} already exists there. Choose another name.`);
  const chosen = chosenDocuments(db, options);
  if (chosen.length === 0)
    throw new PrelabelError(
      'INVALID_INPUT',
      options.sampleId
        ? 'The sample has no documents to package.'
        : `${options.coder} has no open documents to package (choose all documents).`,
    );
  const source = Object.fromEntries(
    (db.prepare('SELECT key, value FROM project_meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]),
  );
  const temp = `${out}.part-${randomUUID()}`;
  // Readable by the owner only ([Note: owner-only files]): VACUUM INTO fills the empty file.
  createOwnerOnlyFile(temp);
  db.prepare('VACUUM INTO ?').run(temp);
  const binding = nativeBindingPath();
  const pkg = new Database(temp, { fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
  try {
    pkg.pragma('journal_mode = DELETE');
    pkg.pragma('foreign_keys = ON');
    const projectId = randomUUID();
    const createdAt = new Date().toISOString();
    const { coderId } = pkg.transaction(() => {
      const result = prune(pkg, options, chosen);
      const put = pkg.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      put.run('id', projectId);
      put.run('name', `${source.name ?? 'Project'} (${options.coder})`);
      put.run('created_at', createdAt);
      put.run('package.of', source.id ?? '');
      put.run('package.coder', options.coder);
      put.run('package.createdAt', createdAt);
      put.run('package.blind', String(options.blind));
      if (options.sampleId) put.run('package.sample', options.sampleId);
      // The export pseudonym key ([Note: pseudonyms] in export/pseudonym.ts) stays with the project:
      // with it a coder could test a guessed name against the pseudonyms in the project's exports.
      pkg.prepare("DELETE FROM project_meta WHERE key = 'pseudonym_key'").run();
      return result;
    })();
    const problems = pkg.pragma('foreign_key_check') as unknown[];
    if (problems.length > 0)
      throw new PrelabelError('INTERNAL', `The package would hold ${problems.length} broken references; nothing was written.`);
    const documents = pkg
      .prepare(`SELECT count(*) FROM documents d WHERE ${isUnit('d')}`)
      .pluck()
      .get() as number;
    const decisions = pkg.prepare('SELECT count(*) FROM annotations WHERE coder_id = ?').pluck().get(coderId) as number;
    pkg.exec('VACUUM');
    pkg.close();
    renameSync(temp, out);
    return {
      path: out,
      name: basename(out),
      exportId: null,
      coder: options.coder,
      documents,
      decisions,
      blind: options.blind,
      projectId,
      packageOf: source.id ?? '',
    };
  } catch (err) {
    if (pkg.open) pkg.close();
    rmSync(temp, { force: true });
    throw err;
  }
}
