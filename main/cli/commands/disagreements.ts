// `prelabel disagreements`: the documents where the coders of a question disagree, most disagreement
// first ([Note: disagreement] in main/core/adjudication/disagreements.ts): a plain-text list with the
// counts (open, settled), or with --json every unit as the Adjudicate screen gets it; --out writes
// the CSV for a coding meeting that the screen downloads (adjudication.csv).
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrelabelError, type AdjudicationUnit, type CodebookQuestion } from '../../../common/contract';
import { openProject, positional, stringFlag, type Command, type CommandArgs } from '../command';

const STATUSES = ['open', 'settled', 'all'] as const;
type Status = (typeof STATUSES)[number];

async function pickQuestion(args: CommandArgs, name: string | undefined): Promise<CodebookQuestion> {
  const questions = (await args.call('codebook.get', {})).questions.filter((q) => !q.archived);
  const names = questions.map((q) => `"${q.name}"`).join(', ');
  if (name === undefined) {
    if (questions.length === 1) return questions[0]!;
    throw new PrelabelError(
      'INVALID_INPUT',
      questions.length
        ? `--question NAME is required: the project has ${questions.length} questions (${names}).`
        : 'The codebook is empty.',
    );
  }
  const question = questions.find((q) => q.name === name);
  if (!question)
    throw new PrelabelError(
      'NOT_FOUND',
      `The project has no question named "${name}".${names ? ` Its questions: ${names}.` : ' Its codebook is empty.'}`,
    );
  return question;
}

function writeCsv(path: string, csv: string): string {
  const target = resolve(path);
  const parent = dirname(target);
  if (!existsSync(parent) || !statSync(parent).isDirectory())
    throw new PrelabelError('NOT_FOUND', `--out: the folder ${parent} does not exist.`);
  if (existsSync(target) && statSync(target).isDirectory())
    throw new PrelabelError('ALREADY_EXISTS', `--out: ${target} is a folder, not a file.`);
  // Readable by the owner only: it holds document text ([Note: owner-only files]).
  writeFileSync(target, csv, { encoding: 'utf8', mode: 0o600 });
  return target;
}

/** One line per coder decision: "ana: favor (note)". */
function unitLines(u: AdjudicationUnit): string[] {
  const cell = (kind: string, labels: string[]) =>
    kind === 'skip' ? '[skip]' : kind === 'not_codable' ? '[not codable]' : labels.length ? labels.join('|') : '[none]';
  return [
    `${u.externalId}  disagreement ${u.disagreement.toFixed(2)} (${u.differingPairs} of ${u.pairs} pairs differ)${u.adjudication ? `  settled: ${cell(u.adjudication.kind, u.adjudication.labels)} by ${u.adjudication.coder}` : ''}`,
    ...u.coders.map((c) => `  ${c.coder}: ${cell(c.kind, c.labels)}${c.note ? ` (${c.note.replace(/\s+/g, ' ')})` : ''}`),
  ];
}

export const disagreementsCommand: Command = {
  usage: 'disagreements <project> [--question NAME] [--status open|settled|all] [--sample ID] [--no-suggestion] [--out FILE.csv]',
  summary: 'the documents where coders disagree, most disagreement first; --out writes the CSV for a coding meeting',
  options: {
    question: { type: 'string' },
    status: { type: 'string' },
    sample: { type: 'string' },
    'no-suggestion': { type: 'boolean' },
    out: { type: 'string' },
  },
  async run(args) {
    const project = positional(args, 0, 'the project file (prelabel disagreements <project> --question NAME)');
    const statusFlag = stringFlag(args, 'status') ?? 'all';
    if (!(STATUSES as readonly string[]).includes(statusFlag))
      throw new PrelabelError('INVALID_INPUT', `--status must be open, settled or all (got "${statusFlag}").`);
    const status = statusFlag as Status;
    const out = stringFlag(args, 'out');
    if (out !== undefined && resolve(out) === resolve(project))
      throw new PrelabelError('INVALID_INPUT', '--out names the project file itself; choose another file.');
    await openProject(args, project);
    const question = await pickQuestion(args, stringFlag(args, 'question'));
    const sampleId = stringFlag(args, 'sample');
    const scope = {
      questionId: question.id,
      status,
      showSuggestion: args.values['no-suggestion'] !== true,
      ...(sampleId ? { sampleId } : {}),
    };
    const units: AdjudicationUnit[] = [];
    let page = await args.call('adjudication.list', { ...scope, limit: 500 });
    units.push(...page.units);
    while (page.next !== null) {
      page = await args.call('adjudication.list', { ...scope, limit: 500, after: page.next });
      units.push(...page.units);
    }
    const written = out !== undefined ? writeCsv(out, (await args.call('adjudication.csv', scope)).csv) : undefined;
    if (args.json) {
      args.io.out(
        JSON.stringify({ ok: true, question: question.name, status, counts: page.counts, units, ...(written ? { written } : {}) }),
      );
      return 0;
    }
    const c = page.counts;
    args.io.out(`"${question.name}": ${c.total} disagreement${c.total === 1 ? '' : 's'}, ${c.settled} settled, ${c.open} open.`);
    if (!written) for (const u of units) for (const line of unitLines(u)) args.io.out(line);
    else args.io.out(`Wrote ${units.length} disagreement${units.length === 1 ? '' : 's'} (${status}) to ${written}`);
    return 0;
  },
};
