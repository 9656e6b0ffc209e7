// The flags `prelabel evaluate` and `prelabel report` share: the question by name, what the model is
// compared with, the validation sample, the metadata column of the breakdown and the bootstrap.
import {
  EVALUATION_BOOTSTRAP,
  PrelabelError,
  evaluationAgainst,
  type EvaluationAgainst,
  type EvaluationRunInput,
} from '../../../common/contract';
import { openProject, positional, stringFlag, type CommandArgs } from '../command';

export const evaluateOptions = {
  question: { type: 'string' },
  against: { type: 'string' },
  sample: { type: 'string' },
  'group-by': { type: 'string' },
  coder: { type: 'string' },
  replicates: { type: 'string' },
  seed: { type: 'string' },
} as const;

export const EVALUATE_USAGE = `--question NAME [--against human|gold|sample] [--sample ID] [--coder NAME]
                          [--group-by COLUMN] [--replicates N] [--seed N]`;

function wholeNumber(args: CommandArgs, flag: string, min: number, max: number): number | undefined {
  const value = stringFlag(args, flag);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    throw new PrelabelError('INVALID_INPUT', `--${flag} must be a whole number from ${min} to ${max} (got "${value}").`);
  return n;
}

/** Opens the project and turns the flags into evaluation.run's input. */
export async function evaluationInput(args: CommandArgs, command: string): Promise<EvaluationRunInput> {
  const project = positional(args, 0, `the project file (prelabel ${command} <project> --question NAME)`);
  const questionName = stringFlag(args, 'question');
  if (!questionName) throw new PrelabelError('INVALID_INPUT', '--question NAME is required: the question whose pre-labels are evaluated.');
  const againstFlag = stringFlag(args, 'against') ?? 'human';
  if (!(evaluationAgainst.options as readonly string[]).includes(againstFlag))
    throw new PrelabelError('INVALID_INPUT', `--against must be one of ${evaluationAgainst.options.join(', ')} (got "${againstFlag}").`);
  const against = againstFlag as EvaluationAgainst;
  const sampleId = stringFlag(args, 'sample');
  if (sampleId !== undefined && against !== 'sample')
    throw new PrelabelError('INVALID_INPUT', '--sample names the validation sample of --against sample: give --against sample too.');
  const replicates = wholeNumber(args, 'replicates', 100, 20_000);
  const seed = wholeNumber(args, 'seed', 0, 2_147_483_647);
  await openProject(args, project);
  const codebook = await args.call('codebook.get', {});
  const question = codebook.questions.find((q) => q.name === questionName && !q.archived);
  if (!question) {
    const names = codebook.questions.filter((q) => !q.archived).map((q) => `"${q.name}"`);
    throw new PrelabelError(
      'NOT_FOUND',
      `The project has no question named "${questionName}".${names.length ? ` Its questions: ${names.join(', ')}.` : ' Its codebook is empty.'}`,
    );
  }
  if (sampleId !== undefined) {
    const samples = await args.call('samples.list', { questionId: question.id });
    if (!samples.some((s) => s.id === sampleId))
      throw new PrelabelError(
        'NOT_FOUND',
        `"${question.name}" has no validation sample ${sampleId}.${samples.length ? ` Its samples: ${samples.map((s) => s.id).join(', ')}.` : ''}`,
      );
  }
  const groupBy = stringFlag(args, 'group-by');
  const coder = stringFlag(args, 'coder');
  if (coder !== undefined && against === 'gold')
    throw new PrelabelError(
      'INVALID_INPUT',
      '--coder names whose decisions are the truth; gold labels have no coder: use --against human or sample.',
    );
  return {
    questionId: question.id,
    against,
    ...(sampleId !== undefined ? { sampleId } : {}),
    ...(groupBy !== undefined ? { groupBy } : {}),
    ...(coder !== undefined ? { coder } : {}),
    ...(replicates !== undefined || seed !== undefined
      ? { bootstrap: { replicates: replicates ?? EVALUATION_BOOTSTRAP.replicates, seed: seed ?? EVALUATION_BOOTSTRAP.seed } }
      : {}),
  };
}
