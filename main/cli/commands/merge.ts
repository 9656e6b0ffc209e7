// `prelabel merge`: merges coders' copies into a project ([Note: merge] in main/core/merge/merge.ts)
// and prints the merge report: per copy its coders, the decisions new and already present, and each
// conflict on its own line; --json prints the MergeReport.
import { resolve } from 'node:path';
import type { MergeReport } from '../../../common/contract';
import { openProject, positional, type Command } from '../command';

export function mergeText(report: MergeReport): string[] {
  const lines: string[] = [];
  for (const c of report.copies) {
    const who = c.coders.length ? c.coders.join(', ') : 'no decisions';
    lines.push(`${c.path} (${who}${c.migratedFrom !== null ? `, migrated from file format ${c.migratedFrom}` : ''}):`);
    lines.push(
      `  ${c.decisionsNew} decisions new, ${c.decisionsPresent} already present, ${c.decisionsNotMerged} not merged` +
        (c.questions.length ? `; questions: ${c.questions.join(', ')}` : ''),
    );
    if (c.codersCreated.length) lines.push(`  coders added: ${c.codersCreated.join(', ')}`);
    if (c.samplesNew) lines.push(`  samples added: ${c.samplesNew}`);
    if (c.runsUnknown) lines.push(`  ${c.runsUnknown} decisions name a pre-label run this project does not have (merged without it)`);
    if (c.packageOf !== null && !c.sameProject) lines.push('  note: this copy was packaged from another project');
    for (const conflict of c.conflicts) lines.push(`  conflict (${conflict.kind}): ${conflict.message}`);
  }
  lines.push(
    `Merged ${report.copies.length} ${report.copies.length === 1 ? 'copy' : 'copies'}: ${report.decisionsNew} decisions new, ${report.decisionsPresent} already present, ${report.conflicts} conflicts.`,
  );
  return lines;
}

export const mergeCommand: Command = {
  usage: 'merge <project> <copy>... [--json]',
  summary: "merges coders' copies (packages coded elsewhere): every decision kept with its coder and time; conflicts listed",
  options: {},
  async run(args) {
    const project = positional(args, 0, 'the project file (prelabel merge <project> <copy>...)');
    positional(args, 1, 'the copies to merge (prelabel merge <project> <copy>...)');
    await openProject(args, project);
    const report = await args.call('project.merge', { paths: args.positionals.slice(1).map((p) => resolve(p)) });
    if (args.json) {
      args.io.out(JSON.stringify({ ok: true, ...report }));
      return 0;
    }
    for (const line of mergeText(report)) args.io.out(line);
    return 0;
  },
};
