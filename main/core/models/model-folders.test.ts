import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { addModelFolder, checkModelFolder, listModelFolders, registryFile } from './model-folders';

const tmp = useTempDir();

function modelFolder(
  dir: string,
  files: Record<string, string> = { 'config.json': '{}', 'tokenizer.json': '{}', 'onnx/model.onnx': 'xxxx' },
): string {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, ...path.split('/'));
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

describe('model folders', () => {
  it('lists finished downloads, bundled and added folders with their record, size and missing files', () => {
    const data = join(tmp(), 'data');
    const downloaded = modelFolder(join(data, 'models', 'minilm'), {
      'config.json': '{}',
      'tokenizer.json': '{}',
      'onnx/model.onnx': '12345',
      'prelabel-model.json': '{}',
    });
    modelFolder(join(data, 'models', 'half'), { 'config.json': '{}', '.partial/onnx/model.onnx.part': 'abc' });
    const bundled = modelFolder(join(tmp(), 'resources', 'models', 'tiny'));
    const added = modelFolder(join(tmp(), 'usb', 'copied-model'));
    const damaged = modelFolder(join(tmp(), 'usb', 'damaged'), { 'config.json': '{}', 'tokenizer.json': '{}', 'onnx/model.onnx': 'x' });
    addModelFolder(data, added);
    addModelFolder(data, damaged);
    rmSync(join(damaged, 'onnx'), { recursive: true });
    const list = listModelFolders({ dataDir: data, bundledDirs: [join(tmp(), 'resources', 'models'), join(tmp(), 'nowhere')] });
    expect(list).toEqual([
      { id: 'minilm', path: downloaded, source: 'downloaded', hasRecord: true, sizeBytes: 2 + 2 + 5 + 2, missingFiles: [], missing: false },
      { id: 'tiny', path: bundled, source: 'bundled', hasRecord: false, sizeBytes: 8, missingFiles: [], missing: false },
      { id: 'copied-model', path: added, source: 'added', hasRecord: false, sizeBytes: 8, missingFiles: [], missing: false },
      { id: 'damaged', path: damaged, source: 'added', hasRecord: false, sizeBytes: 4, missingFiles: ['onnx/model.onnx'], missing: false },
    ]);
  });

  it('records an added folder once, by absolute path, and shows it as missing when it is gone', () => {
    const data = join(tmp(), 'data');
    const folder = modelFolder(join(tmp(), 'm'));
    expect(addModelFolder(data, folder)).toEqual({ path: folder, added: true });
    expect(addModelFolder(data, join(folder, '.'))).toEqual({ path: folder, added: false });
    const registry = JSON.parse(readFileSync(registryFile(data), 'utf8'));
    expect(registry.folders).toEqual([{ path: folder, addedAt: expect.any(String) }]);

    writeFileSync(registryFile(data), JSON.stringify({ folders: [{ path: join(tmp(), 'unplugged'), addedAt: 'x' }] }));
    expect(listModelFolders({ dataDir: data, bundledDirs: [] })).toEqual([
      { id: 'unplugged', path: join(tmp(), 'unplugged'), source: 'added', hasRecord: false, sizeBytes: 0, missingFiles: [], missing: true },
    ]);
  });

  it('names every missing file of an incomplete folder', () => {
    const folder = modelFolder(join(tmp(), 'half'), { 'config.json': '{}' });
    expect(() => checkModelFolder(folder)).toThrow(
      `${folder} is not a complete model folder: tokenizer.json, onnx/model.onnx are missing. A model folder holds config.json, tokenizer.json and onnx/model.onnx (the Hugging Face hub layout); copy the whole folder.`,
    );
    expect(() => checkModelFolder(join(tmp(), 'nope'))).toThrow(/no such folder/);
    expect(() => checkModelFolder(join(folder, 'config.json'))).toThrow(/is a file: choose the model's folder/);
  });

  it('says so when models.json is damaged instead of forgetting the folders', () => {
    const data = join(tmp(), 'data');
    mkdirSync(data, { recursive: true });
    writeFileSync(registryFile(data), '{"folders": [');
    expect(() => listModelFolders({ dataDir: data, bundledDirs: [] })).toThrow(/models\.json is damaged \(not valid JSON\)/);
  });
});
