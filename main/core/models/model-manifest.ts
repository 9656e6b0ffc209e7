// What Prelabel downloads for its default model: one hub repository at one pinned commit, and for
// each file the size and SHA-256 that the download must reproduce before the file is used.
//
// [Note: where the pins come from] The hub was not reachable when this was written, so every value
// below was taken from public sources and cross-checked:
// - revision 0a71e92a...: the head of `main` on the hub's tree page ("Adding ONNX file of this model
//   (#2)", huggingface.co/MoritzLaurer/multilingual-MiniLMv2-L6-mnli-xnli/commit/0a71e92a...), also
//   pinned by several independent projects.
// - onnx/model.onnx: SHA-256 79f8cda2... (the LFS oid), the same in the pins of several unrelated
//   projects; its size, 428,127,016 bytes, from one of them (the hub page says 428 MB).
// - tokenizer.json: SHA-256 098c131b... (LFS oid) in two unrelated projects; its exact size was in
//   no source (the hub page says 17.1 MB), so `size` is null and the SHA-256 alone decides.
// - config.json, tokenizer_config.json, special_tokens_map.json: the hub pages show their full
//   text; rebuilt byte for byte (json.dumps indent 2, sorted keys, final newline) they give the
//   hub page sizes (1,032 / 565 / 280 bytes), the git blob ids another project pins (sha1:43a6b699,
//   9aae6d8f, d5698132) and the SHA-256s a third project pins. Three sources agree on each.
// A file whose sha256 is null may only be an LFS file: the hub then names its SHA-256 in the
// X-Linked-ETag header, and the download refuses to go on without it.

import { readFileSync } from 'node:fs';
import { PrelabelError } from '../../../common/contract';

export const HUB_BASE_URL = 'https://huggingface.co';
/** Written last into a downloaded model folder: its presence means "complete and verified". */
export const MODEL_RECORD_FILE = 'prelabel-model.json';
/** Unfinished downloads live here inside the model folder, as <file>.part. */
export const PARTIAL_DIR = '.partial';

export interface ModelFileSpec {
  /** Path inside the repository and inside the model folder, with forward slashes. */
  path: string;
  /** Exact size in bytes, or null where no source gave it (the SHA-256 then decides alone). */
  size: number | null;
  /** Size for the consent question and progress before the server answers. */
  approxSize: number;
  /** Lower-case hex SHA-256 of the content, or null when unknown (see the note above). */
  sha256: string | null;
  /** Stored in Git LFS on the hub: the hub's X-Linked-ETag is then the SHA-256 of the content. */
  lfs: boolean;
}

export interface ModelManifest {
  /** The folder name under the app data's models folder. */
  id: string;
  /** owner/name on the hub. */
  repo: string;
  /** A full commit id, never a branch: the same URL always gives the same bytes. */
  revision: string;
  files: ModelFileSpec[];
}

export const DEFAULT_MODEL_MANIFEST: ModelManifest = {
  id: 'multilingual-MiniLMv2-L6-mnli-xnli',
  repo: 'MoritzLaurer/multilingual-MiniLMv2-L6-mnli-xnli',
  revision: '0a71e92a985b6e1ad1828cf67ce9c459639c1dca',
  files: [
    {
      path: 'config.json',
      size: 1032,
      approxSize: 1032,
      sha256: '79862295be1538a947e0f56d495ef8d658c3eaebcfb42c7ad96229d195ca745d',
      lfs: false,
    },
    {
      path: 'tokenizer_config.json',
      size: 565,
      approxSize: 565,
      sha256: '86139ce1f39e814bcdb99a6fe30c0c4983911508aad07417e616d994fb74eb25',
      lfs: false,
    },
    {
      path: 'special_tokens_map.json',
      size: 280,
      approxSize: 280,
      sha256: '06e405a36dfe4b9604f484f6a1e619af1a7f7d09e34a8555eb0b77b66318067f',
      lfs: false,
    },
    {
      path: 'tokenizer.json',
      size: null,
      approxSize: 17_100_000,
      sha256: '098c131bb4423163db239755e309facaa6850059f850f9f3d88a78344a4b631c',
      lfs: true,
    },
    {
      path: 'onnx/model.onnx',
      size: 428_127_016,
      approxSize: 428_127_016,
      sha256: '79f8cda2b1230585a95ea0514a6f1bd21c5c986ba0529bb3261213a3e195fa6e',
      lfs: true,
    },
  ],
};

const SHA256 = /^[0-9a-f]{64}$/;
const COMMIT = /^[0-9a-f]{40}$/;

