// Contract handlers of the active model's thread choice on this machine ([Note: thread calibration]).
import type { CoreContext } from '../core-context';
import type { Handlers } from './dispatcher';

type ThreadsHandlers = Pick<Handlers, 'model.threads' | 'model.measureThreads' | 'model.forgetThreads'>;

export function threadsHandlers(ctx: CoreContext): ThreadsHandlers {
  return {
    'model.threads': () => ctx.engine.modelThreads('get'),
    'model.measureThreads': () => ctx.engine.modelThreads('measure'),
    'model.forgetThreads': () => ctx.engine.modelThreads('forget'),
  };
}
