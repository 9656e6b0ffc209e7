// Merges coders' copies into the open project ([Note: merge] below; the codebook rule is
// [Note: merge codebook] in codebook-check.ts).
//
// [Note: merge] Every copy is checked first (a Prelabel file, not newer, its codebook mergeable):
// one refused copy refuses the whole merge, with a line per reason, and the project is unchanged.
// Then, in ONE transaction: documents are matched by external id and text hash (a document missing
// from the project or with another text is a conflict: its decisions stay out); coders by name (a
// missing coder is created, with the copy's id unless the project uses that id); decisions by their
// uuid: a decision the project has already is left alone (with the same content) or listed as a
// conflict (other content), a new one is inserted as it is (its coder, time, note, sample, revision),
// so nothing is overwritten and merging twice adds nothing. Samples the merged decisions were made in
// come with them when the project lacks them. Last, the current decision of every touched (question,
// document) is resolved again (refreshDecision), so coder_state and coding_state are what the log
// says, whatever the order the copies came in.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { PrelabelError, type MergeConflict, type MergeCopyReport, type MergeReport } from '../../../common/contract';
import { findQuestion, readCodebook } from '../codebook/codebook-read';
import { refreshDecision } from '../coding/coding-state';
import type { Db } from '../store/project-db';
import { codebookDifferences } from './codebook-check';
import { matchDocuments } from './match-documents';
import { openCopy, type OpenedCopy } from './open-copy';

type Row = Record<string, unknown> & { id: string; document_id: number; coder_id: string; question_id: string };

function columns(db: Db, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
}

