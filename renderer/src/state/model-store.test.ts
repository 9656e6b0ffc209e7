import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { setPlatform } from '../platform/platform';
import { fakeApi } from '../test-support/fake-api';
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

beforeEach(() => useModel.setState({ model: null, loaded: false, loading: false, selecting: false, error: null, justSelected: false }));

describe('model store', () => {
  it('takes a file chosen inside a model folder as the folder', () => {
    expect(modelFolderOf('/models/tiny/config.json')).toBe('/models/tiny');
    expect(modelFolderOf('/models/tiny/onnx/model.onnx')).toBe('/models/tiny');
    expect(modelFolderOf('C:\\models\\tiny\\onnx\\model_quantized.onnx')).toBe('C:\\models\\tiny');
    expect(modelFolderOf('/models/tiny')).toBe('/models/tiny');
    expect(modelFolderOf('/data/speeches.csv')).toBe('/data/speeches.csv');
  });

  it('shows the core’s sentence for a broken folder and keeps the model in use', async () => {
    const api = fakeApi({
      'model.current': () => info,
      'model.select': ({ path }) => {
        if (path === '/models/tiny') return info;
        throw new ApiCallError({ code: 'BAD_FILE', message: `${path}/config.json: label2id names no entailment class.` });
      },
    });
    setPlatform({ api, face: 'electron' });
    await useModel.getState().load();
    expect(useModel.getState().model).toEqual(info);
    expect(await useModel.getState().select(' /models/broken ')).toBe(false);
    expect(api.calls.at(-1)?.input).toEqual({ path: '/models/broken' });
    expect(useModel.getState().error).toBe('/models/broken/config.json: label2id names no entailment class.');
    expect(useModel.getState().model).toEqual(info);
    expect(await useModel.getState().select('/models/tiny')).toBe(true);
    expect(useModel.getState()).toMatchObject({ error: null, justSelected: true });
  });
});
