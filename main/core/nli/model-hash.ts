// SHA-256 of a model file, streamed (the real model is 428 MB) and cached in the app data folder
// by path, size and modification time, so selecting the same model again costs one stat.
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

interface CacheEntry {
  size: number;
  mtimeMs: number;
  sha256: string;
}

const MAX_ENTRIES = 50;

export function hashCacheFile(dataDir: string): string {
  return join(dataDir, 'model-hashes.json');
}

function readCache(file: string): Record<string, CacheEntry> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, CacheEntry>) : {};
  } catch {
    return {}; // missing or damaged: hash again
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
  // Read again: another hash may have been written meanwhile.
  const cache = readCache(file);
  delete cache[abs];
  cache[abs] = { size: stat.size, mtimeMs: stat.mtimeMs, sha256 };
  const kept = Object.fromEntries(Object.entries(cache).slice(-MAX_ENTRIES));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(kept, null, 2));
  renameSync(`${file}.tmp`, file);
  return sha256;
}
