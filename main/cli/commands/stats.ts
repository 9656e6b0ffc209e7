// `prelabel stats`: documents, imports (with one another window is writing), decisions,
// predictions, and whether search finds every document yet.
import type { ImportSummary } from '../../../common/contract';
import { openProject, positional, type Command } from '../command';

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
