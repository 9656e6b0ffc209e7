// The Agreement screen's state: what it sends to agreement.run (the sample only when chosen, the model
// switch), that another question forgets the sample and the old result, that an older answer never
// replaces a newer one, errors as a sentence; and the reliability data made in the page, in the format
// `prelabel agreement --matrix/--long` writes (CRLF, quoting, empty = no value, label sets joined by |).
import { beforeEach, describe, expect, it } from 'vitest';
import type { AgreementResult, SampleInfo } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { setPlatform } from '../platform/platform';
import { deferred, fakeApi } from '../test-support/fake-api';
import { agreementFile, agreementFileName, agreementLongCsv, agreementMatrixCsv } from '../../../common/agreement-csv';
import { useAgreement } from './agreement-store';

const Q = '11111111-1111-4111-8111-111111111111';
const Q2 = '33333333-3333-4333-8333-333333333333';
const S = '22222222-2222-4222-8222-222222222222';
const result = (elapsedMs: number) => ({ elapsedMs }) as unknown as AgreementResult;
const sample = { id: S, size: 30, seed: 7, createdAt: '2026-12-07T10:00:00.000Z' } as SampleInfo;

beforeEach(() => useAgreement.getState().reset());

describe('agreement.run from the Agreement screen', () => {
  it('sends the sample only when one is chosen (else every decided document, not the latest reliability sample) and the model switch as chosen', async () => {
    const api = fakeApi({ 'agreement.run': () => result(1), 'samples.list': () => [sample] });
    setPlatform({ face: 'browser', api });
    const s = useAgreement.getState();
    s.choose({ questionId: Q });
    await s.run();
    expect(api.calls.at(-1)).toEqual({ method: 'agreement.run', input: { questionId: Q, includeModel: false, allDocuments: true } });
    await s.loadSamples();
    expect(useAgreement.getState().samples).toEqual([sample]);
    s.choose({ sampleId: S, includeModel: true });
    await s.run();
    expect(api.calls.at(-1)!.input).toEqual({ questionId: Q, sampleId: S, includeModel: true });
    expect(useAgreement.getState().result).toEqual(result(1));
    // The same question again keeps the choices; another question forgets its sample and old result.
    s.choose({ questionId: Q });
    expect(useAgreement.getState()).toMatchObject({ sampleId: S, samples: [sample] });
    s.choose({ questionId: Q2 });
    expect(useAgreement.getState()).toMatchObject({ sampleId: null, samples: [], result: null, includeModel: true });
  });

  it('forgets a chosen sample that the question no longer has', async () => {
    setPlatform({ face: 'browser', api: fakeApi({ 'samples.list': () => [] }) });
    useAgreement.getState().choose({ questionId: Q, sampleId: S });
    await useAgreement.getState().loadSamples();
    expect(useAgreement.getState().sampleId).toBeNull();
  });

  it('keeps the newest answer when an older one arrives later, says an error in a sentence, and no decision yet as information', async () => {
    const slow = deferred<AgreementResult>();
    let n = 0;
    const api = fakeApi({
      'agreement.run': () => {
        n++;
        if (n === 1) return slow.promise;
        if (n === 2) return result(2);
        if (n === 3) throw new ApiCallError({ code: 'INVALID_INPUT', message: 'Invalid input: sampleId is not a UUID.' });
        throw new ApiCallError({ code: 'NOT_FOUND', message: 'No coder has decided a document of "Stance" yet.' });
      },
    });
    setPlatform({ face: 'browser', api });
    const s = useAgreement.getState();
    s.choose({ questionId: Q });
    const first = s.run();
    await s.run();
    slow.resolve(result(1));
    await first;
    expect(useAgreement.getState().result!.elapsedMs).toBe(2);
    await s.run();
    expect(useAgreement.getState()).toMatchObject({
      result: null,
      loading: false,
      error: 'Invalid input: sampleId is not a UUID.',
      nothing: null,
    });
    // Nothing decided yet is information, not an error.
    await s.run();
    expect(useAgreement.getState()).toMatchObject({
      result: null,
      error: null,
      nothing: 'No coder has decided a document of "Stance" yet.',
    });
  });

  it('runs nothing without a question, and a reset forgets an answer still on its way', async () => {
    const slow = deferred<AgreementResult>();
    const api = fakeApi({ 'agreement.run': () => slow.promise });
    setPlatform({ face: 'browser', api });
    await useAgreement.getState().run();
    expect(api.calls).toEqual([]);
    useAgreement.getState().choose({ questionId: Q });
    const pending = useAgreement.getState().run();
    useAgreement.getState().reset();
    slow.resolve(result(9));
    await pending;
    expect(useAgreement.getState()).toMatchObject({ questionId: null, result: null });
  });
});

function table(multiLabel: boolean, labels: string[], values: Array<Array<string | string[] | null>>): AgreementResult {
  return {
    question: { id: Q, name: 'Stance: a/b', multiLabel, ordered: false },
    table: {
      documents: [
        { id: 1, externalId: 't1' },
        { id: 2, externalId: 'say "hi", 2' },
      ],
      coders: ['Ana', 'Ben'],
      values,
    },
    report: { labels },
  } as unknown as AgreementResult;
}

describe('the reliability data as files', () => {
  it('writes the units x coders matrix and the long format as the CLI does', () => {
    const r = table(
      false,
      ['A', 'B'],
      [
        ['A', null],
        ['B', 'A'],
      ],
    );
    expect(agreementMatrixCsv(r)).toBe('document_id,Ana,Ben\r\nt1,A,\r\n"say ""hi"", 2",B,A\r\n');
    expect(agreementLongCsv(r)).toBe('document_id,coder,label\r\nt1,Ana,A\r\n"say ""hi"", 2",Ana,B\r\n"say ""hi"", 2",Ben,A\r\n');
    expect(agreementFile(r, 'long')).toEqual({ name: 'agreement-Stance  a b-long.csv', text: agreementLongCsv(r) });
    expect(agreementFileName(' /:* ', 'matrix')).toBe('agreement-question-matrix.csv');
  });

  it('joins a label set with | (the empty set an empty field) and refuses a label holding |', () => {
    const r = table(
      true,
      ['x', 'y'],
      [
        [['x', 'y'], []],
        [null, ['y']],
      ],
    );
    expect(agreementMatrixCsv(r)).toBe('document_id,Ana,Ben\r\nt1,x|y,\r\n"say ""hi"", 2",,y\r\n');
    expect(agreementFile(table(true, ['a|b'], []), 'matrix')).toEqual({
      error: 'The label "a|b" holds a |, which joins the labels of a set in the file; rename it first.',
    });
  });
});
