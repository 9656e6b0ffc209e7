// `prelabel delete`: true deletion from the command line ([Note: true deletion] in
// main/core/privacy/scrub.ts). Without --yes it only counts what would go; with --yes it deletes
// and says what ran (the search index merged, VACUUM, the WAL truncated, backups removed).
import { PrelabelError, type DeletionPlan, type DeletionResult, type DeletionTarget, type ImportSummary } from '../../../common/contract';
import { openProject, positional, stringFlag, type Command, type CommandArgs } from '../command';

const n = (x: number) => x.toLocaleString('en-US');

function importId(imports: ImportSummary[], given: string): string {
  const byId = imports.find((i) => i.id === given);
  if (byId) return byId.id;
  const named = imports.filter((i) => i.sourceName === given && i.status === 'committed' && i.format !== 'segments');
  if (named.length === 1) return named[0]!.id;
  const names = [...new Set(imports.filter((i) => i.status === 'committed').map((i) => i.sourceName))];
  if (named.length > 1)
    throw new PrelabelError(
      'INVALID_INPUT',
      `${named.length} imports are named ${given}; give one by its id: ${named.map((i) => i.id).join(', ')}.`,
    );
  throw new PrelabelError('NOT_FOUND', `The project has no import ${given}${names.length ? ` (its imports: ${names.join(', ')})` : ''}.`);
}

async function target(args: CommandArgs): Promise<DeletionTarget> {
  const given = ['documents', 'search', 'import', 'coder'].filter((f) => stringFlag(args, f) !== undefined);
  if (given.length !== 1)
    throw new PrelabelError(
      'INVALID_INPUT',
      'say what to delete with one of --documents ID,ID..., --search TEXT, --import NAME, --coder NAME or --project.',
    );
  const value = stringFlag(args, given[0]!)!;
  switch (given[0]) {
    case 'documents':
      return {
        kind: 'externalIds',
        externalIds: value
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      };
    case 'search':
      return { kind: 'search', search: value };
    case 'import':
      return { kind: 'import', importId: importId((await args.call('project.stats', {})).imports, value) };
    default:
      return { kind: 'coder', coder: value };
  }
}

function planLines(p: DeletionPlan): string[] {
  const lines =
    p.target.kind === 'coder'
      ? [`Coder ${p.target.coder}: ${n(p.decisions)} decisions (with their notes) and the coder's name.`]
      : [
          `Documents: ${n(p.documents)}${p.units ? `, with ${n(p.units)} units of their splits` : ''}`,
          `Decisions: ${n(p.decisions)}`,
          `Pre-labelled: ${n(p.predicted)} (their scores go too)`,
          ...(p.samplesChanged ? [`Samples:   ${n(p.samplesChanged)} lose documents, ${n(p.samplesRemoved)} left empty are removed`] : []),
          ...(p.importsRemoved ? [`Imports:   ${n(p.importsRemoved)} left without documents are removed`] : []),
        ];
  return [...lines, `Backups:   ${n(p.backups)} (all removed: they hold the deleted text)`];
}

function resultLines(r: DeletionResult): string[] {
  return [
    `Deleted. Search index merged: ${r.searchIndexOptimized ? 'yes' : 'no'}; VACUUM: ${r.vacuumed ? 'ran' : 'did not run'}; WAL truncated: ${r.walTruncated ? 'yes' : 'no (another program has the project open; it is emptied when that closes)'}; backups removed: ${n(r.backupsRemoved)}; integrity check: ${r.integrity}.`,
  ];
}

async function deleteProject(args: CommandArgs, path: string): Promise<number> {
  const plan = await args.call('privacy.projectPlan', { path });
  if (!args.values.yes) {
    if (args.json) args.io.out(JSON.stringify({ plan, deleted: false }));
    else {
      args.io.out(
        `Project ${plan.name}: ${n(plan.documents)} documents, ${n(plan.decisions)} decisions; ${plan.files.length} files, ${n(plan.bytes)} bytes:`,
      );
      for (const f of plan.files) args.io.out(`  ${f}`);
      args.io.err('Nothing was deleted: add --yes to delete the project and these files.');
    }
    return 1;
  }
  const result = await args.call('privacy.deleteProject', { path, confirmName: plan.name });
  if (args.json) args.io.out(JSON.stringify({ plan, result, deleted: true }));
  else
    args.io.out(
      `Deleted project ${plan.name}: ${result.filesRemoved} files (${n(result.bytes)} bytes), ${result.backupsRemoved} of them backups.`,
    );
  return 0;
}

export const deleteCommand: Command = {
  usage: 'delete <project> (--documents ID,ID... | --search TEXT | --import NAME | --coder NAME | --project) [--yes] [--json]',
  summary: 'delete documents, an import, a coder’s decisions or the whole project for good (counts only without --yes)',
  options: {
    documents: { type: 'string' },
    search: { type: 'string' },
    import: { type: 'string' },
    coder: { type: 'string' },
    project: { type: 'boolean' },
    yes: { type: 'boolean' },
  },
  async run(args) {
    const path = positional(args, 0, 'the project file');
    if (args.values.project) return deleteProject(args, path);
    await openProject(args, path);
    const t = await target(args);
    const plan = await args.call('privacy.plan', { target: t });
    if (!args.values.yes) {
      if (args.json) args.io.out(JSON.stringify({ plan, deleted: false }));
      else {
        for (const line of planLines(plan)) args.io.out(line);
        args.io.err('Nothing was deleted: add --yes to delete these for good.');
      }
      return 1;
    }
    const result = await args.call('privacy.delete', {
      target: t,
      expected: { documents: plan.documents, units: plan.units, decisions: plan.decisions },
    });
    if (args.json) args.io.out(JSON.stringify({ result, deleted: true }));
    else for (const line of [...planLines(result), ...resultLines(result)]) args.io.out(line);
    return 0;
  },
};
