// The CLI's typed client of the core's dispatcher: the same contract methods, inputs and results as
// the renderer's api-client, in this process. A failure becomes a PrelabelError with the core's
// code and message; events reach the command's listeners; every job's end (`job:done`) is kept, so
// a command can wait for the end of a job that finished before its start call returned.
import {
  PrelabelError,
  type Emit,
  type EventName,
  type Events,
  type JobDone,
  type JobDoneOf,
  type JobKind,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type Result,
  type ShellMethodName,
} from '../../common/contract';

/** The methods the core answers (native dialogs belong to the Electron face). */
export type CoreMethod = Exclude<MethodName, ShellMethodName>;

export interface CliClient {
  /** Calls a contract method; a failure throws PrelabelError with the core's message. */
  call<M extends CoreMethod>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Subscribes to one event of the contract; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** The end of a job of this kind: now if it ended already, else when it ends. */
  jobDone<K extends JobKind>(jobId: string, kind: K): Promise<JobDoneOf<K>>;
}

type Dispatch = (method: string, input: unknown) => Promise<Result<unknown>>;

/** A client and the emit function to give the core it talks to; `connect` names the dispatcher. */
export function createCliClient(): { client: CliClient; emit: Emit; connect(dispatch: Dispatch): void } {
  let dispatch: Dispatch | null = null;
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const ended = new Map<string, JobDone>();
  const waiting = new Map<string, ((d: JobDone) => void)[]>();

  const emit: Emit = (event, payload) => {
    if (event === 'job:done') {
      const done = payload as Events['job:done'];
      ended.set(done.jobId, done);
      for (const resolve of waiting.get(done.jobId) ?? []) resolve(done);
      waiting.delete(done.jobId);
    }
    for (const listener of listeners.get(event) ?? []) (listener as (p: Events[typeof event]) => void)(payload);
  };

  const client: CliClient = {
    async call(method, input) {
      if (!dispatch) throw new PrelabelError('INTERNAL', 'The CLI is not connected to its core.');
      const result = await dispatch(method, input);
      if (!result.ok) throw new PrelabelError(result.error.code, result.error.message);
      // The dispatcher validated the input and ran the method's handler, whose result type the
      // contract names (the one place the CLI trusts the contract instead of the compiler).
      return result.value as MethodOutput<typeof method>;
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (payload: never) => void;
      set.add(l);
      return () => set.delete(l);
    },
    jobDone(jobId, kind) {
      const check = (d: JobDone): JobDoneOf<typeof kind> => {
        if (d.kind !== kind) throw new PrelabelError('INTERNAL', `Job ${jobId} is a ${d.kind} job, not ${kind}.`);
        return d as JobDoneOf<typeof kind>;
      };
      const done = ended.get(jobId);
      if (done) return Promise.resolve().then(() => check(done));
      return new Promise((resolve, reject) => {
        waiting.set(jobId, [
          ...(waiting.get(jobId) ?? []),
          (d) => {
            try {
              resolve(check(d));
            } catch (err) {
              reject(err);
            }
          },
        ]);
      });
    },
  };

  return {
    client,
    emit,
    connect(d) {
      dispatch = d;
    },
  };
}
