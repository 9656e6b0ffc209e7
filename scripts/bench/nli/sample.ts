// The benchmark's texts: real documents from the shared corpora in nine languages, sampled with a
// fixed seed so that every length bucket (by the longest pair a text makes with the benchmark's
// hypotheses) holds its share, and a few texts that need truncation (longer than 512 tokens a pair).
import { openSource } from '../../../main/core/imports/open-source';
import type { NliTokenizer } from '../../../main/core/nli/scoring/tokenizer';
import { corpusFile } from '../../../main/core/test-support/corpora';
import { mulberry32 } from '../../../main/core/seeded-random';

export const LABELS = ['politics', 'business', 'sports', 'science', 'entertainment'];
export const TEMPLATE = 'This example is {}.';
export const BUCKETS = [64, 128, 512] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface BenchText {
  id: string;
  lang: string;
  source: string;
  text: string;
  /** Premise tokens (Prelabel's tokenizer, no special tokens). */
  premiseTokens: number;
  /** The longest of the text's pairs, after only-first truncation to 512. */
  pairTokens: number;
  bucket: Bucket;
  /** The premise had to be cut to fit 512 tokens with the hypothesis. */
  truncated: boolean;
}

interface SourceSpec {
  parts: string[];
  column: string;
  lang: string;
}

const SOURCES: SourceSpec[] = [
  ...['ar', 'de', 'en', 'es', 'fr', 'ru', 'zh'].map((lang) => ({ parts: ['xnli_dev', `dev-${lang}.tsv`], column: 'Column 1', lang })),
  ...['ja', 'zh', 'de', 'es', 'fr'].map((lang) => ({ parts: ['marc_amazon_reviews', `test-${lang}.csv`], column: 'Column 2', lang })),
  { parts: ['politicians_tweets_sentiment_en_es_el', 'gr_combined.csv'], column: 'full_text', lang: 'el' },
  { parts: ['politicians_tweets_sentiment_en_es_el', 'es_combined.csv'], column: 'full_text', lang: 'es' },
  { parts: ['bbc_news', 'BBC News Train.csv'], column: 'Text', lang: 'en' },
  { parts: ['xglue_nc_de', 'dev.tsv'], column: 'Column 2', lang: 'de' },
];

/** Texts per bucket: short ones are the most common in practice, long ones cost the most. */
export const DEFAULT_SHARES: Record<Bucket, number> = { 64: 0.4, 128: 0.35, 512: 0.25 };
/** Of the 512 bucket, this many texts are longer than the model's window. */
export const DEFAULT_TRUNCATED = 15;

export function bucketOf(pairTokens: number): Bucket {
  return BUCKETS.find((b) => pairTokens <= b) ?? 512;
}

/** Reads every source (deduplicated texts: XNLI repeats a premise three times). */
async function readPool(): Promise<Array<{ lang: string; source: string; text: string }>> {
  const pool: Array<{ lang: string; source: string; text: string }> = [];
  for (const spec of SOURCES) {
    const path = corpusFile(...spec.parts);
    const name = spec.parts[spec.parts.length - 1]!;
    const source = await openSource({ path, name }, {});
    const col = source.columns.indexOf(spec.column);
    if (col < 0) throw new Error(`${name}: no column ${spec.column} (has ${source.columns.join(', ')})`);
    const seen = new Set<string>();
    for await (const r of source.rows()) {
      // Tabs and newlines are kept; control characters would be flagged by the importer.
      const text = (r.values[col] ?? '').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ').trim();
      if (!text || seen.has(text)) continue;
      seen.add(text);
      pool.push({ lang: spec.lang, source: `${spec.parts[0]}/${name}`, text });
    }
  }
  return pool;
}

