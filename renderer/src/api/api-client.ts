// The typed API of the contract over either transport. Failures become ApiCallError, which
// carries the contract's error code and a message a person can act on.
import type { ApiError, EventName, Events, MethodInput, MethodName, MethodOutput, PrelabelApi } from '../../../common/contract';
import type { Transport } from './transport';

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
  }
  get code() {
    return this.error.code;
  }
}

export interface Api extends PrelabelApi {
  readonly face: Transport['face'];
}

export function createApi(transport: Transport): Api {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  transport.subscribe((event, payload) => {
    for (const l of listeners.get(event) ?? []) l(payload);
  });
  return {
    face: transport.face,
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const result = await transport.call(method, input);
      if (!result.ok) throw new ApiCallError(result.error);
      return result.value as MethodOutput<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}
