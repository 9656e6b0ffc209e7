// `prelabel nli`: the model card's playground on the command line: one premise, one hypothesis,
// the entailment, neutral and contradiction probabilities.
import { PrelabelError } from '../../../common/contract';
import { stringFlag, type Command } from '../command';
import { modelFlag } from './prelabel';

const percent = (p: number | null) => (p === null ? 'n/a' : `${(100 * p).toFixed(1)}%`);

export const nliCommand: Command = {
  usage: 'nli --model DIR --premise TEXT --hypothesis TEXT',
  summary: 'entailment, neutral and contradiction probabilities of one premise and hypothesis',
  options: { model: { type: 'string' }, premise: { type: 'string' }, hypothesis: { type: 'string' } },
  async run(args) {
    const modelDir = modelFlag(args);
    const premise = stringFlag(args, 'premise');
    const hypothesis = stringFlag(args, 'hypothesis');
    if (!premise?.trim()) throw new PrelabelError('INVALID_INPUT', '--premise TEXT is required (the text to classify).');
    if (!hypothesis?.trim())
      throw new PrelabelError('INVALID_INPUT', '--hypothesis TEXT is required (e.g. "This text is about migration.").');
    // For this command only: the app's saved model stays as it is.
    const model = await args.call('model.select', { path: modelDir, persist: false });
    const r = await args.call('nli.playground', { premise, hypothesis });
    if (args.json) {
      args.io.out(JSON.stringify({ ok: true, model: model.id, ...r }));
    } else {
      args.io.out(`entailment ${percent(r.entailment)}  neutral ${percent(r.neutral)}  contradiction ${percent(r.contradiction)}`);
      if (r.truncated) args.io.err(`The premise was cut to the model's ${model.maxLength} tokens (the hypothesis is kept whole).`);
    }
    return 0;
  },
};
