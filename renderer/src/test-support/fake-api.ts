// A scripted stand-in for the API client in store tests: each method answers from a handler the
// test supplies, and events are pushed by hand.
import type { EventName, Events, MethodInput, MethodName, MethodOutput } from '../../../common/contract';
import type { Api } from '../api/api-client';

type Handlers = { [M in MethodName]?: (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> };

export interface FakeApi extends Api {
  calls: { method: MethodName; input: unknown }[];
  emit<E extends EventName>(event: E, payload: Events[E]): void;
}

export function fakeApi(handlers: Handlers, face: 'browser' | 'electron' = 'browser'): FakeApi {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: FakeApi['calls'] = [];
  return {
    face,
    calls,
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      calls.push({ method, input });
      const h = handlers[method] as ((i: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>) | undefined;
      if (!h) throw new Error(`fakeApi: no handler for ${method}`);
      return h(input);
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
  };
}

/** A promise the test resolves when it chooses, to order replies and events. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}
