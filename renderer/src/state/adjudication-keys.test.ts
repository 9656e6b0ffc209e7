// The Adjudicate screen's keys: digits choose, 0 is "none" only in a multi-label question, Enter
// records (on a coder's row it takes that coder's labels), a takes, j/k and the arrows move (up and
// down move between coder rows instead while one has the focus), Backspace, u and Ctrl+Z undo, and
// other modified keys are no shortcut. nextOpen walks to the next unsettled disagreement, wrapping.
import { describe, expect, it } from 'vitest';
import type { AdjudicationUnit } from '../../../common/contract';
import { adjudicationKey } from './adjudication-keys';
import { nextOpen } from './adjudication-store';

describe('adjudicationKey', () => {
  it('maps each key as the help lists it', () => {
    const k = (key: string, multi = false, row = false, mods = {}) => adjudicationKey({ key, ...mods }, multi, row);
    expect(k('3')).toEqual({ kind: 'choose', index: 2 });
    expect(k('0')).toBeNull();
    expect(k('0', true)).toEqual({ kind: 'none' });
    expect(k('Enter')).toEqual({ kind: 'record' });
    expect(k('Enter', false, true)).toEqual({ kind: 'take' });
    expect(k('a')).toEqual({ kind: 'take' });
    expect(k('j')).toEqual({ kind: 'move', delta: 1 });
    expect(k('ArrowRight')).toEqual({ kind: 'move', delta: 1 });
    expect(k('ArrowDown')).toEqual({ kind: 'move', delta: 1 });
    expect(k('ArrowDown', false, true)).toBeNull();
    expect(k('k')).toEqual({ kind: 'move', delta: -1 });
    expect(k('ArrowLeft')).toEqual({ kind: 'move', delta: -1 });
    expect(k('Backspace')).toEqual({ kind: 'undo' });
    expect(k('u')).toEqual({ kind: 'undo' });
    expect(k('z', false, false, { ctrlKey: true })).toEqual({ kind: 'undo' });
    expect(k('3', false, false, { ctrlKey: true })).toBeNull();
    expect(k('?')).toEqual({ kind: 'help' });
    expect(k('x')).toBeNull();
  });
});

describe('nextOpen', () => {
  const unit = (settled: boolean) => ({ adjudication: settled ? { coder: 'x' } : null }) as unknown as AdjudicationUnit;
  it('finds the first open unit from a place, wrapping round, and -1 when all are settled', () => {
    const units = [unit(false), unit(true), unit(true), unit(false)];
    expect(nextOpen(units, 1)).toBe(3);
    expect(nextOpen(units, 4)).toBe(0);
    expect(nextOpen([unit(true)], 0)).toBe(-1);
  });
});
