// Where Prelabel keeps its own files (recent projects, settings, models) when no face says otherwise.
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(): string {
  if (process.env.PRELABEL_HOME) return process.env.PRELABEL_HOME;
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Prelabel');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Prelabel');
  return join(process.env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'prelabel');
}

export function defaultProjectsDir(dataDir: string): string {
  return join(dataDir, 'projects');
}

export function defaultUploadsDir(): string {
  return join(tmpdir(), `prelabel-uploads-${process.getuid?.() ?? 'user'}`);
}
