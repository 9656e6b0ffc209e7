// The import option "decode HTML entities": social-media exports write `&amp;`, `&gt;`, `&#39;`
// where the post had &, >, '. Decoded with the `entities` package (the HTML5 named-entity table
// htmlparser2 and parse5 use), and the choice remembered per project.
//
// [Note: HTML entities] Decoding is strict: only references that end in a semicolon are decoded.
// HTML itself also decodes a few legacy names without one (`&copy`, `&not`), which would turn a
// URL's `?a=1&copy=2` or a raw "&notes" in a text that was never escaped into "©=2" and "¬es";
// exports that escape write the semicolon. Decoded once: `&amp;lt;` becomes `&lt;`, as the
// exporting program meant. All cells are decoded (texts, metadata and gold values, which come from
// the same escaping export) except the id column: an id is kept as written, to match the source.
import { decodeHTMLStrict } from 'entities';
import type { Db } from '../store/project-db';

/** A reference that strict decoding may change: named, decimal or hexadecimal, ending in `;`. */
const REFERENCE = /&(?:[a-z][a-z0-9]*|#[0-9]+|#x[0-9a-f]+);/i;

export function decodeEntities(text: string): string {
  return text.includes('&') && REFERENCE.test(text) ? decodeHTMLStrict(text) : text;
}

/** A row's cells decoded, but for the id column's. */
export function decodeRow(values: readonly string[], idIdx: number | null): string[] {
  return values.map((v, i) => (i === idIdx ? v : decodeEntities(v)));
}

/** How many cells hold something that looks like an entity, for the preview's hint. */
export function entityCells(rows: readonly (readonly string[])[]): number {
  let n = 0;
  for (const r of rows) for (const c of r) if (c.includes('&') && REFERENCE.test(c)) n++;
  return n;
}

const KEY = 'import.decodeHtmlEntities';

/** The project's last choice (false before its first import that made one). */
export function rememberedDecodeEntities(db: Db): boolean {
  return db.prepare('SELECT value FROM project_meta WHERE key = ?').pluck().get(KEY) === 'true';
}

/** Kept in the project file (project_meta), so that a copy of the project proposes it too. */
export function rememberDecodeEntities(db: Db, decode: boolean): void {
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    KEY,
    String(decode),
  );
}