/** Checks a manifest before any byte is fetched: a bad one is a programming error, said plainly. */
export function checkManifest(manifest: ModelManifest): void {
  const problems: string[] = [];
  if (!/^[\w.-]+\/[\w.-]+$/.test(manifest.repo)) problems.push(`repo "${manifest.repo}" is not owner/name`);
  if (!COMMIT.test(manifest.revision)) problems.push(`revision "${manifest.revision}" is not a full commit id`);
  if (!/^[\w.-]+$/.test(manifest.id) || manifest.id.startsWith('.')) problems.push(`id "${manifest.id}" is not a plain folder name`);
  if (manifest.files.length === 0) problems.push('no files');
  const seen = new Set<string>();
  for (const f of manifest.files) {
    const parts = f.path.split('/');
    if (f.path.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..') || f.path.includes('\\')) {
      problems.push(`file path "${f.path}" is not a plain relative path`);
    }
    if (seen.has(f.path)) problems.push(`file "${f.path}" is listed twice`);
    seen.add(f.path);
    if (f.sha256 !== null && !SHA256.test(f.sha256)) problems.push(`${f.path}: sha256 is not 64 lower-case hex digits`);
    if (f.sha256 === null && !f.lfs)
      problems.push(`${f.path}: a file without a pinned sha256 must be an LFS file, whose SHA-256 the hub states`);
    if (f.size !== null && (!Number.isSafeInteger(f.size) || f.size < 0)) problems.push(`${f.path}: size is not a byte count`);
  }
  if (problems.length) throw new Error(`Invalid model manifest ${manifest.repo}: ${problems.join('; ')}.`);
}

/** The manifest to download: DEFAULT_MODEL_MANIFEST, or the JSON file named by
 * PRELABEL_MODEL_MANIFEST (the e2e and CLI tests use it for a tiny model on a local server). */
export function resolveManifest(env: NodeJS.ProcessEnv = process.env): ModelManifest {
  const file = env.PRELABEL_MODEL_MANIFEST?.trim();
  if (!file) return DEFAULT_MODEL_MANIFEST;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PrelabelError('BAD_FILE', `PRELABEL_MODEL_MANIFEST: cannot read ${file} as JSON (${(err as Error).message}).`);
  }
  return parseManifest(raw, file);
}

export function parseManifest(raw: unknown, source: string): ModelManifest {
  const bad = (what: string) => new PrelabelError('BAD_FILE', `${source}: ${what}.`);
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!obj(raw)) throw bad('a model manifest is a JSON object');
  const { id, repo, revision, files } = raw;
  if (typeof id !== 'string' || typeof repo !== 'string' || typeof revision !== 'string')
    throw bad('id, repo and revision must be strings');
  if (!Array.isArray(files)) throw bad('files must be a list');
  const manifest: ModelManifest = {
    id,
    repo,
    revision,
    files: files.map((f, i) => {
      if (!obj(f) || typeof f.path !== 'string') throw bad(`files[${i}] needs a path`);
      const size = f.size === null || f.size === undefined ? null : f.size;
      const sha256 = f.sha256 === null || f.sha256 === undefined ? null : f.sha256;
      if (size !== null && typeof size !== 'number') throw bad(`files[${i}].size must be a number or null`);
      if (sha256 !== null && typeof sha256 !== 'string') throw bad(`files[${i}].sha256 must be a string or null`);
      const approx = typeof f.approxSize === 'number' ? f.approxSize : (size ?? 0);
      return { path: f.path, size, approxSize: approx, sha256, lfs: f.lfs === true };
    }),
  };
  try {
    checkManifest(manifest);
  } catch (err) {
    throw bad((err as Error).message.replace(/\.$/, ''));
  }
  return manifest;
}

/** The hub to download from: PRELABEL_HUB_URL (a mirror, or the tests' local server) or the hub. */
export function hubBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.PRELABEL_HUB_URL?.trim() || HUB_BASE_URL).replace(/\/+$/, '');
}

/** `${base}/${repo}/resolve/${revision}/${path}`, each path segment escaped. */
export function fileUrl(base: string, manifest: ModelManifest, path: string): string {
  const escaped = path.split('/').map(encodeURIComponent).join('/');
  return `${base.replace(/\/+$/, '')}/${manifest.repo}/resolve/${manifest.revision}/${escaped}`;
}

/** Bytes the whole model takes, exact where known, else the approximate size. */
export function manifestBytes(manifest: ModelManifest): number {
  return manifest.files.reduce((sum, f) => sum + (f.size ?? f.approxSize), 0);
}
