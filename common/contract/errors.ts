// Errors and results: every call answers `{ok: true, value} | {ok: false, error}`.
import type { z } from './zod';

export const errorCodes = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'FORBIDDEN',
  'NO_PROJECT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'NOT_A_PROJECT',
  'NEWER_VERSION',
  'BAD_FILE',
  'BUSY',
  'CANCELLED',
  'UNSUPPORTED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ApiError {
  code: ErrorCode;
  /** A sentence a person can act on; never a stack trace. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown inside the core and the faces; turned into `{ok: false, error}` at the boundary. */
export class PrelabelError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PrelabelError';
  }
}

/** Turns a zod failure into one readable sentence naming the field. */
export function describeInvalidInput(method: string, issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (!first) return `Invalid input for ${method}.`;
  const where = first.path.length ? first.path.join('.') : 'input';
  // zod says "expected string, received undefined" for a field left out: say it is missing.
  if (first.code === 'invalid_type' && / received undefined$/.test(first.message)) {
    return `Invalid input for ${method}: ${where} is missing (expected ${first.expected}).`;
  }
  return `Invalid input for ${method}: ${where}: ${first.message}`;
}
