// Automatic rotating backups ([Note: backups] in make-backup.ts): made after an import and on open
// (by the period), owner-only files, rotated to the project's number, restored exactly with the
// current project kept first, a damaged backup or a project open elsewhere refused with the project
// untouched.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupList } from '../../../common/contract';
import { codingProject, type CodingProject } from '../coding/test-support/coding-fixture';
import { childEnv, repoRoot } from '../test-support/child-import';
import { makeTestCore, type TestCore } from '../test-support/test-core';
import { useTempDir } from '../test-support/temp-dir';
import { backupFolder } from './backup-files';

const tmp = useTempDir();
const QUESTION = [{ name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }] }];

/** The list once it holds `n` backups (automatic backups run after the call that caused them). */
async function untilBackups(t: TestCore, n: number): Promise<BackupList> {
  for (let i = 0; i < 500; i++) {
    const list = await t.call('backups.list', {});
    if (list.backups.length >= n) return list;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no ${n} backups came`);
}

/** Each document's current label in the project file, read through a connection of its own. */
function labelsIn(path: string): Array<[string, string | null]> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT d.external_id AS id, (SELECT group_concat(l.name) FROM json_each(s.label_ids) j JOIN labels l ON l.id = j.value) AS labels
           FROM documents d LEFT JOIN coding_state s ON s.document_id = d.id ORDER BY d.id`,
      )
      .all()
      .map((r) => {
        const row = r as { id: string; labels: string | null };
        return [row.id, row.labels];
      });
  } finally {
    db.close();
  }
}

async function decide(p: CodingProject, doc: number, label: 0 | 1): Promise<void> {
  const q = p.codebook.questions[0]!;
  await p.t.call('annotate.decide', {
    questionId: q.id,
    documentId: p.documentIds[doc]!,
    coder: 'Ana',
    kind: 'label',
    labelIds: [q.labels[label]!.id],
  });
}

