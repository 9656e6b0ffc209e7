// Resolves the user's column choices (names or 1-based positions) against a file's columns, and
// guesses sensible defaults for the preview.
import { PrelabelError, type ColumnRef } from '../../../common/contract';

/** The names of a file's columns: the header's, or "Column N" without one. A repeated name gets
 * its count ("Stance (2)"), an empty one its position ("Column 6"); names the header itself holds
 * are kept as written, so a suffix never takes a name the file already uses. */
export function columnNames(firstRow: readonly string[], hasHeader: boolean): string[] {
  if (!hasHeader) return firstRow.map((_, i) => `Column ${i + 1}`);
  const given = firstRow.map((raw) => raw.trim());
  const taken = new Set(given.filter((n) => n !== ''));
  const firstOf = new Map<string, number>();
  given.forEach((n, i) => n !== '' && !firstOf.has(n) && firstOf.set(n, i));
  return given.map((name, i) => {
    if (name !== '' && firstOf.get(name) === i) return name;
    const base = name || `Column ${i + 1}`;
    if (name === '' && !taken.has(base)) {
      taken.add(base);
      return base;
    }
    let n = 2;
    while (taken.has(`${base} (${n})`)) n++;
    taken.add(`${base} (${n})`);
    return `${base} (${n})`;
  });
}

export function resolveColumn(ref: ColumnRef, columns: readonly string[], role: string): number {
  if (typeof ref === 'number') {
    if (ref >= 1 && ref <= columns.length) return ref - 1;
    throw new PrelabelError(
      'INVALID_INPUT',
      `The ${role} column ${ref} does not exist: the file has ${columns.length} column${columns.length === 1 ? '' : 's'}.`,
    );
  }
  const exact = columns.indexOf(ref);
  if (exact >= 0) return exact;
  const folded = columns.findIndex((c) => c.toLowerCase() === ref.toLowerCase());
  if (folded >= 0) return folded;
  // A purely numeric name that is not a header is read as a position (CLI: --text-column 2).
  if (/^\d+$/.test(ref)) return resolveColumn(Number(ref), columns, role);
  throw new PrelabelError('INVALID_INPUT', `The ${role} column "${ref}" is not in the file. Its columns are: ${columns.join(', ')}.`);
}

const ID_NAMES = /^(id|_id|doc_?id|document_?id|text_?id|tweet_?id|uid|identifier|key)$/i;
const TEXT_NAMES = /^(text|texts|body|content|tweet|sentence|document|message|comment|review|review_body|premise|speech)$/i;

const GOLD_NAMES = /^(label|labels|gold|gold_?label|category|class|class_?index|stance|sentiment|target|y|code|cmp_code|coarse)$/i;

export function suggestColumns(
  columns: readonly string[],
  rows: readonly string[][],
): { text: string[]; id: string | null; gold: string | null } {
  const avgLen = columns.map((_, i) => {
    const vals = rows.map((r) => r[i] ?? '');
    return vals.reduce((s, v) => s + v.length, 0) / Math.max(1, vals.length);
  });
  let text = columns.findIndex((c) => TEXT_NAMES.test(c.trim()));
  if (text < 0) text = avgLen.reduce((best, len, i) => (len > (avgLen[best] ?? -1) ? i : best), 0);
  const id = columns.findIndex((c, i) => i !== text && ID_NAMES.test(c.trim()));
  const gold = columns.findIndex((c, i) => i !== text && i !== id && GOLD_NAMES.test(c.trim()));
  return { text: columns.length ? [columns[text]!] : [], id: id >= 0 ? columns[id]! : null, gold: gold >= 0 ? columns[gold]! : null };
}
