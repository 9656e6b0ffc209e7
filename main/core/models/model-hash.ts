// SHA-256 of a model file, streamed (the real model is 428 MB) and cached in the app data folder
// by path, size and modification time, so selecting the same model again costs one stat. The
// cache is shared by parallel processes: see [Note: atomic settings writes].
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { updateFile } from '../fs/atomic-write';

interface CacheEntry {
  size: number;
  mtimeMs: number;
  sha256: string;
}

const MAX_ENTRIES = 50;

export function hashCacheFile(dataDir: string): string {
  return join(dataDir, 'model-hashes.json');
}

function parseCache(text: string | null): Record<string, CacheEntry> {
  try {
    const parsed: unknown = JSON.parse(text ?? '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, CacheEntry>) : {};
  } catch {
    return {}; // damaged: hash again
  }
}

function readCache(file: string): Record<string, CacheEntry> {
  try {
    return parseCache(readFileSync(file, 'utf8'));
  } catch {
    return {}; // missing: hash again
  }
}

export function sha256Stream(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolvePromise(hash.digest('hex')));
  });
}

/** The file's SHA-256, from the cache when its size and mtime are unchanged. */
export async function sha256Cached(path: string, dataDir: string): Promise<string> {
  const abs = resolve(path);
  const stat = statSync(abs);
  const file = hashCacheFile(dataDir);
  const hit = readCache(file)[abs];
  if (hit && hit.size === stat.size && hit.mtimeMs === stat.mtimeMs && /^[0-9a-f]{64}$/.test(hit.sha256)) return hit.sha256;
  const sha256 = await sha256Stream(abs);
  try {
    // Read again under the lock: another process may have written a hash meanwhile.
    updateFile(file, (text) => {
      const cache = parseCache(text);
      delete cache[abs];
      cache[abs] = { size: stat.size, mtimeMs: stat.mtimeMs, sha256 };
      return JSON.stringify(Object.fromEntries(Object.entries(cache).slice(-MAX_ENTRIES)), null, 2);
    });
  } catch {
    // A cache that cannot be saved costs a hash next time, nothing more.
  }
  return sha256;
}
