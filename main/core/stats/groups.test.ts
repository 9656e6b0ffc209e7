// The breakdown by a metadata value: each group's report is the report of its own documents.
import { describe, expect, it } from 'vitest';
import { classificationByGroup, classificationReport, multiLabelByGroup, multiLabelReport } from './index';

describe('breakdown by metadata value', () => {
  const labels = ['a', 'b'];
  const truth = ['a', 'b', 'a', 'a', null, 'b', 'a'];
  const pred = ['a', 'a', 'a', 'b', 'a', 'b', null];
  const lang = ['en', 'de', 'en', 'de', 'fr', null, 'fr'];

  it('single-label: groups sorted by value, missing values last, a group without complete pairs has no report', () => {
    const rows = classificationByGroup(truth, pred, lang, labels);
    expect(rows.map((r) => r.group)).toEqual(['de', 'en', 'fr', null]);
    expect(rows[0]!.report).toEqual(classificationReport(['b', 'a'], ['a', 'b'], labels));
    expect(rows[1]!.report!.accuracy).toBe(1);
    expect(rows[2]).toEqual({ group: 'fr', n: 0, report: null });
    expect(rows[3]!.n).toBe(1);
  });

  it('multi-label: the same split', () => {
    const t = [['a'], ['a', 'b'], null, []];
    const p = [['a'], ['b'], ['a'], ['b']];
    const rows = multiLabelByGroup(t, p, ['x', 'y', 'x', 'y'], labels);
    expect(rows.map((r) => [r.group, r.n])).toEqual([
      ['x', 1],
      ['y', 2],
    ]);
    expect(rows[1]!.report).toEqual(multiLabelReport([['a', 'b'], []], [['b'], ['b']], labels));
  });

  it('refuses a group list of another length', () => {
    expect(() => classificationByGroup(['a'], ['a'], [], labels)).toThrow(/one entry per document/);
  });
});
