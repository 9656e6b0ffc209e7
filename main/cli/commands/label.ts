// `prelabel label`: records one decision from the command line (scripts, corrections), by names:
// the document by its external id, the question and labels by name. Committed before it prints.
// --skip skips the document, --none records "none of these labels" (multi-label questions), --note adds a note, --undo undoes the coder's latest decision on the
// question (append-only, as in Annotate). The suggestion current for the document is recorded with
// the decision, marked as not shown (the command shows none). --adjudicate records the label that
// settles the coders' disagreement on the document (the coder is then the adjudicator).
import { PrelabelError } from '../../../common/contract';
import { openProject, positional, stringFlag, type Command } from '../command';

export const labelCommand: Command = {
  usage:
    'label <project> --doc ID --question NAME (--label NAME [--label NAME]... | --none | --skip) --coder NAME [--note TEXT] [--adjudicate]\n' +
    '       label <project> --question NAME --coder NAME --undo [--adjudicate]',
  summary: 'record a decision (labels, none of them, or a skip, with a note), or undo the coder’s latest one',
  options: {
    doc: { type: 'string' },
    question: { type: 'string' },
    label: { type: 'string', multiple: true },
    coder: { type: 'string' },
    skip: { type: 'boolean' },
    none: { type: 'boolean' },
    undo: { type: 'boolean' },
    note: { type: 'string' },
    adjudicate: { type: 'boolean' },
  },
  async run(args) {
    const project = positional(args, 0, 'the project file (prelabel label <project> --doc ID ...)');
    const doc = stringFlag(args, 'doc');
    const question = stringFlag(args, 'question');
    const coder = stringFlag(args, 'coder');
    const note = stringFlag(args, 'note');
    const skip = args.values.skip === true;
    const undo = args.values.undo === true;
    const none = args.values.none === true;
    const adjudicate = args.values.adjudicate === true;
    const raw = args.values.label;
    const labels = (Array.isArray(raw) ? raw : []).filter((l): l is string => typeof l === 'string');
    if (undo) {
      if (doc !== undefined || labels.length > 0 || skip || none || note !== undefined)
        throw new PrelabelError(
          'INVALID_INPUT',
          '--undo takes only --question and --coder (it undoes that coder’s latest decision; with --adjudicate their latest adjudication).',
        );
      const missing = [!question && '--question NAME', !coder && '--coder NAME'].filter(Boolean);
      if (missing.length) throw new PrelabelError('INVALID_INPUT', `missing ${missing.join(', ')}.`);
    } else {
      if (skip && labels.length > 0)
        throw new PrelabelError('INVALID_INPUT', '--skip and --label exclude each other: a skip has no labels.');
      if (adjudicate && skip)
        throw new PrelabelError('INVALID_INPUT', '--adjudicate settles a disagreement with labels; it cannot be a skip.');
      if (none && (skip || labels.length > 0))
        throw new PrelabelError('INVALID_INPUT', '--none excludes --label and --skip: it records that no label applies.');
      const missing = [
        !doc && '--doc ID',
        !question && '--question NAME',
        labels.length === 0 && !skip && !none && '--label NAME (or --none or --skip)',
        !coder && '--coder NAME',
      ].filter(Boolean);
      if (missing.length) throw new PrelabelError('INVALID_INPUT', `missing ${missing.join(', ')}.`);
    }
    await openProject(args, project);
    if (undo) {
      const codebook = await args.call('codebook.get', {});
      const q =
        codebook.questions.find((x) => x.name === question) ??
        codebook.questions.find((x) => x.name.toLowerCase() === question!.toLowerCase());
      if (!q) throw new PrelabelError('NOT_FOUND', `There is no question "${question}" in the codebook.`);
      const r = await args.call('annotate.undo', {
        questionId: q.id,
        coder: coder!,
        ...(adjudicate ? { role: 'adjudication' as const } : {}),
      });
      if (args.json) args.io.out(JSON.stringify({ ok: true, undone: r.undone, current: r.current }));
      else if (!r.undone) args.io.out(`Nothing to undo: ${coder} has no decision on ${q.name} left.`);
      else {
        const { externalId } = await args.call('documents.get', { id: r.undone.documentId });
        const now = r.current
          ? r.current.kind === 'skip'
            ? 'is skipped'
            : `has ${r.current.labels.length ? r.current.labels.join(', ') : 'none of the labels'}`
          : 'has no decision';
        args.io.out(`Document ${externalId}: undid ${coder}'s decision (${q.name}); it now ${now}.`);
      }
      return 0;
    }
    const d = await args.call('annotate.labelByName', {
      externalId: doc!,
      question: question!,
      kind: skip ? 'skip' : 'label',
      labels,
      ...(none ? { none: true } : {}),
      coder: coder!,
      ...(note !== undefined ? { note } : {}),
      ...(adjudicate ? { adjudicate: true } : {}),
    });
    if (args.json) args.io.out(JSON.stringify({ ok: true, decision: d }));
    else
      args.io.out(
        `Document ${doc}: ${d.kind === 'skip' ? 'skipped' : d.labels.length ? d.labels.join(', ') : 'none of the labels'} (${question}, ${d.role === 'adjudication' ? 'adjudicated by' : 'coder'} ${d.coder})${note ? ' with a note' : ''}`,
      );
    return 0;
  },
};