describe('backups', () => {
  it('are made after an import, as owner-only files in <project>.backups, and on open only when the newest is older than the period', async () => {
    const dir = tmp();
    const p = await codingProject(dir, 5, QUESTION);
    const first = await untilBackups(p.t, 1);
    expect(first.folder).toBe(backupFolder(p.path));
    expect(first.backups.map((b) => b.reason)).toEqual(['import']);
    expect(first.settings).toEqual({ auto: true, keep: 7, periodHours: 24 });
    expect(statSync(first.folder).mode & 0o777).toBe(0o700);
    const file = join(first.folder, `${first.backups[0]!.id}.prelabel`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Only finished backups in the folder: no partial, no -wal or -journal beside them.
    expect(readdirSync(first.folder)).toEqual([`${first.backups[0]!.id}.prelabel`]);
    await p.t.core.shutdown();

    // Opened again within the period: no backup; with a period of 0: one.
    const t = makeTestCore(join(dir, 'again'));
    await t.call('project.open', { path: p.path });
    await t.call('project.close', {});
    await t.call('project.open', { path: p.path });
    expect((await t.call('backups.list', {})).backups).toHaveLength(1);
    await t.call('backups.settings', { periodHours: 0 });
    await t.call('project.close', {});
    await t.call('project.open', { path: p.path });
    const after = await untilBackups(t, 2);
    expect(after.backups.map((b) => b.reason)).toEqual(['open', 'import']);
    await t.core.shutdown();
  });

  it('keep the newest N: older ones are removed when a new one is complete', async () => {
    const p = await codingProject(tmp(), 3, QUESTION);
    await untilBackups(p.t, 1);
    await p.t.call('backups.settings', { keep: 3 });
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await p.t.call('backups.create', {}));
    const list = await p.t.call('backups.list', {});
    expect(list.backups.map((b) => b.id)).toEqual(
      made
        .slice(2)
        .reverse()
        .map((b) => b.id),
    );
    expect(readdirSync(list.folder).sort()).toEqual(list.backups.map((b) => `${b.id}.prelabel`).sort());
    // Fewer kept from now on: the folder shrinks at once.
    expect((await p.t.call('backups.settings', { keep: 1 })).backups.map((b) => b.id)).toEqual([made[4]!.id]);
    await p.t.core.shutdown();
  });

  it('restore brings back the decisions as they were, keeps the project as it was as a backup first, and it passes integrity_check', async () => {
    const p = await codingProject(tmp(), 4, QUESTION);
    await untilBackups(p.t, 1);
    await decide(p, 0, 0);
    await decide(p, 1, 1);
    const backup = await p.t.call('backups.create', {});
    const atBackup = labelsIn(p.path);
    expect(atBackup.map(([, l]) => l)).toEqual(['favour', 'against', null, null]);
    await decide(p, 0, 1);
    await decide(p, 2, 0);
    const later = labelsIn(p.path);

    const restored = await p.t.call('backups.restore', { id: backup.id });
    expect(restored.restored.id).toBe(backup.id);
    expect(restored.keptAs.reason).toBe('restore');
    expect(labelsIn(p.path)).toEqual(atBackup);
    // The app's open project is the restored one, and it works.
    const q = p.codebook.questions[0]!;
    expect((await p.t.call('annotate.progress', { questionId: q.id })).decided).toBe(2);
    const check = new Database(p.path, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
    // The state before the restore is a backup of its own, and restoring it undoes the restore.
    const listed = (await p.t.call('backups.list', {})).backups.map((b) => b.id);
    expect(listed).toContain(restored.keptAs.id);
    await p.t.call('backups.restore', { id: restored.keptAs.id });
    expect(labelsIn(p.path)).toEqual(later);
    // No copy of the project was left beside it.
    expect(readdirSync(join(p.path, '..')).filter((n) => n.includes('.restore.'))).toEqual([]);
    await p.t.core.shutdown();
  });

  it('a damaged backup is refused with one line and the project left untouched', async () => {
    const p = await codingProject(tmp(), 4, QUESTION);
    await untilBackups(p.t, 1);
    await decide(p, 0, 0);
    const backup = await p.t.call('backups.create', {});
    const file = join(backupFolder(p.path), `${backup.id}.prelabel`);
    // Garbage over the second page: the b-tree of some table is broken.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096);
    closeSync(fd);
    await decide(p, 1, 1);
    const before = labelsIn(p.path);
    const count = (await p.t.call('backups.list', {})).backups.length;
    const refused = await p.t.raw('backups.restore', { id: backup.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('NOT_A_PROJECT');
      expect(refused.error.message).toMatch(/^The backup \S+ is damaged .*Choose another backup\.$/);
      expect(refused.error.message).not.toContain('\n');
    }
    expect(labelsIn(p.path)).toEqual(before);
    expect((await p.t.call('backups.list', {})).backups).toHaveLength(count);
    // A file that is no SQLite database at all.
    writeFileSync(file, 'not a database');
    const again = await p.t.raw('backups.restore', { id: backup.id });
    expect(again.ok ? null : again.error.message).toBe(
      `The backup ${backup.id}.prelabel is damaged: it is not a Prelabel project file. Choose another backup.`,
    );
    expect((await p.t.raw('backups.restore', { id: '2020-01-01T00-00-00-000Z-open' })).ok).toBe(false);
    await p.t.core.shutdown();
  });

  it('a restore is refused while another connection has the project open, which keeps its file', async () => {
    const p = await codingProject(tmp(), 3, QUESTION);
    await untilBackups(p.t, 1);
    const backup = await p.t.call('backups.create', {});
    await decide(p, 0, 0);
    const other = new Database(p.path, { fileMustExist: true });
    other.pragma('journal_mode = WAL');
    other.prepare('SELECT count(*) FROM documents').get();
    try {
      const refused = await p.t.raw('backups.restore', { id: backup.id });
      expect(refused.ok ? null : refused.error.code).toBe('BUSY');
      expect(labelsIn(p.path).map(([, l]) => l)).toEqual(['favour', null, null]);
      // The app still has the project open.
      expect((await p.t.call('project.current', {}))?.path).toBe(p.path);
    } finally {
      other.close();
    }
    expect(existsSync(p.path)).toBe(true);
    await p.t.core.shutdown();
  });
});

describe('a backup killed midway', () => {
  it('is never listed, leaves the project whole, and its leftovers go when the project is opened next', async () => {
    const p = await codingProject(tmp(), 3000, QUESTION);
    await untilBackups(p.t, 1);
    await decide(p, 0, 0);
    await p.t.core.shutdown();
    const before = labelsIn(p.path);
    for (const share of [0.1, 0.5, 0.95]) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(__dirname, 'test-support/backup-then-die.ts'), p.path, String(share)],
        {
          cwd: repoRoot,
          env: childEnv(),
        },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const signal = await new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, sig) => r(sig)));
      expect(signal, stderr).toBe('SIGKILL');
    }
    // Each kill left a partial file, which no list shows; each next backup removed the one before.
    expect(readdirSync(backupFolder(p.path)).filter((n) => n.endsWith('.partial')).length).toBe(1);
    const t = makeTestCore(join(tmp(), 'again'));
    await t.call('project.open', { path: p.path });
    // Opening the project removed the partial file of the dead process at once.
    expect(readdirSync(backupFolder(p.path)).filter((n) => n.includes('.partial'))).toEqual([]);
    const list = await t.call('backups.list', {});
    expect(list.backups.map((b) => b.reason)).toEqual(['import']);
    const check = new Database(p.path, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
    expect(labelsIn(p.path)).toEqual(before);
    // The next backup removes what the dead processes left, and is itself whole.
    const made = await t.call('backups.create', {});
    expect(readdirSync(list.folder).sort()).toEqual([`${list.backups[0]!.id}.prelabel`, `${made.id}.prelabel`].sort());
    const copy = new Database(join(list.folder, `${made.id}.prelabel`), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(3000);
    copy.close();
    await t.core.shutdown();
  }, 120_000);
});

