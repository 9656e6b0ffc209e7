import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../core/host/app-paths';
import { electronCoreConfig, sqliteBindingPath } from './core-config';

const paths = { documents: '/home/u/Documents', temp: '/tmp' };
const env = { XDG_DATA_HOME: '/home/u/.local/share', APPDATA: 'C:\\Users\\u\\AppData\\Roaming' };

describe('electronCoreConfig', () => {
  it("keeps app data in the CLI's and the server's data folder, projects in Documents/Prelabel, uploads in the temp folder", () => {
    expect(electronCoreConfig(paths, '1.2.3', undefined, env)).toEqual({
      dataDir: resolveDataDir(null, env),
      projectsDir: join('/home/u/Documents', 'Prelabel'),
      uploadsDir: join('/tmp', 'prelabel-uploads'),
      writes: { chosenBy: 'caller' },
      face: 'electron',
      version: '1.2.3',
    });
  });

  it('issue 10: the desktop app lists the same models as the CLI and the browser mode (one data folder for every face)', () => {
    // Before, the desktop app used Electron's userData (~/.config/Prelabel on Linux) and the CLI ~/.local/share/prelabel.
    expect(electronCoreConfig(paths, '1.2.3', undefined, env).dataDir).toBe(resolveDataDir(null, env));
    expect(electronCoreConfig(paths, '1.2.3', undefined, { ...env, PRELABEL_HOME: '/srv/p' }).dataDir).toBe(resolveDataDir(null, env));
  });

  it('puts everything under PRELABEL_HOME when it is set (tests never touch Documents)', () => {
    const config = electronCoreConfig(paths, '1.2.3', '/tmp/run');
    expect(config.dataDir).toBe('/tmp/run');
    expect(config.projectsDir).toBe(join('/tmp/run', 'projects'));
    expect(config.uploadsDir.startsWith('/tmp/run')).toBe(true);
  });
});

describe('sqliteBindingPath', () => {
  it('uses .native/electron in a checkout and resources/native in a packaged app', () => {
    expect(sqliteBindingPath({ isPackaged: false, appPath: '/work/main', resourcesPath: '/x' })).toBe(
      join('/work/main', '.native', 'electron', 'better_sqlite3.node'),
    );
    expect(
      sqliteBindingPath({ isPackaged: true, appPath: '/opt/Prelabel/resources/app.asar', resourcesPath: '/opt/Prelabel/resources' }),
    ).toBe(join('/opt/Prelabel/resources', 'native', 'better_sqlite3.node'));
  });
});
