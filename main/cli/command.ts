// What a CLI subcommand is, and the helpers they share. Each subcommand lives in commands/<name>.ts,
// parses its flags, calls the core through the contract, and prints a short human summary or, with
// --json, one JSON object.
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { PrelabelError, type EventName, type Events, type ProjectInfo } from '../../common/contract';
import type { Core } from '../core/create-core';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

export type CoreEventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

export interface CommandArgs {
  positionals: string[];
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  json: boolean;
  /** Calls a contract method; a failure throws PrelabelError with the core's message. */
  call(method: string, input: unknown): Promise<unknown>;
  /** Subscribes to the core's events (progress, job ends); returns the unsubscribe function. */
  onEvent(listener: CoreEventListener): () => void;
  core: Core;
  io: CliIO;
}

export interface Command {
  /** One line for the usage text: the arguments and flags. */
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: CommandArgs): Promise<number>;
}

export function positional(args: CommandArgs, index: number, what: string): string {
  const value = args.positionals[index];
  if (!value) throw new PrelabelError('INVALID_INPUT', `missing ${what}.`);
  return value;
}

export function stringFlag(args: CommandArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export async function openProject(args: CommandArgs, path: string): Promise<ProjectInfo> {
  return (await args.call('project.open', { path: resolve(path) })) as ProjectInfo;
}

/** Shows progress on a terminal (stderr), never in --json output or when piped. */
export function progressLine(args: CommandArgs, text: string, final = false): void {
  if (args.json || !process.stderr.isTTY) return;
  process.stderr.write(`\r${text}   ${final ? '\n' : ''}`);
}
