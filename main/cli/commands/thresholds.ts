// `prelabel thresholds <project> --question Q`: a multi-label question's per-label thresholds (each
// label's average precision, the threshold the rule picks with its precision and recall, 0.5's,
// and the one in use); --tune stores them (thresholds.tune), --clear removes them; the rule is max
// F1 unless --target-precision P or --target-recall R. For a single-label question the uncertain
// band (--band X sets it, --band off turns it off). With --json the contract's object.
import { PrelabelError, type CodebookQuestion, type ThresholdRuleInput, type ThresholdsResult } from '../../../common/contract';
import { fmtShare } from '../../../common/evaluation-format';
import { openProject, positional, stringFlag, type CommandArgs, type Command } from '../command';
import { table } from './evaluate-text';

/** Opens the project and finds the question named by --question (required). */
export async function questionFlag(args: CommandArgs, command: string): Promise<CodebookQuestion> {
  const project = positional(args, 0, `the project file (prelabel ${command} <project> --question NAME)`);
  const name = stringFlag(args, 'question');
  if (!name) throw new PrelabelError('INVALID_INPUT', '--question NAME is required.');
  await openProject(args, project);
  const questions = (await args.call('codebook.get', {})).questions.filter((q) => !q.archived);
  const question = questions.find((q) => q.name === name);
  if (!question) {
    const names = questions.map((q) => `"${q.name}"`).join(', ');
    throw new PrelabelError(
      'NOT_FOUND',
      `The project has no question named "${name}".${names ? ` Its questions: ${names}.` : ' Its codebook is empty.'}`,
    );
  }
  return question;
}

function share(args: CommandArgs, flag: string): number | undefined {
  const v = stringFlag(args, flag);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !(n > 0 && n <= 1))
    throw new PrelabelError('INVALID_INPUT', `--${flag} must be a number above 0 and at most 1 (got "${v}").`);
  return n;
}

const num = (x: number) => x.toFixed(4);

function text(r: ThresholdsResult, question: string): string[] {
  const out = [
    `"${question}": ${r.documents} coded documents with a current pre-label${r.excludedValidation ? `, ${r.excludedValidation} in a validation sample left out` : ''}${r.unscored ? `, ${r.unscored} without a current pre-label` : ''}`,
  ];
  // Which scores they apply to ([Note: thresholds apply to raw scores only] in thresholds/tune.ts).
  if (r.appliesTo) out.push(r.appliesTo.text);
  if (r.band) {
    const b = r.band;
    out.push(
      `Uncertain band: ${b.margin === null ? 'off' : `margin ${b.margin}`} (margins of the ${b.scale} probabilities; ${b.scored} scored documents, ${b.coded} coded)`,
      '',
    );
    out.push(
      ...table([
        ['margin', 'coded inside', 'accuracy inside', 'accuracy outside', 'scored inside'],
        ...[...(b.current ? [b.current] : []), ...b.candidates].map((c, i) => [
          `${c.margin}${i === 0 && b.current ? ' (set)' : ''}`,
          String(c.coded),
          fmtShare(c.accuracyInside),
          fmtShare(c.accuracyOutside),
          String(c.corpus),
        ]),
      ]),
    );
    return out;
  }
  const rule =
    r.rule.kind === 'maxF1'
      ? 'max F1'
      : r.rule.kind === 'targetPrecision'
        ? `precision at least ${r.rule.value}`
        : `recall at least ${r.rule.value}`;
  out.push(
    r.stored
      ? `Stored thresholds: tuned ${r.stored.tunedAt.slice(0, 16).replace('T', ' ')} on ${r.stored.documents} documents (${r.stored.current ? 'in use' : 'stale: the model input changed, 0.5 applies'})`
      : 'No tuned thresholds: every label is cut at 0.5.',
    `Rule: ${rule}`,
    '',
    ...table([
      ['label', 'with', 'without', 'AP', 'threshold', 'precision', 'recall', 'F1', 'at 0.5: P', 'R', 'F1', 'in use'],
      ...r.labels.map((l) => [
        l.label,
        String(l.positives),
        String(l.negatives),
        l.averagePrecision === null ? '–' : num(l.averagePrecision),
        l.chosen ? num(l.chosen.threshold) : '–',
        fmtShare(l.chosen?.precision),
        fmtShare(l.chosen?.recall),
        fmtShare(l.chosen?.f1),
        fmtShare(l.atDefault.precision),
        fmtShare(l.atDefault.recall),
        fmtShare(l.atDefault.f1),
        l.inUse === null ? '0.5' : num(l.inUse),
      ]),
    ]),
  );
  for (const l of r.labels) if (l.reason) out.push(`${l.label}: ${l.reason}`);
  return out;
}

export const thresholdsCommand: Command = {
  usage: 'thresholds <project> --question NAME [--tune | --clear] [--target-precision P | --target-recall R] [--band X|off]',
  summary:
    "per-label thresholds of a multi-label question tuned on the coded documents (precision-recall), or a single-label question's uncertain band",
  options: {
    question: { type: 'string' },
    tune: { type: 'boolean' },
    clear: { type: 'boolean' },
    'target-precision': { type: 'string' },
    'target-recall': { type: 'string' },
    band: { type: 'string' },
  },
  async run(args) {
    const p = share(args, 'target-precision');
    const rc = share(args, 'target-recall');
    if (p !== undefined && rc !== undefined)
      throw new PrelabelError('INVALID_INPUT', 'Give --target-precision or --target-recall, not both.');
    const tune = args.values.tune === true;
    const clear = args.values.clear === true;
    if (tune && clear) throw new PrelabelError('INVALID_INPUT', 'Give --tune or --clear, not both.');
    const bandFlag = stringFlag(args, 'band');
    let band: number | null | undefined;
    if (bandFlag !== undefined) {
      band = bandFlag === 'off' ? null : Number(bandFlag);
      if (band !== null && (bandFlag.trim() === '' || !(band > 0 && band < 1)))
        throw new PrelabelError('INVALID_INPUT', `--band must be a margin above 0 and below 1, or off (got "${bandFlag}").`);
    }
    const rule: ThresholdRuleInput | undefined =
      p !== undefined ? { kind: 'targetPrecision', value: p } : rc !== undefined ? { kind: 'targetRecall', value: rc } : undefined;
    const question = await questionFlag(args, 'thresholds');
    let result: ThresholdsResult;
    if (band !== undefined) result = await args.call('thresholds.setBand', { questionId: question.id, margin: band });
    else if (tune || clear)
      result = await args.call('thresholds.tune', { questionId: question.id, rule: rule ?? { kind: 'maxF1' }, clear });
    else result = await args.call('thresholds.get', { questionId: question.id, ...(rule ? { rule } : {}) });
    if (args.json) args.io.out(JSON.stringify({ ok: true, question: { id: question.id, name: question.name }, ...result }));
    else for (const line of text(result, question.name)) args.io.out(line);
    return 0;
  },
};
