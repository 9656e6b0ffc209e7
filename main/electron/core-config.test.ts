import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronCoreConfig, sqliteBindingPath } from './core-config';

const paths = { userData: '/home/u/.config/Prelabel', documents: '/home/u/Documents', temp: '/tmp' };

describe('electronCoreConfig', () => {
  it("keeps app data in userData, projects in Documents/Prelabel, uploads in the temp folder", () => {
    expect(electronCoreConfig(paths, '1.2.3')).toEqual({
      dataDir: paths.userData,
      projectsDir: join('/home/u/Documents', 'Prelabel'),
      uploadsDir: join('/tmp', 'prelabel-uploads'),
      writes: { chosenBy: 'caller' },
      face: 'electron',
      version: '1.2.3',
    });
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
    expect(sqliteBindingPath({ isPackaged: true, appPath: '/opt/Prelabel/resources/app.asar', resourcesPath: '/opt/Prelabel/resources' })).toBe(
      join('/opt/Prelabel/resources', 'native', 'better_sqlite3.node'),
    );
  });
});
