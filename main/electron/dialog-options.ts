// What the native open and save dialogs show for each contract purpose. Pure, so the filters and
// the file-name handling are tested without Electron.
import { basename, extname, join } from 'node:path';
import type { FileFilter, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { MethodInput } from '../../common/contract';

export type OpenPurpose = MethodInput<'dialog.openFile'>['purpose'];
export type SavePurpose = MethodInput<'dialog.saveFile'>['purpose'];

export const PROJECT_EXTENSION = 'prelabel';

/** Formats an import may come in; the importer decides what it can read and says so if not. */
export const IMPORT_EXTENSIONS = ['csv', 'tsv', 'txt', 'xlsx', 'ods', 'json', 'jsonl', 'parquet'] as const;

const projectFilter: FileFilter = { name: 'Prelabel project', extensions: [PROJECT_EXTENSION] };

export interface DialogFolders {
  /** Where projects live by default (Documents/Prelabel). */
  projectsDir: string;
  /** Where imports are looked for and exports saved by default. */
  documentsDir: string;
}

export function openDialogOptions(purpose: OpenPurpose, folders: DialogFolders): OpenDialogOptions {
  if (purpose === 'project') {
    return { title: 'Open project', defaultPath: folders.projectsDir, properties: ['openFile'], filters: [projectFilter] };
  }
  if (purpose === 'importFolder') {
    // One document per .txt file, in the folder and its subfolders (text-lines-source.ts).
    return { title: 'Import a folder of .txt files', defaultPath: folders.documentsDir, properties: ['openDirectory'] };
  }
  if (purpose === 'model') {
    // A model is a folder in the hub layout (config.json, tokenizer.json, onnx/model.onnx).
    return { title: 'Choose a model folder', defaultPath: folders.documentsDir, properties: ['openDirectory'] };
  }
  return {
    title: 'Import texts',
    defaultPath: folders.documentsDir,
    properties: ['openFile'],
    // "All files" too: researchers' exports often end in .tab, .dat or nothing at all.
    filters: [
      { name: 'Data files', extensions: [...IMPORT_EXTENSIONS] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
}

/**
 * The renderer proposes a file name, never a folder: only its base name is used, so a crafted
 * defaultName cannot point the dialog somewhere else.
 */
export function safeFileName(defaultName: string, fallback: string): string {
  const name = basename(defaultName.replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f<>:"|?*]/g, '_')
    .trim();
  return name === '' || name === '.' || name === '..' ? fallback : name;
}

export function saveDialogOptions(purpose: SavePurpose, defaultName: string, folders: DialogFolders): SaveDialogOptions {
  if (purpose === 'project') {
    const name = withExtension(safeFileName(defaultName, 'Untitled'), PROJECT_EXTENSION);
    return {
      title: 'Save project as',
      defaultPath: join(folders.projectsDir, name),
      filters: [projectFilter],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
  }
  const name = safeFileName(defaultName, 'export');
  const ext = extname(name).slice(1).toLowerCase();
  return {
    title: 'Export',
    defaultPath: join(folders.documentsDir, name),
    filters: ext ? [{ name: `${ext.toUpperCase()} file`, extensions: [ext] }] : [],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

/** Appends .ext unless the name already ends with it (Linux dialogs do not add it themselves). */
export function withExtension(path: string, ext: string): string {
  return extname(path).toLowerCase() === `.${ext}` ? path : `${path}.${ext}`;
}

/** The path a save dialog's answer stands for: projects always end in .prelabel. */
export function savedPath(purpose: SavePurpose, chosen: string): string {
  return purpose === 'project' ? withExtension(chosen, PROJECT_EXTENSION) : chosen;
}
