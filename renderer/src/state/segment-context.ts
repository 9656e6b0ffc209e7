// The neighbours Annotate shows around a unit of a segmentation: how many (the coder's choice, 0-5,
// remembered on this machine like the coder's name), which of a queue item's context units that
// choice shows, and whether an item was fetched with fewer neighbours than the choice wants.
// [Note: context size] The queue asks the core for the chosen number of neighbours. A smaller choice
// only shows fewer of those already fetched; a larger one makes an item that has fewer than it could
// have fetch its context again when it shows (annotate-store.ts), so the queue is never restarted.
import type { SegmentContext } from '../../../common/contract';

export const CONTEXT_KEY = 'prelabel.annotate.context';
export const CONTEXT_MAX = 5;
export const CONTEXT_DEFAULT = 1;

/** A whole number from 0 to CONTEXT_MAX; anything else is the default. */
export function clampContextSize(n: unknown): number {
  const v = typeof n === 'string' && n.trim() !== '' ? Number(n) : n;
  if (typeof v !== 'number' || !Number.isInteger(v)) return CONTEXT_DEFAULT;
  return Math.max(0, Math.min(CONTEXT_MAX, v));
}

/** The number of neighbours last chosen on this machine. */
export function rememberedContextSize(): number {
  return clampContextSize(globalThis.localStorage?.getItem(CONTEXT_KEY) ?? CONTEXT_DEFAULT);
}

export function rememberContextSize(size: number): void {
  globalThis.localStorage?.setItem(CONTEXT_KEY, String(clampContextSize(size)));
}

/** The neighbours to show: the `size` nearest before and after the unit, in text order. */
export function visibleContext(context: SegmentContext, size: number): Pick<SegmentContext, 'before' | 'after'> {
  const n = clampContextSize(size);
  return { before: n === 0 ? [] : context.before.slice(-n), after: context.after.slice(0, n) };
}

/** True when the unit has more neighbours in its document than were fetched and `size` wants them. */
export function needsMoreContext(context: SegmentContext, size: number): boolean {
  const n = clampContextSize(size);
  const wantBefore = Math.min(n, context.index);
  const wantAfter = Math.min(n, Math.max(0, context.count - 1 - context.index));
  return context.before.length < wantBefore || context.after.length < wantAfter;
}
