// Coder packages and merges (issue 14, item 3) on real project files: a package holds the codebook,
// the chosen documents and only its coder's decisions (blind: no predictions, the blind settings on,
// no other coder's name left anywhere in the file); decisions coded in it merge back with their coder
// and time, twice changes nothing; conflicts are listed; every refusal leaves the project unchanged.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codingProject, storeRun, type CodingProject } from '../coding/test-support/coding-fixture';
import { migrations } from '../store/migrations';
import { APPLICATION_ID, migrate } from '../store/project-db';
import { makeTestCore, type TestCore } from '../test-support/test-core';
import { useTempDir } from '../test-support/temp-dir';
import { logicalDump } from './test-support/merge-fixture';

const tmp = useTempDir();
const STANCE = { name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }, { name: 'neutral' }] };
const TOPICS = { name: 'Topics', multiLabel: true, labels: [{ name: 'economy' }, { name: 'health' }] };

async function setup(): Promise<CodingProject & { dir: string }> {
  const dir = tmp();
  const p = await codingProject(dir, 20, [STANCE, TOPICS]);
  storeRun(p.db(), p.codebook, 0, p.documentIds, (d) => [d % 3, (d + 1) % 3, (d + 2) % 3]);
  const [stance, topics] = p.codebook.questions;
  const decide = (coder: string, doc: number, label: number, note?: string) =>
    p.t.call('annotate.decide', {
      questionId: stance!.id,
      documentId: p.documentIds[doc]!,
      coder,
      kind: 'label',
      labelIds: [stance!.labels[label]!.id],
      ...(note ? { note } : {}),
    });
  await p.t.call('annotate.setSettings', { mode: 'every' });
  for (const d of [0, 1, 2]) await decide('Ana', d, 0);
  for (const d of [0, 1]) await decide('Ben', d, 1, 'Ben thinks so');
  for (const d of [0, 1])
    await p.t.call('annotate.decide', { questionId: topics!.id, documentId: p.documentIds[d]!, coder: 'Ben', kind: 'label', labelIds: [] });
  return { ...p, dir };
}

/** Opens a package in a core of its own. */
async function openCopy(dir: string, path: string): Promise<TestCore> {
  const t = makeTestCore(dir);
  await t.call('project.open', { path });
  return t;
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('coder package', () => {
  it('holds the codebook, the documents and only its coder’s decisions; blind: no predictions, blind settings on', async () => {
    const p = await setup();
    // A gold label, also among the metadata (a column the import knew nothing of): gone from a blind package.
    p.t.core.context
      .requireProject()
      .db.prepare(`UPDATE documents SET gold_label = 'GOLD-FAVOUR', metadata = json_set(metadata, '$.stance', 'GOLD-FAVOUR')`)
      .run();
    const out = join(p.dir, 'ana.prelabel');
    const written = await p.t.call('project.package', { coder: 'Ana', path: out, documents: 'all', blind: true });
    const source = await p.t.call('project.current', {});
    expect(written).toMatchObject({ path: out, coder: 'Ana', documents: 20, decisions: 3, blind: true, packageOf: source!.id });
    expect(written.projectId).not.toBe(source!.id);
    // No other coder's name or note survives anywhere in the file (VACUUM leaves no free pages).
    const bytes = readFileSync(out).toString('latin1');
    expect(bytes).not.toContain('Ben');
    expect(bytes).not.toContain('GOLD-FAVOUR');
    const db = new Database(out, { readonly: true });
    expect(db.prepare('SELECT DISTINCT c.name FROM annotations a JOIN coders c ON c.id = a.coder_id').pluck().all()).toEqual(['Ana']);
    expect(db.prepare('SELECT name FROM coders').pluck().all()).toEqual(['Ana']);
    expect(db.prepare('SELECT count(*) FROM predictions').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM coding_state WHERE suggestion_label_id IS NOT NULL').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM coding_state WHERE annotation_id IS NOT NULL').pluck().get()).toBe(3);
    expect(db.prepare("SELECT value FROM project_meta WHERE key = 'package.coder'").pluck().get()).toBe('Ana');
    expect(db.prepare('SELECT count(*) FROM labels').pluck().get()).toBe(5);
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    db.close();
    const t = await openCopy(p.dir, out);
    expect(await t.call('annotate.settings', {})).toMatchObject({
      blindCoders: true,
      hideSuggestions: true,
      mode: 'every',
      showGold: false,
      hasGold: false,
    });
    const page = await t.call('annotate.queue', { questionId: p.codebook.questions[0]!.id, coder: 'Ana', limit: 50 });
    expect(page.items.length).toBe(17);
    await t.core.shutdown();
    await p.t.core.shutdown();
  });

  it("'open' holds the documents its coder has not decided on every question; not blind keeps predictions", async () => {
    const p = await setup();
    const out = join(p.dir, 'ben.prelabel');
    const written = await p.t.call('project.package', { coder: 'Ben', path: out, documents: 'all', blind: false });
    expect(written).toMatchObject({ documents: 20, decisions: 4 });
    const db = new Database(out, { readonly: true });
    expect(db.prepare('SELECT count(DISTINCT document_id) FROM predictions').pluck().get()).toBe(20);
    db.close();
    // Ben decided documents 0 and 1 on both questions: they are not open for him (the default).
    expect(await p.t.call('project.package', { coder: 'Ben', path: join(p.dir, 'ben2.prelabel') })).toMatchObject({
      documents: 18,
      decisions: 0,
    });
    // Ana decided three on Stance only: Topics is still open on every document.
    expect(await p.t.call('project.package', { coder: 'Ana', path: join(p.dir, 'ana.prelabel') })).toMatchObject({
      documents: 20,
      decisions: 3,
    });
    // A coder the project does not know yet gets every document, and a name without the extension gets it.
    const cleo = await p.t.call('project.package', { coder: 'Cleo', path: join(p.dir, 'cleo'), documents: 'open' });
    expect(cleo).toMatchObject({ path: join(p.dir, 'cleo.prelabel'), documents: 20, decisions: 0 });
    await expect(p.t.call('project.package', { coder: 'Ben', path: out })).rejects.toThrow(/already exists/);
    await expect(p.t.call('project.package', { coder: 'Ben', path: p.path })).rejects.toThrow(
      /coding\.prelabel is this project's database file/,
    );
    await p.t.core.shutdown();
  });
});

