// `prelabel segment`: splits a project's documents into units of analysis (paragraphs, sentences or
// windows of sentences) that replace them as coding units, or removes a split (--remove).
import { randomUUID } from 'node:crypto';
import { PrelabelError } from '../../../common/contract';
import { openProject, positional, progressLine, stringFlag, type Command } from '../command';
import { describeSplit, SEGMENT_USAGE, segmentFlagOptions, segmentSpecFrom } from './segment-flags';

export const segmentCommand: Command = {
  usage: `segment <project> --unit paragraph|sentence|window ${SEGMENT_USAGE}
                          | segment <project> --remove [--id SPLIT_ID] | segment <project> --list`,
  summary: 'split documents into units of analysis that replace them in coding, or --remove a split (parents become units again)',
  options: {
    unit: { type: 'string' },
    ...segmentFlagOptions,
    remove: { type: 'boolean' },
    list: { type: 'boolean' },
    id: { type: 'string' },
  },
  async run(args) {
    const project = positional(args, 0, 'the project file (prelabel segment <project> --unit sentence)');
    const spec = segmentSpecFrom(args, 'unit');
    const modes = [spec !== null, args.values.remove === true, args.values.list === true].filter(Boolean).length;
    if (modes !== 1) throw new PrelabelError('INVALID_INPUT', 'Give one of --unit paragraph|sentence|window, --remove or --list.');
    await openProject(args, project);

    if (args.values.list) {
      const list = await args.call('segments.list', {});
      if (args.json) args.io.out(JSON.stringify({ ok: true, segmentations: list }));
      else if (list.length === 0) args.io.out('No split: the project codes whole documents.');
      else
        for (const s of list)
          args.io.out(
            `${s.id}  ${describeSplit(s)}: ${s.segments} units of ${s.parents} documents (${s.sources.map((x) => x.sourceName).join(', ')})`,
          );
      return 0;
    }

    if (args.values.remove) {
      const id = stringFlag(args, 'id');
      const removed = await args.call('segments.remove', id ? { segmentationId: id } : {});
      if (args.json) args.io.out(JSON.stringify({ ok: true, ...removed }));
      else
        args.io.out(
          `Removed ${removed.removed === 1 ? 'the split' : `${removed.removed} splits`}: ${removed.segments} units deleted; ${removed.parents} documents are coding units again.`,
        );
      return 0;
    }

    const jobId = randomUUID();
    const off = args.on('job:progress', (p) => {
      if (p.kind === 'segment' && p.jobId === jobId && p.total) progressLine(args, `${p.phase} ${Math.round((100 * p.done) / p.total)}%`);
    });
    try {
      await args.call('segments.create', { jobId, spec: spec! });
      const done = await args.jobDone(jobId, 'segment');
      progressLine(args, 'done', true);
      if (done.status !== 'done' || !done.result)
        throw new PrelabelError(done.error?.code ?? 'INTERNAL', done.error?.message ?? `the split ${done.status}.`);
      const list = await args.call('segments.list', {});
      const made = list.find((s) => s.id === done.result!.segmentationId);
      if (args.json) args.io.out(JSON.stringify({ ok: true, ...done.result, segmentation: made ?? null }));
      else
        args.io.out(
          `Split ${done.result.parents} documents into ${done.result.segments} ${made ? describeSplit(made) : spec!.unit}; they are the coding units now (split ${done.result.segmentationId}).`,
        );
      return 0;
    } finally {
      off();
    }
  },
};
