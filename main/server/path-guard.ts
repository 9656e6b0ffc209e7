// [Note: browser-mode paths] A logged-in page must not read or write what it likes on the server's
// machine (import.preview of /etc/passwd, project.create in ~/.ssh). Every path in a contract call
// of the browser mode is checked here before the core sees it: it must lie inside a folder the
// person who started the server allowed (the data folder, the bundled models, and each
// `--allow DIR`), after symlinks are resolved (realpath of the path, or of its nearest existing
// folder for a file still to be written), and what exists must be a regular file or a folder (a
// FIFO would hang the reader, a device never ends). Path fields are found by walking each method's
// input schema (path-fields.ts): a field whose key names a path is checked without anyone listing
// it, a path field with another name is declared in DECLARED_PATHS, and a method whose schema
// cannot be walked is refused whole. Electron takes paths from the OS's dialogs and is not
// concerned; the CLI is the person's own shell.
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isMethodName, type ApiError, type MethodName } from '../../common/contract';
import { pathFieldsOf, valuesAt, type FieldPath } from './path-fields';

export type Refusal = { code: ApiError['code']; message: string };

/** The allowed folders, each resolved through its symlinks; ones that do not exist are left out. */
export function allowedFolders(folders: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of folders) {
    try {
      const real = realpathSync.native(resolve(f));
      if (statSync(real).isDirectory() && !out.includes(real)) out.push(real);
    } catch {
      // not there (yet): nothing inside it can be reached either
    }
  }
  return out;
}

/** `child` is `root` or lies below it (not merely shares a prefix: /data-evil is not in /data). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(sep));
}

/** The path with every symlink resolved: the existing part through realpath, the rest as given. */
function realPath(path: string): string {
  const rest: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(realpathSync.native(current), ...rest.reverse());
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const parent = dirname(current);
      // ENOENT: still to be written; ENOTDIR: a file in the middle, which the core refuses itself.
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current) throw err;
      rest.push(current.slice(parent.length).replace(/^[/\\]+/, ''));
      current = parent;
    }
  }
}

const listFolders = (roots: readonly string[]) => roots.join(', ');

/** Why `raw` may not be used, or null when it may. */
export function pathRefusal(raw: string, roots: readonly string[]): string | null {
  const hint = 'Start the server with --allow FOLDER to allow another folder.';
  if (raw.includes('\0')) return `The path ${JSON.stringify(raw.slice(0, 200))} holds a NUL character.`;
  // The kernel follows a symlink before `..` (/data/link/../x), path.resolve does not: both
  // readings must stay inside, whichever the core uses.
  const given = isAbsolute(raw) ? raw : `${process.cwd()}${sep}${raw}`;
  let real: string;
  let lexical: string;
  try {
    real = realPath(given);
    lexical = realPath(resolve(raw));
  } catch (err) {
    return `The path ${raw} cannot be checked (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`;
  }
  const outside = [real, lexical].find((p) => !roots.some((root) => isInside(root, p)));
  if (outside !== undefined) {
    const via = outside === resolve(raw) ? '' : ` (it leads to ${outside})`;
    return `The path ${raw}${via} is outside the folders this server may use: ${listFolders(roots) || 'none'}. ${hint}`;
  }
  const info = statSync(real, { throwIfNoEntry: false });
  if (info && !info.isFile() && !info.isDirectory()) {
    return `The path ${raw} is not a regular file or folder (a FIFO, socket or device): Prelabel reads and writes only files.`;
  }
  return null;
}

export interface PathGuard {
  readonly folders: readonly string[];
  /** A refusal for the call's first path that may not be used, or null. */
  check(method: string, input: unknown): Refusal | null;
}

export function createPathGuard(folders: readonly string[]): PathGuard {
  const roots = allowedFolders(folders);
  const fieldsByMethod = new Map<MethodName, FieldPath[] | string>();
  const fieldsOf = (method: MethodName) => {
    let known = fieldsByMethod.get(method);
    if (known === undefined) {
      const found = pathFieldsOf(method);
      known = 'fields' in found ? found.fields : found.unknown;
      fieldsByMethod.set(method, known);
    }
    return known;
  };
  return {
    folders: roots,
    check(method, input) {
      if (!isMethodName(method)) return null;
      const fields = fieldsOf(method);
      if (typeof fields === 'string') {
        return { code: 'UNSUPPORTED', message: `${method} cannot be called in the browser: its paths cannot be checked (${fields}).` };
      }
      for (const field of fields) {
        for (const value of valuesAt(input, field)) {
          if (typeof value !== 'string') continue;
          const problem = pathRefusal(value, roots);
          if (problem) return { code: 'FORBIDDEN', message: problem };
        }
      }
      return null;
    },
  };
}
