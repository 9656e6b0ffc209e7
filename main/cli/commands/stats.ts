import type { ProjectStats } from '../../../common/contract';
import { openProject, positional, type Command } from '../command';

export const stats: Command = {
  usage: 'stats <project>',
  summary: 'documents, imports, decisions and predictions',
  options: {},
  async run(args) {
    const project = await openProject(args, positional(args, 0, 'the project file (prelabel stats <project>)'));
    const s = (await args.call('project.stats', {})) as ProjectStats;
    if (args.json) {
      args.io.out(JSON.stringify({ ok: true, project: project.name, path: project.path, ...s }));
      return 0;
    }
    args.io.out(`${project.name} (${project.path})`);
    args.io.out(`Documents:   ${s.documents}`);
    args.io.out(`Imports:     ${s.imports.filter((i) => i.status === 'committed').length}`);
    for (const i of s.imports) args.io.out(`  ${i.sourceName}: ${i.status}, ${i.rowCount} rows, ${i.skippedCount} skipped`);
    args.io.out(`Decisions:   ${s.annotations}`);
    args.io.out(`Predictions: ${s.predictions}`);
    return 0;
  },
};
