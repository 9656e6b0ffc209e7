// The active NLI model, remembered in the app data folder's settings.json (other keys of that file
// are kept as they are). Written under its lock: see [Note: atomic settings writes].
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelInfo } from '../../../common/contract';
import { updateFile } from '../fs/atomic-write';

export interface StoredModel {
  /** The model folder. */
  path: string;
  /** What validation found, valid while onnx/model.onnx keeps this size and mtime. */
  info: ModelInfo;
  size: number;
  mtimeMs: number;
}

export function settingsFile(dataDir: string): string {
  return join(dataDir, 'settings.json');
}

function parseSettings(text: string | null): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text ?? '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function readSettings(dataDir: string): Record<string, unknown> {
  try {
    return parseSettings(readFileSync(settingsFile(dataDir), 'utf8'));
  } catch {
    return {};
  }
}

export function readStoredModel(dataDir: string): StoredModel | null {
  const m = readSettings(dataDir).nliModel as Partial<StoredModel> | undefined;
  if (!m || typeof m.path !== 'string' || typeof m.info !== 'object' || m.info === null) return null;
  if (typeof m.size !== 'number' || typeof m.mtimeMs !== 'number') return null;
  return m as StoredModel;
}

export function writeStoredModel(dataDir: string, model: StoredModel | null): void {
  updateFile(settingsFile(dataDir), (text) => {
    const settings = parseSettings(text);
    // null: no model is chosen any more (the Models screen removed the active one and none was left).
    if (model) settings.nliModel = model;
    else delete settings.nliModel;
    return JSON.stringify(settings, null, 2);
  });
}
