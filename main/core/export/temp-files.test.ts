// [Note: temporary files carry their owner]: the names, and which of them a new export removes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { FileSink, removeDeadTemporaries, temporaryPath } from './file-sink';

const tmp = useTempDir();
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('temporary files of an export', () => {
  it('are hidden, named by this process and the final name (cut to 80 characters)', () => {
    const dir = tmp();
    const name = basename(temporaryPath(join(dir, 'Stance.csv')));
    expect(name).toMatch(new RegExp(`^\\.prelabel-tmp-${process.pid}-[0-9a-f]{12}-Stance\\.csv$`));
    const long = basename(temporaryPath(join(dir, `${'ä'.repeat(200)}.csv`)));
    expect(long.endsWith(`[0-9a-f]-${'ä'.repeat(80)}`.slice(8))).toBe(true);
    expect(long).not.toContain('ä'.repeat(81));
    const sink = new FileSink(join(dir, 'out.csv'));
    sink.write('text');
    sink.close();
    expect(readdirSync(dir)).toEqual([basename(sink.tempPath)]);
    sink.commit();
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('removes only those whose process is gone (files and folders), and owner-less old ones after an hour', () => {
    const dir = tmp();
    const dead = deadPid();
    const names = {
      deadFile: `.prelabel-tmp-${dead}-0123456789ab-all.csv`,
      deadFolder: `.prelabel-tmp-${dead}-0123456789ab-export`,
      live: `.prelabel-tmp-${process.pid}-0123456789ab-all.csv`,
      legacyOld: '.all.csv.0123456789ab.prelabel-tmp',
      legacyNew: '.b.csv.0123456789ab.prelabel-tmp',
      user: 'all.csv',
      lookalike: '.prelabel-tmp-notapid-all.csv',
    };
    for (const [key, name] of Object.entries(names)) {
      if (key === 'deadFolder') {
        mkdirSync(join(dir, name));
        writeFileSync(join(dir, name, 'data.csv'), 'full texts');
      } else writeFileSync(join(dir, name), 'full texts');
    }
    const twoHoursAgo = (Date.now() - 2 * 3600_000) / 1000;
    utimesSync(join(dir, names.legacyOld), twoHoursAgo, twoHoursAgo);
    expect(removeDeadTemporaries(dir).sort()).toEqual([names.deadFile, names.deadFolder, names.legacyOld].sort());
    expect(readdirSync(dir).sort()).toEqual([names.live, names.legacyNew, names.user, names.lookalike].sort());
    expect(removeDeadTemporaries(join(dir, 'missing'))).toEqual([]);
  });
});