export async function sampleTexts(tok: NliTokenizer, opts: { count: number; seed: number; maxLength?: number }): Promise<BenchText[]> {
  const maxLength = opts.maxLength ?? 512;
  const hyps = LABELS.map((l) => tok.tokenize(TEMPLATE.replace('{}', l)).length);
  const longestHyp = Math.max(...hyps);
  const budget = maxLength - tok.specialCount - longestHyp;
  const rand = mulberry32(opts.seed);
  const pool = await readPool();
  // Candidates per bucket and source, in a seeded random order.
  const bySource = new Map<string, Map<string, BenchText[]>>();
  const truncatedPool: BenchText[] = [];
  pool.forEach((p, i) => {
    const premiseTokens = tok.tokenize(p.text).length;
    const truncated = premiseTokens > budget;
    const pairTokens = tok.specialCount + longestHyp + Math.min(premiseTokens, budget);
    const t: BenchText = {
      id: `t${i}`,
      lang: p.lang,
      source: p.source,
      text: p.text,
      premiseTokens,
      pairTokens,
      bucket: bucketOf(pairTokens),
      truncated,
    };
    if (truncated) {
      truncatedPool.push(t);
      return;
    }
    const key = String(t.bucket);
    if (!bySource.has(key)) bySource.set(key, new Map());
    const m = bySource.get(key)!;
    const sk = `${p.lang} ${p.source}`;
    if (!m.has(sk)) m.set(sk, []);
    m.get(sk)!.push(t);
  });
  const shuffle = <T>(a: T[]): T[] => {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  };
  const out: BenchText[] = [];
  const truncatedCount = Math.min(DEFAULT_TRUNCATED, truncatedPool.length, Math.floor(opts.count / 20));
  for (const bucket of BUCKETS) {
    let want = Math.round(opts.count * DEFAULT_SHARES[bucket]);
    if (bucket === 512) want = opts.count - out.length - truncatedCount;
    const lists = [...(bySource.get(String(bucket)) ?? new Map<string, BenchText[]>()).entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([, l]) => shuffle(l));
    // Round-robin over the sources, so every language that has texts of this length is in.
    for (let i = 0; want > 0 && lists.some((l) => l.length > 0); i++) {
      const list = lists[i % lists.length]!;
      const t = list.pop();
      if (!t) continue;
      out.push(t);
      want--;
    }
  }
  out.push(...shuffle(truncatedPool).slice(0, truncatedCount));
  // Ids in sample order; the engines see the texts in this (shuffled) order.
  const sample = shuffle(out).map((t, i) => ({ ...t, id: `b${String(i + 1).padStart(4, '0')}` }));
  return sample;
}

/** A few texts outside the sample, per bucket, to warm each engine up (excluded from timing). */
export function warmupTexts(sample: BenchText[], perBucket: number): BenchText[] {
  const out: BenchText[] = [];
  for (const b of BUCKETS) {
    const inBucket = sample.filter((t) => t.bucket === b).sort((x, y) => y.pairTokens - x.pairTokens);
    // The longest texts of each bucket: every buffer size the run will need is allocated once.
    out.push(...inBucket.slice(0, perBucket).map((t) => ({ ...t, id: `w${t.id}` })));
  }
  return out;
}

/**
 * The sample with a seeded `share` of its texts replaced by copies of other texts of it (each
 * keeps its own id and takes the copied text's length and bucket): a corpus with repeats, as
 * retweets and copy-paste campaigns make, for measuring the reuse of identical inputs.
 */
export function withRepeats(sample: BenchText[], share: number, seed: number): { texts: BenchText[]; copies: number } {
  if (!(share >= 0 && share < 1)) throw new Error(`--repeat-share must be at least 0 and below 1 (got ${share})`);
  const rand = mulberry32(seed);
  const order = sample.map((_t, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const copies = Math.round(sample.length * share);
  const kept = order.slice(copies);
  const texts = [...sample];
  for (const i of order.slice(0, copies)) texts[i] = { ...sample[kept[Math.floor(rand() * kept.length)]!]!, id: sample[i]!.id };
  return { texts, copies };
}
