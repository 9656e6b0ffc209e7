// Where the core process keeps its files when Electron hosts it, and which SQLite binding it loads.
import { join } from 'node:path';
import { defaultDataDir } from '../core/host/app-paths';
import type { CoreConfig } from '../core/host/core-protocol';

export interface ElectronPaths {
  /** app.getPath('documents') */
  documents: string;
  /** app.getPath('temp') */
  temp: string;
}

/**
 * PRELABEL_HOME (the same variable the CLI honours) moves everything into one folder: the e2e
 * tests use it so that a run never touches the user's Documents.
 *
 * Without it, Prelabel's own files (settings, models, recent projects) go where the CLI and the
 * browser mode keep theirs ([Note: one data folder for every face] in main/core/host/app-paths.ts),
 * so every face lists the same models. On Windows and macOS that is Electron's userData folder
 * anyway; on Linux userData would be ~/.config/Prelabel, while the CLI and the server use
 * $XDG_DATA_HOME/prelabel (~/.local/share/prelabel), the XDG place for data such as models.
 */
export function electronCoreConfig(
  paths: ElectronPaths,
  version: string,
  prelabelHome?: string,
  env: NodeJS.ProcessEnv = process.env,
): CoreConfig {
  if (prelabelHome) {
    return {
      dataDir: prelabelHome,
      projectsDir: join(prelabelHome, 'projects'),
      uploadsDir: join(prelabelHome, 'uploads'),
      // The save dialog gives the path of every export: the caller chooses where files go.
      writes: { chosenBy: 'caller' },
      face: 'electron',
      version,
    };
  }
  return {
    dataDir: defaultDataDir({ ...env, PRELABEL_HOME: '' }),
    projectsDir: join(paths.documents, 'Prelabel'),
    uploadsDir: join(paths.temp, 'prelabel-uploads'),
    writes: { chosenBy: 'caller' },
    face: 'electron',
    version,
  };
}

export const SQLITE_BINDING_FILE = 'better_sqlite3.node';

/**
 * The better-sqlite3 binding built for Electron's ABI (see [Note: native modules in two
 * runtimes] in main/core/store/native-binding.ts). Unpackaged: .native/electron/ in the checkout,
 * made by scripts/electron-native.mjs. Packaged: resources/native/, put there by
 * electron-builder.yml's extraResources, outside the asar because a .node file must be on disk.
 */
export function sqliteBindingPath(options: { isPackaged: boolean; appPath: string; resourcesPath: string }): string {
  return options.isPackaged
    ? join(options.resourcesPath, 'native', SQLITE_BINDING_FILE)
    : join(options.appPath, '.native', 'electron', SQLITE_BINDING_FILE);
}
