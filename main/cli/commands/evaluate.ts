// `prelabel evaluate`: how good a question's current pre-labels are (against every coded document,
// gold or a blind validation sample), the corpus share of each label and anchoring; plain-text tables,
// or with --json the EvaluationResult the validation screen shows.
import { type Command } from '../command';
import { EVALUATE_USAGE, evaluateOptions, evaluationInput } from './evaluate-flags';
import { evaluationText } from './evaluate-text';

export const evaluateCommand: Command = {
  usage: `evaluate <project> ${EVALUATE_USAGE}`,
  summary: 'model against human, gold or a blind sample: accuracy, F1, kappa, confusion, calibration, prevalence (PPI), anchoring',
  options: evaluateOptions,
  async run(args) {
    const input = await evaluationInput(args, 'evaluate');
    const result = await args.call('evaluation.run', input);
    if (args.json) {
      args.io.out(JSON.stringify({ ok: true, ...result }));
      return 0;
    }
    for (const line of evaluationText(result)) args.io.out(line);
    return 0;
  },
};
