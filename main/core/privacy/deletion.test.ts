// True deletion ([Note: true deletion] in scrub.ts): after deleting documents, an import or a
// coder, the marker texts they carried are in no byte of the project, its -wal, its -shm or its
// backups folder; the project passes integrity_check and what remains is unchanged.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeRun } from '../coding/test-support/coding-fixture';
import { useTempDir } from '../test-support/temp-dir';
import {
  countBytes,
  importCsv,
  markerCsv,
  markerProject,
  projectByteFiles,
  writeBackup,
  type MarkerProject,
} from './test-support/marker-project';
import type { Db } from '../store/project-db';
import { backupFiles } from './scrub';

const tmp = useTempDir();

const doomedIds = (db: Db) =>
  db.prepare("SELECT id FROM documents WHERE text LIKE 'Secret SECRETMARK-%' ORDER BY id").pluck().all() as number[];

/** What must survive a deletion: the kept documents, their decisions and states, exactly. */
function keptSnapshot(db: Db) {
  return {
    docs: db.prepare("SELECT id, external_id, text, metadata FROM documents WHERE text LIKE 'Kept %' ORDER BY id").all(),
    decisions: db
      .prepare(
        "SELECT a.id, a.document_id, a.label_ids, a.note FROM annotations a JOIN documents d ON d.id = a.document_id WHERE d.text LIKE 'Kept %' ORDER BY a.id",
      )
      .all(),
    states: db
      .prepare(
        "SELECT s.* FROM coding_state s JOIN documents d ON d.id = s.document_id WHERE d.text LIKE 'Kept %' ORDER BY s.question_id, s.document_id",
      )
      .all(),
    predictions: db
      .prepare("SELECT count(*) FROM predictions p JOIN documents d ON d.id = p.document_id WHERE d.text LIKE 'Kept %'")
      .pluck()
      .get(),
  };
}

/** The decision tally counted anew from the coding state (what the triggers keep). */
function tallyFromState(db: Db) {
  const tally = new Map<string, number>();
  const add = (k: string) => tally.set(k, (tally.get(k) ?? 0) + 1);
  for (const r of db
    .prepare('SELECT question_id AS q, kind, accepted, label_id, label_ids FROM coding_state WHERE annotation_id IS NOT NULL')
    .all() as {
    q: string;
    kind: string;
    accepted: number | null;
    label_id: string | null;
    label_ids: string;
  }[]) {
    add(`${r.q}|kind:${r.kind}`);
    if (r.accepted !== null) add(`${r.q}|accepted:${r.accepted}`);
    if (r.label_id !== null) add(`${r.q}|first:${r.label_id}`);
    for (const l of JSON.parse(r.label_ids) as string[]) add(`${r.q}|label:${l}`);
  }
  const stored = new Map<string, number>();
  for (const r of db.prepare('SELECT question_id AS q, bucket, n FROM coding_tally WHERE n <> 0').all() as {
    q: string;
    bucket: string;
    n: number;
  }[])
    stored.set(`${r.q}|${r.bucket}`, r.n);
  return { counted: Object.fromEntries([...tally].sort()), stored: Object.fromEntries([...stored].sort()) };
}

/** Decisions by two coders (notes with markers on the doomed documents), predictions for every
 * document, a validation sample, and a backup that holds it all. */
async function populate(p: MarkerProject) {
  const q = p.codebook.questions[0]!;
  const [yes, no] = q.labels.map((l) => l.id) as [string, string];
  const ids = p.db().prepare('SELECT id, text FROM documents ORDER BY id').all() as { id: number; text: string }[];
  for (const d of ids.slice(0, 60)) {
    const doomed = d.text.startsWith('Secret');
    await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: d.id,
      coder: 'Ana',
      kind: 'label',
      labelIds: [doomed ? yes : no],
      ...(doomed ? { note: `NOTEMARK-${d.id}` } : {}),
    });
  }
  for (const d of ids.slice(0, 30)) {
    await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: d.id,
      coder: 'Ben',
      kind: 'label',
      labelIds: [yes],
      note: `BENNOTE-${d.id}`,
    });
  }
  storeRun(
    p.db(),
    p.codebook,
    0,
    ids.map((d) => d.id),
    (d) => [d % 3, 1 - (d % 3)],
  );
  await p.t.call('samples.create', { questionId: q.id, seed: 7, size: 40 });
  writeBackup(p.db(), p.path);
}

