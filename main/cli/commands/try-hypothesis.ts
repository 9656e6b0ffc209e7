// `prelabel try-hypothesis`: "try it" from the command line. Each --template or --hypothesis (with
// --label) is one variant; --suggest adds the suggested wordings. The variants are scored on the
// documents with a truth (tuning.try, a job), and each variant's macro-F1 and per-label F1 are
// printed beside the current wording's; --keep NAME keeps one as a new codebook revision.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { PrelabelError, type TuningResult, type TuningVariant } from '../../../common/contract';
import { fmtCoef, fmtCoefInterval } from '../../../common/evaluation-format';
import { progressLine, stringFlag, type Command, type CommandArgs } from '../command';
import { evaluationInput } from './evaluate-flags';
import { table } from './evaluate-text';

const list = (args: CommandArgs, name: string): string[] => {
  const v = args.values[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
};

export function tuningText(r: TuningResult): string[] {
  const out = [`"${r.question}" against ${r.against}: ${r.documents.used} documents (${r.source.description})`];
  const names = r.variants.map((v) => v.name);
  out.push(
    ...table([
      ['', ...names],
      ['macro-F1', ...r.variants.map((v) => fmtCoef(v.macroF1))],
      ['interval', ...r.variants.map((v) => fmtCoefInterval(v.macroF1Interval))],
      ...r.labels.map((label) => [`F1 ${label}`, ...r.variants.map((v) => fmtCoef(v.perLabel.find((l) => l.label === label)?.f1))]),
      ['pairs scored', ...r.variants.map((v) => String(v.pairsScored))],
    ]),
  );
  for (const v of r.variants.slice(1)) {
    const changed = v.hypotheses.filter((h) => h.changed);
    out.push(`${v.name}: ${changed.length ? changed.map((h) => `${h.label} = "${h.hypothesis}"`).join('; ') : 'no hypothesis changed'}`);
  }
  for (const w of r.warnings) out.push(`Note: ${w}`);
  out.push(`Took ${r.seconds.toFixed(1)} s.`);
  return out;
}

export const tryHypothesisCommand: Command = {
  usage: `try-hypothesis <project> --question NAME (--template "T {}." | --label NAME --hypothesis "H." | --suggest)...
                          [--against human|gold|sample] [--sample ID] [--model DIR] [--keep VARIANT]`,
  summary: 'score wording variants on the coded documents and compare macro-F1 and per-label F1 with the current wording',
  options: {
    question: { type: 'string' },
    against: { type: 'string' },
    sample: { type: 'string' },
    label: { type: 'string', multiple: true },
    hypothesis: { type: 'string', multiple: true },
    template: { type: 'string', multiple: true },
    suggest: { type: 'boolean' },
    keep: { type: 'string' },
    model: { type: 'string' },
  },
  async run(args) {
    const base = await evaluationInput(args, 'try-hypothesis');
    // The model that made the current pre-labels, for this command only (the app's saved one by default).
    const modelDir = stringFlag(args, 'model');
    if (modelDir !== undefined) await args.call('model.select', { path: resolve(modelDir), persist: false });
    const codebook = await args.call('codebook.get', {});
    const question = codebook.questions.find((q) => q.id === base.questionId)!;
    const labels = list(args, 'label');
    const hypotheses = list(args, 'hypothesis');
    if (labels.length !== hypotheses.length)
      throw new PrelabelError('INVALID_INPUT', 'Give each --hypothesis with the --label it is for (as many --label as --hypothesis).');
    const variants: TuningVariant[] = list(args, 'template').map((template) => ({ name: template, template }));
    hypotheses.forEach((hypothesis, i) => {
      const label = question.labels.find((l) => l.name === labels[i] && !l.archived);
      if (!label)
        throw new PrelabelError(
          'NOT_FOUND',
          `"${question.name}" has no label named "${labels[i]}". Its labels: ${question.labels
            .filter((l) => !l.archived)
            .map((l) => `"${l.name}"`)
            .join(', ')}.`,
        );
      variants.push({ name: `${label.name}: ${hypothesis}`, hypotheses: { [label.id]: hypothesis } });
    });
    if (args.values.suggest) {
      const s = await args.call('tuning.suggest', { questionId: question.id });
      variants.push(...s.suggestions.map((x) => x.variant));
    }
    if (variants.length === 0)
      throw new PrelabelError('INVALID_INPUT', 'Give a variant: --template "…{}…", --label NAME --hypothesis "…", or --suggest.');
    const keep = stringFlag(args, 'keep');
    const jobId = randomUUID();
    const off = args.on('job:progress', (p) => {
      if (p.kind === 'tuning' && p.jobId === jobId && p.total)
        progressLine(args, `variant ${p.variant + 1}/${p.variants}: ${Math.round((100 * p.done) / p.total)}%`);
    });
    let result: TuningResult;
    try {
      await args.call('tuning.try', {
        questionId: question.id,
        against: base.against,
        ...(base.sampleId ? { sampleId: base.sampleId } : {}),
        variants: variants.slice(0, 8),
        jobId,
      });
      const done = await args.jobDone(jobId, 'tuning');
      progressLine(args, 'done', true);
      if (done.status !== 'done' || !done.result)
        throw new PrelabelError(done.error?.code ?? 'INTERNAL', done.error?.message ?? `trying the variants ${done.status}.`);
      result = done.result;
    } finally {
      off();
    }
    let kept: string | null = null;
    if (keep !== undefined) {
      const index = result.variants.findIndex((v) => !v.current && v.name === keep);
      if (index < 1)
        throw new PrelabelError(
          'NOT_FOUND',
          `No variant is named "${keep}". The variants: ${result.variants
            .slice(1)
            .map((v) => `"${v.name}"`)
            .join(', ')}.`,
        );
      const cb = await args.call('tuning.keep', { questionId: question.id, variant: variants[index - 1]! });
      kept = cb.revisionId;
    }
    if (args.json) {
      args.io.out(JSON.stringify({ ok: true, ...result, keptRevisionId: kept }));
      return 0;
    }
    for (const line of tuningText(result)) args.io.out(line);
    if (kept) args.io.out(`Kept "${keep}" as codebook revision ${kept}; pre-label the question again to use it.`);
    return 0;
  },
};