function meta(db: Db, key: string): string | null {
  return (db.prepare('SELECT value FROM project_meta WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
}

/** Opens and checks every copy; throws (closing them) with every reason when one is refused. */
function openAll(project: Db, projectPath: string, paths: readonly string[]): OpenedCopy[] {
  const opened: OpenedCopy[] = [];
  const reasons: string[] = [];
  let code: PrelabelError['code'] = 'INVALID_INPUT';
  for (const path of paths) {
    try {
      const copy = openCopy(path, projectPath);
      opened.push(copy);
      reasons.push(...codebookDifferences(project, copy.db, basename(path)));
    } catch (err) {
      if (!(err instanceof PrelabelError)) {
        reasons.push(`${basename(path)}: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      if (reasons.length === 0) code = err.code;
      reasons.push(err.message);
    }
  }
  if (reasons.length > 0) {
    for (const c of opened) c.close();
    throw new PrelabelError(code, reasons.length === 1 ? `Not merged: ${reasons[0]}` : `Not merged:\n${reasons.join('\n')}`);
  }
  return opened;
}

class Merger {
  private readonly annotationColumns: string[];
  private readonly insert: ReturnType<Db['prepare']>;
  private readonly existing: ReturnType<Db['prepare']>;
  readonly touched = new Map<string, { questionId: string; documentId: number }>();

  constructor(private readonly project: Db) {
    this.annotationColumns = columns(project, 'annotations');
    const cols = this.annotationColumns;
    this.insert = project.prepare(`INSERT INTO annotations (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
    this.existing = project.prepare(`SELECT ${cols.join(', ')} FROM annotations WHERE id = ?`);
  }

  private coderIds(copy: Db, report: MergeCopyReport): Map<string, string> {
    const map = new Map<string, string>();
    const rows = copy
      .prepare('SELECT id, name, created_at FROM coders WHERE id IN (SELECT coder_id FROM annotations) ORDER BY name')
      .all() as { id: string; name: string; created_at: string }[];
    for (const c of rows) {
      report.coders.push(c.name);
      const byName = this.project.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(c.name) as string | undefined;
      if (byName) {
        map.set(c.id, byName);
        continue;
      }
      const idTaken = this.project.prepare('SELECT 1 FROM coders WHERE id = ?').get(c.id) !== undefined;
      const id = idTaken ? randomUUID() : c.id;
      this.project.prepare('INSERT INTO coders (id, name, created_at) VALUES (?, ?, ?)').run(id, c.name, c.created_at);
      report.codersCreated.push(c.name);
      map.set(c.id, id);
    }
    return map;
  }

  private mergeSample(copy: Db, sampleId: string, docIds: Map<number, number>, report: MergeCopyReport): void {
    if (this.project.prepare('SELECT 1 FROM samples WHERE id = ?').get(sampleId)) return;
    const sample = copy.prepare('SELECT * FROM samples WHERE id = ?').get(sampleId) as Record<string, unknown> | undefined;
    if (!sample) return;
    const cols = columns(this.project, 'samples').filter((c) => c in sample);
    this.project.prepare(`INSERT INTO samples (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(sample);
    const put = this.project.prepare('INSERT OR IGNORE INTO sample_documents (sample_id, document_id, position) VALUES (?, ?, ?)');
    const docs = copy.prepare('SELECT document_id, position FROM sample_documents WHERE sample_id = ? ORDER BY position').all(sampleId) as {
      document_id: number;
      position: number;
    }[];
    for (const d of docs) {
      const mapped = docIds.get(d.document_id);
      if (mapped !== undefined) put.run(sampleId, mapped, d.position);
    }
    report.samplesNew++;
  }

  mergeCopy(copy: OpenedCopy, projectId: string): MergeCopyReport {
    const db = copy.db;
    const report: MergeCopyReport = {
      path: copy.path,
      packageOf: meta(db, 'package.of'),
      packageCoder: meta(db, 'package.coder'),
      sameProject: meta(db, 'package.of') === projectId || meta(db, 'id') === projectId,
      migratedFrom: copy.migratedFrom,
      coders: [],
      codersCreated: [],
      decisionsNew: 0,
      decisionsPresent: 0,
      decisionsNotMerged: 0,
      samplesNew: 0,
      runsUnknown: 0,
      questions: [],
      conflicts: [],
    };
    const rows = db.prepare(`SELECT ${this.annotationColumns.join(', ')} FROM annotations ORDER BY rowid`).all() as Row[];
    const docs = matchDocuments(this.project, db, [...new Set(rows.map((r) => r.document_id))]);
    report.conflicts.push(...docs.conflicts.values());
    const coders = this.coderIds(db, report);
    const knownRun = this.project.prepare('SELECT 1 FROM prelabel_runs WHERE id = ?');
    const knownAnnotation = this.project.prepare('SELECT 1 FROM annotations WHERE id = ?');
    const questions = new Set<string>();
    const coderName = new Map(
      (db.prepare('SELECT id, name FROM coders').all() as { id: string; name: string }[]).map((c) => [c.id, c.name]),
    );
    // A minute of slack for clocks that differ a little between machines.
    const future = new Date(Date.now() + 60_000).toISOString();
    for (const row of rows) {
      const documentId = docs.ids.get(row.document_id);
      if (documentId === undefined) {
        report.decisionsNotMerged++;
        continue;
      }
      const runId = row.run_id as string | null;
      const runKnown = runId === null || knownRun.get(runId) !== undefined;
      const mapped: Row = { ...row, document_id: documentId, coder_id: coders.get(row.coder_id)!, run_id: runKnown ? runId : null };
      const externalId = docs.externalIds.get(row.document_id) ?? '';
      const present = this.existing.get(row.id) as Row | undefined;
      if (present) {
        const differs = this.annotationColumns.filter((c) => present[c] !== mapped[c]);
        if (differs.length === 0) report.decisionsPresent++;
        else {
          report.decisionsNotMerged++;
          report.conflicts.push(
            conflict(
              'decision differs',
              externalId,
              row.id,
              `Decision ${row.id} on "${externalId}" is in the project with another ${differs.join(', ')}; the project's is kept.`,
            ),
          );
        }
        continue;
      }
      const by = coderName.get(row.coder_id) ?? '';
      if (report.packageCoder !== null && by !== report.packageCoder) {
        report.decisionsNotMerged++;
        report.conflicts.push(
          conflict(
            'other coder',
            externalId,
            row.id,
            `Decision ${row.id} on "${externalId}" is by ${by}, in a package made for ${report.packageCoder}; it is not merged (another person may have coded under that name).`,
          ),
        );
        continue;
      }
      if ((row.created_at as string) > future)
        report.conflicts.push(
          conflict(
            'clock ahead',
            externalId,
            row.id,
            `Decision ${row.id} on "${externalId}" by ${by} is stamped ${row.created_at as string}, later than now: the copy's clock ran ahead, so it counts as later than any decision made here before then.`,
          ),
        );
      const undoes = row.undoes_id as string | null;
      if (undoes !== null && knownAnnotation.get(undoes) === undefined) {
        report.decisionsNotMerged++;
        report.conflicts.push(
          conflict('undo target missing', externalId, row.id, `Undo ${row.id} on "${externalId}" undoes a decision that was not merged.`),
        );
        continue;
      }
      if (!runKnown) report.runsUnknown++;
      if (row.sample_id) this.mergeSample(db, row.sample_id as string, docs.ids, report);
      this.insert.run(mapped);
      report.decisionsNew++;
      questions.add(row.question_id);
      this.touched.set(`${row.question_id}\u0000${documentId}`, { questionId: row.question_id, documentId });
    }
    const codebook = readCodebook(this.project);
    report.questions = [...questions].map((id) => findQuestion(codebook, id)?.name ?? id).sort();
    return report;
  }
}

function conflict(kind: MergeConflict['kind'], externalId: string, annotationId: string, message: string): MergeConflict {
  return { kind, externalId, annotationId, message };
}

/** Merges the copies at `paths` into the project `db` (at `projectPath`); see [Note: merge]. */
export function mergeCopies(db: Db, projectPath: string, paths: readonly string[]): MergeReport {
  const copies = openAll(db, projectPath, paths);
  try {
    const projectId = meta(db, 'id') ?? '';
    const merger = new Merger(db);
    const reports: MergeCopyReport[] = [];
    db.transaction(() => {
      for (const copy of copies) reports.push(merger.mergeCopy(copy, projectId));
      const codebook = readCodebook(db);
      for (const t of merger.touched.values()) {
        const question = findQuestion(codebook, t.questionId);
        if (question) refreshDecision(db, question, t.documentId);
      }
    }).immediate();
    return {
      copies: reports,
      decisionsNew: reports.reduce((n, r) => n + r.decisionsNew, 0),
      decisionsPresent: reports.reduce((n, r) => n + r.decisionsPresent, 0),
      conflicts: reports.reduce((n, r) => n + r.conflicts.length, 0),
      documentsRefreshed: merger.touched.size,
    };
  } finally {
    for (const c of copies) c.close();
  }
}
