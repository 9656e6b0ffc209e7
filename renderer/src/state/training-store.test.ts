// The Training screen's state: what it sends to training.create (the gold or an expert as master),
// the round added first, the rounds and coders loaded, a trainee's result asked for by round and
// coder (an older answer never replaces a newer one), another question forgetting the old result, a
// refusal as the core's sentence; and the reliability sample's size input from its fields.
import { beforeEach, describe, expect, it } from 'vitest';
import type { TrainingResult, TrainingRound } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { setPlatform } from '../platform/platform';
import { deferred, fakeApi } from '../test-support/fake-api';
import { reliabilitySizing } from './samples-store';
import { useTraining } from './training-store';

const Q = '11111111-1111-4111-8111-111111111111';
const Q2 = '33333333-3333-4333-8333-333333333333';
const R = '22222222-2222-4222-8222-222222222222';
const round = (id: string) => ({ id, questionId: Q, size: 20, seed: 7, scores: [] }) as unknown as TrainingRound;
const result = (coder: string) => ({ score: { coder } }) as unknown as TrainingResult;

beforeEach(() => useTraining.getState().reset());

describe('the Training screen state', () => {
  it('draws a round with the master chosen and shows a trainee’s result', async () => {
    const api = fakeApi({
      'training.rounds': () => [round('old')],
      'coders.list': () => [{ id: 'c1', name: 'Eve', createdAt: '' }],
      'training.create': () => round(R),
      'training.result': (input) => result(input.coder),
    });
    setPlatform({ face: 'browser', api });
    const s = useTraining.getState();
    s.choose(Q);
    await s.load();
    expect(useTraining.getState()).toMatchObject({ rounds: [round('old')], coders: ['Eve'] });
    await s.create({ master: { coder: 'Eve' }, size: 20, seed: 7 });
    expect(api.calls.at(-1)).toEqual({ method: 'training.create', input: { questionId: Q, master: { coder: 'Eve' }, size: 20, seed: 7 } });
    expect(useTraining.getState().rounds.map((r) => r.id)).toEqual([R, 'old']);
    await s.showResult(R, 'Tia');
    expect(api.calls.at(-1)).toEqual({ method: 'training.result', input: { sampleId: R, coder: 'Tia' } });
    expect(useTraining.getState()).toMatchObject({ chosen: { roundId: R, coder: 'Tia' }, result: result('Tia') });
    s.setTrainee('Tia');
    s.choose(Q2);
    expect(useTraining.getState()).toMatchObject({ questionId: Q2, rounds: [], chosen: null, result: null, trainee: 'Tia' });
  });

  it('keeps the newest result and shows a refusal as the core’s sentence', async () => {
    const slow = deferred<TrainingResult>();
    const api = fakeApi({
      'training.result': (input) => (input.coder === 'Ana' ? slow.promise : result(input.coder)),
      'training.create': () => {
        throw new ApiCallError({
          code: 'INVALID_INPUT',
          message: 'A training round of 99 documents cannot be drawn from the 20 with a master label: choose at most 20.',
        });
      },
    });
    setPlatform({ face: 'browser', api });
    const s = useTraining.getState();
    s.choose(Q);
    const first = s.showResult(R, 'Ana');
    await s.showResult(R, 'Ben');
    slow.resolve(result('Ana'));
    await first;
    expect(useTraining.getState().result).toEqual(result('Ben'));
    expect(await s.create({ master: { gold: true }, size: 99, seed: 1 })).toBeNull();
    expect(useTraining.getState().error).toBe(
      'A training round of 99 documents cannot be drawn from the 20 with a master label: choose at most 20.',
    );
  });
});

describe('the reliability sample size from its fields', () => {
  it('sends the rarest share as a share, or the number of labels when it is empty; refuses values out of range', () => {
    expect(reliabilitySizing({ smallestShare: '10', alphaMin: '0.8', significance: '0.05' }, 3)).toEqual({
      kind: 'reliability',
      smallestShare: 0.1,
      alphaMin: 0.8,
      significance: 0.05,
    });
    expect(reliabilitySizing({ smallestShare: ' ', alphaMin: '0.667', significance: '0.01' }, 4)).toEqual({
      kind: 'reliability',
      categories: 4,
      alphaMin: 0.667,
      significance: 0.01,
    });
    expect(reliabilitySizing({ smallestShare: '60', alphaMin: '0.8', significance: '0.05' }, 3)).toBeNull();
    expect(reliabilitySizing({ smallestShare: '', alphaMin: '1', significance: '0.05' }, 3)).toBeNull();
    expect(reliabilitySizing({ smallestShare: '', alphaMin: '0.8', significance: '0.05' }, 1)).toBeNull();
  });
});
