// The main process's inference broker (see [Note: inference process in Electron]) with stand-ins
// for utilityProcess and MessageChannelMain: what it starts, what it hands the core, exits
// reported, kills on request and with the core. (Broker traffic kept away from CoreClient:
// main/electron/utility-core-channel.test.ts.)
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { InferenceBroker, type InferenceProcessLike } from './inference-broker';

interface Port {
  name: string;
}

class FakeInference extends EventEmitter implements InferenceProcessLike<Port> {
  readonly posted: { message: unknown; transfer: Port[] | undefined }[] = [];
  kills = 0;
  constructor(readonly pid: number) {
    super();
  }
  postMessage(message: unknown, transfer?: Port[]): void {
    this.posted.push({ message, transfer });
  }
  kill(): boolean {
    this.kills += 1;
    return true;
  }
}

function setup(options: { failFork?: string } = {}) {
  const children: FakeInference[] = [];
  const toCore: { message: unknown; transfer: Port[] | undefined }[] = [];
  let channels = 0;
  const broker = new InferenceBroker<Port>({
    fork: () => {
      if (options.failFork) throw new Error(options.failFork);
      const child = new FakeInference(4000 + children.length);
      children.push(child);
      return child;
    },
    channel: () => {
      channels += 1;
      return { port1: { name: `to-inference-${channels}` }, port2: { name: `to-core-${channels}` } };
    },
    toCore: (message, transfer) => toCore.push({ message, transfer }),
  });
  return { broker, children, toCore };
}

describe('InferenceBroker', () => {
  it('starts a process for a spawn request and, once it runs, gives one port to it and the other to the core', () => {
    const { broker, children, toCore } = setup();
    expect(broker.handle({ type: 'inference.spawn', id: 7 })).toBe(true);
    expect(children).toHaveLength(1);
    expect(toCore).toEqual([]); // nothing before it runs
    children[0]!.emit('spawn');
    expect(children[0]!.posted).toEqual([{ message: { type: 'inference.port' }, transfer: [{ name: 'to-inference-1' }] }]);
    expect(toCore).toEqual([{ message: { type: 'inference.port', id: 7, pid: 4000 }, transfer: [{ name: 'to-core-1' }] }]);
    expect(broker.running).toBe(1);
  });

  it('reports the exit with its code, and kills only the process it is asked to', () => {
    const { broker, children, toCore } = setup();
    broker.handle({ type: 'inference.spawn', id: 1 });
    broker.handle({ type: 'inference.spawn', id: 2 });
    broker.handle({ type: 'inference.spawn', id: 2 }); // a repeated id starts nothing more
    expect(children).toHaveLength(2);
    broker.handle({ type: 'inference.kill', id: 2 });
    broker.handle({ type: 'inference.kill', id: 99 });
    expect(children.map((c) => c.kills)).toEqual([0, 1]);
    children[1]!.emit('exit', 9);
    expect(toCore).toEqual([{ message: { type: 'inference.exit', id: 2, code: 9 }, transfer: undefined }]);
    expect(broker.running).toBe(1);
  });

  it('kills every process when the core exits, reports nothing to it afterwards, and starts nothing more', () => {
    const { broker, children, toCore } = setup();
    broker.handle({ type: 'inference.spawn', id: 1 });
    broker.handle({ type: 'inference.spawn', id: 2 });
    children[0]!.emit('spawn');
    toCore.length = 0;
    broker.coreExited();
    expect(children.map((c) => c.kills)).toEqual([1, 1]);
    children[1]!.emit('spawn'); // started just too late: killed, no ports made
    expect(children[1]!.kills).toBe(2);
    expect(children[1]!.posted).toEqual([]);
    children[0]!.emit('exit', 0);
    children[1]!.emit('exit', 0);
    expect(toCore).toEqual([]);
    expect(broker.handle({ type: 'inference.spawn', id: 3 })).toBe(true);
    expect(children).toHaveLength(2);
    expect(broker.running).toBe(0);
  });

  it('answers a fork that throws with an exit that says why', () => {
    const { broker, toCore } = setup({ failFork: 'ENOENT inference-process.js' });
    broker.handle({ type: 'inference.spawn', id: 1 });
    expect(toCore).toEqual([
      {
        message: {
          type: 'inference.exit',
          id: 1,
          code: null,
          error: 'The inference process could not be started: ENOENT inference-process.js',
        },
        transfer: undefined,
      },
    ]);
  });

  it('leaves every other message alone', () => {
    const { broker, children } = setup();
    for (const m of [{ type: 'call', id: 1 }, { type: 'inference.spawn' }, { type: 'inference.spawn', id: '1' }, null, 'x'])
      expect(broker.handle(m)).toBe(false);
    expect(children).toHaveLength(0);
  });
});
