// `prelabel agreement`: how far the coders of a question agree (each coder's current decision; on a
// reliability sample with --sample; the model's current pre-labels as one more coder with
// --with-model): plain-text tables, or with --json the AgreementResult the agreement screen shows;
// --matrix and --long write the reliability data for R's irr or Python's krippendorff.
import { resolve } from 'node:path';
import { PrelabelError, type AgreementRunInput } from '../../../common/contract';
import { openProject, positional, stringFlag, type Command, type CommandArgs } from '../command';
import { agreementLongCsv as longCsv, agreementMatrixCsv as matrixCsv } from '../../../common/agreement-csv';
import { writeTable } from './agreement-files';
import { agreementText } from './agreement-text';

function wholeNumber(args: CommandArgs, flag: string, min: number, max: number): number | undefined {
  const value = stringFlag(args, flag);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    throw new PrelabelError('INVALID_INPUT', `--${flag} must be a whole number from ${min} to ${max} (got "${value}").`);
  return n;
}

export const agreementCommand: Command = {
  usage: `agreement <project> [--question NAME] [--sample ID] [--with-model] [--replicates N] [--seed N]
                          [--matrix FILE.csv] [--long FILE.csv]`,
  summary:
    "agreement between coders: Krippendorff's alpha with interval, Fleiss, AC1, Cohen per pair, per label; the reliability data as CSV",
  options: {
    question: { type: 'string' },
    sample: { type: 'string' },
    'with-model': { type: 'boolean' },
    replicates: { type: 'string' },
    seed: { type: 'string' },
    matrix: { type: 'string' },
    long: { type: 'string' },
  },
  async run(args) {
    const project = positional(args, 0, 'the project file (prelabel agreement <project> --question NAME)');
    const questionName = stringFlag(args, 'question');
    const sampleId = stringFlag(args, 'sample');
    const replicates = wholeNumber(args, 'replicates', 100, 20_000);
    const seed = wholeNumber(args, 'seed', 0, 2_147_483_647);
    const files = (['matrix', 'long'] as const).map((flag) => ({ flag, path: stringFlag(args, flag) }));
    for (const f of files)
      if (f.path !== undefined && resolve(f.path) === resolve(project))
        throw new PrelabelError('INVALID_INPUT', `--${f.flag} names the project file itself; choose another file.`);
    await openProject(args, project);
    const codebook = await args.call('codebook.get', {});
    const questions = codebook.questions.filter((q) => !q.archived);
    const names = questions.map((q) => `"${q.name}"`).join(', ');
    let question = questions.find((q) => q.name === questionName);
    if (questionName === undefined) {
      if (questions.length !== 1)
        throw new PrelabelError(
          'INVALID_INPUT',
          questions.length
            ? `--question NAME is required: the project has ${questions.length} questions (${names}).`
            : 'The codebook is empty.',
        );
      question = questions[0];
    }
    if (!question)
      throw new PrelabelError(
        'NOT_FOUND',
        `The project has no question named "${questionName}".${names ? ` Its questions: ${names}.` : ' Its codebook is empty.'}`,
      );
    if (sampleId !== undefined) {
      const samples = await args.call('samples.list', { questionId: question.id });
      if (!samples.some((s) => s.id === sampleId))
        throw new PrelabelError(
          'NOT_FOUND',
          `"${question.name}" has no sample ${sampleId}.${samples.length ? ` Its samples: ${samples.map((s) => s.id).join(', ')}.` : ''}`,
        );
    }
    const input: AgreementRunInput = {
      questionId: question.id,
      ...(sampleId !== undefined ? { sampleId } : {}),
      includeModel: args.values['with-model'] === true,
      ...(replicates !== undefined ? { replicates } : {}),
      ...(seed !== undefined ? { seed } : {}),
    };
    const result = await args.call('agreement.run', input);
    const written: Record<string, string> = {};
    for (const { flag, path } of files)
      if (path !== undefined) written[flag] = writeTable(path, flag === 'matrix' ? matrixCsv(result) : longCsv(result), result, flag);
    if (args.json) {
      args.io.out(JSON.stringify({ ok: true, ...result, ...(Object.keys(written).length ? { written } : {}) }));
      return 0;
    }
    for (const line of agreementText(result)) args.io.out(line);
    for (const [flag, path] of Object.entries(written))
      args.io.out(`Wrote the ${flag === 'matrix' ? 'units x coders matrix' : 'long format'} to ${path}`);
    return 0;
  },
};
