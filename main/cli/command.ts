// What a CLI subcommand is, and the helpers they share. Each subcommand lives in commands/<name>.ts,
// parses its flags, reaches the core only through the contract (the typed client, cli-client.ts),
// and prints a short human summary or, with --json, one JSON object.
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { PrelabelError, type ProjectInfo } from '../../common/contract';
import type { CliClient } from './cli-client';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

export interface CommandArgs extends CliClient {
  positionals: string[];
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  json: boolean;
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

export function openProject(args: CommandArgs, path: string): Promise<ProjectInfo> {
  return args.call('project.open', { path: resolve(path) });
}

/** Shows progress on a terminal (stderr), never in --json output or when piped. */
export function progressLine(args: CommandArgs, text: string, final = false): void {
  if (args.json || !process.stderr.isTTY) return;
  process.stderr.write(`\r${text}   ${final ? '\n' : ''}`);
}