const markersOf = (db: Db, ids: number[]) =>
  ids.flatMap((id) => {
    const r = db.prepare('SELECT external_id FROM documents WHERE id = ?').pluck().get(id) as string;
    const notes = db.prepare("SELECT note FROM annotations WHERE document_id = ? AND note LIKE 'NOTEMARK-%'").pluck().all(id) as string[];
    return [`SECRETMARK-${r}`, `METAMARK-${r}`, ...notes];
  });

function expectGone(path: string, markers: string[]) {
  const files = projectByteFiles(path);
  const left = markers.filter((m) => countBytes(files, m) > 0);
  expect(left).toEqual([]);
  expect(countBytes(files, 'plumbusdeleted')).toBe(0);
}

function expectHealthy(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    return tallyFromState(db);
  } finally {
    db.close();
  }
}

describe('true deletion of documents', () => {
  it('deletes chosen documents: their text, metadata, notes and search entries are in no byte of the project, its WAL or its backups', async () => {
    const p = await markerProject(tmp(), 200, 10);
    await populate(p);
    const doomed = doomedIds(p.db());
    expect(doomed).toHaveLength(20);
    const markers = markersOf(p.db(), doomed);
    const before = projectByteFiles(p.path);
    // The grep finds them before: every marker is somewhere in the files.
    expect(markers.filter((m) => countBytes(before, m) === 0)).toEqual([]);
    expect(countBytes(before, 'plumbusdeleted')).toBeGreaterThan(0);
    const kept = keptSnapshot(p.db());
    const doomedDecisions = p
      .db()
      .prepare(`SELECT count(*) FROM annotations WHERE document_id IN (${doomed.join(',')})`)
      .pluck()
      .get() as number;

    const target = { kind: 'documents' as const, ids: doomed };
    const plan = await p.t.call('privacy.plan', { target });
    const backups = backupFiles(p.path).length;
    expect(backups).toBeGreaterThanOrEqual(1);
    expect(plan).toMatchObject({ documents: 20, units: 0, decisions: doomedDecisions, predicted: 20, importsRemoved: 0, backups });
    // Counts that no longer hold are refused, and nothing is deleted.
    await expect(p.t.call('privacy.delete', { target, expected: { documents: 19, units: 0, decisions: plan.decisions } })).rejects.toThrow(
      /not the 19/,
    );
    expect(doomedIds(p.db())).toHaveLength(20);

    const result = await p.t.call('privacy.delete', { target, expected: { documents: 20, units: 0, decisions: plan.decisions } });
    expect(result).toMatchObject({
      documents: 20,
      searchIndexOptimized: true,
      vacuumed: true,
      walTruncated: true,
      backupsRemoved: backups,
      integrity: 'ok',
    });
    // While the project is open (its -wal and -shm exist) and after it is closed.
    expectGone(p.path, markers);
    expect(keptSnapshot(p.db())).toEqual(kept);
    const samples = await p.t.call('samples.list', {});
    const positions = p.db().prepare('SELECT sample_id, position FROM sample_documents ORDER BY position').all() as { position: number }[];
    expect(positions.map((r) => r.position)).toEqual(positions.map((_, i) => i));
    expect(samples[0]!.size).toBe(positions.length);
    expect((await p.t.call('documents.list', { offset: 0, limit: 5, search: 'plumbusdeleted' })).total).toBe(0);
    expect((await p.t.call('documents.list', { offset: 0, limit: 5, search: 'keepword' })).total).toBe(180);
    expect((await p.t.call('project.stats', {})).imports[0]!.rowCount).toBe(180);
    await p.t.core.shutdown();
    expectGone(p.path, markers);
    const tally = expectHealthy(p.path);
    expect(tally.stored).toEqual(tally.counted);
  });

  it("deletes a search's matches and an import; a second import stays as it was", async () => {
    const p = await markerProject(tmp(), 100, 4);
    await populate(p);
    const second = await importCsv(p.t, join(p.dir, 'more.csv'), markerCsv(50, 1000, 'more'));
    const doomed = doomedIds(p.db());
    const markers = markersOf(p.db(), doomed);
    const target = { kind: 'search' as const, search: 'plumbusdeleted' };
    const plan = await p.t.call('privacy.plan', { target });
    expect(plan.documents).toBe(25);
    await p.t.call('privacy.delete', { target, expected: { documents: plan.documents, units: plan.units, decisions: plan.decisions } });
    expectGone(p.path, markers);

    const keptOfFirst = p.db().prepare('SELECT text FROM documents WHERE import_id = ?').pluck().all(p.importId) as string[];
    expect(keptOfFirst).toHaveLength(75);
    const importTarget = { kind: 'import' as const, importId: p.importId };
    const importPlan = await p.t.call('privacy.plan', { target: importTarget });
    expect(importPlan).toMatchObject({ documents: 75, importsRemoved: 1 });
    await p.t.call('privacy.delete', { target: importTarget, expected: { documents: 75, units: 0, decisions: importPlan.decisions } });
    const files = projectByteFiles(p.path);
    expect(keptOfFirst.filter((text) => countBytes(files, text) > 0)).toEqual([]);
    expect(countBytes(files, 'docs.csv')).toBe(0);
    expect(p.db().prepare('SELECT id FROM imports').pluck().all()).toEqual([second]);
    expect((await p.t.call('documents.list', { offset: 0, limit: 1 })).total).toBe(50);
    await p.t.core.shutdown();
    expectHealthy(p.path);
  });
});

