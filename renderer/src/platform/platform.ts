// What the renderer knows about the face it runs in: the typed API, and how files come in
// (uploads in the browser, paths in Electron). Set once at startup by main.tsx; the stores read it.
import type { Api } from '../api/api-client';
import type { PickedFolder } from '../api/folder-files';

export interface Uploaded {
  uploadId: string;
  name: string;
  bytes: number;
}

export interface Platform {
  api: Api;
  face: 'electron' | 'browser';
  /** Browser mode: sends a file to the loopback server and returns its upload id. */
  uploadFile?: (file: File, onProgress?: (sent: number, total: number) => void) => Promise<Uploaded>;
  /** Browser mode: sends the .txt files of a folder as one upload (api/folder-files.ts). */
  uploadFolder?: (folder: PickedFolder, onProgress?: (sent: number, total: number) => void) => Promise<Uploaded>;
  /** Electron: the path of a dropped file. */
  pathForFile?: (file: File) => string;
}

let current: Platform | null = null;

export function setPlatform(p: Platform): void {
  current = p;
}

export function platform(): Platform {
  if (!current) throw new Error('The platform is not set up yet (setPlatform runs in main.tsx).');
  return current;
}

export function api(): Api {
  return platform().api;
}
