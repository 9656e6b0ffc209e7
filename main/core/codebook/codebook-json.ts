// The codebook as a JSON file (`prelabel codebook --get/--set`, the editor's import and export):
// the contract's input form, so that what --get writes, --set reads back unchanged.
import { PrelabelError, codebookInput, type Codebook } from '../../../common/contract';
import type { CodebookInput } from './codebook-plan';

/** The file form of a codebook: the contract's input, ids included, without the revision id. */
export function codebookToJson(codebook: Codebook): { questions: Codebook['questions'] } {
  return { questions: codebook.questions };
}

/** Line and column (1-based) of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split(/\r\n|\r|\n/).length;
  const column = offset - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line, column };
}

function parseJson(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const message = (err as Error).message;
    // V8 names a character offset ("... in JSON at position 42"); people count lines.
    const at = /at position (\d+)/.exec(message);
    const where = at ? lineAndColumn(text, Number(at[1])) : null;
    const what = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/^Unexpected end of JSON input$/, 'the file ends in the middle of the JSON');
    const place = where ? `line ${where.line}, column ${where.column}` : 'not valid JSON';
    throw new PrelabelError('BAD_FILE', `${fileName}, ${place}: ${what}. Check the file in a JSON-aware editor.`);
  }
}

/** Names a place in the codebook by what a person sees: question and label names, not indices. */
function describePath(data: unknown, path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  let node: unknown = data;
  for (let k = 0; k < path.length; k++) {
    const key = path[k]!;
    const next = (node as Record<PropertyKey, unknown> | undefined)?.[key];
    const parent = path[k - 1];
    if ((parent === 'questions' || parent === 'labels') && typeof key === 'number') {
      const name = (next as { name?: unknown } | undefined)?.name;
      const kind = parent === 'questions' ? 'question' : 'label';
      parts.push(typeof name === 'string' && name.trim() ? `${kind} "${name.trim()}"` : `${kind} ${key + 1}`);
    } else if (key !== 'questions' && key !== 'labels') parts.push(String(key));
    node = next;
  }
  return parts.join(', ') || 'the file';
}

/** Reads a codebook file's text: JSON errors name the line, schema errors the question and label. */
export function parseCodebookJson(text: string, fileName: string): CodebookInput {
  let data = parseJson(text, fileName);
  // The output of `--get --json` ({ok, codebook}) and the revision id that codebook.get returns are
  // accepted too, so that whatever Prelabel wrote can be read back.
  if (data && typeof data === 'object' && 'codebook' in data && 'ok' in data) data = (data as { codebook: unknown }).codebook;
  if (data && typeof data === 'object' && !Array.isArray(data) && 'revisionId' in data) {
    const { revisionId: _r, ...rest } = data as Record<string, unknown>;
    data = rest;
  }
  const parsed = codebookInput.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.path.length === 0) {
    throw new PrelabelError('INVALID_INPUT', `${fileName}: a codebook file holds {"questions": [...]}; ${issue.message}.`);
  }
  throw new PrelabelError('INVALID_INPUT', `${fileName}: ${describePath(data, issue.path)}: ${issue.message}.`);
}