describe('merge', () => {
  it('brings the copy’s decisions back with coder and time; twice changes nothing; resolves the documents', async () => {
    const p = await setup();
    const [stance] = p.codebook.questions;
    const out = join(p.dir, 'cleo.prelabel');
    await p.t.call('project.package', { coder: 'Cleo', path: out, documents: 'all', blind: true });
    const t = await openCopy(p.dir, out);
    for (const d of [0, 1, 5]) {
      await t.call('annotate.decide', {
        questionId: stance!.id,
        documentId: p.documentIds[d]!,
        coder: 'Cleo',
        kind: 'label',
        labelIds: [stance!.labels[2]!.id],
        note: 'Cleo',
      });
    }
    await t.call('annotate.undo', { questionId: stance!.id, coder: 'Cleo' });
    const cleoRows = t.core.context.project!.db.prepare('SELECT * FROM annotations ORDER BY id').all();
    await t.core.shutdown();
    const report = await p.t.call('project.merge', { paths: [out] });
    expect(report).toMatchObject({ decisionsNew: 4, decisionsPresent: 0, conflicts: 0, documentsRefreshed: 3 });
    expect(report.copies[0]).toMatchObject({
      coders: ['Cleo'],
      codersCreated: ['Cleo'],
      sameProject: true,
      questions: ['Stance'],
      packageCoder: 'Cleo',
    });
    const db = p.db();
    expect(
      db
        .prepare('SELECT * FROM annotations WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id')
        .all(JSON.stringify(cleoRows.map((r) => (r as { id: string }).id))),
    ).toEqual(cleoRows);
    // Document 0: Ana favour, Ben against, Cleo neutral: three coders, settled by the rule.
    expect(
      db.prepare('SELECT coders, resolution FROM coding_state WHERE question_id = ? AND document_id = ?').get(stance!.id, p.documentIds[0]),
    ).toEqual({ coders: 3, resolution: 'rule' });
    expect(db.prepare('SELECT count(*) FROM coder_state WHERE coder_id = (SELECT id FROM coders WHERE name = ?)').pluck().get('Cleo')).toBe(
      2,
    );
    const before = logicalDump(db);
    const again = await p.t.call('project.merge', { paths: [out, out] });
    expect(again).toMatchObject({ decisionsNew: 0, decisionsPresent: 8, conflicts: 0 });
    expect(logicalDump(db)).toEqual(before);
    await p.t.core.shutdown();
  });

  it('lists documents missing or with another text, and a decision id with other content, without merging them', async () => {
    const p = await setup();
    const out = join(p.dir, 'ana.prelabel');
    await p.t.call('project.package', { coder: 'Ana', path: out, documents: 'all' });
    const raw = new Database(out);
    raw.prepare("UPDATE documents SET text = text || ' edited' WHERE external_id = 'doc-1'").run();
    raw.prepare("UPDATE documents SET external_id = 'doc-x' WHERE external_id = 'doc-2'").run();
    raw
      .prepare("UPDATE annotations SET note = 'changed offline' WHERE document_id = (SELECT id FROM documents WHERE external_id = 'doc-3')")
      .run();
    raw.close();
    const before = logicalDump(p.db());
    const report = await p.t.call('project.merge', { paths: [out] });
    expect(report.decisionsNew).toBe(0);
    expect(report.copies[0]!.decisionsNotMerged).toBe(3);
    expect(report.copies[0]!.conflicts.map((c) => [c.kind, c.externalId])).toEqual([
      ['text differs', 'doc-1'],
      ['document missing', 'doc-x'],
      ['decision differs', 'doc-3'],
    ]);
    expect(report.copies[0]!.conflicts[2]!.message).toMatch(/another note/);
    expect(logicalDump(p.db())).toEqual(before);
    await p.t.core.shutdown();
  });
});

