import { describe, expect, it } from 'vitest';
import { checkManifest, DEFAULT_MODEL_MANIFEST, fileUrl, hubBaseUrl, manifestBytes, type ModelManifest } from './model-manifest';

describe('the default model manifest', () => {
  it('pins a commit and every file the engine needs, each with a SHA-256', () => {
    expect(() => checkManifest(DEFAULT_MODEL_MANIFEST)).not.toThrow();
    expect(DEFAULT_MODEL_MANIFEST.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(DEFAULT_MODEL_MANIFEST.files.map((f) => f.path).sort()).toEqual(
      ['config.json', 'onnx/model.onnx', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json'].sort(),
    );
    for (const f of DEFAULT_MODEL_MANIFEST.files) expect(f.sha256, f.path).toMatch(/^[0-9a-f]{64}$/);
    // About 445 MB, most of it the fp32 ONNX file.
    expect(Math.round(manifestBytes(DEFAULT_MODEL_MANIFEST) / 1e6)).toBe(445);
  });

  it('builds resolve URLs on the hub, or on PRELABEL_HUB_URL', () => {
    expect(fileUrl(hubBaseUrl({}), DEFAULT_MODEL_MANIFEST, 'onnx/model.onnx')).toBe(
      'https://huggingface.co/MoritzLaurer/multilingual-MiniLMv2-L6-mnli-xnli/resolve/0a71e92a985b6e1ad1828cf67ce9c459639c1dca/onnx/model.onnx',
    );
    expect(hubBaseUrl({ PRELABEL_HUB_URL: 'http://127.0.0.1:8080/' })).toBe('http://127.0.0.1:8080');
    expect(fileUrl('http://m', DEFAULT_MODEL_MANIFEST, 'a b/c#d')).toMatch(/\/resolve\/[0-9a-f]{40}\/a%20b\/c%23d$/);
  });

  it('rejects manifests that could write outside the folder or cannot be verified', () => {
    const bad = (patch: Partial<ModelManifest['files'][number]>): ModelManifest => ({
      ...DEFAULT_MODEL_MANIFEST,
      files: [{ path: 'x.json', size: 1, approxSize: 1, sha256: 'a'.repeat(64), lfs: false, ...patch }],
    });
    expect(() => checkManifest(bad({ path: '../x.json' }))).toThrow(/not a plain relative path/);
    expect(() => checkManifest(bad({ path: '/etc/x' }))).toThrow(/not a plain relative path/);
    expect(() => checkManifest(bad({ sha256: null }))).toThrow(/must be an LFS file/);
    expect(() => checkManifest(bad({ sha256: null, lfs: true }))).not.toThrow();
    expect(() => checkManifest({ ...DEFAULT_MODEL_MANIFEST, revision: 'main' })).toThrow(/not a full commit id/);
  });
});
