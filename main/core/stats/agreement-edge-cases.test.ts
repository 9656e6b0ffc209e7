// Edge cases of the agreement statistics: one coder, one category only, all agree, all disagree, a unit
// coded once, no overlap between two coders; every undefined value is null with its reason (never NaN);
// the bootstrap is seeded; input the statistics cannot use is refused with a sentence naming it.
import { describe, expect, it } from 'vitest';
import { alphaBootstrap, krippendorffAlpha, multiLabelAgreement, reliabilityTable, singleLabelAgreement } from './index';

/** Every number anywhere in a report, with its path: none may be NaN (undefined values are null). */
function numbers(x: unknown, path = ''): [string, number][] {
  if (typeof x === 'number') return [[path, x]];
  if (Array.isArray(x)) return x.flatMap((v, i) => numbers(v, `${path}[${i}]`));
  if (x && typeof x === 'object') return Object.entries(x).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
  return [];
}
function expectNoNaN(report: unknown): void {
  for (const [path, value] of numbers(report)) expect(Number.isNaN(value), `${path} is NaN`).toBe(false);
}
const boot = { bootstrap: { replicates: 50 } };

describe('agreement edge cases', () => {
  it('one coder: alpha has no pairable values, the kappas no unit coded twice, the matrix no pair', () => {
    const r = singleLabelAgreement([['a'], ['b'], ['a']], ['only'], ['a', 'b'], boot);
    expect(r.alpha.alpha).toBeNull();
    expect(r.alpha.undefinedReason).toBe('no pairable values');
    expect(r.alpha.pairableValues).toBe(0);
    expect(r.alpha.unitsCodedOnce).toBe(3);
    expect(r.alpha.interval).toEqual({ estimate: null, lower: null, upper: null, replicates: 0 });
    for (const c of [r.fleiss, r.ac1, r.percent]) expect([c.value, c.undefinedReason]).toEqual([null, 'no unit coded twice']);
    expect(r.matrix.pairs).toEqual([]);
    expect(r.matrix.meanKappa).toBeNull();
    expectNoNaN(r);
  });

  it('a question with one category only: alpha has no variation, Fleiss chance agreement 1, AC1 one category, kappa null', () => {
    const r = singleLabelAgreement(
      [
        ['x', 'x'],
        ['x', 'x'],
        ['x', null],
      ],
      ['A', 'B'],
      ['x'],
      boot,
    );
    expect([r.alpha.alpha, r.alpha.undefinedReason]).toEqual([null, 'no variation']);
    expect(r.alpha.pairableValues).toBe(4);
    expect([r.fleiss.value, r.fleiss.undefinedReason]).toEqual([null, 'chance agreement is 1']);
    expect([r.ac1.value, r.ac1.undefinedReason]).toEqual([null, 'one category only']);
    expect(r.percent.value).toBe(1);
    expect(r.matrix.pairs[0]).toMatchObject({ n: 2, agreement: 1, kappa: null });
    expectNoNaN(r);
  });

  it('all agree, using several labels: every coefficient is 1', () => {
    const r = singleLabelAgreement(
      [
        ['a', 'a', 'a'],
        ['b', 'b', 'b'],
        ['c', 'c', null],
        ['a', 'a', 'a'],
      ],
      ['A', 'B', 'C'],
      ['a', 'b', 'c'],
      boot,
    );
    expect(r.alpha.alpha).toBe(1);
    expect(r.fleiss.value).toBeCloseTo(1, 12);
    expect(r.ac1.value).toBeCloseTo(1, 12);
    expect(r.percent.value).toBe(1);
    expect(r.matrix.pairs.map((p) => p.kappa)).toEqual([1, 1, 1]);
    expect(r.matrix.meanKappa).toBe(1);
    // Every resample agrees perfectly too: the interval is [1, 1].
    expect([r.alpha.interval.lower, r.alpha.interval.upper]).toEqual([1, 1]);
  });

  it('all agree on one and the same label of three: alpha, Fleiss and Cohen undefined, AC1 = 1 (the kappa paradox)', () => {
    const r = singleLabelAgreement(
      [
        ['a', 'a'],
        ['a', 'a'],
      ],
      ['A', 'B'],
      ['a', 'b', 'c'],
      boot,
    );
    expect(r.alpha.undefinedReason).toBe('no variation');
    expect(r.fleiss.undefinedReason).toBe('chance agreement is 1');
    expect(r.matrix.pairs[0]!.kappa).toBeNull();
    expect(r.ac1.value).toBe(1);
    expect(r.percent.value).toBe(1);
    expectNoNaN(r);
  });

  // Units (a, b) and (b, a): n = 4, n_a = n_b = 2, o_ab = o_ba = 2: alpha = 1 - 3 * 4 / 8 = -0.5;
  // Cohen: p_o = 0, p_e = 0.5: -1; Fleiss and AC1: p_a = 0, p_e = 0.5: -1.
  it('all disagree: percent 0, alpha -0.5, kappa, Fleiss and AC1 -1', () => {
    const r = singleLabelAgreement(
      [
        ['a', 'b'],
        ['b', 'a'],
      ],
      ['A', 'B'],
      ['a', 'b'],
      boot,
    );
    expect(r.percent.value).toBe(0);
    expect(r.alpha.alpha).toBeCloseTo(-0.5, 12);
    expect(r.matrix.pairs[0]!.kappa).toBeCloseTo(-1, 12);
    expect(r.fleiss.value).toBeCloseTo(-1, 12);
    expect(r.ac1.value).toBeCloseTo(-1, 12);
  });

  it('a unit coded once drops out of alpha (counted) and leaves percent agreement and the pairs unchanged', () => {
    const base = [
      ['a', 'a'],
      ['b', 'b'],
      ['a', 'b'],
      ['c', 'c'],
    ];
    const withOnce = [...base, ['c', null]];
    const r0 = singleLabelAgreement(base, ['A', 'B'], ['a', 'b', 'c'], boot);
    const r1 = singleLabelAgreement(withOnce, ['A', 'B'], ['a', 'b', 'c'], boot);
    expect(r1.alpha.alpha).toBe(r0.alpha.alpha);
    expect(r1.alpha.pairableValues).toBe(8);
    expect(r1.alpha.unitsCodedOnce).toBe(1);
    expect(r1.percent.value).toBe(r0.percent.value);
    expect(r1.matrix.pairs[0]).toEqual(r0.matrix.pairs[0]);
    expect(r1.matrix.n).toEqual([
      [5, 4],
      [4, 4],
    ]);
  });

  it('two coders who never coded the same unit: no pairable values, the pair has n = 0 and no kappa', () => {
    const r = singleLabelAgreement(
      [
        ['a', null],
        [null, 'b'],
      ],
      ['A', 'B'],
      ['a', 'b'],
      boot,
    );
    expect(r.alpha.undefinedReason).toBe('no pairable values');
    expect(r.matrix.pairs[0]).toEqual({ a: 'A', b: 'B', n: 0, agreement: null, kappa: null });
    expectNoNaN(r);
  });

  it('multi-label: empty sets are decisions; identical sets give alpha 1, all coded once gives no pairable values', () => {
    const same = multiLabelAgreement(
      [
        [['a'], ['a']],
        [[], []],
        [
          ['a', 'b'],
          ['b', 'a'],
        ],
      ],
      ['A', 'B'],
      ['a', 'b'],
      boot,
    );
    expect(same.alphaMasi.alpha).toBe(1);
    expect(same.alphaJaccard.alpha).toBe(1);
    expect(same.exactSet.value).toBe(1);
    expect(same.perLabel.map((l) => l.alpha.alpha)).toEqual([1, 1]);
    const once = multiLabelAgreement([[['a'], null]], ['A', 'B'], ['a', 'b'], boot);
    expect(once.alphaMasi.undefinedReason).toBe('no pairable values');
    expectNoNaN(once);
  });

  it('the bootstrap is seeded: the same seed gives the same interval, another seed another', () => {
    const data = Array.from({ length: 40 }, (_, i) => [
      String(i % 3),
      String(i % 4 === 0 ? (i + 1) % 3 : i % 3),
      i % 5 ? String(i % 3) : null,
    ]);
    const a = alphaBootstrap(data, { level: 'nominal' }, { replicates: 300, seed: 5 });
    const b = alphaBootstrap(data, { level: 'nominal' }, { replicates: 300, seed: 5 });
    const c = alphaBootstrap(data, { level: 'nominal' }, { replicates: 300, seed: 6 });
    expect(b.interval).toEqual(a.interval);
    expect(c.interval).not.toEqual(a.interval);
    expect(a.interval.lower!).toBeLessThan(a.alpha!);
    expect(a.interval.upper!).toBeGreaterThan(a.alpha!);
    expect(a.seed).toBe(5);
  });

  it('refuses input it cannot use, naming the problem in one sentence', () => {
    expect(() => singleLabelAgreement([['a', 'z']], ['A', 'B'], ['a', 'b'])).toThrow(/"z" .*not one of this question's labels/);
    expect(() => singleLabelAgreement([['a']], ['A', 'B'], ['a', 'b'])).toThrow(/Unit 0 has 1 values for 2 coders/);
    expect(() => singleLabelAgreement([['a', 'a']], ['A', 'A'], ['a'])).toThrow(/named once/);
    expect(() => singleLabelAgreement([], [], ['a'])).toThrow(/at least one coder/);
    expect(() => multiLabelAgreement([[['q'], []]], ['A', 'B'], ['a'])).toThrow(/"q"/);
    expect(() => krippendorffAlpha([['a', 'b']], { level: 'ordinal' })).toThrow(/ordered categories/);
    expect(() => krippendorffAlpha([['a', 'b']], { level: 'interval' } as never)).toThrow(/needs numbers/);
    expect(() => krippendorffAlpha([[['a'], ['b']]], { level: 'nominal' })).toThrow(/masi or jaccard/);
    expect(() => krippendorffAlpha([['a', 'b']], { level: 'masi' } as never)).toThrow(/label sets/);
    expect(() => krippendorffAlpha([[1, -2]], { level: 'ratio' })).toThrow(/at least 0/);
    expect(() => alphaBootstrap([['a', 'b']], { level: 'nominal' }, { replicates: 0 })).toThrow(/replicates/);
  });

  it('reliabilityTable arranges long-format decisions as units x coders and refuses two decisions of one coder on a document', () => {
    const records = [
      { unit: 'd1', coder: 'ann', value: 'a' },
      { unit: 'd2', coder: 'bob', value: 'b' },
      { unit: 'd1', coder: 'bob', value: 'a' },
    ];
    expect(reliabilityTable(records)).toEqual({
      units: ['d1', 'd2'],
      coders: ['ann', 'bob'],
      data: [
        ['a', 'a'],
        [null, 'b'],
      ],
    });
    const fixed = reliabilityTable(records, { units: ['d3', 'd2', 'd1'], coders: ['bob', 'ann', 'model'] });
    expect(fixed.data).toEqual([
      [null, null, null],
      ['b', null, null],
      ['a', 'a', null],
    ]);
    const r = singleLabelAgreement(fixed.data, fixed.coders, ['a', 'b'], boot);
    expect([r.alpha.unitsNotCoded, r.alpha.unitsCodedOnce, r.alpha.pairableUnits]).toEqual([1, 1, 1]);
    expect(() => reliabilityTable([...records, { unit: 'd1', coder: 'ann', value: 'b' }])).toThrow(/two decisions on document "d1"/);
    expect(() => reliabilityTable(records, { coders: ['ann'] })).toThrow(/"bob" is not one of the coders/);
    expect(() => reliabilityTable(records, { units: ['d1'] })).toThrow(/document "d2"/);
  });
});
