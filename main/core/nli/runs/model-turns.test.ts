// The try-it job's turn on the inference process ([Note: try it and a run share the model]): one
// holder at a time, a waiting run let go when it is given back, or at once when the run stops.
import { describe, expect, it } from 'vitest';
import { ModelTurns } from './model-turns';

describe('ModelTurns', () => {
  it('lets a waiter go when the turn is given back, refuses a second holder, and gives back once', async () => {
    const turns = new ModelTurns();
    const never = new AbortController().signal;
    expect(await turns.wait(never)).toBe(true);
    const giveBack = turns.take();
    expect(turns.held).toBe(true);
    expect(() => turns.take()).toThrow(expect.objectContaining({ code: 'BUSY' }));
    let open: boolean | null = null;
    const waiting = turns.wait(never).then((o) => (open = o));
    await new Promise((r) => setTimeout(r, 5));
    expect(open).toBeNull();
    giveBack();
    await waiting;
    expect(open).toBe(true);
    expect(turns.held).toBe(false);
    // Giving back twice does not give back a later holder's turn.
    const second = turns.take();
    giveBack();
    expect(turns.held).toBe(true);
    second();
  });

  it('answers false at once when the waiter stops first', async () => {
    const turns = new ModelTurns();
    const giveBack = turns.take();
    const stop = new AbortController();
    const waiting = turns.wait(stop.signal);
    stop.abort();
    expect(await waiting).toBe(false);
    expect(await turns.wait(stop.signal)).toBe(false);
    giveBack();
  });
});
