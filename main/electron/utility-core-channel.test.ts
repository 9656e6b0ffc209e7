import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CoreClient } from '../core/host/core-client';
import { utilityCoreChannel, type UtilityProcessLike } from './utility-core-channel';

/** Behaves like Electron's UtilityProcess: messages arrive unwrapped, 'exit' carries the code. */
class FakeUtility extends EventEmitter implements UtilityProcessLike {
  readonly posted: unknown[] = [];
  kills = 0;
  postMessage(message: unknown): void {
    if (this.exited) throw new Error('postMessage after exit');
    this.posted.push(message);
  }
  kill(): boolean {
    this.kills += 1;
    return true;
  }
  exited = false;
  exit(code: number): void {
    this.exited = true;
    this.emit('exit', code);
  }
}

describe('utilityCoreChannel', () => {
  it('lets CoreClient call the core and get its answer', async () => {
    const child = new FakeUtility();
    const client = new CoreClient(() => utilityCoreChannel(child));
    const started = client.start();
    child.emit('message', { type: 'ready' });
    await started;
    const answer = client.call('app.info', {});
    await new Promise((r) => setImmediate(r));
    const sent = child.posted[0] as { id: number };
    expect(child.posted[0]).toMatchObject({ type: 'call', method: 'app.info', input: {} });
    child.emit('message', { type: 'result', id: sent.id, result: { ok: true, value: 'info' } });
    expect(await answer).toEqual({ ok: true, value: 'info' });
  });

  it('drops messages and kills after the process exited instead of throwing', () => {
    const child = new FakeUtility();
    const channel = utilityCoreChannel(child);
    const codes: (number | null)[] = [];
    channel.onExit((code) => codes.push(code));
    child.exit(3);
    expect(codes).toEqual([3]);
    expect(() => channel.send({ type: 'shutdown' })).not.toThrow();
    channel.kill();
    expect(child.kills).toBe(0);
  });

  it('fails the calls in flight with a readable error when the core crashes, and restarts on the next call', async () => {
    const children: FakeUtility[] = [];
    const client = new CoreClient(() => {
      const child = new FakeUtility();
      children.push(child);
      setImmediate(() => child.emit('message', { type: 'ready' }));
      return utilityCoreChannel(child);
    });
    const original = console.error;
    console.error = () => {};
    try {
      const inFlight = client.call('project.stats', {});
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      children[0]!.exit(1);
      expect(await inFlight).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      const next = client.call('app.info', {});
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      expect(children).toHaveLength(2);
      const sent = children[1]!.posted[0] as { id: number };
      children[1]!.emit('message', { type: 'result', id: sent.id, result: { ok: true, value: null } });
      expect(await next).toEqual({ ok: true, value: null });
    } finally {
      console.error = original;
    }
  });
});

describe('utilityCoreChannel with a broker', () => {
  it("routes the core's inference requests to the broker and never to CoreClient; the core's exit kills its inference processes", async () => {
    const core = new FakeUtility();
    const handled: unknown[] = [];
    let exited = 0;
    const client = new CoreClient(() =>
      utilityCoreChannel(core, {
        handle: (m) => (handled.push(m), true),
        coreExited: () => (exited += 1),
      }),
    );
    const started = client.start();
    core.emit('message', { type: 'ready' });
    await started;
    const answer = client.call('app.info', {});
    await new Promise((r) => setImmediate(r));
    const call = core.posted[0] as { id: number };
    // A broker message with the call's id must not answer the call.
    core.emit('message', { type: 'inference.spawn', id: call.id });
    core.emit('message', { type: 'inference.kill', id: call.id });
    core.emit('message', { type: 'result', id: call.id, result: { ok: true, value: 'info' } });
    expect(await answer).toEqual({ ok: true, value: 'info' });
    expect(handled).toEqual([
      { type: 'inference.spawn', id: call.id },
      { type: 'inference.kill', id: call.id },
    ]);
    const original = console.error;
    console.error = () => {};
    try {
      core.emit('exit', 0);
    } finally {
      console.error = original;
    }
    expect(exited).toBe(1);
  });
});
