// The one registrar of the core: every contract method bound once, its input validated, its
// result or error wrapped as `{ok, value} | {ok: false, error}`. Faces forward calls here.
import {
  PrelabelError,
  isMethodName,
  parseInput,
  shellMethods,
  type MethodName,
  type MethodOutput,
  type ParsedInput,
  type Result,
  type ShellMethodName,
} from '../../../common/contract';
import { fsErrorToPrelabel } from '../fs/fs-errors';
import { logSafe, withoutQuoted } from '../../../common/log-safe';

export type CoreMethodName = Exclude<MethodName, ShellMethodName>;

export type Handler<M extends MethodName> = (input: ParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
export type Handlers = { [M in CoreMethodName]: Handler<M> };

export type Dispatch = (method: unknown, input: unknown) => Promise<Result<unknown>>;

/** Logs unexpected failures for developers while the user gets a sentence without a stack trace. */
export function toErrorResult(err: unknown, method: string): Result<never> {
  if (err instanceof PrelabelError) return { ok: false, error: { code: err.code, message: err.message } };
  const fsError = fsErrorToPrelabel(err);
  if (fsError) return { ok: false, error: { code: fsError.code, message: fsError.message } };
  const sqliteBusy = (err as { code?: string })?.code === 'SQLITE_BUSY';
  if (sqliteBusy) {
    return { ok: false, error: { code: 'BUSY', message: 'The project file is locked by another program. Close it there and try again.' } };
  }
  // Never the document text an error may quote ([Note: no text in logs]).
  console.error(`[core] ${method} failed: ${logSafe(err)}`);
  const detail = withoutQuoted(err instanceof Error ? err.message : String(err));
  return { ok: false, error: { code: 'INTERNAL', message: `Something went wrong in ${method}: ${detail}` } };
}

export function createDispatcher(handlers: Handlers): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method) || (shellMethods as readonly string[]).includes(method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown method: ${String(method).slice(0, 100)}` } };
    }
    const parsed = parseInput(method, input);
    if (!parsed.ok) return parsed;
    try {
      const handler = handlers[method as CoreMethodName] as (i: unknown) => unknown;
      const value = await handler(parsed.value);
      return { ok: true, value: value === undefined ? null : value };
    } catch (err) {
      return toErrorResult(err, method);
    }
  };
}
