// `prelabel training`: a question's coder training rounds (training.rounds: each round's master,
// size and seed, with every coder's agreement with the master), or with --coder that trainee's
// result on a round (training.result: overall, per label, and the documents where the trainee
// differed, with both labels' definitions); --round picks the round (default: the newest the coder
// decided in). With --json the contract's object.
import { PrelabelError, type TrainingResult, type TrainingRound } from '../../../common/contract';
import { fmtCoef, fmtShare } from '../../../common/evaluation-format';
import { openProject, positional, stringFlag, type Command } from '../command';
import { table } from './evaluate-text';

const masterText = (r: TrainingRound) => (r.master.kind === 'gold' ? 'the gold labels' : `coder ${r.master.coder}`);

function roundsText(question: string, rounds: TrainingRound[]): string[] {
  if (!rounds.length) return [`"${question}" has no training round yet (make one on the Training screen).`];
  const out = [`"${question}": ${rounds.length} training round${rounds.length === 1 ? '' : 's'}, the newest first`];
  for (const r of rounds) {
    out.push(
      '',
      `Round ${r.id}: ${r.size} documents against ${masterText(r)}, seed ${r.seed}, drawn ${r.createdAt.slice(0, 16).replace('T', ' ')}`,
    );
    if (!r.scores.length) out.push('  No coder has decided a document of it yet.');
    else
      out.push(
        ...table([
          ['coder', 'labelled', 'skipped', 'agreement', 'kappa', 'alpha'],
          ...r.scores.map((s) => [s.coder, String(s.coded), String(s.skipped), fmtShare(s.percent), fmtCoef(s.kappa), fmtCoef(s.alpha)]),
        ]).map((l) => `  ${l}`),
      );
  }
  return out;
}

function resultText(r: TrainingResult): string[] {
  const s = r.score;
  const out = [
    `${s.coder} on round ${r.round.id} of "${r.question.name}" (${r.round.size} documents against ${masterText(r.round)}):`,
    `${s.coded} labelled, ${s.skipped} skipped, ${r.open} open; agreement ${fmtShare(s.percent)}, Cohen's kappa ${fmtCoef(s.kappa)}, Krippendorff's alpha ${fmtCoef(s.alpha)}`,
    '',
    ...table([
      ['label', 'master', 'trainee', 'both', 'agreement', 'kappa'],
      ...r.perLabel.map((l) => [l.label, String(l.master), String(l.trainee), String(l.both), fmtShare(l.percent), fmtCoef(l.kappa)]),
    ]),
  ];
  if (r.differences.length) out.push('', `Where ${s.coder} differed (${r.differences.length}):`);
  for (const d of r.differences) {
    const names = (labels: TrainingResult['differences'][number]['master']) => labels.map((l) => l.name).join(', ') || '(no label)';
    out.push(
      '',
      `${d.externalId}: master ${names(d.master)}, ${s.coder} ${names(d.trainee)}`,
      `  ${d.text.replace(/\s+/g, ' ').slice(0, 160)}`,
    );
    for (const [who, labels] of [
      ['master', d.master],
      [s.coder, d.trainee],
    ] as const)
      for (const l of labels) out.push(`  ${who}: ${l.name}${l.description ? ` = ${l.description.replace(/\s+/g, ' ')}` : ''}`);
  }
  out.push('', ...r.notes);
  return out;
}

export const trainingCommand: Command = {
  usage: 'training <project> [--question NAME] [--coder NAME] [--round ID]',
  summary: "coder training rounds with each coder's agreement with the master, or one trainee's result and differences",
  options: { question: { type: 'string' }, coder: { type: 'string' }, round: { type: 'string' } },
  async run(args) {
    const project = positional(args, 0, 'the project file (prelabel training <project> --question NAME)');
    const questionName = stringFlag(args, 'question');
    const coder = stringFlag(args, 'coder');
    const roundId = stringFlag(args, 'round');
    if (roundId !== undefined && coder === undefined)
      throw new PrelabelError('INVALID_INPUT', '--round needs --coder NAME: the round of whose result to show.');
    await openProject(args, project);
    const questions = (await args.call('codebook.get', {})).questions.filter((q) => !q.archived);
    const names = questions.map((q) => `"${q.name}"`).join(', ');
    if (questionName === undefined && questions.length !== 1)
      throw new PrelabelError(
        'INVALID_INPUT',
        questions.length
          ? `--question NAME is required: the project has ${questions.length} questions (${names}).`
          : 'The codebook is empty.',
      );
    const question = questionName === undefined ? questions[0] : questions.find((q) => q.name === questionName);
    if (!question)
      throw new PrelabelError(
        'NOT_FOUND',
        `The project has no question named "${questionName}".${names ? ` Its questions: ${names}.` : ' Its codebook is empty.'}`,
      );
    const rounds = await args.call('training.rounds', { questionId: question.id });
    if (coder === undefined) {
      if (args.json) args.io.out(JSON.stringify({ ok: true, question: { id: question.id, name: question.name }, rounds }));
      else for (const line of roundsText(question.name, rounds)) args.io.out(line);
      return 0;
    }
    const round =
      roundId !== undefined ? rounds.find((r) => r.id === roundId) : rounds.find((r) => r.scores.some((s) => s.coder === coder));
    if (!round)
      throw new PrelabelError(
        'NOT_FOUND',
        roundId !== undefined
          ? `"${question.name}" has no training round ${roundId}.${rounds.length ? ` Its rounds: ${rounds.map((r) => r.id).join(', ')}.` : ''}`
          : `${coder} has decided no document of a training round of "${question.name}".`,
      );
    const result = await args.call('training.result', { sampleId: round.id, coder });
    if (args.json) args.io.out(JSON.stringify({ ok: true, ...result }));
    else for (const line of resultText(result)) args.io.out(line);
    return 0;
  },
};