describe('a restore killed midway', () => {
  it('leaves the project as it was, and its copy beside the project goes when the project is opened next', async () => {
    const dir = tmp();
    const p = await codingProject(dir, 50, QUESTION);
    await untilBackups(p.t, 1);
    const backup = await p.t.call('backups.create', {});
    await decide(p, 0, 1);
    await p.t.core.shutdown();
    const before = labelsIn(p.path);
    const file = join(backupFolder(p.path), `${backup.id}.prelabel`);
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'test-support/restore-then-die.ts'), p.path, file], {
      cwd: repoRoot,
      env: childEnv(),
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, sig) => r(sig)));
    expect(signal, stderr).toBe('SIGKILL');
    const leftovers = () => readdirSync(dir).filter((n) => n.includes('.restore.'));
    expect(leftovers()).toHaveLength(1);
    const check = new Database(p.path, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
    expect(labelsIn(p.path)).toEqual(before);
    const t = makeTestCore(join(dir, 'again'));
    await t.call('project.open', { path: p.path });
    expect(leftovers()).toEqual([]);
    await t.core.shutdown();
  }, 60_000);
});

describe('a backup after a merge', () => {
  it('is made when the merge added decisions, and not when merging the same copy again added none', async () => {
    const dir = tmp();
    const p = await codingProject(dir, 4, QUESTION);
    await untilBackups(p.t, 1);
    const pkg = await p.t.call('project.package', { coder: 'Ben', path: join(dir, 'ben.prelabel'), documents: 'all' });
    const copy = makeTestCore(join(dir, 'copy'));
    await copy.call('project.open', { path: pkg.path });
    const q = p.codebook.questions[0]!;
    const docs = (await copy.call('documents.list', {})).rows;
    await copy.call('annotate.decide', {
      questionId: q.id,
      documentId: docs[0]!.id,
      coder: 'Ben',
      kind: 'label',
      labelIds: [q.labels[1]!.id],
    });
    await copy.core.shutdown();
    const merged = await p.t.call('project.merge', { paths: [pkg.path] });
    expect(merged.decisionsNew).toBe(1);
    const after = await untilBackups(p.t, 2);
    expect(after.backups.map((b) => b.reason)).toEqual(['merge', 'import']);
    expect((await p.t.call('project.merge', { paths: [pkg.path] })).decisionsNew).toBe(0);
    await p.t.call('project.close', {});
    await p.t.call('project.open', { path: p.path });
    expect((await p.t.call('backups.list', {})).backups).toHaveLength(2);
    await p.t.core.shutdown();
  });
});
