// Issue 10 (papercut): the Models screen could not remove a model. models.remove through the
// contract, with the generated tiny model: an added folder is forgotten and its files kept, a
// downloaded copy in the app data folder is deleted, the bundled model is refused, and removing the
// active model makes another usable one active, or none.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_RECORD_FILE } from '../models/model-manifest';
import { loadFixtures, makeTinyModel, type TinyModel } from '../nli/test-support/tiny-model';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore, type TestCore } from '../test-support/test-core';

const tmp = useTempDir();
let tiny: TinyModel;
let core: TestCore | null = null;
const proc = process as { resourcesPath?: string };
const savedResources = proc.resourcesPath;

beforeAll(() => {
  tiny = makeTinyModel(loadFixtures());
});
afterAll(() => tiny.cleanup());
afterEach(async () => {
  await core?.core.shutdown();
  core = null;
  proc.resourcesPath = savedResources;
});

function copyOfTiny(dir: string, record = false): string {
  cpSync(tiny.dir, dir, { recursive: true });
  if (record) writeFileSync(join(dir, MODEL_RECORD_FILE), '{}\n');
  return dir;
}

async function failureOf(t: TestCore, path: string) {
  const r = await t.raw('models.remove', { path });
  expect(r.ok).toBe(false);
  return r.ok ? null : r.error;
}

const activePath = async (t: TestCore) => (await t.call('model.current', {}))?.path ?? null;

describe('issue 10: the Models screen removes a model', () => {
  it('forgets an added folder and keeps its files where they are', async () => {
    core = makeTestCore(tmp());
    const a = copyOfTiny(join(tmp(), 'usb', 'a'));
    const b = copyOfTiny(join(tmp(), 'usb', 'b'));
    await core.call('models.add', { path: a });
    await core.call('models.add', { path: b });
    expect(await activePath(core)).toBe(b);

    const list = await core.call('models.remove', { path: a });
    expect(list.map((e) => e.path)).toEqual([b]);
    expect(existsSync(join(a, 'onnx', 'model.onnx'))).toBe(true);
    expect(await activePath(core)).toBe(b);
    expect((await core.call('models.list', {})).map((e) => e.path)).toEqual([b]);
  });

  it('deletes a downloaded copy in the app data folder', async () => {
    core = makeTestCore(tmp());
    const downloaded = copyOfTiny(join(tmp(), 'data', 'models', 'tiny-nli'), true);
    expect((await core.call('models.list', {})).map((e) => [e.path, e.source])).toEqual([[downloaded, 'downloaded']]);
    expect(await core.call('models.remove', { path: downloaded })).toEqual([]);
    expect(existsSync(downloaded)).toBe(false);
  });

  it('refuses to remove the bundled model, and a folder that is not in the list', async () => {
    proc.resourcesPath = join(tmp(), 'resources');
    const bundled = copyOfTiny(join(tmp(), 'resources', 'models', 'bundled-nli'));
    core = makeTestCore(tmp());
    expect((await core.call('models.list', {})).map((e) => [e.path, e.source])).toEqual([[bundled, 'bundled']]);
    expect(await failureOf(core, bundled)).toEqual({
      code: 'FORBIDDEN',
      message: 'bundled-nli comes with Prelabel and cannot be removed. Choose another model to use instead.',
    });
    expect(existsSync(join(bundled, 'onnx', 'model.onnx'))).toBe(true);

    const stranger = join(tmp(), 'data', 'models', 'not-finished');
    mkdirSync(stranger, { recursive: true });
    expect(await failureOf(core, stranger)).toMatchObject({
      code: 'NOT_FOUND',
      message: `${stranger} is not in the list of models, so there is nothing to remove.`,
    });
    expect(existsSync(stranger)).toBe(true);
  });

  it('removing the active model makes another usable one active, or none', async () => {
    core = makeTestCore(tmp());
    const a = copyOfTiny(join(tmp(), 'usb', 'a'));
    const gone = join(tmp(), 'usb', 'gone');
    const b = copyOfTiny(join(tmp(), 'usb', 'b'));
    await core.call('models.add', { path: a });
    copyOfTiny(gone);
    await core.call('models.add', { path: gone });
    await core.call('models.add', { path: b });
    // A folder that is gone is no fallback.
    rmSync(gone, { recursive: true });
    expect(await activePath(core)).toBe(b);

    let list = await core.call('models.remove', { path: b });
    expect(list.find((e) => e.active)?.path).toBe(a);
    expect(await activePath(core)).toBe(a);

    list = await core.call('models.remove', { path: a });
    expect(list.map((e) => [e.path, e.active])).toEqual([[gone, false]]);
    expect(await activePath(core)).toBeNull();
    expect(existsSync(join(a, 'onnx', 'model.onnx'))).toBe(true);
  });
});
