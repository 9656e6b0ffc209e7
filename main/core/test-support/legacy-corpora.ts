// Test helper: real corpus texts of each script, written at test time as CSV files in a legacy code
// page (nothing re-encoded is ever kept in the repository). The texts are whole rows, or for the
// corpora whose few rows in a script are mostly English tweets (Hebrew, Korean, Thai), the lines of
// those rows that hold the script.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { TextEncoding } from '../../../common/encodings';
import { iconvName } from '../imports/decoders';
import { corpusFile } from './corpora';

const tsvColumn = (parts: string[], col = 0) =>
  readFileSync(corpusFile(...parts), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')[col]!);
const csvRecords = (parts: string[]) =>
  parse(readFileSync(corpusFile(...parts), 'utf8'), { columns: true, relax_column_count: true, relax_quotes: true }) as Record<
    string,
    string
  >[];
/** The lines of texts (tweets write line breaks as a literal \n too) that match `script`. */
const linesWith = (texts: string[], script: RegExp) =>
  texts
    .flatMap((t) => t.split(/\r?\n|\\n/))
    .map((l) => l.trim())
    .filter((l) => script.test(l));

const LICHT = 'polsci_text_coding_licht';
export type Script = 'pl' | 'de' | 'fr' | 'es' | 'el' | 'ru' | 'ar' | 'he' | 'zh' | 'ja' | 'ko' | 'th' | 'tr' | 'hi';

/** Real texts of each script in the shared corpora. */
export function scriptTexts(script: Script): string[] {
  switch (script) {
    case 'pl':
      return csvRecords([LICHT, 'benoit_crowdsourced_2016', 'benoit_crowdsourced_2016-subsidies_stance.csv'])
        .filter((r) => r.metadata__language === 'pl')
        .map((r) => r.text!);
    case 'de':
    case 'fr':
    case 'es':
    case 'ru':
    case 'ar':
    case 'zh':
    case 'tr':
    case 'hi':
      return tsvColumn(['xnli_dev', `dev-${script}.tsv`]);
    case 'el':
      return csvRecords(['politicians_tweets_sentiment_en_es_el', 'gr_combined.csv']).map((r) => r.full_text!);
    case 'he':
      return linesWith(
        csvRecords([LICHT, 'theocharis_dynamics_2020', 'theocharis_dynamics_2020-tweets_incivility.csv']).map((r) => r.text!),
        /[\u05d0-\u05ea]/,
      );
    case 'ja':
      return (parse(readFileSync(corpusFile('marc_amazon_reviews', 'test-ja.csv'), 'utf8')) as string[][]).map((r) => r[1]!);
    case 'ko':
    case 'th': {
      const tweets = csvRecords([LICHT, 'gilardi_chatgpt_2023', 'gilardi_chatgpt_2023-content_moderation_frame.csv']).map((r) => r.text!);
      return linesWith(tweets, script === 'ko' ? /[\uac00-\ud7a3]/ : /[\u0e01-\u0e5b]/);
    }
  }
}

/** ISO-2022-JP from EUC-JP: the same JIS X 0208 codes with the high bit cleared, between escapes
 * (iconv-lite has no ISO-2022-JP encoder). Texts with half-width kana or JIS X 0212 are refused. */
export function encodeIso2022jp(text: string): Buffer | null {
  const out: number[] = [];
  let kanji = false;
  for (const line of text.split('\n')) {
    const euc = iconv.encode(line, 'euc-jp');
    if (iconv.decode(euc, 'euc-jp') !== line) return null;
    for (let i = 0; i < euc.length; i++) {
      const b = euc[i]!;
      if (b < 0x80) {
        if (kanji) out.push(0x1b, 0x28, 0x42);
        kanji = false;
        out.push(b);
      } else if (b >= 0xa1 && b <= 0xfe) {
        if (!kanji) out.push(0x1b, 0x24, 0x42);
        kanji = true;
        out.push(b & 0x7f, euc[++i]! & 0x7f);
      } else return null;
    }
    if (kanji) out.push(0x1b, 0x28, 0x42);
    kanji = false;
    out.push(0x0a);
  }
  out.pop();
  return Buffer.from(out);
}

/** `text` in `encoding`, or null when the encoding cannot hold it. */
export function encodeIn(text: string, encoding: TextEncoding): Buffer | null {
  if (encoding === 'iso-2022-jp') return encodeIso2022jp(text);
  const name = iconvName(encoding);
  const bytes = iconv.encode(text, name);
  return iconv.decode(bytes, name) === text ? bytes : null;
}

/** The first `n` texts of `script` that `encoding` can hold (quotes doubled for CSV). */
export function fittingTexts(script: Script, encoding: TextEncoding, n: number): string[] {
  const out: string[] = [];
  for (const t of scriptTexts(script)) {
    const text = t.replace(/\r?\n/g, ' ').trim();
    if (text && encodeIn(text, encoding) && !out.includes(text)) out.push(text);
    if (out.length >= n) break;
  }
  return out;
}

/** A CSV file `id,text` of the texts, written in `encoding`; returns its path and exact text. */
export function writeLegacyCsv(dir: string, name: string, texts: string[], encoding: TextEncoding): { path: string; content: string } {
  const content = `id,text\n${texts.map((t, i) => `${i + 1},"${t.replace(/"/g, '""')}"`).join('\n')}\n`;
  const bytes = encodeIn(content, encoding);
  if (!bytes) throw new Error(`${encoding} cannot hold the texts given`);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, content };
}
