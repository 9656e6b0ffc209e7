// `prelabel codebook`: print, replace or CSV-import a project's codebook. The JSON that --get prints
// is what --set reads, so a codebook can be edited in a text editor and read back.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { PrelabelError, codebookToJson, parseCodebookJson, type Codebook } from '../../../common/contract';
import { openProject, positional, stringFlag, type Command, type CommandArgs } from '../command';

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new PrelabelError('NOT_FOUND', `The file ${path} does not exist.`);
    if (code === 'EISDIR') throw new PrelabelError('BAD_FILE', `${path} is a folder; give the codebook's JSON file.`);
    throw err;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "1 question, 3 labels (revision 1b2c...)", counting what is in use; archived items are mentioned. */
function describe(codebook: Codebook): string {
  const questions = codebook.questions.filter((q) => !q.archived);
  const labels = questions.flatMap((q) => q.labels);
  const active = labels.filter((l) => !l.archived).length;
  const archived = labels.length - active + (codebook.questions.length - questions.length);
  const revision = codebook.revisionId ? `revision ${codebook.revisionId}` : 'no revision yet';
  return `${plural(questions.length, 'question')}, ${plural(active, 'label')}${archived ? ` (${archived} archived)` : ''} (${revision})`;
}

function report(args: CommandArgs, before: Codebook, after: Codebook): void {
  if (args.json) args.io.out(JSON.stringify({ ok: true, codebook: after }));
  else args.io.out(`${after.revisionId === before.revisionId ? 'No changes; the codebook has' : 'Saved'} ${describe(after)}`);
}

export const codebookCommand: Command = {
  usage: `codebook <project> --get | --set FILE [--summary TEXT]
                          | --from-csv FILE --question NAME [--template TEXT]`,
  summary:
    'print the codebook as JSON (--get), replace it from such a file (--set), or add the labels of a code,name,description CSV to a question (--from-csv)',
  options: {
    get: { type: 'boolean' },
    set: { type: 'string' },
    summary: { type: 'string' },
    'from-csv': { type: 'string' },
    question: { type: 'string' },
    template: { type: 'string' },
  },
  async run(args) {
    const project = positional(args, 0, 'the project file (prelabel codebook <project> --get)');
    const setFile = stringFlag(args, 'set');
    const csvFile = stringFlag(args, 'from-csv');
    const modes = [args.values.get === true, setFile !== undefined, csvFile !== undefined].filter(Boolean).length;
    if (modes !== 1) throw new PrelabelError('INVALID_INPUT', 'give exactly one of --get, --set FILE and --from-csv FILE.');
    const question = stringFlag(args, 'question');
    if (csvFile !== undefined && !question)
      throw new PrelabelError('INVALID_INPUT', '--from-csv needs --question NAME: the question the labels go into (created if absent).');
    // Read and check the file before touching the project, so a typo costs nothing.
    const input = setFile !== undefined ? parseCodebookJson(readText(resolve(setFile)), basename(setFile)) : null;
    await openProject(args, project);
    const before = await args.call('codebook.get', {});

    if (input) {
      const summary = stringFlag(args, 'summary');
      const after = await args.call('codebook.set', { ...input, ...(summary ? { summary } : {}) });
      report(args, before, after);
    } else if (csvFile !== undefined && question) {
      const template = stringFlag(args, 'template');
      const source = { kind: 'path' as const, path: resolve(csvFile) };
      const after = await args.call('codebook.importCsv', { source, questionName: question, ...(template ? { template } : {}) });
      report(args, before, after);
    } else if (args.json) args.io.out(JSON.stringify({ ok: true, codebook: before }));
    else args.io.out(JSON.stringify(codebookToJson(before), null, 2));
    return 0;
  },
};
