import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('throttle', () => {
  it('runs the first call at once and folds the rest of the interval into one trailing call', () => {
    const fn = vi.fn();
    const th = throttle(fn, 500);
    th();
    expect(fn).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 10; i++) th();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(500);
    expect(fn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(500);
    expect(fn).toHaveBeenCalledTimes(2); // nothing was pending
    th();
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('drops a pending call when cancelled', () => {
    const fn = vi.fn();
    const th = throttle(fn, 500);
    th();
    th();
    th.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
