import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelEntry, ModelInfo } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { setPlatform } from '../platform/platform';
import { fakeApi } from '../test-support/fake-api';
import { useModel } from './model-store';
import { useModels } from './models-store';

const entry = (id: string, active: boolean): ModelEntry => ({
  id,
  path: `/models/${id}`,
  source: 'added',
  sizeBytes: 1_700_000,
  missing: false,
  missingFiles: [],
  complete: true,
  active,
  card: null,
});
const info = (id: string): ModelInfo => ({
  id,
  path: `/models/${id}`,
  sha256: id.padEnd(64, '0'),
  labels: { entailment: 0, neutral: 1, contradiction: 2 },
  inputs: ['input_ids', 'attention_mask'],
  maxLength: 512,
  sizeBytes: 1_700_000,
});

beforeEach(() => {
  useModels.setState({
    entries: [],
    loaded: false,
    loadError: null,
    pending: null,
    addError: null,
    useError: null,
    removeError: null,
    notice: null,
  });
  useModel.setState({ model: null, loaded: true, loading: false, error: null });
});

describe('models store', () => {
  it('adds a folder through models.add, shows it as active and reads the model in use again', async () => {
    let current: ModelInfo | null = null;
    const api = fakeApi({
      'models.add': ({ path }) => {
        if (path !== '/models/tiny')
          throw new ApiCallError({ code: 'BAD_FILE', message: `${path} is not a complete model folder: config.json is missing.` });
        current = info('tiny');
        return [entry('tiny', true)];
      },
      'model.current': () => current,
    });
    setPlatform({ api, face: 'browser' });

    expect(await useModels.getState().add('  /models/broken ')).toBe(false);
    expect(api.calls.at(-1)).toEqual({ method: 'models.add', input: { path: '/models/broken' } });
    expect(useModels.getState().addError).toBe('/models/broken is not a complete model folder: config.json is missing.');
    expect(useModels.getState().entries).toEqual([]);

    expect(await useModels.getState().add('/models/tiny')).toBe(true);
    expect(useModels.getState()).toMatchObject({
      entries: [entry('tiny', true)],
      addError: null,
      notice: { kind: 'added', id: 'tiny' },
      pending: null,
    });
    expect(useModel.getState().model?.id).toBe('tiny');
  });

  it('takes the folder of a file picked in the Electron dialog', async () => {
    const api = fakeApi({
      'dialog.openFile': () => ({ path: '/models/tiny/onnx/model.onnx' }),
      'models.add': () => [entry('tiny', true)],
      'model.current': () => info('tiny'),
    });
    setPlatform({ api, face: 'electron' });
    await useModels.getState().addWithDialog();
    expect(api.calls.map((c) => c.method)).toEqual(['dialog.openFile', 'models.add', 'model.current']);
    expect(api.calls[1]!.input).toEqual({ path: '/models/tiny' });
  });

  it('makes another model active with model.select and says why one cannot be', async () => {
    let active = 'tiny';
    const api = fakeApi({
      'model.select': ({ path }) => {
        if (path === '/models/gone') throw new ApiCallError({ code: 'NOT_FOUND', message: '/models/gone: no such folder.' });
        active = path.split('/').pop()!;
        return info(active);
      },
      'models.list': () => [entry('tiny', active === 'tiny'), entry('other', active === 'other')],
    });
    setPlatform({ api, face: 'browser' });
    await useModels.getState().load();

    expect(await useModels.getState().use({ ...entry('gone', false), path: '/models/gone' })).toBe(false);
    expect(useModels.getState().useError).toEqual({ path: '/models/gone', message: '/models/gone: no such folder.' });

    expect(await useModels.getState().use(entry('other', false))).toBe(true);
    expect(useModel.getState().model?.id).toBe('other');
    expect(useModels.getState().entries.find((e) => e.active)?.id).toBe('other');
    expect(useModels.getState()).toMatchObject({ useError: null, notice: { kind: 'used', id: 'other' } });
  });

  it('issue 10: removes a model with models.remove, says what happened to its files and which model is active now', async () => {
    let entries = [
      entry('tiny', true),
      { ...entry('copy', false), source: 'downloaded' as const },
      { ...entry('bundled', false), source: 'bundled' as const },
    ];
    let current: ModelInfo | null = info('tiny');
    const api = fakeApi({
      'models.list': () => entries,
      'models.remove': ({ path }) => {
        if (path === '/models/bundled')
          throw new ApiCallError({ code: 'FORBIDDEN', message: 'bundled comes with Prelabel and cannot be removed.' });
        entries = entries.filter((e) => e.path !== path);
        if (path === '/models/tiny') {
          entries = entries.map((e) => ({ ...e, active: e.id === 'bundled' }));
          current = info('bundled');
        }
        return entries;
      },
      'model.current': () => current,
    });
    setPlatform({ api, face: 'browser' });
    await useModels.getState().load();
    useModel.setState({ model: info('tiny') });

    expect(await useModels.getState().remove(entries[2]!)).toBe(false);
    expect(useModels.getState().removeError).toEqual({
      path: '/models/bundled',
      message: 'bundled comes with Prelabel and cannot be removed.',
    });

    expect(await useModels.getState().remove(entries[0]!)).toBe(true);
    expect(api.calls.find((c) => c.method === 'models.remove' && (c.input as { path: string }).path === '/models/tiny')).toBeTruthy();
    expect(useModels.getState()).toMatchObject({
      removeError: null,
      pending: null,
      notice: { kind: 'forgotten', id: 'tiny', activeId: 'bundled' },
    });
    expect(useModels.getState().entries.map((e) => e.id)).toEqual(['copy', 'bundled']);
    expect(useModel.getState().model?.id).toBe('bundled');

    current = info('bundled');
    expect(await useModels.getState().remove(entries[0]!)).toBe(true);
    expect(useModels.getState().notice).toEqual({ kind: 'deleted', id: 'copy', activeId: 'bundled' });
  });
});
