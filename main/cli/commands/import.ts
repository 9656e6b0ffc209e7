// `prelabel import`: reads a file (or a folder of text files) into a project as an import job, with
// every reading option detected unless a flag says otherwise, and prints what was stored.
import { resolve } from 'node:path';
import {
  PrelabelError,
  importFormats,
  type delimiters,
  type ImportOptions,
  type ImportSource,
  type MethodInput,
  type ProblemCode,
} from '../../../common/contract';
import { knownEncodingsText, normalizeEncoding } from '../../../common/encodings';
import { openProject, positional, progressLine, stringFlag, type Command, type CommandArgs } from '../command';
import { SEGMENT_USAGE, segmentFlagOptions, segmentSpecFrom } from './segment-flags';

/** "2" means the second column; anything else is a column name. */
function columnArg(value: string): string | number {
  return /^\d+$/.test(value) ? Number(value) : value;
}

type Delimiter = (typeof delimiters)[number];
type Format = NonNullable<ImportOptions['format']>;

const DELIMITERS: Record<string, Delimiter> = {
  ',': ',',
  comma: ',',
  ';': ';',
  semicolon: ';',
  tab: '\t',
  '\\t': '\t',
  '|': '|',
  pipe: '|',
};
const FORMATS: Record<string, Format> = Object.fromEntries(importFormats.map((f) => [f, f]));
const QUOTES: Record<string, 'none' | 'double'> = { none: 'none', double: 'double' };
const SPILL: Record<string, 'join' | 'keep' | 'skip' | 'cancel'> = { join: 'join', keep: 'keep', skip: 'skip', error: 'cancel' };

function choice<T extends string>(flag: string, value: string | undefined, table: Record<string, T>): T | undefined {
  if (value === undefined) return undefined;
  const hit = table[value.toLowerCase()] ?? table[value];
  if (!hit)
    throw new PrelabelError('INVALID_INPUT', `--${flag} must be one of ${[...new Set(Object.keys(table))].join(', ')} (got "${value}").`);
  return hit;
}

/** What to run instead, after an import stopped at a row of a class the flags chose to stop on
 * (the job's reason names the class; the screen says the same with its buttons). */
const STOP_HINTS: Partial<Record<ProblemCode, string>> = {
  duplicate_id:
    'Run it again with --on-duplicate-id rownumber to keep every row with row numbers as ids (the given ids are kept as metadata), with --on-duplicate-id skip (or --skip-bad-rows) to skip the rows that repeat an id, or fix the ids in the file.',
  text_spill:
    'Run it again with --on-text-spill join to join the spilled fields back into the text, keep to keep them as metadata, or skip to leave such rows out.',
};

/** The reading flags; unset ones leave the detection alone. */
function importOptionsFrom(args: CommandArgs): ImportOptions {
  const options: ImportOptions = {};
  if (args.values['no-header']) options.hasHeader = false;
  else if (args.values.header) options.hasHeader = true;
  const format = choice('format', stringFlag(args, 'format'), FORMATS);
  if (format) options.format = format;
  const encodingName = stringFlag(args, 'encoding');
  if (encodingName !== undefined) {
    // One normalisation for every face (common/encodings.ts): WHATWG names and common aliases.
    const encoding = normalizeEncoding(encodingName);
    if (!encoding)
      throw new PrelabelError(
        'INVALID_INPUT',
        `--encoding: "${encodingName}" is not an encoding Prelabel knows. Known: ${knownEncodingsText()}.`,
      );
    options.encoding = encoding;
  }
  const delimiter = choice('delimiter', stringFlag(args, 'delimiter'), DELIMITERS);
  if (delimiter) options.delimiter = delimiter;
  const quote = choice('quote', stringFlag(args, 'quote'), QUOTES);
  if (quote) options.quote = quote;
  const sheet = stringFlag(args, 'sheet');
  if (sheet !== undefined) options.sheet = sheet;
  // Neither flag: the project's last choice (off at first).
  if (args.values['no-decode-html-entities']) options.decodeHtmlEntities = false;
  else if (args.values['decode-html-entities']) options.decodeHtmlEntities = true;
  if (args.values['allow-large-text']) options.allowLargeText = true;
  return options;
}

