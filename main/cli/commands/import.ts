import { resolve } from 'node:path';
import { PrelabelError, type ImportPreview, type ImportStarted, type JobDone, type ProjectStats } from '../../../common/contract';
import { openProject, positional, progressLine, stringFlag, type Command, type CommandArgs } from '../command';

/** "2" means the second column; anything else is a column name. */
function columnArg(value: string): string | number {
  return /^\d+$/.test(value) ? Number(value) : value;
}

const DELIMITERS: Record<string, string> = { ',': ',', comma: ',', ';': ';', semicolon: ';', tab: '\t', '\\t': '\t', '|': '|', pipe: '|' };
const ENCODINGS: Record<string, string> = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be',
  'windows-1252': 'windows-1252', cp1252: 'windows-1252', latin1: 'windows-1252', 'latin-1': 'windows-1252', 'iso-8859-1': 'windows-1252',
};
const FORMATS = ['csv', 'xlsx', 'json', 'jsonl', 'text', 'folder'];

function choice(flag: string, value: string | undefined, allowed: Record<string, string> | string[]): string | undefined {
  if (value === undefined) return undefined;
  const table = Array.isArray(allowed) ? Object.fromEntries(allowed.map((a) => [a, a])) : allowed;
  const hit = table[value.toLowerCase()] ?? table[value];
  if (!hit) throw new PrelabelError('INVALID_INPUT', `--${flag} must be one of ${[...new Set(Object.keys(table))].join(', ')} (got "${value}").`);
  return hit;
}

/** The reading flags; unset ones leave the detection alone. */
function importOptionsFrom(args: CommandArgs): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (args.values['no-header']) options.hasHeader = false;
  else if (args.values.header) options.hasHeader = true;
  const set = (k: string, v: string | undefined) => v !== undefined && (options[k] = v);
  set('format', choice('format', stringFlag(args, 'format'), FORMATS));
  set('encoding', choice('encoding', stringFlag(args, 'encoding'), ENCODINGS));
  set('delimiter', choice('delimiter', stringFlag(args, 'delimiter'), DELIMITERS));
  set('quote', choice('quote', stringFlag(args, 'quote'), ['none', 'double']));
  set('sheet', stringFlag(args, 'sheet'));
  return options;
}

export const importCommand: Command = {
  usage: `import <project> <file|folder> [--text-column NAME|N]... [--id-column NAME|N]
                          [--gold-column NAME|N] [--join-with TEXT]
                          [--format csv|xlsx|json|jsonl|text|folder] [--sheet NAME]
                          [--encoding utf-8|utf-16le|utf-16be|windows-1252]
                          [--delimiter ,|;|tab|pipe] [--quote double|none] [--no-header|--header]
                          [--on-duplicate-id error|rownumber] [--skip-bad-rows]`,
  summary: 'import documents (N counts from 1; a repeated --text-column joins the columns; everything is detected unless a flag says otherwise)',
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
    'on-duplicate-id': { type: 'string' },
    'skip-bad-rows': { type: 'boolean' },
  },
  async run(args) {
    const project = positional(args, 0, 'the project file (prelabel import <project> <file>)');
    const file = resolve(positional(args, 1, 'the file to import (prelabel import <project> <file>)'));
    await openProject(args, project);
    const options = importOptionsFrom(args);
    const source = { kind: 'path', path: file };
    let textColumns = (args.values['text-column'] as string[] | undefined)?.map(columnArg);
    const idFlag = stringFlag(args, 'id-column');
    let idColumn: string | number | null = idFlag === undefined ? null : columnArg(idFlag);
    const goldFlag = stringFlag(args, 'gold-column');
    if (!textColumns?.length) {
      const preview = (await args.call('import.preview', { source, options })) as ImportPreview;
      textColumns = preview.suggestedTextColumns;
      if (idColumn === null) idColumn = preview.suggestedIdColumn;
      if (!args.json) args.io.err(`Text column: ${textColumns.join(', ')}${idColumn ? `; id column: ${idColumn}` : ''} (guessed; set --text-column to choose)`);
    }
    const dup = stringFlag(args, 'on-duplicate-id') ?? 'error';
    if (dup !== 'error' && dup !== 'rownumber') throw new PrelabelError('INVALID_INPUT', `--on-duplicate-id must be error or rownumber (got "${dup}").`);
    const bad = args.values['skip-bad-rows'] ? 'skip' : 'keep';
    const decisions = { duplicate_id: dup === 'error' ? 'cancel' : 'rownumber', ragged: bad, long_field: bad, invalid_utf8: bad, control_chars: bad, mojibake: bad };
    const mapping: Record<string, unknown> = { textColumns, idColumn, goldColumn: goldFlag === undefined ? null : columnArg(goldFlag) };
    const joinWith = stringFlag(args, 'join-with');
    if (joinWith !== undefined) mapping.joinWith = joinWith.replace(/\\n/g, '\n').replace(/\\t/g, '\t');

    let jobId: string | null = null;
    const early: JobDone[] = [];
    let resolveDone: (d: JobDone) => void = (d) => early.push(d);
    const off = args.onEvent((event, payload) => {
      if (event === 'job:done') resolveDone(payload as JobDone);
      else if (event === 'job:progress') {
        const p = payload as { phase: string; done: number; total: number | null };
        progressLine(args, `${p.phase}${p.total ? ` ${Math.round((100 * p.done) / p.total)}%` : ''}`);
      }
    });
    try {
      const started = (await args.call('import.start', { source, options, mapping, decisions })) as ImportStarted;
      jobId = started.jobId;
      const done = await new Promise<JobDone>((r) => {
        const hit = early.find((d) => d.jobId === jobId);
        if (hit) r(hit);
        else resolveDone = (d) => d.jobId === jobId && r(d);
      });
      progressLine(args, 'done', true);
      if (done.status !== 'done') throw new PrelabelError(done.error?.code ?? 'INTERNAL', done.error?.message ?? `import ${done.status}.`);
      const stats = (await args.call('project.stats', {})) as ProjectStats;
      const counts = done.counts ?? { imported: 0, skipped: 0, flagged: 0 };
      const summary = stats.imports.find((i) => i.id === started.importId);
      if (args.json) {
        args.io.out(JSON.stringify({ ok: true, importId: started.importId, ...counts, documents: stats.documents, problems: summary?.problems ?? [] }));
      } else {
        args.io.out(`Imported ${counts.imported} documents (${counts.skipped} rows skipped, ${counts.flagged} flagged); the project holds ${stats.documents}.`);
        for (const p of summary?.problems ?? []) args.io.out(`  ${p.summary} Rows: ${p.rows.slice(0, 10).join(', ')}${p.count > 10 ? ', ...' : ''}`);
      }
      return 0;
    } finally {
      off();
    }
  },
};
