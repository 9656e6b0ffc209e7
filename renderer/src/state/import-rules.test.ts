import { describe, expect, it } from 'vitest';
import type { ImportAnalysis, ProblemSummary } from '../../../common/contract';
import {
  addInFileOrder,
  buildGoldMap,
  decisionsFor,
  firstRows,
  groupGoldValues,
  importBlockers,
  initialDecisions,
  labelNames,
  moveItem,
  nextOptions,
} from './import-rules';

const problem = (
  code: ProblemSummary['code'],
  choices: ProblemSummary['choices'],
  defaultChoice: ProblemSummary['defaultChoice'],
  count = 3,
): ProblemSummary => ({
  code,
  count,
  rows: [1, 2, 3],
  examples: [],
  summary: '',
  choices,
  defaultChoice,
});

const analysis = (problems: ProblemSummary[]): ImportAnalysis => ({
  sourceName: 'x.csv',
  detection: {
    format: 'csv',
    encoding: 'utf-8',
    bom: false,
    delimiter: ',',
    quote: 'double',
    hasHeader: true,
    lineEndings: 'LF',
    sheets: [],
    sheet: null,
    arrayKey: null,
  },
  rows: 10,
  problems,
  goldValues: [],
});

describe('problem decisions', () => {
  const found = analysis([
    problem('duplicate_id', ['rownumber', 'skip', 'cancel'], 'cancel'),
    problem('ragged', ['keep', 'skip', 'cancel'], 'keep'),
  ]);

  it('preselects each class’s default except duplicate ids, which the user must choose', () => {
    expect(initialDecisions(found)).toEqual({ ragged: 'keep' });
    expect(importBlockers(found, initialDecisions(found))).toEqual({ undecided: ['duplicate_id'], cancelling: [] });
  });

  it('blocks an import whose choices would cancel it at the first problem row', () => {
    expect(importBlockers(found, { duplicate_id: 'rownumber', ragged: 'cancel' })).toEqual({ undecided: [], cancelling: ['ragged'] });
    expect(importBlockers(found, { duplicate_id: 'rownumber', ragged: 'skip' })).toEqual({ undecided: [], cancelling: [] });
  });

  it('sends only the classes found, each with a choice its class offers', () => {
    expect(decisionsFor(found, { duplicate_id: 'rownumber', ragged: 'skip', mojibake: 'skip' })).toEqual({
      duplicate_id: 'rownumber',
      ragged: 'skip',
    });
    expect(decisionsFor(found, { duplicate_id: 'keep' })).toEqual({});
  });
});

describe('reading options', () => {
  it('merges a changed option into the others', () => {
    expect(nextOptions({ delimiter: ';' }, 'hasHeader', false)).toEqual({ delimiter: ';', hasHeader: false });
  });

  it('drops the other overrides when the format changes', () => {
    expect(nextOptions({ delimiter: ';', encoding: 'windows-1252' }, 'format', 'xlsx')).toEqual({ format: 'xlsx' });
  });
});

describe('text column order', () => {
  const columns = ['id', 'title', 'body', 'party'];

  it('adds a column where the file has it', () => {
    expect(addInFileOrder(columns, ['body'], 'title')).toEqual(['title', 'body']);
    expect(addInFileOrder(columns, ['title'], 'party')).toEqual(['title', 'party']);
    expect(addInFileOrder(columns, ['title'], 'title')).toEqual(['title']);
  });

  it('moves a column up or down, never past either end', () => {
    expect(moveItem(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 'a', 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 'c', 1)).toEqual(['a', 'b', 'c']);
  });
});

describe('gold labels', () => {
  it('groups spellings that differ only in case, as the core matches them', () => {
    const groups = groupGoldValues([
      { value: 'favor', count: 50 },
      { value: 'against', count: 40 },
      { value: 'FAVOR', count: 5 },
      { value: 'agains', count: 2 },
    ]);
    expect(groups).toEqual([
      { key: 'favor', values: ['favor', 'FAVOR'], count: 55 },
      { key: 'against', values: ['against'], count: 40 },
      { key: 'agains', values: ['agains'], count: 2 },
    ]);
  });

  it('maps each value with a label typed for it and keeps blank ones as written', () => {
    expect(buildGoldMap({ agains: ' against ', favour: 'favor', favor: 'favor', neutral: '  ' })).toEqual({
      agains: 'against',
      favour: 'favor',
      favor: 'favor',
    });
  });

  it('offers the label names typed so far, once each', () => {
    expect(labelNames({ agains: 'against', against: 'against ', favour: 'favor', x: '' })).toEqual(['against', 'favor']);
  });
});

describe('first rows of a problem', () => {
  it('shows the first rows and counts the rest', () => {
    expect(firstRows([3, 4, 6, 8], 93, 3)).toEqual({ rows: [3, 4, 6], more: 90 });
    expect(firstRows([3, 4], 2)).toEqual({ rows: [3, 4], more: 0 });
  });
});
