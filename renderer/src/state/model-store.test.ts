import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../common/contract';
import { setPlatform } from '../platform/platform';
import { deferred, fakeApi } from '../test-support/fake-api';
import { modelFolderOf, useModel } from './model-store';

const info: ModelInfo = {
  id: 'tiny',
  path: '/models/tiny',
  sha256: 'a'.repeat(64),
  labels: { entailment: 1, neutral: 2, contradiction: 0 },
  inputs: ['input_ids', 'attention_mask'],
  maxLength: 512,
  sizeBytes: 1_200_000,
};
const other: ModelInfo = { ...info, id: 'other', path: '/models/other', sha256: 'b'.repeat(64) };

beforeEach(() => useModel.setState({ model: null, loaded: false, loading: false, error: null }));

describe('model store', () => {
  it('takes a file chosen inside a model folder as the folder', () => {
    expect(modelFolderOf('/models/tiny/config.json')).toBe('/models/tiny');
    expect(modelFolderOf('/models/tiny/onnx/model.onnx')).toBe('/models/tiny');
    expect(modelFolderOf('C:\\models\\tiny\\onnx\\model_quantized.onnx')).toBe('C:\\models\\tiny');
    expect(modelFolderOf('/models/tiny')).toBe('/models/tiny');
    expect(modelFolderOf('/data/speeches.csv')).toBe('/data/speeches.csv');
  });

  it('reads model.current once unless forced', async () => {
    let current: ModelInfo | null = info;
    const api = fakeApi({ 'model.current': () => current });
    setPlatform({ api, face: 'browser' });
    await useModel.getState().load();
    await useModel.getState().load();
    expect(api.calls).toHaveLength(1);
    expect(useModel.getState()).toMatchObject({ model: info, loaded: true });
    current = other;
    await useModel.getState().load(true);
    expect(useModel.getState().model).toEqual(other);
  });

  it('lets a forced read win over an older one still under way', async () => {
    const first = deferred<ModelInfo | null>();
    const answers = [() => first.promise, () => Promise.resolve(other)];
    setPlatform({ api: fakeApi({ 'model.current': () => answers.shift()!() }), face: 'browser' });
    const stale = useModel.getState().load();
    await useModel.getState().load(true);
    first.resolve(info);
    await stale;
    expect(useModel.getState().model).toEqual(other);
  });
});
