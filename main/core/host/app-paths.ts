// Where Prelabel keeps its own files (recent projects, settings, models; the browser mode's projects,
// uploads and exports) when no face says otherwise.
//
// [Note: one data folder for every face] The CLI and the browser-mode server pick their data folder
// the same way: --data-dir DIR, else the PRELABEL_HOME environment variable, else the OS's app data
// folder below. So `prelabel models list --data-dir X` and `npm run serve -- --data-dir X` (or
// PRELABEL_HOME=X for both) see the same models and recent projects. (PRELABEL_DATA_DIR is another
// thing: the test corpora's folder.)
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The OS's app data folder for Prelabel, or PRELABEL_HOME when it is set; always absolute. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.PRELABEL_HOME?.trim();
  if (home) return resolve(home);
  const user = homedir();
  if (process.platform === 'win32') return join(env.APPDATA ?? join(user, 'AppData', 'Roaming'), 'Prelabel');
  if (process.platform === 'darwin') return join(user, 'Library', 'Application Support', 'Prelabel');
  return join(env.XDG_DATA_HOME ?? join(user, '.local', 'share'), 'prelabel');
}

/** The data folder a face uses: its --data-dir flag, else PRELABEL_HOME, else the OS default. */
export function resolveDataDir(flag: string | null | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag?.trim() ? resolve(flag) : defaultDataDir(env);
}

export function defaultProjectsDir(dataDir: string): string {
  return join(dataDir, 'projects');
}

export function defaultUploadsDir(): string {
  return join(tmpdir(), `prelabel-uploads-${process.getuid?.() ?? 'user'}`);
}
