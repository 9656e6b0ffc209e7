// At most one call per interval: the first call runs at once, calls during the interval are folded
// into one that runs when it ends, so the last state is always fetched.
export interface Throttled {
  (): void;
  /** Drops a pending call (the thing it would refresh is gone). */
  cancel(): void;
}

export function throttle(fn: () => void, ms: number): Throttled {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending = false;
  const endOfWindow = () => {
    timer = null;
    if (pending) {
      pending = false;
      fn();
      timer = setTimeout(endOfWindow, ms);
    }
  };
  const throttled = (() => {
    if (timer) {
      pending = true;
      return;
    }
    fn();
    timer = setTimeout(endOfWindow, ms);
  }) as Throttled;
  throttled.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    pending = false;
  };
  return throttled;
}
