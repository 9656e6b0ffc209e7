// `prelabel threads`: the intra-op thread choice measured for a model on this machine (kept in the
// data folder's settings.json, [Note: thread calibration]): show it, measure it again now, or forget
// it so that the next run measures. --model is used for this command only (the app's saved model
// stays as it is); without it, the app's saved model.
import { PrelabelError, type ModelThreads, type ThreadMeasurement } from '../../../common/contract';
import { stringFlag, type Command } from '../command';
import { modelFlag } from './prelabel';

function loadText(m: ThreadMeasurement): string {
  const l = m.load;
  if (!l) return 'load not recorded';
  if (l.method === 'none') return 'load not measurable on this system';
  const how = l.method === 'loadavg' ? ' (load average)' : '';
  return `${l.busy ? 'busy' : 'quiet'}: other processes used ${l.otherCores.toFixed(2)} of ${l.logicalCpus} CPUs${how}`;
}

function describe(m: ThreadMeasurement): string[] {
  return [
    `${m.threads} thread${m.threads === 1 ? '' : 's'}, measured ${m.at} (${loadText(m)})`,
    ...m.measured.map((x) => `  ${x.threads} thread${x.threads === 1 ? '' : 's'}: ${Math.round(x.pairsPerSecond)} pairs/s`),
  ];
}

function report(r: ModelThreads): string[] {
  const lines = [`Model: ${r.model.id} (${r.model.path})`, `Machine: ${r.machine}`];
  if (r.forgotten !== undefined) lines.push(r.forgotten ? 'Forgot the stored choice.' : 'No choice was stored.');
  if (r.measuredNow) {
    lines.push(`Measured now: ${describe(r.measuredNow.choice).join('\n')}`);
    if (!r.measuredNow.kept) lines.push('The machine was busy: the choice measured on a quiet machine stays stored.');
  }
  if (r.stored) {
    lines.push(`Stored: ${describe(r.stored)[0]}`);
    if (!r.measuredNow) lines.push(...describe(r.stored).slice(1));
    if (r.stored.load?.busy)
      lines.push('Measured while the machine was busy: runs use it until a run finds the machine quiet and measures again.');
  } else lines.push('Stored: none; the next run (or --remeasure) measures this machine.');
  return lines;
}

export const threadsCommand: Command = {
  usage: 'threads [--model DIR] [--remeasure | --forget]',
  summary:
    "show the intra-op threads measured for a model on this machine (when, the machine's load meanwhile, pairs/s at each count); --remeasure measures again now, --forget drops the stored choice so the next run measures (the app's saved model unless --model)",
  options: {
    model: { type: 'string' },
    remeasure: { type: 'boolean' },
    forget: { type: 'boolean' },
  },
  async run(args) {
    const remeasure = args.values.remeasure === true;
    const forget = args.values.forget === true;
    if (remeasure && forget) throw new PrelabelError('INVALID_INPUT', '--remeasure and --forget do not go together: choose one.');
    // For this command only: the app's saved model stays as it is.
    if (stringFlag(args, 'model') !== undefined) await args.call('model.select', { path: modelFlag(args), persist: false });
    else if (!(await args.call('model.current', {})))
      throw new PrelabelError('INVALID_INPUT', 'No model is chosen: pass --model DIR (the model folder) or choose one in the app.');
    if (remeasure && !args.json) args.io.err('Measuring the threads on this machine (a few seconds)...');
    const r = await args.call(remeasure ? 'model.measureThreads' : forget ? 'model.forgetThreads' : 'model.threads', {});
    if (args.json) args.io.out(JSON.stringify({ ok: true, ...r }));
    else for (const line of report(r)) args.io.out(line);
    return 0;
  },
};
