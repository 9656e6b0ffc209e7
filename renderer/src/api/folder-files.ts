// A folder the user picked (an <input webkitdirectory>) or dropped, as the files the browser-mode
// server takes in one folder upload (common/contract/routes.ts: folderUploadRoute): the .txt files
// with their paths inside the folder. Other files (images, hidden files such as .DS_Store) are left
// out here and counted, so the page can say so; the server checks every path again.
import { folderPathProblem } from '../../../common/contract';

export interface FolderFile {
  file: File;
  /** The path inside the folder, with `/` between folders. */
  path: string;
}

export interface PickedFolder {
  name: string;
  files: FolderFile[];
  /** Files that are not .txt, and so are not uploaded (hidden ones are not counted). */
  leftOut: number;
}

const hidden = (path: string) => path.split('/').some((p) => p.startsWith('.'));

function collect(name: string, entries: FolderFile[]): PickedFolder {
  const files = entries.filter((e) => folderPathProblem(e.path) === null);
  files.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
  return { name, files, leftOut: entries.filter((e) => !hidden(e.path)).length - files.length };
}

/** The files of a directory picker: each has its path from the picked folder's name on. */
export function folderFromPicker(list: ArrayLike<File>): PickedFolder | null {
  const all = Array.from(list);
  const first = all[0]?.webkitRelativePath;
  if (!first) return null;
  const name = first.split('/')[0]!;
  return collect(
    name,
    all.map((file) => ({ file, path: file.webkitRelativePath.split('/').slice(1).join('/') })),
  );
}

const readBatch = (reader: FileSystemDirectoryReader) =>
  new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
const fileOf = (entry: FileSystemFileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject));

/** A dropped folder: its entries walked (readEntries answers in batches until an empty one). */
export async function folderFromDrop(entry: FileSystemDirectoryEntry): Promise<PickedFolder> {
  const out: FolderFile[] = [];
  const walk = async (dir: FileSystemDirectoryEntry, prefix: string) => {
    const reader = dir.createReader();
    for (let batch = await readBatch(reader); batch.length > 0; batch = await readBatch(reader)) {
      for (const e of batch) {
        if (e.name.startsWith('.')) continue; // .git, .DS_Store: never part of the corpus
        const path = `${prefix}${e.name}`;
        if (e.isDirectory) await walk(e as FileSystemDirectoryEntry, `${path}/`);
        else if (e.isFile) out.push({ file: await fileOf(e as FileSystemFileEntry), path });
      }
    }
  };
  await walk(entry, '');
  return collect(entry.name, out);
}
