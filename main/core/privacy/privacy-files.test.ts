// The text of an import that failed or was killed is in no byte of the project after the next open;
// project files are readable by the owner only; a deleted project leaves no file behind.
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importAndKill } from '../test-support/child-import';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore } from '../test-support/test-core';
import { ProjectStore } from '../store/project-store';
import { countBytes, markerProject, projectByteFiles, writeBackup } from './test-support/marker-project';

const tmp = useTempDir();
const mode = (p: string) => statSync(p).mode & 0o777;
const posix = process.platform !== 'win32';

describe('the text of an import that did not finish', () => {
  it('a failed import (a repeated id at row 19,990 of 20,000, refused by default) leaves none of its 20,000 marker texts', async () => {
    const dir = tmp();
    const t = makeTestCore(dir);
    const path = join(dir, 'p.prelabel');
    await t.call('project.create', { name: 'p', path });
    const csv = join(dir, 'markers.csv');
    const rows = Array.from({ length: 20_000 }, (_, k) => `${k === 19_989 ? 5 : k},FAILMARK-${k} confidential words of row ${k}`);
    writeFileSync(csv, ['id,text', ...rows].join('\n') + '\n');
    const started = await t.call('import.start', {
      source: { kind: 'path', path: csv },
      mapping: { textColumns: ['text'], idColumn: 'id' },
    });
    const done = await t.waitForJob(started.jobId);
    expect(done.status).toBe('failed');
    // While the project is still open, and after the next open.
    expect(countBytes(projectByteFiles(path), 'FAILMARK-')).toBe(0);
    expect(countBytes(projectByteFiles(path), 'confidential words')).toBe(0);
    await t.core.shutdown();
    ProjectStore.open(path).close();
    expect(countBytes(projectByteFiles(path), 'FAILMARK-')).toBe(0);
    expect(countBytes(projectByteFiles(path), 'confidential words')).toBe(0);
  });

  it('an import killed (SIGKILL) after 10,000 of 20,000 rows leaves none of them after the next open', async () => {
    const path = await importAndKill(tmp(), 20_000, 10_000, 'reading');
    // The kill left them in the file or its WAL.
    expect(countBytes(projectByteFiles(path), 'budget and other words')).toBeGreaterThan(0);
    const store = ProjectStore.open(path);
    expect(store.db.prepare("SELECT count(*) FROM imports WHERE status = 'failed'").pluck().get()).toBe(1);
    expect(countBytes(projectByteFiles(path), 'budget and other words')).toBe(0);
    store.close();
    expect(countBytes(projectByteFiles(path), 'budget and other words')).toBe(0);
    expect(countBytes(projectByteFiles(path), 'document number')).toBe(0);
  });
});

