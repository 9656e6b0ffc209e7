// `prelabel export`: labelled data of one question as training data, with its manifest.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import {
  PrelabelError,
  aggregateRules,
  exportFilters,
  exportFormats,
  exportLevels,
  nliLabelModes,
  nliNegativeModes,
} from '../../../common/contract';
import { openProject, positional, progressLine, stringFlag, type Command } from '../command';

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback?: T): T {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new PrelabelError('INVALID_INPUT', `--${flag} is required: one of ${allowed.join(', ')}.`);
  }
  if (!(allowed as readonly string[]).includes(value))
    throw new PrelabelError('INVALID_INPUT', `--${flag} must be one of ${allowed.join(', ')} (got "${value}").`);
  return value as T;
}

function numberFlag(flag: string, value: string | undefined, check: (n: number) => boolean, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new PrelabelError('INVALID_INPUT', `--${flag} must be ${what} (got "${value}").`);
  return n;
}

export const exportCommand: Command = {
  usage: `export <project> --format csv|csv-excel|jsonl|xlsx|parquet|hf|nli --question NAME --out PATH
                          [--filter all|coded|accepted|changed] [--seed N] [--test-fraction F]
                          [--level unit|parent] [--aggregate any|majority|max_score|share]
                          [--nli-negatives balanced|all] [--nli-labels text|numeric]
                          [--labels-only] [--pseudonymise COLUMN,COLUMN]`,
  summary:
    "write one question's decisions as training data, with a manifest named after the file (FILE.manifest.json; --out is a folder for hf, a file otherwise; --filter defaults to coded, and hf and nli take coded, accepted or changed)",
  options: {
    format: { type: 'string' },
    question: { type: 'string' },
    out: { type: 'string' },
    filter: { type: 'string' },
    seed: { type: 'string' },
    'test-fraction': { type: 'string' },
    level: { type: 'string' },
    aggregate: { type: 'string' },
    'nli-negatives': { type: 'string' },
    'nli-labels': { type: 'string' },
    'labels-only': { type: 'boolean' },
    pseudonymise: { type: 'string' },
  },
  async run(args) {
    const project = positional(args, 0, 'the project file (prelabel export <project> --format csv --question NAME --out PATH)');
    const format = oneOf('format', stringFlag(args, 'format'), exportFormats);
    const filter = oneOf('filter', stringFlag(args, 'filter'), exportFilters, 'coded');
    // Split documents: one row per unit (default) or per parent document, aggregated by a rule.
    const level = oneOf('level', stringFlag(args, 'level'), exportLevels, 'unit');
    const aggregateFlag = stringFlag(args, 'aggregate');
    if (aggregateFlag !== undefined && level !== 'parent')
      throw new PrelabelError('INVALID_INPUT', '--aggregate is the rule of an export at parent level: give --level parent too.');
    const aggregate = oneOf('aggregate', aggregateFlag, aggregateRules, 'any');
    // NLI pairs: one not_entailment pair per entailment pair (balanced, BERT-NLI) or every other
    // label; labels as text or 0/1.
    const negativesFlag = stringFlag(args, 'nli-negatives');
    const labelsFlag = stringFlag(args, 'nli-labels');
    if ((negativesFlag !== undefined || labelsFlag !== undefined) && format !== 'nli')
      throw new PrelabelError('INVALID_INPUT', `--nli-negatives and --nli-labels are options of --format nli (got --format ${format}).`);
    const nliNegatives = oneOf('nli-negatives', negativesFlag, nliNegativeModes, 'balanced');
    const nliLabels = oneOf('nli-labels', labelsFlag, nliLabelModes, 'text');
    // To share: ids and codes only (no text, no metadata), and metadata columns as keyed pseudonyms.
    const labelsOnly = args.values['labels-only'] === true;
    const pseudonymiseFlag = stringFlag(args, 'pseudonymise');
    const pseudonymise = pseudonymiseFlag === undefined ? [] : pseudonymiseFlag.split(',').map((c) => c.trim());
    if (pseudonymise.some((c) => c === ''))
      throw new PrelabelError(
        'INVALID_INPUT',
        '--pseudonymise takes metadata column names separated by commas (e.g. --pseudonymise author,place).',
      );
    const questionName = stringFlag(args, 'question');
    if (!questionName) throw new PrelabelError('INVALID_INPUT', '--question NAME is required: the question whose decisions are exported.');
    const out = stringFlag(args, 'out');
    if (!out) throw new PrelabelError('INVALID_INPUT', `--out PATH is required: the ${format === 'hf' ? 'folder' : 'file'} to write.`);
    const seed = numberFlag(
      'seed',
      stringFlag(args, 'seed'),
      (n) => Number.isInteger(n) && n >= 0 && n <= 2_147_483_647,
      'a whole number from 0',
    );
    const testFraction = numberFlag(
      'test-fraction',
      stringFlag(args, 'test-fraction'),
      (n) => n >= 0 && n <= 0.9,
      'a number from 0 to 0.9',
    );
    await openProject(args, project);
    const codebook = await args.call('codebook.get', {});
    const question = codebook.questions.find((q) => q.name === questionName && !q.archived);
    if (!question) {
      const names = codebook.questions.filter((q) => !q.archived).map((q) => `"${q.name}"`);
      throw new PrelabelError(
        'NOT_FOUND',
        `The project has no question named "${questionName}".${names.length ? ` Its questions: ${names.join(', ')}.` : ' Its codebook is empty.'}`,
      );
    }

    // The CLI names the job, so its progress is recognised from the first event.
    const jobId = randomUUID();
    const off = args.on('job:progress', (p) => {
      if (p.kind === 'export' && p.jobId === jobId && p.total) progressLine(args, `exporting ${Math.round((100 * p.done) / p.total)}%`);
    });
    try {
      const input = {
        jobId,
        questionId: question.id,
        format,
        filter,
        path: resolve(out),
        ...(seed !== undefined ? { seed } : {}),
        ...(testFraction !== undefined ? { testFraction } : {}),
        level,
        aggregate,
        ...(format === 'nli' ? { nliNegatives, nliLabels } : {}),
        ...(labelsOnly ? { content: 'labels' as const } : {}),
        ...(pseudonymise.length ? { pseudonymise } : {}),
      };
      await args.call('export.start', input);
      const done = await args.jobDone(jobId, 'export');
      progressLine(args, 'done', true);
      if (done.status !== 'done' || !done.result)
        throw new PrelabelError(done.error?.code ?? 'INTERNAL', done.error?.message ?? `export ${done.status}.`);
      const result = done.result;
      if (args.json) {
        args.io.out(JSON.stringify({ ok: true, ...result }));
        return 0;
      }
      const what = format === 'nli' ? 'NLI pairs' : 'rows';
      args.io.out(
        `Exported ${result.rows} ${what} of "${question.name}" (${filter}${result.aggregate ? `, per parent document, rule ${result.aggregate}` : ''}${labelsOnly ? ', labels only' : ''}${pseudonymise.length ? `, pseudonymised: ${pseudonymise.join(', ')}` : ''}): ${result.perLabel.map((l) => `${l.label} ${l.count}`).join(', ')}`,
      );
      for (const f of result.files) args.io.out(`  ${f.path}  ${f.bytes} bytes  sha256 ${f.sha256}`);
      for (const w of result.warnings) args.io.err(`Warning: ${w}`);
      return 0;
    } finally {
      off();
    }
  },
};
