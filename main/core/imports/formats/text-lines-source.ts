// Plain text, one document per line (blank lines skipped), and a folder of .txt files (its
// subfolders too), one document each with its path inside the folder as its id.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { PrelabelError, type ImportOptions } from '../../../../common/contract';
import { DelimitedParser, type ParsedRecord } from '../delimited-parser';
import type { LocalFile } from '../import-source';
import { isSpecial, refuseSpecialEntry } from '../regular-file';
import type { RowReadOptions, SourceRow, TableSource } from '../table-source';
import { detectTextFile, EncodingChangedError, readTextChunks } from '../text-file';
import { EncodingMismatchError } from '../text-encoding';

// NUL never occurs in a text file (binary files are refused first), so with it as the delimiter
// and quoting off, the delimited parser yields whole lines with every line ending handled.
const WHOLE_LINE = { delimiter: '\u0000', quote: 'none' as const };

export async function openTextLines(file: LocalFile, options: ImportOptions): Promise<TableSource> {
  const text = detectTextFile(file.path, file.name, options.encoding);
  const { encoding, bom } = text;
  return {
    format: 'text',
    detection: {
      format: 'text',
      encoding,
      bom,
      delimiter: null,
      quote: null,
      hasHeader: false,
      lineEndings: null,
      sheets: [],
      sheet: null,
      arrayKey: null,
      ...text.facts(),
    },
    columns: ['text'],
    fixedWidth: false,
    async *rows(read: RowReadOptions = {}): AsyncGenerator<SourceRow> {
      const parser = new DelimitedParser(WHOLE_LINE);
      const ready: ParsedRecord[] = [];
      let row = 0;
      try {
        for await (const chunk of readTextChunks(file.path, encoding, {
          signal: read.signal,
          onBytes: (done, total) => read.onProgress?.({ done, total, unit: 'bytes' }),
          // [Note: damaged UTF-8 or a legacy encoding]: a guessed encoding is checked at the end.
          verify: !options.encoding && !bom,
        })) {
          parser.push(chunk, (r) => ready.push(r));
          for (const r of ready) if (r.fields[0]!.trim() !== '') yield { row: ++row, line: r.line, values: [r.fields[0]!] };
          ready.length = 0;
        }
        parser.finish((r) => ready.push(r));
        for (const r of ready) if (r.fields[0]!.trim() !== '') yield { row: ++row, line: r.line, values: [r.fields[0]!] };
      } catch (err) {
        if (err instanceof EncodingMismatchError) throw new EncodingChangedError(file.name, err);
        throw err;
      }
    },
  };
}

const MAX_FOLDER_FILE = 64 * 1024 * 1024;

/** One file of a folder, each detected on its own. A guessed encoding that the whole file
 * contradicts ([Note: damaged UTF-8 or a legacy encoding]) is read again in the right one. */
async function readWholeFile(path: string, name: string, options: ImportOptions): Promise<string> {
  const { encoding, bom } = detectTextFile(path, name, options.encoding);
  const read = async (enc: typeof encoding, verify: boolean) => {
    let text = '';
    for await (const chunk of readTextChunks(path, enc, { verify })) text += chunk;
    return text;
  };
  try {
    return await read(encoding, !options.encoding && !bom);
  } catch (err) {
    if (err instanceof EncodingMismatchError) return read(err.encoding, false);
    throw err;
  }
}

const MAX_FOLDER_FILES = 100_000;
const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * [Note: links out of an imported folder] A link to a file is followed only when the file it leads
 * to lies inside the chosen folder; a link that leads out of it (`b.txt -> /etc/passwd`) refuses the
 * import with one line naming the link. The folder is what the user (or the browser mode's path
 * guard, which checks only the folder) chose: a file outside it must not come in unseen. Refused
 * rather than skipped, so that no document goes missing silently; the user copies the file in.
 * Checked when the folder is listed and again before each file is read.
 */
function assertInside(root: string, rel: string, name: string): void {
  let real: string;
  let realRoot: string;
  try {
    real = realpathSync(join(root, ...rel.split('/')));
    realRoot = realpathSync(root);
  } catch {
    throw new PrelabelError('BAD_FILE', `${name}/${rel} is a link to a file that does not exist.`);
  }
  const inside = relative(realRoot, real);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside))
    throw new PrelabelError(
      'BAD_FILE',
      `${name}/${rel} is a link to a file outside the folder ${name}: copy that file into the folder, or remove the link.`,
    );
}

/** The .txt files of a folder and its subfolders, as paths inside it with `/` (`party/speech.txt`):
 * a folder's own files first, then each subfolder's, in natural order. Hidden files and folders
 * are left out, and links to folders are not followed (they could loop); links to files only
 * within the folder ([Note: links out of an imported folder]). */
function textFiles(root: string, name: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const entries = readdirSync(join(root, rel), { withFileTypes: true }).filter((e) => !e.name.startsWith('.'));
    const txt = entries.filter((e) => e.name.toLowerCase().endsWith('.txt'));
    // A FIFO, device or socket named .txt (or a link to one) is refused ([Note: special files]).
    for (const e of txt) {
      const entry = e.isSymbolicLink() ? statSync(join(root, rel, e.name)) : e;
      if (isSpecial(entry)) refuseSpecialEntry(`${name}/${rel ? `${rel}/` : ''}${e.name}`, entry);
    }
    const files = txt.filter((e) => e.isFile() || (e.isSymbolicLink() && statSync(join(root, rel, e.name)).isFile()));
    for (const e of files) if (e.isSymbolicLink()) assertInside(root, rel ? `${rel}/${e.name}` : e.name, name);
    for (const f of files.map((e) => e.name).sort(byName)) out.push(rel ? `${rel}/${f}` : f);
    if (out.length > MAX_FOLDER_FILES) {
      throw new PrelabelError(
        'BAD_FILE',
        `The folder ${name} holds more than ${MAX_FOLDER_FILES.toLocaleString('en')} .txt files: import it in parts.`,
      );
    }
    for (const d of entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort(byName))
      walk(rel ? `${rel}/${d}` : d);
  };
  walk('');
  return out;
}

export async function openTextFolder(folder: LocalFile, options: ImportOptions): Promise<TableSource> {
  const names = textFiles(folder.path, folder.name);
  if (names.length === 0) throw new PrelabelError('BAD_FILE', `The folder ${folder.name} holds no .txt files.`);
  return {
    format: 'folder',
    detection: {
      format: 'folder',
      encoding: options.encoding ?? null,
      bom: false,
      delimiter: null,
      quote: null,
      hasHeader: false,
      lineEndings: null,
      sheets: [],
      sheet: null,
      arrayKey: null,
    },
    columns: ['file', 'text'],
    fixedWidth: false,
    async *rows(read: RowReadOptions = {}): AsyncGenerator<SourceRow> {
      let row = 0;
      for (const name of names) {
        if (read.signal?.aborted) return;
        const path = join(folder.path, ...name.split('/'));
        assertInside(folder.path, name, folder.name); // a file swapped for a link since the listing
        if (statSync(path).size > MAX_FOLDER_FILE)
          throw new PrelabelError('BAD_FILE', `${name} is larger than 64 MB: is it really one document?`);
        const text = statSync(path).size > 0 ? await readWholeFile(path, name, options) : '';
        row++;
        read.onProgress?.({ done: row, total: names.length, unit: 'rows' });
        yield { row, line: null, values: [name, text], longestField: text.length };
      }
    },
  };
}
