// A core with its own data folder, called through the contract like a face would. Every event it
// sends is checked against its schema in the contract (common/contract/events.ts): a payload that
// drifted from it fails the test run.
import { join } from 'node:path';
import {
  checkEvent,
  type EventName,
  type Events,
  type JobDone,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type Result,
} from '../../../common/contract';
import { createCore, type Core } from '../create-core';
import type { CoreConfig } from '../core-context';

export interface TestCore {
  core: Core;
  events: { event: EventName; payload: unknown }[];
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  raw(method: string, input: unknown): Promise<Result<unknown>>;
  waitForJob(jobId: string): Promise<JobDone>;
}

/** Fails the test run (outside the core's own control flow) when an event does not fit its schema. */
export function checkedEvent(event: string, payload: unknown): void {
  const checked = checkEvent(event, payload);
  if (!checked.ok) {
    queueMicrotask(() => {
      throw new Error(`The core sent an event that does not fit the contract: ${checked.message}`);
    });
  }
}

export function makeTestCore(dir: string, writes: CoreConfig['writes'] = { chosenBy: 'caller' }): TestCore {
  const events: { event: EventName; payload: unknown }[] = [];
  const waiters: { jobId: string; resolve: (d: JobDone) => void }[] = [];
  const core = createCore(
    {
      dataDir: join(dir, 'data'),
      projectsDir: join(dir, 'projects'),
      uploadsDir: join(dir, 'uploads'),
      face: 'cli',
      writes,
      version: 'test',
    },
    <E extends EventName>(event: E, payload: Events[E]) => {
      checkedEvent(event, payload);
      events.push({ event, payload });
      if (event === 'job:done') {
        const done = payload as JobDone;
        for (const w of waiters.filter((w) => w.jobId === done.jobId)) w.resolve(done);
      }
    },
  );
  return {
    core,
    events,
    async call(method, input) {
      const r = await core.dispatch(method, input);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.value as never;
    },
    raw: (method, input) => core.dispatch(method, input),
    waitForJob(jobId) {
      const done = events.find((e) => e.event === 'job:done' && (e.payload as JobDone).jobId === jobId);
      if (done) return Promise.resolve(done.payload as JobDone);
      return new Promise((resolve) => waiters.push({ jobId, resolve }));
    },
  };
}
