// A core with its own data folder, called through the contract like a face would.
import { join } from 'node:path';
import type { EventName, Events, JobDone, MethodInput, MethodName, MethodOutput, Result } from '../../../common/contract';
import { createCore, type Core } from '../create-core';

export interface TestCore {
  core: Core;
  events: { event: EventName; payload: unknown }[];
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  raw(method: string, input: unknown): Promise<Result<unknown>>;
  waitForJob(jobId: string): Promise<JobDone>;
}

export function makeTestCore(dir: string): TestCore {
  const events: { event: EventName; payload: unknown }[] = [];
  const waiters: { jobId: string; resolve: (d: JobDone) => void }[] = [];
  const core = createCore(
    { dataDir: join(dir, 'data'), projectsDir: join(dir, 'projects'), uploadsDir: join(dir, 'uploads'), face: 'cli', version: 'test' },
    <E extends EventName>(event: E, payload: Events[E]) => {
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
