// `prelabel pause` and `prelabel cancel`: stop a question's pre-label run from another terminal.
// The run of a process that still scores it is refused in one line naming that process (pid, host,
// since: [Note: run lease]); stop it there (Ctrl+C or kill -TERM pauses a CLI run). A run left
// 'running' by a process that died is paused or cancelled here.
import { PrelabelError, type CodebookQuestion, type RunInfo } from '../../../common/contract';
import { openProject, positional, stringFlag, type Command, type CommandArgs } from '../command';

async function questionOf(args: CommandArgs, name: string | undefined): Promise<CodebookQuestion> {
  const { questions } = await args.call('codebook.get', {});
  if (name === undefined) {
    if (questions.length === 1) return questions[0]!;
    throw new PrelabelError('INVALID_INPUT', `--question NAME is required: the codebook has ${questions.length} questions.`);
  }
  const q = questions.find((x) => x.id === name) ?? questions.find((x) => x.name === name);
  if (!q) throw new PrelabelError('NOT_FOUND', `The codebook has no question "${name}".`);
  return q;
}

function controlCommand(action: 'pause' | 'cancel'): Command {
  return {
    usage: `${action} <project> [--question NAME]`,
    summary:
      action === 'pause'
        ? "pause a question's pre-label run (refused, naming the process, while another process scores it: stop it there)"
        : "cancel a question's pre-label run for good (refused, naming the process, while another process scores it)",
    options: { question: { type: 'string' } },
    async run(args) {
      const project = positional(args, 0, `the project file (prelabel ${action} <project> --question NAME)`);
      await openProject(args, project);
      const question = await questionOf(args, stringFlag(args, 'question'));
      const { run } = await args.call('prelabel.status', { questionId: question.id });
      if (!run) throw new PrelabelError('NOT_FOUND', `The question "${question.name}" has no pre-label run.`);
      const after: RunInfo = await args.call(action === 'pause' ? 'prelabel.pause' : 'prelabel.cancel', { runId: run.id });
      if (args.json) args.io.out(JSON.stringify({ ok: true, run: after }));
      else args.io.out(`${question.name}: the run is ${after.status}.`);
      return 0;
    },
  };
}

export const pauseCommand = controlCommand('pause');
export const cancelCommand = controlCommand('cancel');