export const importCommand: Command = {
  usage: `import <project> <file|folder> [--text-column NAME|N]... [--id-column NAME|N]
                          [--gold-column NAME|N] [--join-with TEXT]
                          [--format csv|xlsx|ods|json|jsonl|parquet|text|folder] [--sheet NAME]
                          [--encoding NAME (utf-8, windows-1251, cp1251, sjis, gbk...)]
                          [--delimiter ,|;|tab|pipe] [--quote double|none] [--no-header|--header]
                          [--decode-html-entities|--no-decode-html-entities]
                          [--on-duplicate-id error|rownumber|skip]
                          [--on-text-spill join|keep|skip|error] [--skip-bad-rows]
                          [--segment paragraph|sentence|window ${SEGMENT_USAGE}]
                          [--allow-large-text]`,
  summary:
    'import documents (N counts from 1; a repeated --text-column joins the columns; everything is detected unless a flag says otherwise)',
  options: {
    'text-column': { type: 'string', multiple: true },
    'id-column': { type: 'string' },
    'gold-column': { type: 'string' },
    'join-with': { type: 'string' },
    'no-header': { type: 'boolean' },
    header: { type: 'boolean' },
    format: { type: 'string' },
    encoding: { type: 'string' },
    delimiter: { type: 'string' },
    quote: { type: 'string' },
    sheet: { type: 'string' },
    'decode-html-entities': { type: 'boolean' },
    'no-decode-html-entities': { type: 'boolean' },
    'on-duplicate-id': { type: 'string' },
    'on-text-spill': { type: 'string' },
    'skip-bad-rows': { type: 'boolean' },
    'allow-large-text': { type: 'boolean' },
    segment: { type: 'string' },
    ...segmentFlagOptions,
  },
  async run(args) {
    const project = positional(args, 0, 'the project file (prelabel import <project> <file>)');
    const file = resolve(positional(args, 1, 'the file to import (prelabel import <project> <file>)'));
    await openProject(args, project);
    const options = importOptionsFrom(args);
    // Split into units as the import commits (prelabel segment does it later).
    const segment = segmentSpecFrom(args, 'segment');
    const source: ImportSource = { kind: 'path', path: file };
    let textColumns = (args.values['text-column'] as string[] | undefined)?.map(columnArg);
    const idFlag = stringFlag(args, 'id-column');
    let idColumn: string | number | null = idFlag === undefined ? null : columnArg(idFlag);
    const goldFlag = stringFlag(args, 'gold-column');
    // A workbook or Parquet file can hold far more text than its size: the preview says how much
    // before anything is written, and refuses past the limit without --allow-large-text
    // (main/core/imports/text-size.ts).
    const repeats = /\.(xlsx|xlsm|ods|ots|parquet|pq)$/i.test(file) || ['xlsx', 'ods', 'parquet'].includes(options.format ?? '');
    const preview = !textColumns?.length || repeats ? await args.call('import.preview', { source, options }) : null;
    // Past the limit and not confirmed, import.start refuses in one line naming the flag: no warning first.
    const size = preview?.detection.textSize;
    if (size?.warning && (!size.needsConfirmation || options.allowLargeText)) args.io.err(`Warning: ${size.warning}`);
    if (!textColumns?.length) {
      textColumns = preview!.suggestedTextColumns;
      if (idColumn === null) idColumn = preview!.suggestedIdColumn;
      if (!args.json)
        args.io.err(
          `Text column: ${textColumns.join(', ')}${idColumn ? `; id column: ${idColumn}` : ''} (guessed; set --text-column to choose)`,
        );
    }
    const bad = args.values['skip-bad-rows'] ? 'skip' : 'keep';
    // Repeated ids stop the import unless a flag decides: --on-duplicate-id, or --skip-bad-rows.
    const dup = stringFlag(args, 'on-duplicate-id') ?? (bad === 'skip' ? 'skip' : 'error');
    if (dup !== 'error' && dup !== 'rownumber' && dup !== 'skip')
      throw new PrelabelError('INVALID_INPUT', `--on-duplicate-id must be error, rownumber or skip (got "${dup}").`);
    // A text that spilled is joined back unless a flag says otherwise ([Note: spilled text]).
    // --skip-bad-rows leaves them joined: a joined row is whole again, not a bad row.
    const spill = choice('on-text-spill', stringFlag(args, 'on-text-spill'), SPILL) ?? 'join';
    const decisions = {
      duplicate_id: dup === 'error' ? 'cancel' : dup,
      text_spill: spill,
      ragged: bad,
      long_field: bad,
      invalid_utf8: bad,
      control_chars: bad,
      mojibake: bad,
    } as const;
    const mapping: MethodInput<'import.start'>['mapping'] = {
      textColumns,
      idColumn,
      goldColumn: goldFlag === undefined ? null : columnArg(goldFlag),
    };
    const joinWith = stringFlag(args, 'join-with');
    if (joinWith !== undefined) mapping.joinWith = joinWith.replace(/\\n/g, '\n').replace(/\\t/g, '\t');

    // The import's own progress, and that of an index job opening the project resumed.
    const off = args.on('job:progress', (p) => {
      if (p.kind === 'import' || p.kind === 'index')
        progressLine(args, `${p.phase}${p.total ? ` ${Math.round((100 * p.done) / p.total)}%` : ''}`);
    });
    try {
      const started = await args.call('import.start', { source, options, mapping, decisions, ...(segment ? { segment } : {}) });
      const done = await args.jobDone(started.jobId, 'import');
      progressLine(args, 'done', true);
      if (done.status !== 'done') {
        const hint = done.error?.reason ? STOP_HINTS[done.error.reason as ProblemCode] : undefined;
        throw new PrelabelError(
          done.error?.code ?? 'INTERNAL',
          `${done.error?.message ?? `import ${done.status}.`}${hint ? ` ${hint}` : ''}`,
        );
      }
      const stats = await args.call('project.stats', {});
      const counts = done.result ?? { imported: 0, skipped: 0, flagged: 0 };
      const summary = stats.imports.find((i) => i.id === started.importId);
      if (args.json) {
        args.io.out(
          JSON.stringify({
            ok: true,
            importId: started.importId,
            ...counts,
            documents: stats.documents,
            problems: summary?.problems ?? [],
          }),
        );
      } else {
        args.io.out(
          `Imported ${counts.imported} documents (${counts.skipped} rows skipped, ${counts.flagged} flagged); the project holds ${stats.documents}${counts.segments !== undefined ? ` coding units, ${counts.segments} of them split from these documents` : ''}.`,
        );
        for (const p of summary?.problems ?? [])
          args.io.out(`  ${p.summary} Rows: ${p.rows.slice(0, 10).join(', ')}${p.count > 10 ? ', ...' : ''}`);
      }
      return 0;
    } finally {
      off();
    }
  },
};
