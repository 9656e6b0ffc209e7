// `prelabel stats`: documents, the unit of analysis, imports (with one another window is writing), decisions,
// predictions, and whether search finds every document yet.
import type { ImportSummary, UnitOfAnalysis } from '../../../common/contract';
import { openProject, positional, type Command } from '../command';
import { describeSplit } from './segment-flags';

export const stats: Command = {
  usage: 'stats <project>',
  summary: 'documents, imports, decisions and predictions',
  options: {},
  async run(args) {
    const project = await openProject(args, positional(args, 0, 'the project file (prelabel stats <project>)'));
    const s = await args.call('project.stats', {});
    if (args.json) {
      args.io.out(JSON.stringify({ ok: true, project: project.name, path: project.path, ...s }));
      return 0;
    }
    args.io.out(`${project.name} (${project.path})`);
    args.io.out(`Documents:   ${s.documents}`);
    args.io.out(`Units:       ${unitsLine(s.units)}`);
    args.io.out(`Imports:     ${s.imports.filter((i) => i.status === 'committed').length}`);
    for (const i of s.imports) args.io.out(`  ${i.sourceName}: ${importLine(i)}`);
    args.io.out(`Decisions:   ${s.annotations}`);
    args.io.out(`Predictions: ${s.predictions}`);
    if (s.search.complete) args.io.out('Search:      complete');
    // Opening the project started completing the index; the CLI waits for it before it exits
    // (main/cli/cli-main.ts), unless another window is building it.
    else
      args.io.out(
        `Search:      incomplete, ${s.search.pending} of ${s.search.total} documents not indexed yet (being built; searches miss them until then)`,
      );
    return 0;
  },
};

/** The unit of analysis: whole documents, or what the splits made of them. */
function unitsLine(u: UnitOfAnalysis): string {
  if (u.segmentations.length === 0) return 'whole documents';
  const splits = u.segmentations.map((s) => `${describeSplit(s)}: ${s.segments} units of ${s.parents} documents`);
  return `${u.unit === 'mixed' ? 'mixed; ' : ''}${splits.join('; ')}`;
}

function importLine(i: ImportSummary): string {
  if (i.status === 'pending')
    return i.runningElsewhere
      ? 'being imported in another window'
      : 'pending (unfinished; its rows are removed when it is found abandoned)';
  const search =
    i.status === 'committed' && !i.searchIndexed
      ? i.runningElsewhere
        ? ', search index being built in another window'
        : ', search index incomplete'
      : '';
  return `${i.status}, ${i.rowCount} rows, ${i.skippedCount} skipped${search}`;
}