describe.runIf(posix)('owner-only files', () => {
  it('a new project, its -wal and -shm are 0600; an existing 0644 project and its backups are tightened when it opens', async () => {
    const dir = tmp();
    const t = makeTestCore(dir);
    const path = join(dir, 'made', 'for', 'it', 'p.prelabel');
    await t.call('project.create', { name: 'p', path });
    for (const f of [path, `${path}-wal`, `${path}-shm`]) expect([f, mode(f)]).toEqual([f, 0o600]);
    for (const d of ['made', 'made/for', 'made/for/it']) expect([d, mode(join(dir, d))]).toEqual([d, 0o700]);
    await t.core.shutdown();
    for (const dirName of ['data', 'projects', 'uploads'].map((d) => join(dir, d)).filter((d) => existsSync(d)))
      expect(mode(dirName)).toBe(0o700);

    chmodSync(path, 0o644);
    const t2 = makeTestCore(dir);
    const opened = await t2.call('project.open', { path });
    expect(opened.warnings).toContain(
      'Other users of this computer could read this project’s files; Prelabel made them readable by you only.',
    );
    expect(mode(path)).toBe(0o600);
    await t2.core.shutdown();
    chmodSync(path, 0o644);
    const store = ProjectStore.open(path);
    const backup = writeBackup(store.db, path);
    store.close();
    chmodSync(backup, 0o644);
    chmodSync(`${path}.backups`, 0o755);
    ProjectStore.open(path).close();
    expect(mode(path)).toBe(0o600);
    expect(mode(backup)).toBe(0o600);
    expect(mode(`${path}.backups`)).toBe(0o700);
  });

  it('a file of the backups folder that is gone by the time it is looked at (another process removed it) does not fail the open', () => {
    // The CI failure this guards: 100 parallel `prelabel stats`, one of them making an open
    // backup; another listed its `.partial-journal`, which SQLite removed before the stat.
    // A dangling link is a name readdir lists and stat cannot find, every time.
    const dir = tmp();
    const path = join(dir, 'p.prelabel');
    ProjectStore.create(path, 'p').close();
    mkdirSync(`${path}.backups`, { mode: 0o755 });
    symlinkSync(join(dir, 'gone'), join(`${path}.backups`, '.2026-12-08T00-33-02-295Z-open.32499.partial-journal'));
    writeFileSync(join(`${path}.backups`, 'other'), '', { mode: 0o644 });
    ProjectStore.open(path).close();
    expect(mode(`${path}.backups`)).toBe(0o700);
    expect(mode(join(`${path}.backups`, 'other'))).toBe(0o600);
  });

  it('a coder package and an export are 0600', async () => {
    const p = await markerProject(tmp(), 10, 5);
    const pkg = await p.t.call('project.package', { coder: 'Ana', path: join(p.dir, 'ana'), documents: 'all' });
    expect(mode(pkg.path)).toBe(0o600);
    const started = await p.t.call('export.start', {
      format: 'csv',
      filter: 'all',
      path: join(p.dir, 'out.csv'),
      questionId: p.codebook.questions[0]!.id,
    });
    const done = await p.t.waitForJob(started.jobId);
    const files = (done.result as { files: { path: string }[] }).files.map((f) => f.path);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect([f, mode(f)]).toEqual([f, 0o600]);
    await p.t.core.shutdown();
  });
});

describe('deleting a whole project', () => {
  it('removes the file, its -wal, -shm, locks and backups once the name is typed, and forgets it', async () => {
    const p = await markerProject(tmp(), 30, 3);
    writeBackup(p.db(), p.path);
    writeFileSync(`${p.path}-import-00000000-0000-0000-0000-000000000000.lock`, '');
    const plan = await p.t.call('privacy.projectPlan', { path: p.path });
    expect(plan).toMatchObject({ name: 'markers', documents: 30 });
    expect(plan.files).toEqual(
      expect.arrayContaining([p.path, `${p.path}-wal`, `${p.path}-import-00000000-0000-0000-0000-000000000000.lock`]),
    );
    await expect(p.t.call('privacy.deleteProject', { path: p.path, confirmName: 'marker' })).rejects.toThrow(
      "Type the project's name, markers, to delete it; nothing was deleted.",
    );
    expect(existsSync(p.path)).toBe(true);
    // Not a project: refused, whatever its name.
    const other = join(p.dir, 'notes.txt');
    writeFileSync(other, 'not a project');
    await expect(p.t.call('privacy.deleteProject', { path: other, confirmName: 'notes' })).rejects.toThrow(
      'notes.txt is not a Prelabel project; nothing was deleted.',
    );
    const result = await p.t.call('privacy.deleteProject', { path: p.path, confirmName: 'markers' });
    expect(result.filesRemoved).toBe(plan.files.length);
    expect(await p.t.call('project.current', {})).toBeNull();
    expect(readdirSync(p.dir).filter((n) => n.startsWith('markers.prelabel'))).toEqual([]);
    expect((await p.t.call('projects.recent', {})).map((r) => r.path)).not.toContain(p.path);
    expect(existsSync(other)).toBe(true);
    await p.t.core.shutdown();
  });
});