describe("true deletion of a coder's decisions", () => {
  it("removes every decision and note of the coder; the other coder's decisions decide the documents again", async () => {
    const p = await markerProject(tmp(), 60, 10);
    await populate(p);
    const q = p.codebook.questions[0]!.id;
    const benNotes = (p.db().prepare("SELECT note FROM annotations WHERE note LIKE 'BENNOTE-%'").pluck().all() as string[]).slice();
    expect(benNotes).toHaveLength(30);
    const plan = await p.t.call('privacy.plan', { target: { kind: 'coder', coder: 'Ben' } });
    expect(plan).toMatchObject({ decisions: 30, coders: 1, documents: 0 });
    await expect(p.t.call('privacy.plan', { target: { kind: 'coder', coder: 'Bea' } })).rejects.toThrow(
      'The project has no coder named Bea (its coders: Ana, Ben).',
    );
    await p.t.call('privacy.delete', { target: { kind: 'coder', coder: 'Ben' }, expected: { documents: 0, units: 0, decisions: 30 } });
    const files = projectByteFiles(p.path);
    expect(benNotes.filter((n) => countBytes(files, n) > 0)).toEqual([]);
    expect(countBytes(files, 'Ben')).toBe(0);
    // Every document Ana and Ben had decided now rests on Ana alone, with Ana's label.
    const states = p
      .db()
      .prepare('SELECT coders, resolution, coder_id FROM coding_state WHERE question_id = ? AND annotation_id IS NOT NULL')
      .all(q) as {
      coders: number;
      resolution: string;
    }[];
    expect(states).toHaveLength(60);
    expect(states.every((s) => s.coders === 1 && s.resolution === 'single')).toBe(true);
    expect((await p.t.call('coders.list', {})).map((c) => c.name)).toEqual(['Ana']);
    await p.t.core.shutdown();
    const tally = expectHealthy(p.path);
    expect(tally.stored).toEqual(tally.counted);
  });
});

describe('true deletion in a split project', () => {
  it("a unit takes its whole document and the document's other units with it; the other documents' units stay", async () => {
    const dir = tmp();
    const p = await markerProject(dir, 6, 1000);
    const csv = join(dir, 'paras.csv');
    const text = (i: number) => `Para one of ${i} UNITMARK${i}.\n\nPara two of ${i} UNITMARK${i}b.`;
    const second = await importCsv(p.t, csv, ['id,text', ...[1, 2, 3].map((i) => `s${i},"${text(i)}"`)].join('\n') + '\n');
    const started = await p.t.call('segments.create', { spec: { unit: 'paragraph' }, importIds: [second] });
    expect((await p.t.waitForJob(started.jobId)).status).toBe('done');
    const unit = p.db().prepare("SELECT id FROM documents WHERE external_id = 's2#1'").pluck().get() as number;
    const plan = await p.t.call('privacy.plan', { target: { kind: 'documents', ids: [unit] } });
    expect(plan).toMatchObject({ documents: 1, units: 2 });
    await p.t.call('privacy.delete', { target: { kind: 'documents', ids: [unit] }, expected: { documents: 1, units: 2, decisions: 0 } });
    expect(countBytes(projectByteFiles(p.path), 'UNITMARK2')).toBe(0);
    expect(p.db().prepare("SELECT external_id FROM documents WHERE external_id LIKE 's%' ORDER BY id").pluck().all()).toEqual([
      's1',
      's3',
      's1#1',
      's1#2',
      's3#1',
      's3#2',
    ]);
    expect(countBytes(projectByteFiles(p.path), 'UNITMARK3b')).toBeGreaterThan(0);
    // A split is not an import to delete: its documents' text is the imported file's.
    await expect(p.t.call('privacy.plan', { target: { kind: 'import', importId: started.segmentationId } })).rejects.toThrow(
      /remove the split/,
    );
    await p.t.core.shutdown();
    expectHealthy(p.path);
  });
});
