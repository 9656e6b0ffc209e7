// Bug 2 of issue 10: an export must never replace the open project's database, however the target
// is spelled (a symlink, a hard link, the -wal/-shm names, another letter case on a disk that folds
// case, a dataset folder), in every face: these tests go through the core's export.start, which the
// CLI, the Electron save dialog's answer and the browser mode all reach.
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppInfo, EventName, Events, JobDone, JobDoneOf } from '../../../common/contract';
import { createCore } from '../create-core';
import { openProjectDb } from '../store/project-db';
import { useTempDir } from '../test-support/temp-dir';
import { exportBaseName, runExport } from './export-job';
import { assertNotProjectFile, probeFoldsCase } from './project-guard';
import { decide, makeExportProject, STANCE } from './test-support/export-project';

const tmp = useTempDir();
const DECISIONS = 12;

/** A core with a project of 20 documents and 12 decisions, the project open as a face opens it. */
async function setup(face: AppInfo['face'] = 'cli', questionName = STANCE.name) {
  const dir = tmp();
  const events: { event: EventName; payload: unknown }[] = [];
  const c = createCore(
    {
      dataDir: join(dir, 'data'),
      projectsDir: join(dir, 'projects'),
      uploadsDir: join(dir, 'uploads'),
      face,
      // The policy each face sets (serve-args.ts for the browser mode): who chooses where exports go.
      writes: face === 'browser' ? { chosenBy: 'server', exportsDir: join(dir, 'data', 'exports') } : { chosenBy: 'caller' },
      version: 'test',
    },
    <E extends EventName>(event: E, payload: Events[E]) => events.push({ event, payload }),
  );
  const folder = join(dir, 'work');
  mkdirSync(folder);
  const p = makeExportProject(
    folder,
    Array.from({ length: 20 }, (_, i) => ({ id: `doc-${i}`, text: `text ${i}` })),
    { ...STANCE, name: questionName },
  );
  for (const id of p.docs.slice(0, DECISIONS)) decide(p, { documentId: id, labels: [p.label['against']!] });
  p.db.close();
  const call = async (method: string, input: unknown) => {
    const r = await c.dispatch(method, input);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as never;
  };
  await call('project.open', { path: p.path });
  const done = async (jobId: string): Promise<JobDoneOf<'export'>> => {
    for (;;) {
      const e = events.find((x) => x.event === 'job:done' && (x.payload as JobDone).jobId === jobId);
      if (e) return e.payload as JobDoneOf<'export'>;
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  /** Starts an export and waits for its end; a refusal at the start is thrown. */
  const exportTo = async (path: string, format = 'csv') => {
    const { jobId } = await call('export.start', { questionId: p.question.id, format, path });
    return done(jobId);
  };
  /** The project opens after the core let it go, and holds every decision. */
  const intact = async () => {
    await c.shutdown();
    expect(readFileSync(p.path).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    const db = openProjectDb(p.path);
    try {
      expect(db.prepare("SELECT count(*) FROM annotations WHERE kind = 'label'").pluck().get()).toBe(DECISIONS);
    } finally {
      db.close();
    }
  };
  return { c, p, dir, folder, call, done, exportTo, intact };
}

const refusal = /is this project's database file.*choose another name/;

describe("bug 2: an export never replaces the project's database", () => {
  it('refuses a path through a symlinked folder that names the project file', async () => {
    const s = await setup();
    const linked = join(s.dir, 'linked');
    symlinkSync(s.folder, linked, 'dir');
    await expect(s.exportTo(join(linked, basename(s.p.path)))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(refusal),
    });
    await s.intact();
  });

  it("Electron: the save dialog's answer goes to export.start and meets the same check, whose message the Export screen shows", async () => {
    // [Note: dialog answer] Electron main cannot know the open project; the renderer passes the
    // dialog's path to export.start (export-store.ts) and shows a refusal as the screen's error.
    const s = await setup('electron');
    const linked = join(s.dir, 'linked');
    symlinkSync(s.folder, linked, 'dir');
    const chosen = join(linked, basename(s.p.path));
    await expect(s.exportTo(chosen)).rejects.toThrow(`${chosen} is this project's database file; choose another name for the export.`);
    await s.intact();
  });

  it('refuses a symlink to the project file', async () => {
    const s = await setup();
    const alias = join(s.dir, 'alias.csv');
    symlinkSync(s.p.path, alias);
    await expect(s.exportTo(alias)).rejects.toThrow(refusal);
    await s.intact();
  });

  it('refuses a hard link to the project file', async () => {
    const s = await setup();
    const hard = join(s.dir, 'hard.csv');
    linkSync(s.p.path, hard);
    await expect(s.exportTo(hard)).rejects.toThrow(refusal);
    await s.intact();
  });

  it('refuses the -wal, -shm and -journal names, also through a symlinked folder and for a dataset folder', async () => {
    const s = await setup();
    expect(existsSync(`${s.p.path}-wal`)).toBe(true); // the core holds the project open in WAL mode
    const linked = join(s.dir, 'linked');
    symlinkSync(s.folder, linked, 'dir');
    for (const suffix of ['-wal', '-shm', '-journal']) {
      await expect(s.exportTo(`${s.p.path}${suffix}`)).rejects.toThrow(refusal);
      await expect(s.exportTo(join(linked, `${basename(s.p.path)}${suffix}`))).rejects.toThrow(refusal);
    }
    await expect(s.exportTo(`${s.p.path}-journal`, 'hf')).rejects.toThrow(refusal);
    expect(existsSync(`${s.p.path}-journal`)).toBe(false);
    await s.intact();
  });

  it('refuses a dataset folder that is the project file or holds the project', async () => {
    const s = await setup();
    await expect(s.exportTo(s.p.path, 'hf')).rejects.toThrow(refusal);
    const linked = join(s.dir, 'linked');
    symlinkSync(s.folder, linked, 'dir');
    await expect(s.exportTo(linked, 'hf')).rejects.toThrow(/holds this project's database file/);
    await expect(s.exportTo(s.dir, 'hf')).rejects.toThrow(/holds this project's database file/);
    await s.intact();
  });

  it('checks again just before the rename: a folder link pointed at the project during the export is refused', async () => {
    const s = await setup();
    const elsewhere = join(s.dir, 'elsewhere');
    mkdirSync(elsewhere);
    const link = join(s.dir, 'link');
    symlinkSync(elsewhere, link, 'dir');
    let swapped = false;
    const job = runExport({
      projectPath: s.p.path,
      exportId: '00000000-0000-4000-8000-000000000002',
      questionId: s.p.question.id,
      format: 'csv',
      filter: 'all',
      seed: 1,
      testFraction: 0.2,
      target: { kind: 'file', path: join(link, basename(s.p.path)) },
      appVersion: 'test',
      signal: new AbortController().signal,
      chunkSize: 5,
      onProgress: () => {
        if (swapped) return;
        swapped = true;
        unlinkSync(link);
        symlinkSync(s.folder, link, 'dir');
      },
    });
    await expect(job).rejects.toThrow(refusal);
    expect(swapped).toBe(true);
    expect(readdirSync(s.folder).filter((n) => !n.startsWith(basename(s.p.path)))).toEqual([]);
    await s.intact();
  });

  it('refuses files that belong to the project (a backup or lock beside it), not other names', async () => {
    const s = await setup();
    for (const name of [`${basename(s.p.path)}.bak`, `${basename(s.p.path)}-backup-1`, `${basename(s.p.path)}~`]) {
      expect(() => assertNotProjectFile(join(s.folder, name), s.p.path)).toThrow(
        /is this project's database file \(a file that belongs to it\)/,
      );
    }
    expect(() => assertNotProjectFile(join(s.folder, `${basename(s.p.path, '.prelabel')}.csv`), s.p.path)).not.toThrow();
    await s.intact();
  });

  it('still writes next to the project under any other name, and the project keeps every decision', async () => {
    const s = await setup();
    const end = await s.exportTo(join(s.folder, 'stance.csv'));
    expect(end.status).toBe('done');
    expect(
      readdirSync(s.folder)
        .filter((n) => !n.startsWith(basename(s.p.path)))
        .sort(),
    ).toEqual(['stance.csv', 'stance.csv.manifest.json']);
    await s.intact();
  });

  it('browser mode: a question named like a path to the project writes only into its own export folder', async () => {
    const s = await setup('browser', '../../work/x');
    const projectName = basename(s.p.path);
    const { jobId } = await s.call('export.start', { questionId: s.p.question.id, format: 'csv' });
    const end = await s.done(jobId);
    expect(end.status).toBe('done');
    // The name is cut down to one file name inside exports/<id>; nothing lands beside the project.
    const folder = join(s.dir, 'data', 'exports', end.result!.exportId);
    expect(readdirSync(folder).sort()).toEqual([`${exportBaseName(s.p.question.name, 'csv')}.csv`, 'manifest.json'].sort());
    expect(readdirSync(s.folder).filter((n) => !n.startsWith(projectName))).toEqual([]);
    await s.intact();
  });
});

describe('bug 2: another letter case on a disk that folds case', () => {
  // [Note: case-fold test] The test machines' disks are case-sensitive, where P.PRELABEL is another
  // file than p.prelabel and may be written. A case-folding disk (macOS, Windows) is simulated by
  // injecting the probe's answer; the probe itself is checked against this disk below.
  it('with a folding disk (probe answer injected), another spelling of the project or its -wal is refused', async () => {
    const s = await setup();
    const upper = join(s.folder, basename(s.p.path).toUpperCase());
    const mixed = join(s.folder, `${basename(s.p.path, '.prelabel')}.PreLabel-WAL`);
    expect(() => assertNotProjectFile(upper, s.p.path, { foldsCase: true })).toThrow(refusal);
    expect(() => assertNotProjectFile(mixed, s.p.path, { foldsCase: true })).toThrow(refusal);
    // On a case-sensitive disk these are other files, and an export may write them.
    expect(() => assertNotProjectFile(upper, s.p.path, { foldsCase: false })).not.toThrow();
    await s.intact();
  });

  it('the probe tells whether the project folder folds case by comparing the file under its flipped name', () => {
    const dir = tmp();
    const file = join(dir, 'Case-Probe.prelabel');
    writeFileSync(file, 'x');
    const flipped = join(dir, 'cASE-pROBE.PRELABEL');
    expect(probeFoldsCase(file)).toBe(existsSync(flipped));
    writeFileSync(join(dirname(file), '123'), 'x');
    // A name without letters is probed through its folder's name.
    expect(probeFoldsCase(join(dir, '123'))).toBe(probeFoldsCase(file));
  });
});
