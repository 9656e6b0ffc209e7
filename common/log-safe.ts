// What a log may say about an error: never the document text it may quote.
//
// [Note: no text in logs] Logs (the core's and the server's stderr, Electron's console, a CLI's
// stderr that a batch job keeps) are read by people who may not see the corpus, and kept where the
// project's protections do not reach. Unexpected errors can quote what they choke on: V8's JSON
// errors quote the input ("Unexpected token 'S', "Secret tex"... is not valid JSON"), a library
// may echo a value. So every log line of an unexpected error goes through `logSafe`: the error's
// name and message with each quoted span replaced by "…", and the stack's frames (code locations
// only). The answer a person gets for an unexpected error is cleaned the same way; expected errors
// (PrelabelError) are written not to quote document text (an import stopped at a row names the row
// and column, not the text: import-job.ts).
const QUOTED = /"(?:[^"\\\n]|\\.){0,4000}"|“[^”\n]{0,4000}”/g;

/** The message with every double-quoted span replaced by "…". */
export function withoutQuoted(message: string): string {
  return message.replace(QUOTED, '"…"');
}

/** An error as a log line may show it: name, cleaned message, stack frames. */
export function logSafe(err: unknown): string {
  if (!(err instanceof Error)) return withoutQuoted(String(err)).slice(0, 500);
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  const code = (err as { code?: unknown }).code;
  return `${err.name}${typeof code === 'string' ? ` (${code})` : ''}: ${withoutQuoted(err.message)}${frames ? `\n${frames}` : ''}`;
}
