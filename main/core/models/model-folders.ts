// Where model folders are: downloaded ones under <dataDir>/models/, bundled ones in
// resources/models/ next to the app, and folders the user added (recorded in <dataDir>/models.json,
// never copied: a model is 400+ MB). Only presence is checked here; the model loader validates
// the contents when a model is selected. A folder under <dataDir>/models/ is a model only once its
// download finished and was verified (prelabel-model.json); anything else there is an unfinished
// download (see [Note: download staging] in download-staging.ts), never listed as a model.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PrelabelError, type ModelFolder, type UnfinishedDownload } from '../../../common/contract';
import { writeFileAtomic } from '../fs/atomic-write';
import { stagedBytes } from './download-staging';
import { folderBytes } from './folder-bytes';
import { MODEL_RECORD_FILE, PARTIAL_DIR } from './model-manifest';

// The contract's shapes (models.folders returns them as they are).
export type ModelFolderInfo = ModelFolder;
export type ModelFolderSource = ModelFolder['source'];
export type { UnfinishedDownload };

export const REQUIRED_MODEL_FILES = ['config.json', 'tokenizer.json', 'onnx/model.onnx'];

export function modelsDir(dataDir: string): string {
  return join(dataDir, 'models');
}

export function registryFile(dataDir: string): string {
  return join(dataDir, 'models.json');
}

/** resources/models next to the app: the packaged app's resources folder, and in a checkout the
 * repository's resources/ (found by walking up from this file to package.json). */
export function bundledModelsDirs(): string[] {
  const dirs: string[] = [];
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) dirs.push(join(resourcesPath, 'models'));
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) {
      dirs.push(join(dir, 'resources', 'models'));
      break;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return [...new Set(dirs)];
}

interface Registry {
  folders: { path: string; addedAt: string }[];
}

export function readRegistry(dataDir: string): Registry {
  const file = registryFile(dataDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { folders: [] };
  }
  try {
    const parsed = JSON.parse(text) as { folders?: unknown };
    const folders = Array.isArray(parsed.folders) ? parsed.folders : [];
    return {
      folders: folders.filter(
        (f): f is Registry['folders'][number] => typeof f === 'object' && f !== null && typeof (f as { path?: unknown }).path === 'string',
      ),
    };
  } catch {
    throw new PrelabelError(
      'BAD_FILE',
      `${file} is damaged (not valid JSON). Delete it to forget the added model folders, then add them again.`,
    );
  }
}

function writeRegistry(dataDir: string, registry: Registry): void {
  // A name of its own for the temporary file, so parallel processes never rename each other's away.
  writeFileAtomic(registryFile(dataDir), `${JSON.stringify(registry, null, 2)}\n`);
}

/** Throws a message naming every missing file when `dir` is not a model folder in the hub layout. */
export function checkModelFolder(dir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new PrelabelError('NOT_FOUND', `${dir}: no such folder. Choose the model's folder, the one that holds config.json.`);
  }
  if (!isDir)
    throw new PrelabelError(
      'BAD_FILE',
      `${dir} is a file: choose the model's folder, the one that holds config.json, tokenizer.json and onnx/model.onnx.`,
    );
  const missing = REQUIRED_MODEL_FILES.filter((f) => !existsSync(join(dir, ...f.split('/'))));
  if (missing.length) {
    throw new PrelabelError(
      'BAD_FILE',
      `${dir} is not a complete model folder: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. A model folder holds config.json, tokenizer.json and onnx/model.onnx (the Hugging Face hub layout); copy the whole folder.`,
    );
  }
}

/** Records a model folder the user chose. Returns false when it was already recorded. */
export function addModelFolder(dataDir: string, dir: string): { path: string; added: boolean } {
  const path = resolve(dir);
  checkModelFolder(path);
  const registry = readRegistry(dataDir);
  if (registry.folders.some((f) => resolve(f.path) === path)) return { path, added: false };
  registry.folders.push({ path, addedAt: new Date().toISOString() });
  writeRegistry(dataDir, registry);
  return { path, added: true };
}

/** Forgets a folder the user added: it leaves the list, and its files stay where they are. */
export function forgetModelFolder(dataDir: string, dir: string): boolean {
  const path = resolve(dir);
  const registry = readRegistry(dataDir);
  const folders = registry.folders.filter((f) => resolve(f.path) !== path);
  if (folders.length === registry.folders.length) return false;
  writeRegistry(dataDir, { folders });
  return true;
}

function missingFilesOf(dir: string): string[] {
  return REQUIRED_MODEL_FILES.filter((f) => !existsSync(join(dir, ...f.split('/'))));
}

function describe(path: string, source: ModelFolderSource, id = basename(path)): ModelFolderInfo {
  const missing = !existsSync(path);
  return {
    id,
    path,
    source,
    hasRecord: !missing && existsSync(join(path, MODEL_RECORD_FILE)),
    sizeBytes: missing ? 0 : folderBytes(path, [PARTIAL_DIR]),
    missingFiles: missing ? [] : missingFilesOf(path),
    missing,
  };
}

function subfolders(parent: string): string[] {
  try {
    return readdirSync(parent, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => join(parent, e.name))
      .sort();
  } catch {
    return [];
  }
}

/** The models on this machine: finished downloads, bundled models and added folders. */
export function listModelFolders(options: { dataDir: string; bundledDirs?: string[] }): ModelFolderInfo[] {
  const seen = new Set<string>();
  const out: ModelFolderInfo[] = [];
  const push = (info: ModelFolderInfo) => {
    if (seen.has(info.path)) return;
    seen.add(info.path);
    out.push(info);
  };
  for (const dir of subfolders(modelsDir(options.dataDir))) if (existsSync(join(dir, MODEL_RECORD_FILE))) push(describe(dir, 'downloaded'));
  for (const parent of options.bundledDirs ?? bundledModelsDirs()) for (const dir of subfolders(parent)) push(describe(dir, 'bundled'));
  for (const f of readRegistry(options.dataDir).folders) push(describe(resolve(f.path), 'added'));
  return out;
}

/** Downloads under <dataDir>/models/ that have not finished: staged ones, and folders without
 * prelabel-model.json (an older version's unfinished download, or a folder put there by hand). */
export function listUnfinishedDownloads(dataDir: string): UnfinishedDownload[] {
  const root = modelsDir(dataDir);
  const paths = new Set<string>();
  for (const dir of subfolders(join(root, PARTIAL_DIR))) paths.add(join(root, basename(dir)));
  for (const dir of subfolders(root)) if (!existsSync(join(dir, MODEL_RECORD_FILE))) paths.add(dir);
  return [...paths].sort().map((path) => ({
    id: basename(path),
    path,
    bytes: stagedBytes(path) + (existsSync(join(path, MODEL_RECORD_FILE)) ? 0 : folderBytes(path, [PARTIAL_DIR])),
  }));
}
