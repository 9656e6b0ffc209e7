// Contract handlers of the NLI engine: the model, pre-label runs, the playground.
import type { CoreContext } from '../core-context';
import type { Handlers } from './dispatcher';

type PrelabelHandlers = Pick<
  Handlers,
  | 'model.select'
  | 'model.current'
  | 'model.setProvider'
  | 'model.evaluate'
  | 'prelabel.start'
  | 'prelabel.pause'
  | 'prelabel.resume'
  | 'prelabel.cancel'
  | 'prelabel.status'
  | 'prelabel.precision'
  | 'prelabel.setPrecision'
  | 'nli.playground'
>;

export function prelabelHandlers(ctx: CoreContext): PrelabelHandlers {
  const { engine } = ctx;
  return {
    'model.select': ({ path, persist }) => engine.selectModel(path, { persist }),
    'model.current': () => engine.currentModel(),
    'model.setProvider': ({ provider }) => {
      engine.setProvider(provider);
      return { provider: engine.provider };
    },
    'model.evaluate': (input) => engine.evaluate(input),
    'prelabel.start': (input) => engine.start(input),
    'prelabel.pause': ({ runId }) => engine.pause(runId),
    'prelabel.resume': ({ runId }) => engine.resume(runId),
    'prelabel.cancel': ({ runId }) => engine.cancel(runId),
    'prelabel.status': ({ questionId }) => engine.status(questionId),
    'prelabel.precision': () => engine.precisionState(),
    'prelabel.setPrecision': (input) => engine.setPrecision(input),
    'nli.playground': ({ premise, hypothesis }) => engine.playground(premise, hypothesis),
  };
}
