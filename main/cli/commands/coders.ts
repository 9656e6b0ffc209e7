// `prelabel coders`: the project's settings for several coders, set from the command line, and each
// coder's own progress per question ([Note: several coders] in main/core/store/migrations/
// 008-several-coders.ts). Without flags it only shows them.
import { PrelabelError, type CodingSettings, type MethodInput, type ResolutionRule } from '../../../common/contract';
import { openProject, positional, stringFlag, type Command, type CommandArgs } from '../command';

const onOff = (args: CommandArgs, name: string): boolean | undefined => {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  if (v === 'on' || v === 'off') return v === 'on';
  throw new PrelabelError('INVALID_INPUT', `--${name} takes on or off, not "${v}".`);
};

function resolutionFlag(args: CommandArgs): ResolutionRule | undefined {
  const rule = stringFlag(args, 'resolution');
  const lead = stringFlag(args, 'lead');
  if (rule === undefined) {
    if (lead !== undefined) throw new PrelabelError('INVALID_INPUT', '--lead goes with --resolution lead.');
    return undefined;
  }
  if (rule === 'latest' || rule === 'majority') {
    if (lead !== undefined) throw new PrelabelError('INVALID_INPUT', `--lead goes with --resolution lead, not ${rule}.`);
    return { rule };
  }
  if (rule === 'lead') {
    if (!lead?.trim()) throw new PrelabelError('INVALID_INPUT', '--resolution lead needs --lead NAME (the lead coder).');
    return { rule: 'lead', lead };
  }
  throw new PrelabelError('INVALID_INPUT', `--resolution takes latest, majority or lead, not "${rule}".`);
}

function describeRule(r: ResolutionRule): string {
  if (r.rule === 'lead') return `the lead coder's (${r.lead}), else the majority`;
  return r.rule === 'majority' ? 'the majority (a tie: the latest of the tied)' : 'the latest decision';
}

function settingsLines(s: CodingSettings): string[] {
  return [
    `Mode:         ${s.mode === 'every' ? "every coder codes every document (each coder's own queue)" : 'shared (a document decided by any coder leaves every queue)'}`,
    `Blind coders: ${s.blindCoders ? 'on (a coder sees only their own decisions)' : 'off'}`,
    `Suggestions:  ${s.hideSuggestions ? 'hidden while coding' : 'shown'}`,
    `Disagreement: ${describeRule(s.resolution)}, unless adjudicated`,
  ];
}

export const codersCommand: Command = {
  usage:
    'coders <project> [--mode shared|every] [--blind on|off] [--hide-suggestions on|off] [--resolution latest|majority|lead [--lead NAME]]',
  summary: 'the settings for several coders (independent coding, blind, how disagreements resolve) and each coder’s progress',
  options: {
    mode: { type: 'string' },
    blind: { type: 'string' },
    'hide-suggestions': { type: 'string' },
    resolution: { type: 'string' },
    lead: { type: 'string' },
  },
  async run(args) {
    const path = positional(args, 0, 'the project file (prelabel coders <project>)');
    const mode = stringFlag(args, 'mode');
    if (mode !== undefined && mode !== 'shared' && mode !== 'every')
      throw new PrelabelError('INVALID_INPUT', `--mode takes shared or every, not "${mode}".`);
    const change: MethodInput<'annotate.setSettings'> = {};
    if (mode !== undefined) change.mode = mode;
    const blind = onOff(args, 'blind');
    if (blind !== undefined) change.blindCoders = blind;
    const hide = onOff(args, 'hide-suggestions');
    if (hide !== undefined) change.hideSuggestions = hide;
    const resolution = resolutionFlag(args);
    if (resolution !== undefined) change.resolution = resolution;
    await openProject(args, path);
    const settings = Object.keys(change).length
      ? await args.call('annotate.setSettings', change)
      : await args.call('annotate.settings', {});
    const progress = await args.call('coders.progress', {});
    if (args.json) {
      args.io.out(JSON.stringify({ ok: true, settings, coders: progress }));
      return 0;
    }
    for (const line of settingsLines(settings)) args.io.out(line);
    if (progress.length === 0) {
      args.io.out('Coders:       none has decided anything yet');
      return 0;
    }
    args.io.out('Coders:');
    for (const c of progress) {
      const parts = c.questions.map(
        (q) => `${q.question} ${q.decided + q.skipped} of ${q.units}${q.skipped ? ` (${q.skipped} skipped)` : ''}`,
      );
      args.io.out(`  ${c.coder}: ${parts.join('; ') || 'no question'}`);
    }
    return 0;
  },
};
