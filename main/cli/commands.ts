// The CLI's subcommands. Each parses its flags, calls the core through the contract, and prints
// either a short human summary or, with --json, one JSON object.
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import {
  PrelabelError,
  type EventName,
  type Events,
  type ImportPreview,
  type ImportStarted,
  type JobDone,
  type ProjectInfo,
  type ProjectStats,
} from '../../common/contract';
import type { Core } from '../core/create-core';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

export interface CommandArgs {
  positionals: string[];
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  json: boolean;
  call(method: string, input: unknown): Promise<unknown>;
  core: Core;
  io: CliIO;
}

export interface Command {
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: CommandArgs): Promise<number>;
  onEvent?<E extends EventName>(event: E, payload: Events[E], io: CliIO, json: boolean): void;
}

function positional(args: CommandArgs, index: number, what: string): string {
  const value = args.positionals[index];
  if (!value) throw new PrelabelError('INVALID_INPUT', `missing ${what}.`);
  return value;
}

/** "2" means the second column; anything else is a column name. */
function columnArg(value: string): string | number {
  return /^\d+$/.test(value) ? Number(value) : value;
}

const DELIMITERS: Record<string, string> = { ',': ',', comma: ',', ';': ';', semicolon: ';', tab: '\t', '\\t': '\t', '|': '|', pipe: '|' };
const ENCODINGS: Record<string, string> = { 'utf-8': 'utf-8', utf8: 'utf-8', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be', 'windows-1252': 'windows-1252', cp1252: 'windows-1252', latin1: 'windows-1252', 'latin-1': 'windows-1252', 'iso-8859-1': 'windows-1252' };
const FORMATS = ['csv', 'xlsx', 'json', 'jsonl', 'text', 'folder'];

function choice(flag: string, value: string | undefined, allowed: Record<string, string> | string[]): string | undefined {
  if (value === undefined) return undefined;
  const table = Array.isArray(allowed) ? Object.fromEntries(allowed.map((a) => [a, a])) : allowed;
  const hit = table[value.toLowerCase()] ?? table[value];
  if (!hit) throw new PrelabelError('INVALID_INPUT', `--${flag} must be one of ${[...new Set(Object.keys(table))].join(', ')} (got "${value}").`);
  return hit;
}

/** The import flags shared by every format; unset ones leave the detection alone. */
function importOptionsFrom(values: CommandArgs['values']): Record<string, unknown> {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const options: Record<string, unknown> = {};
  if (values['no-header']) options.hasHeader = false;
  else if (values.header) options.hasHeader = true;
  const set = (k: string, v: string | undefined) => v !== undefined && (options[k] = v);
  set('format', choice('format', str('format'), FORMATS));
  set('encoding', choice('encoding', str('encoding'), ENCODINGS));
  set('delimiter', choice('delimiter', str('delimiter'), DELIMITERS));
  set('quote', choice('quote', str('quote'), ['none', 'double']));
  set('sheet', str('sheet'));
  return options;
}

async function openProject(args: CommandArgs, path: string): Promise<ProjectInfo> {
  return (await args.call('project.open', { path: resolve(path) })) as ProjectInfo;
}

export const commands: Record<string, Command> = {
  init: {
    options: { name: { type: 'string' } },
    async run(args) {
      const path = positional(args, 0, 'the project file (prelabel init <project>)');
      const name = typeof args.values.name === 'string' ? args.values.name : path.replace(/^.*[\\/]/, '').replace(/\.prelabel$/, '');
      const info = (await args.call('project.create', { name, path: resolve(path) })) as ProjectInfo;
      if (args.json) args.io.out(JSON.stringify({ ok: true, project: info }));
      else args.io.out(`Created ${info.path}`);
      return 0;
    },
  },

  import: {
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
      const options = importOptionsFrom(args.values);
      const source = { kind: 'path', path: file };
      let textColumns = (args.values['text-column'] as string[] | undefined)?.map(columnArg);
      let idColumn = typeof args.values['id-column'] === 'string' ? columnArg(args.values['id-column']) : null;
      const goldColumn = typeof args.values['gold-column'] === 'string' ? columnArg(args.values['gold-column']) : null;
      if (!textColumns?.length) {
        const preview = (await args.call('import.preview', { source, options })) as ImportPreview;
        textColumns = preview.suggestedTextColumns;
        if (idColumn === null) idColumn = preview.suggestedIdColumn;
        if (!args.json) args.io.err(`Text column: ${textColumns.join(', ')}${idColumn ? `; id column: ${idColumn}` : ''} (guessed; set --text-column to choose)`);
      }
      const dup = args.values['on-duplicate-id'] ?? 'error';
      if (dup !== 'error' && dup !== 'rownumber') throw new PrelabelError('INVALID_INPUT', `--on-duplicate-id must be error or rownumber (got "${String(dup)}").`);
      const bad = args.values['skip-bad-rows'] ? 'skip' : 'keep';
      const decisions = { duplicate_id: dup === 'error' ? 'cancel' : 'rownumber', ragged: bad, long_field: bad, control_chars: bad, mojibake: bad };
      const mapping: Record<string, unknown> = { textColumns, idColumn, goldColumn };
      if (typeof args.values['join-with'] === 'string') mapping.joinWith = args.values['join-with'].replace(/\\n/g, '\n').replace(/\\t/g, '\t');
      // job:done arrives through onEvent below.
      const finished = new Promise<JobDone>((resolveDone) => {
        doneWaiters.push(resolveDone);
      });
      const started = (await args.call('import.start', { source, options, mapping, decisions })) as ImportStarted;
      const done = await finished;
      if (done.jobId !== started.jobId) throw new PrelabelError('INTERNAL', 'an unexpected job finished.');
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
    },
    onEvent(event, payload, _io, json) {
      if (event === 'job:done') {
        for (const w of doneWaiters.splice(0)) w(payload as JobDone);
      } else if (event === 'job:progress' && !json && process.stderr.isTTY) {
        const p = payload as Events['job:progress'];
        const pct = p.total ? ` ${Math.round((100 * p.done) / p.total)}%` : '';
        process.stderr.write(`\r${p.phase}${pct}   `);
        if (p.total && p.done >= p.total) process.stderr.write('\n');
      }
    },
  },

  stats: {
    options: {},
    async run(args) {
      const project = await openProject(args, positional(args, 0, 'the project file (prelabel stats <project>)'));
      const stats = (await args.call('project.stats', {})) as ProjectStats;
      if (args.json) {
        args.io.out(JSON.stringify({ ok: true, project: project.name, path: project.path, ...stats }));
      } else {
        args.io.out(`${project.name} (${project.path})`);
        args.io.out(`Documents:   ${stats.documents}`);
        args.io.out(`Imports:     ${stats.imports.filter((i) => i.status === 'committed').length}`);
        for (const i of stats.imports) args.io.out(`  ${i.sourceName}: ${i.status}, ${i.rowCount} rows, ${i.skippedCount} skipped`);
        args.io.out(`Decisions:   ${stats.annotations}`);
        args.io.out(`Predictions: ${stats.predictions}`);
      }
      return 0;
    },
  },
};

const doneWaiters: ((done: JobDone) => void)[] = [];
