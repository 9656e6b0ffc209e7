// Which project file a launch asks Prelabel to open: a .prelabel file double-clicked in the file
// manager starts the app with its path on the command line (Linux, Windows; the desktop entry's
// `Exec=prelabel %U` passes it as a file:// URL), and macOS sends it in the 'open-file' event.
// Pure functions of the arguments and the file system, so they are tested without Electron.
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_EXTENSION = '.prelabel';

export interface ArgvContext {
  /** process.defaultApp: Electron was started as `electron <app path> ...` (development), so the
   * first argument that is not a switch is the app's path, not a file to open. */
  defaultApp: boolean;
  /** Where relative paths are resolved: the launching shell's working directory. */
  cwd: string;
}

/** The absolute path of an existing regular file ending in .prelabel, or null. `candidate` is a
 * path (relative to `cwd`) or a file:// URL. */
export function projectFileFromPath(candidate: string, cwd: string): string | null {
  let path = candidate;
  if (/^file:\/\//i.test(path)) {
    try {
      path = fileURLToPath(path);
    } catch {
      return null; // a file:// URL of another host, or a malformed one
    }
  }
  if (!path || !path.toLowerCase().endsWith(PROJECT_EXTENSION)) return null;
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  try {
    return statSync(absolute).isFile() ? absolute : null;
  } catch {
    return null; // missing or unreadable: nothing to open
  }
}

/**
 * The project file among a launch's arguments: argv[0] is the executable; switches (Electron's,
 * Chromium's, ours: anything starting with '-', including what Chromium adds to a second
 * instance's argv) are skipped, and so is the app path when `defaultApp`. The first argument
 * that is an existing .prelabel file wins (one window shows one project); null when there is none.
 */
export function projectFileFromArgv(argv: readonly string[], context: ArgvContext): string | null {
  let appPathSkipped = !context.defaultApp;
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    if (!appPathSkipped) {
      appPathSkipped = true;
      continue;
    }
    const file = projectFileFromPath(arg, context.cwd);
    if (file) return file;
  }
  return null;
}