describe('merge refusals leave the project unchanged', () => {
  async function refused(p: CodingProject, paths: string[], message: RegExp, code: string): Promise<void> {
    const before = logicalDump(p.db());
    const projectSha = p.db().prepare('SELECT count(*) FROM annotations').pluck().get();
    const result = await p.t.raw('project.merge', { paths });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toMatch(message);
    expect(logicalDump(p.db())).toEqual(before);
    expect(p.db().prepare('SELECT count(*) FROM annotations').pluck().get()).toBe(projectSha);
  }

  it('a copy of a newer file format, a file that is no Prelabel project, the project itself', async () => {
    const p = await setup();
    const out = join(p.dir, 'ana.prelabel');
    await p.t.call('project.package', { coder: 'Ana', path: out, documents: 'all' });
    const raw = new Database(out);
    raw.pragma('user_version = 99');
    raw.close();
    await refused(p, [out], /ana\.prelabel was saved by a newer version of Prelabel \(file format 99/, 'NEWER_VERSION');
    const text = join(p.dir, 'notes.prelabel');
    writeFileSync(text, 'just some notes\n'.repeat(20));
    await refused(p, [text], /notes\.prelabel is not a Prelabel project \(it is not an SQLite database\)/, 'NOT_A_PROJECT');
    const other = join(p.dir, 'other.sqlite');
    const o = new Database(other);
    o.exec('CREATE TABLE t (x)');
    o.close();
    await refused(p, [other], /made by another program/, 'NOT_A_PROJECT');
    await refused(p, [p.path], /is the open project itself/, 'INVALID_INPUT');
    await refused(p, [join(p.dir, 'nowhere.prelabel')], /does not exist/, 'NOT_FOUND');
    await p.t.core.shutdown();
  });

  it('a copy whose codebook changed, each difference named on its own line', async () => {
    const p = await setup();
    const out = join(p.dir, 'ana.prelabel');
    await p.t.call('project.package', { coder: 'Ana', path: out, documents: 'all' });
    const t = await openCopy(p.dir, out);
    const cb = await t.call('codebook.get', {});
    const [stance, topics] = cb.questions;
    await t.call('codebook.set', {
      questions: [
        {
          ...stance!,
          labels: [...stance!.labels.map((l) => (l.name === 'neutral' ? { ...l, name: 'neither' } : l)), { name: 'sarcastic' }],
        },
        topics!,
      ],
    });
    const q = (await t.call('codebook.get', {})).questions[0]!;
    await t.call('annotate.decide', {
      questionId: q.id,
      documentId: p.documentIds[9]!,
      coder: 'Ana',
      kind: 'label',
      labelIds: [q.labels.find((l) => l.name === 'sarcastic')!.id],
    });
    await t.core.shutdown();
    await refused(
      p,
      [out],
      /Not merged:\nana\.prelabel: label "neutral" of "Stance" is named "neither" in the copy\.\nana\.prelabel: label "sarcastic" of "Stance" is not in the project's codebook\.\nana\.prelabel: its decisions use label "sarcastic" of "Stance", which the project does not have\./,
      'INVALID_INPUT',
    );
    await p.t.core.shutdown();
  });

  it('an older copy is migrated in a temporary copy, never in place', async () => {
    const p = await setup();
    const pkg = join(p.dir, 'ana.prelabel');
    await p.t.call('project.package', { coder: 'Ana', path: pkg, documents: 'all' });
    const t = await openCopy(p.dir, pkg);
    const stance = p.codebook.questions[0]!;
    await t.call('annotate.decide', {
      questionId: stance.id,
      documentId: p.documentIds[7]!,
      coder: 'Ana',
      kind: 'label',
      labelIds: [stance.labels[1]!.id],
    });
    await t.core.shutdown();
    // The same content in a file of format 7 (before several coders).
    const old = join(p.dir, 'ana-v7.prelabel');
    const db = new Database(old);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db, migrations.slice(0, 7));
    db.exec(`ATTACH '${pkg}' AS pkg`);
    db.pragma('foreign_keys = OFF');
    for (const table of [
      'project_meta',
      'codebook_revisions',
      'questions',
      'labels',
      'imports',
      'documents',
      'coders',
      'prelabel_runs',
      'annotations',
    ]) {
      const cols = (db.prepare(`PRAGMA main.table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
      db.exec(`INSERT INTO main.${table} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM pkg.${table}`);
    }
    db.exec('DETACH pkg');
    db.close();
    const oldSha = sha(old);
    const report = await p.t.call('project.merge', { paths: [old] });
    expect(report.copies[0]).toMatchObject({ migratedFrom: 7, decisionsNew: 1, decisionsPresent: 3 });
    expect(sha(old)).toBe(oldSha);
    const check = new Database(old, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(7);
    check.close();
    await p.t.core.shutdown();
  });
});

describe('a training round', () => {
  it('is refused as a package: the trainee codes it in the project, where its decisions stay training', async () => {
    const p = await setup();
    const q = p.codebook.questions[0]!;
    const db = p.t.core.context.requireProject().db;
    db.prepare("UPDATE documents SET gold_label = 'x'").run();
    const round = await p.t.call('samples.create', { questionId: q.id, seed: 1, size: 3, kind: 'training' });
    await expect(
      p.t.call('project.package', { coder: 'Tia', path: join(p.dir, 'tia.prelabel'), sampleId: round.id, blind: true }),
    ).rejects.toThrow(/training round/);
    await p.t.core.shutdown();
  });
});

describe('decisions a package should not hold', () => {
  it("leaves out another coder's decisions in a package made for one coder, and flags decisions stamped in the future", async () => {
    const p = await setup();
    const q = p.codebook.questions[0]!;
    const out = join(p.dir, 'ana.prelabel');
    await p.t.call('project.package', { coder: 'Ana', path: out, documents: 'all', blind: true });
    const copy = await openCopy(p.dir, out);
    const mine = await copy.call('annotate.decide', {
      questionId: q.id,
      documentId: p.documentIds[5]!,
      coder: 'Ana',
      kind: 'label',
      labelIds: [q.labels[2]!.id],
    });
    const other = await copy.call('annotate.decide', {
      questionId: q.id,
      documentId: p.documentIds[6]!,
      coder: 'Ben',
      kind: 'label',
      labelIds: [q.labels[1]!.id],
    });
    await copy.core.shutdown();
    // Ana's clock ran a day ahead for her decision.
    const raw = new Database(out);
    raw.prepare("UPDATE annotations SET created_at = '2099-01-01T00:00:00.000Z' WHERE id = ?").run(mine.id);
    raw.close();
    const report = await p.t.call('project.merge', { paths: [out] });
    const c = report.copies[0]!;
    expect([c.decisionsNew, c.decisionsNotMerged]).toEqual([1, 1]);
    expect(c.conflicts.map((x) => [x.kind, x.annotationId])).toEqual([
      ['clock ahead', mine.id],
      ['other coder', other.id],
    ]);
    expect(c.conflicts[1]!.message).toContain('is by Ben, in a package made for Ana; it is not merged');
    const db = p.t.core.context.requireProject().db;
    expect(db.prepare('SELECT count(*) FROM annotations WHERE id = ?').pluck().get(other.id)).toBe(0);
    expect(db.prepare('SELECT count(*) FROM annotations WHERE id = ?').pluck().get(mine.id)).toBe(1);
    await p.t.core.shutdown();
  });
});
