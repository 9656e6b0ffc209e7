// `prelabel report`: the methods report of a question as one self-contained HTML file (printable to
// PDF), with the numbers of `prelabel evaluate` and the same flags.
import { resolve } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import { stringFlag, type Command } from '../command';
import { EVALUATE_USAGE, evaluateOptions, evaluationInput } from './evaluate-flags';

export const reportCommand: Command = {
  usage: `report <project> --out FILE.html ${EVALUATE_USAGE}`,
  summary:
    'write the methods report of a question: data, codebook, model, validation numbers with intervals, plots, prevalence, methods text',
  options: { ...evaluateOptions, out: { type: 'string' } },
  async run(args) {
    const out = stringFlag(args, 'out');
    if (!out) throw new PrelabelError('INVALID_INPUT', '--out FILE.html is required: where the report is written.');
    const input = await evaluationInput(args, 'report');
    const written = await args.call('report.write', { ...input, path: resolve(out) });
    if (args.json) {
      args.io.out(JSON.stringify({ ok: true, ...written }));
      return 0;
    }
    args.io.out(`Wrote ${written.path} (${written.bytes} bytes, sha256 ${written.sha256})`);
    return 0;
  },
};
