// The documents' main language, for suggesting a translated template. [Note: main language] A
// metadata column named like a language column (lang, language, sprache, ...) decides when it has
// a value that names a language; otherwise up to 300 documents spread over the corpus are read and
// each is given a language by its script (Arabic, Greek, Cyrillic, Devanagari, kana, Han) or, in
// Latin script, by the most frequent stopwords of the languages of the shared corpora. A small
// table, not a detector for every language: documents that match none count for nothing, and a
// language needs a third of the documents read to be called the main one.
import { metadataColumns } from '../coding/samples';
import { jsonPath } from '../evaluation/corpus-counts';
import type { Db } from '../store/project-db';
import { isUnit } from '../store/units';

const LANGUAGE_COLUMN = /^(lang|language|languages|langue|sprache|idioma|lingua|lng|locale)$/i;

const STOPWORDS: Record<string, string[]> = {
  en: ['the', 'and', 'of', 'to', 'is', 'in', 'that', 'for', 'it', 'with', 'was', 'on', 'this', 'are'],
  de: ['der', 'die', 'und', 'das', 'ist', 'nicht', 'ich', 'mit', 'sich', 'auf', 'ein', 'eine', 'zu', 'den', 'auch'],
  fr: ['le', 'la', 'les', 'et', 'des', 'est', 'une', 'pas', 'que', 'pour', 'dans', 'qui', 'sur', 'du', 'il'],
  it: ['il', 'di', 'che', 'non', 'la', 'per', 'una', 'sono', 'del', 'della', 'gli', 'con', 'anche', 'è'],
  es: ['el', 'la', 'que', 'los', 'las', 'por', 'una', 'con', 'para', 'es', 'del', 'se', 'pero', 'muy', 'y'],
  ca: ['el', 'la', 'que', 'els', 'les', 'per', 'amb', 'una', 'és', 'del', 'dels', 'als', 'no', 'i', 'més'],
  tr: ['ve', 'bir', 'bu', 'için', 'ile', 'çok', 'da', 'de', 'ne', 'gibi', 'daha', 'olarak'],
  sw: ['na', 'ya', 'wa', 'kwa', 'ni', 'za', 'katika', 'la', 'kuwa', 'hii'],
};

const SCRIPTS: Array<[string, RegExp]> = [
  ['ar', /\p{Script=Arabic}/gu],
  ['el', /\p{Script=Greek}/gu],
  ['ru', /\p{Script=Cyrillic}/gu],
  ['hi', /\p{Script=Devanagari}/gu],
  ['ja', /[\p{Script=Hiragana}\p{Script=Katakana}]/gu],
  ['zh', /\p{Script=Han}/gu],
];

/** One text's language by script, then by stopwords; null when nothing matches. */
export function textLanguage(text: string): string | null {
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  if (letters === 0) return null;
  const counts = SCRIPTS.map(([lang, re]) => [lang, (text.match(re) ?? []).length] as const);
  // Japanese writes Han too: any kana makes it Japanese.
  const kana = counts.find(([l]) => l === 'ja')![1];
  if (kana > 0 && kana + counts.find(([l]) => l === 'zh')![1] > letters / 3) return 'ja';
  const script = counts.filter(([l]) => l !== 'ja').sort((a, b) => b[1] - a[1])[0]!;
  if (script[1] > letters / 3) return script[0];
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  let best: string | null = null;
  let bestHits = 1;
  for (const [lang, list] of Object.entries(STOPWORDS)) {
    const set = new Set(list);
    const hits = words.filter((w) => set.has(w)).length;
    if (hits > bestHits) [best, bestHits] = [lang, hits];
  }
  return best;
}

const NAMES: Record<string, string> = {
  english: 'en',
  german: 'de',
  deutsch: 'de',
  french: 'fr',
  français: 'fr',
  italian: 'it',
  italiano: 'it',
  spanish: 'es',
  español: 'es',
  catalan: 'ca',
  català: 'ca',
  greek: 'el',
  arabic: 'ar',
  chinese: 'zh',
  japanese: 'ja',
  russian: 'ru',
  turkish: 'tr',
  hindi: 'hi',
  swahili: 'sw',
};

/** A column value as a two-letter code ("de", "de-CH", "German" -> "de"); null if it names none. */
export function languageCode(value: string): string | null {
  const v = value.trim().toLowerCase();
  const m = /^([a-z]{2})(?:[-_][a-z0-9]+)?$/.exec(v);
  if (m) return m[1]!;
  return NAMES[v] ?? null;
}

export interface MainLanguage {
  language: string | null;
  source: string;
}

export function mainLanguage(db: Db, sampleSize = 300): MainLanguage {
  const column = metadataColumns(db).find((c) => LANGUAGE_COLUMN.test(c.name.trim()))?.name;
  if (column) {
    const rows = db
      .prepare(
        `SELECT json_extract(coalesce(p.metadata, d.metadata), ?) AS value, count(*) AS n FROM documents d
         LEFT JOIN documents p ON p.id = d.parent_id WHERE ${isUnit('d')} GROUP BY value ORDER BY n DESC LIMIT 20`,
      )
      .all(jsonPath(column)) as Array<{ value: unknown; n: number }>;
    const top = rows.map((r) => ({ code: r.value === null ? null : languageCode(String(r.value)), n: r.n })).find((r) => r.code);
    if (top) return { language: top.code, source: `the most frequent value of the column "${column}"` };
  }
  const total = db
    .prepare(`SELECT count(*) FROM documents d WHERE ${isUnit('d')}`)
    .pluck()
    .get() as number;
  if (total === 0) return { language: null, source: 'no documents' };
  const step = Math.max(1, Math.floor(total / sampleSize));
  const texts = db
    .prepare(
      `SELECT text FROM (SELECT d.text, row_number() OVER (ORDER BY d.id) AS k FROM documents d WHERE ${isUnit('d')}) WHERE (k - 1) % ? = 0 LIMIT ?`,
    )
    .pluck()
    .all(step, sampleSize) as string[];
  const votes = new Map<string, number>();
  for (const t of texts) {
    const l = textLanguage(t.slice(0, 2000));
    if (l) votes.set(l, (votes.get(l) ?? 0) + 1);
  }
  const [lang, n] = [...votes].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  if (!lang || n < texts.length / 3) return { language: null, source: `no language in a third of ${texts.length} documents read` };
  return { language: lang, source: `script and stopwords of ${texts.length} documents (${n} read as "${lang}")` };
}
