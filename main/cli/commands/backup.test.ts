// `prelabel backup`: a backup made on demand and listed, a restore by id that brings the decisions
// back and keeps the project as it was, settings by flags, and one-line refusals.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { decide, makeExportProject } from '../../core/export/test-support/export-project';
import { openProjectDb } from '../../core/store/project-db';
import { useTempDir } from '../../core/test-support/temp-dir';
import { run } from '../test-support/cli-project';

const tmp = useTempDir();

const decisions = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM annotations WHERE kind = 'label'").pluck().get();
  } finally {
    db.close();
  }
};

describe('prelabel backup', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('makes a backup, lists it, and restores it by id with the project kept as it was', async () => {
    const p = makeExportProject(tmp(), [
      { id: 'a', text: 'For it.' },
      { id: 'b', text: 'Against it.' },
    ]);
    decide(p, { documentId: p.docs[0]!, labels: [p.label['in favour of']!] });
    p.db.close();
    const made = await run('backup', p.path, '--json');
    expect(made.err).toBe('');
    const list = JSON.parse(made.out) as { made: { id: string }; backups: { id: string; reason: string }[]; folder: string };
    expect(list.folder).toBe(`${p.path}.backups`);
    // Opening the project for the command made the automatic one (none existed), then the manual one.
    expect(list.backups.map((b) => b.reason)).toEqual(['manual', 'open']);
    expect(list.backups[0]!.id).toBe(list.made.id);

    const db = openProjectDb(p.path);
    decide({ ...p, db }, { documentId: p.docs[1]!, labels: [p.label['against']!] });
    db.close();
    expect(decisions(p.path)).toBe(2);

    const restored = await run('backup', p.path, '--restore', list.made.id);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(
      new RegExp(`^Restored ${list.made.id} \\(manual, .+\\)\\.\\nThe project as it was before is kept as backup \\S+-restore\\.$`),
    );
    expect(decisions(p.path)).toBe(1);

    const listed = await run('backup', p.path, '--list');
    expect(listed.out.split('\n')[0]).toBe(
      `Backups in ${p.path}.backups (automatic: on open after 24 h, after imports and merges; the newest 7 kept):`,
    );
    expect(
      listed.out
        .split('\n')
        .slice(1)
        .map((l) => l.trim().split(/\s+/)[2]),
    ).toEqual(['restore', 'manual', 'open']);
  });

  it('sets how many are kept and refuses bad flags and unknown ids in one line', async () => {
    const p = makeExportProject(tmp(), [{ id: 'a', text: 'x' }]);
    p.db.close();
    const set = await run('backup', p.path, '--keep', '1', '--auto', 'off', '--json');
    const settings = JSON.parse(set.out) as { settings: unknown; made: unknown; backups: unknown[] };
    expect(settings.settings).toEqual({ auto: false, keep: 1, periodHours: 24 });
    expect(settings.made).toBeNull();
    const bad = await run('backup', p.path, '--keep', 'many');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toBe('prelabel backup: --keep takes a whole number from 1 to 100, not "many".');
    const unknown = await run('backup', p.path, '--restore', '2020-01-01T00-00-00-000Z-open');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toBe(
      'prelabel backup: This project has no backup 2020-01-01T00-00-00-000Z-open; choose one of its backups listed.',
    );
  });
});
