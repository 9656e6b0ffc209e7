import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { WindowRegistry, type RegistrableWindow } from './window-registry';

class FakeWindow extends EventEmitter implements RegistrableWindow {
  destroyed = false;
  readonly sent: unknown[][] = [];
  readonly webContents;
  constructor(id: number, failSend = false) {
    super();
    const sent = this.sent;
    this.webContents = {
      id,
      isDestroyed: () => this.destroyed,
      send(channel: string, ...args: unknown[]) {
        if (failSend) throw new Error('Object has been destroyed');
        sent.push([channel, ...args]);
      },
    };
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

describe('WindowRegistry', () => {
  it('knows the webContents ids of open windows only', () => {
    const registry = new WindowRegistry<FakeWindow>();
    const a = registry.add(new FakeWindow(1));
    registry.add(new FakeWindow(2));
    expect([...registry.webContentsIds]).toEqual([1, 2]);
    a.close();
    expect([...registry.webContentsIds]).toEqual([2]);
    expect(registry.first()?.webContents.id).toBe(2);
  });

  it('broadcasts to every live window and survives one that fails', () => {
    const registry = new WindowRegistry<FakeWindow>();
    const a = registry.add(new FakeWindow(1));
    registry.add(new FakeWindow(2, true));
    const c = registry.add(new FakeWindow(3));
    const original = console.error;
    console.error = () => {};
    try {
      registry.broadcast('prelabel:event', 'job:done', { jobId: 'x' });
    } finally {
      console.error = original;
    }
    expect(a.sent).toEqual([['prelabel:event', 'job:done', { jobId: 'x' }]]);
    expect(c.sent).toEqual([['prelabel:event', 'job:done', { jobId: 'x' }]]);
  });
});
