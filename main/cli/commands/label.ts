// `prelabel label`: records one decision from the command line (scripts, corrections), by names:
// the document by its external id, the question and labels by name. Committed before it prints.
import { PrelabelError } from '../../../common/contract';
import { openProject, positional, stringFlag, type Command } from '../command';

export const labelCommand: Command = {
  usage: 'label <project> --doc ID --question NAME --label NAME [--label NAME]... --coder NAME',
  summary: 'record a decision: the document with this id gets these labels for the question',
  options: {
    doc: { type: 'string' },
    question: { type: 'string' },
    label: { type: 'string', multiple: true },
    coder: { type: 'string' },
  },
  async run(args) {
    const project = positional(args, 0, 'the project file (prelabel label <project> --doc ID ...)');
    const doc = stringFlag(args, 'doc');
    const question = stringFlag(args, 'question');
    const coder = stringFlag(args, 'coder');
    const raw = args.values.label;
    const labels = (Array.isArray(raw) ? raw : []).filter((l): l is string => typeof l === 'string');
    if (!doc || !question || labels.length === 0 || !coder) {
      const missing = [
        !doc && '--doc ID',
        !question && '--question NAME',
        labels.length === 0 && '--label NAME',
        !coder && '--coder NAME',
      ].filter(Boolean);
      throw new PrelabelError('INVALID_INPUT', `missing ${missing.join(', ')}.`);
    }
    await openProject(args, project);
    const d = await args.call('annotate.labelByName', { externalId: doc, question, labels, coder });
    if (args.json) args.io.out(JSON.stringify({ ok: true, decision: d }));
    else args.io.out(`Document ${doc}: ${d.labels.join(', ')} (${question}, coder ${d.coder})`);
    return 0;
  },
};
